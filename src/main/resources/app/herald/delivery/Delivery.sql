-- name: start
UPDATE campaign SET status = 'sending', started_at = now()
WHERE id = :id AND status = 'draft';

-- name: status
SELECT status FROM campaign WHERE id = :id;

-- name: expand
-- One message per active contact on any target list; the partial unique index keeps a contact
-- on several lists to one message.
WITH inserted AS (
    INSERT INTO message (campaign_id, contact_id, email, kind)
    SELECT :id, c.id, c.email, 'campaign'
    FROM contact c
    WHERE c.status = 'active'
      AND c.id IN (SELECT lm.contact_id
                   FROM list_member lm JOIN campaign_list cl ON cl.list_id = lm.list_id
                   WHERE cl.campaign_id = :id)
    ORDER BY c.id
    ON CONFLICT (campaign_id, contact_id) WHERE kind = 'campaign' DO NOTHING
    RETURNING 1
)
UPDATE campaign_stats SET recipients = recipients + (SELECT count(*) FROM inserted)
WHERE campaign_id = :id
RETURNING recipients;

-- name: messages
SELECT id, campaign_id, email, kind, status, smtp_reply, message_id_header
FROM message WHERE id = ANY(:ids) ORDER BY id;
