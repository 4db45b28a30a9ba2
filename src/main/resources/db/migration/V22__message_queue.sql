-- The send queue, apart from the messages: one narrow row per message still to be sent (queued,
-- being sent under a node's lease, or waiting for a retry), deleted when its result is recorded.
-- Claiming a batch and renewing its leases then write these small rows only, without index changes
-- (HOT updates: no indexed column changes, and fillfactor leaves room on the page for a new version
-- of each row), instead of a new
-- version of each wide message row in all seven of its indexes; and with no status in any index of
-- message, recording a result can be a HOT update of the message row too.
CREATE TABLE message_queue (
    message_id      bigint PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
    campaign_id     bigint      NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
) WITH (fillfactor = 40);
-- claim order: oldest campaign first, then queue order
CREATE INDEX message_queue_order_idx ON message_queue (campaign_id, message_id);

INSERT INTO message_queue (message_id, campaign_id, attempts, next_attempt_at, lease_owner, lease_until)
SELECT id, campaign_id, attempts, next_attempt_at,
       CASE WHEN status = 'sending' THEN lease_owner END, CASE WHEN status = 'sending' THEN lease_until END
FROM message WHERE status IN ('queued', 'sending');

-- a message being sent is 'queued' in message and leased in message_queue
UPDATE message SET status = 'queued' WHERE status = 'sending';
ALTER TABLE message DROP CONSTRAINT message_status_check;
ALTER TABLE message ADD CONSTRAINT message_status_check CHECK (status IN ('queued', 'sent', 'failed'));
DROP INDEX message_queue_idx;
DROP INDEX message_lease_idx;
ALTER TABLE message DROP COLUMN lease_owner, DROP COLUMN lease_until, DROP COLUMN next_attempt_at;
-- room for the version a result writes (status, SMTP reply, Message-ID header) and for the tracking
-- counters, on the same page: HOT updates
ALTER TABLE message SET (fillfactor = 70);
