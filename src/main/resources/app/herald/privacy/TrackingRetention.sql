-- name: delete-old-events
-- A bounded batch at a time, so no transaction holds many locks or runs long. SKIP LOCKED lets
-- nodes sharing the database run this side by side: each takes rows the others are not deleting.
-- Unsubscribe events stay: they are the record of the person's opt-out (their address is stored
-- as tracking.ip_storage says).
DELETE FROM tracking_event
WHERE id IN (SELECT id FROM tracking_event
             WHERE occurred_at < :before::timestamptz AND kind IN ('open', 'click')
             LIMIT :batch
             FOR UPDATE SKIP LOCKED);
