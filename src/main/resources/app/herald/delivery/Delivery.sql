-- name: start
UPDATE campaign SET status = 'sending', started_at = now()
WHERE id = :id AND status = 'draft';

-- name: status
SELECT status FROM campaign WHERE id = :id;

-- name: expand
-- One message per active contact on any target list; the partial unique index keeps a contact
-- on several lists to one message. Suppressed addresses and domains get none (the rule of
-- audience's SuppressionStore "matching"; anti-joins along its unique indexes, the last one for
-- erased addresses, kept only as a keyed hash).
WITH inserted AS (
    INSERT INTO message (campaign_id, contact_id, email, kind)
    SELECT :id, c.id, c.email, 'campaign'
    FROM contact c
    WHERE c.status = 'active'
      AND c.id IN (SELECT lm.contact_id
                   FROM list_member lm JOIN campaign_list cl ON cl.list_id = lm.list_id
                   WHERE cl.campaign_id = :id)
      AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.address = lower(c.email))
      AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.domain = lower(split_part(c.email, '@', 2)))
      -- no hashing per contact while nobody was ever erased (the first EXISTS runs once per statement)
      AND (NOT EXISTS (SELECT 1 FROM suppression WHERE address_hash IS NOT NULL)
           OR NOT EXISTS (SELECT 1 FROM suppression s WHERE s.address_hash = erased_address_hash(c.email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))))
    ORDER BY c.id
    ON CONFLICT (campaign_id, contact_id) WHERE kind = 'campaign' DO NOTHING
    RETURNING 1
)
UPDATE campaign_stats SET recipients = recipients + (SELECT count(*) FROM inserted)
WHERE campaign_id = :id
RETURNING recipients;

-- name: analyze-queue
-- After an expansion: autovacuum analyzes the new rows only a minute or more later. Until then the
-- planner believes few messages are queued and claims (MessageQueue "claim") with a bitmap scan
-- and a sort of every queued message after the cursor instead of reading the first batch in
-- index order: about 200 µs of PostgreSQL per message claimed for 20,000, more the larger the
-- audience. Only the columns the claim filters and orders on.
ANALYZE message (campaign_id, id, status, next_attempt_at);

-- name: messages
SELECT id, campaign_id, email, kind, status, smtp_reply, message_id_header
FROM message WHERE id = ANY(:ids) ORDER BY id;
