-- name: start
UPDATE campaign SET status = 'sending', started_at = now()
WHERE id = :id AND status = 'draft';

-- name: status
SELECT status FROM campaign WHERE id = :id;

-- name: messages
SELECT id, campaign_id, email, kind, status, smtp_reply, message_id_header
FROM message WHERE id = ANY(:ids) ORDER BY id;
