-- name: delete-old-events
-- A bounded batch at a time, so no transaction holds many locks or runs long. SKIP LOCKED lets
-- nodes sharing the database run this side by side: each takes rows the others are not deleting.
-- Unsubscribe events stay: they are the record of the person's opt-out (their address is stored
-- as tracking.ip_storage says).
-- Rows are found along the BRIN index on the time and deleted by their address (ctid): events are
-- never updated, so a locked row's address holds until it is deleted (V23: no B-tree on the id).
DELETE FROM tracking_event
WHERE ctid = ANY (ARRAY(SELECT ctid FROM tracking_event
                        WHERE occurred_at < :before::timestamptz AND kind IN ('open', 'click')
                        LIMIT :batch
                        FOR UPDATE SKIP LOCKED));
