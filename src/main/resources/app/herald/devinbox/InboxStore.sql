-- name: insert
INSERT INTO dev_inbox_message (mail_from, rcpt_to, subject, raw)
VALUES (:from, :to, :subject, :raw)
RETURNING id;

-- name: latest
SELECT id, received_at, mail_from, rcpt_to, subject, octet_length(raw) AS size
FROM dev_inbox_message
ORDER BY id DESC
LIMIT :limit;

-- name: find
SELECT id, received_at, mail_from, rcpt_to, subject, octet_length(raw) AS size
FROM dev_inbox_message
WHERE id = :id;

-- name: find-raw
SELECT raw FROM dev_inbox_message WHERE id = :id;

-- name: delete-all
DELETE FROM dev_inbox_message;
