-- Sending limits shared by all nodes (delivery.window_limit, delivery.domain_limits): messages
-- sent per scope ('all', or 'domain:gmail.com') and time bucket, a bucket being a sixtieth of the
-- limit's window. A node takes a slot under an advisory lock on the scope (SendWindows.sql), so two
-- nodes never both take the last one. Rows older than their window are deleted as slots are taken.
CREATE TABLE send_window (
    scope  text        NOT NULL,
    bucket timestamptz NOT NULL,
    sent   integer     NOT NULL,
    PRIMARY KEY (scope, bucket)
);
