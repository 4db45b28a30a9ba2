-- name: message-by-id
SELECT id, campaign_id, contact_id, email, message_id_header FROM message WHERE id = :id;

-- name: message-by-network-id
SELECT id, campaign_id, contact_id, email, message_id_header FROM message WHERE network_message_id = :network_id;

-- name: soft-bounces
SELECT count(*)::int FROM bounce
WHERE contact_id = :contact_id AND classification = 'soft'
  AND received_at > now() - make_interval(secs => :seconds);

-- name: confirm-read
UPDATE message SET read_confirmed_at = now() WHERE id = :id AND read_confirmed_at IS NULL;

-- name: insert
INSERT INTO bounce (source, format, raw, raw_size, recipient, status, action, diagnostic, remote_mta, classification,
                    outcome, error, message_id, contact_id)
VALUES (:source, :format, :raw, :raw_size, :recipient, :status, :action, :diagnostic, :remote_mta, :classification,
        :outcome, :error, :message_id, :contact_id)
RETURNING id;

-- name: list
SELECT b.id, b.received_at, b.source, b.format, b.recipient, b.status, b.action, b.diagnostic, b.remote_mta,
       b.classification, b.outcome, b.error, b.message_id, b.contact_id, m.campaign_id, b.raw_size
FROM bounce b LEFT JOIN message m ON m.id = b.message_id
ORDER BY b.received_at DESC, b.id DESC
OFFSET :offset LIMIT :limit;

-- name: list-unmatched
-- Along bounce_unmatched_idx: the reports an admin has to look at.
SELECT b.id, b.received_at, b.source, b.format, b.recipient, b.status, b.action, b.diagnostic, b.remote_mta,
       b.classification, b.outcome, b.error, b.message_id, b.contact_id, NULL::bigint AS campaign_id, b.raw_size
FROM bounce b
WHERE b.message_id IS NULL
ORDER BY b.received_at DESC, b.id DESC
OFFSET :offset LIMIT :limit;

-- name: find
SELECT b.id, b.received_at, b.source, b.format, b.recipient, b.status, b.action, b.diagnostic, b.remote_mta,
       b.classification, b.outcome, b.error, b.message_id, b.contact_id, m.campaign_id, b.raw_size
FROM bounce b LEFT JOIN message m ON m.id = b.message_id
WHERE b.id = :id;

-- name: raw
SELECT raw FROM bounce WHERE id = :id AND raw IS NOT NULL;
