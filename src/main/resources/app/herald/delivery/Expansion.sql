-- name: plan
-- The audience ends at the newest contact of now: one who is created while the campaign is still
-- being expanded is not part of it, as when the whole audience was queued in one statement.
INSERT INTO campaign_expansion (campaign_id, after_contact, until_contact)
SELECT :id, 0, coalesce(max(id), 0) FROM contact
RETURNING until_contact;

-- name: pending
-- One campaign still being expanded that no other node is expanding now, oldest first.
SELECT e.campaign_id, e.after_contact, e.until_contact
FROM campaign_expansion e
JOIN campaign c ON c.id = e.campaign_id AND c.status = 'sending'
ORDER BY e.campaign_id
LIMIT 1
FOR UPDATE OF e SKIP LOCKED;

-- name: chunk-end
-- Where the next chunk of about :size members ends: the :size-th member after :after of each target
-- list (read along the list's primary key), the smallest of those. NULL when no member is left.
SELECT min(k.last_id)
FROM campaign_list cl
CROSS JOIN LATERAL (
    SELECT max(x.contact_id) AS last_id
    FROM (SELECT lm.contact_id FROM list_member lm
          WHERE lm.list_id = cl.list_id AND lm.contact_id > :after AND lm.contact_id <= :until
          ORDER BY lm.contact_id
          LIMIT :size) x) k
WHERE cl.campaign_id = :id;

-- name: expand
-- One message per active contact of the chunk (after, upto] on any target list; the partial unique
-- index keeps a contact on several lists to one message (and makes a chunk queued twice harmless).
-- Suppressed addresses and domains get none (the rule of audience's SuppressionStore "matching";
-- anti-joins along its unique indexes, the last one for erased addresses, kept only as a keyed
-- hash). Returns how many were queued, and the campaign's recipients with them.
WITH inserted AS (
    INSERT INTO message (campaign_id, contact_id, email, kind)
    SELECT :id, c.id, c.email, 'campaign'
    FROM contact c
    WHERE c.status = 'active' AND c.id > :after AND c.id <= :upto
      AND c.id IN (SELECT lm.contact_id
                   FROM list_member lm JOIN campaign_list cl ON cl.list_id = lm.list_id
                   WHERE cl.campaign_id = :id AND lm.contact_id > :after AND lm.contact_id <= :upto)
      AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.address = lower(c.email))
      AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.domain = lower(split_part(c.email, '@', 2)))
      -- no hashing per contact while nobody was ever erased (the first EXISTS runs once per statement)
      AND (NOT EXISTS (SELECT 1 FROM suppression WHERE address_hash IS NOT NULL)
           OR NOT EXISTS (SELECT 1 FROM suppression s WHERE s.address_hash = erased_address_hash(c.email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))))
    ORDER BY c.id
    ON CONFLICT (campaign_id, contact_id) WHERE kind = 'campaign' DO NOTHING
    RETURNING id
), queued AS (
    INSERT INTO message_queue (message_id, campaign_id)
    SELECT id, :id FROM inserted ORDER BY id
    RETURNING 1
)
UPDATE campaign_stats SET recipients = recipients + (SELECT count(*) FROM queued)
WHERE campaign_id = :id
RETURNING (SELECT count(*) FROM queued) AS queued, recipients;

-- name: advance
UPDATE campaign_expansion SET after_contact = :upto WHERE campaign_id = :id;

-- name: done
DELETE FROM campaign_expansion WHERE campaign_id = :id;

-- name: recipients
SELECT recipients FROM campaign_stats WHERE campaign_id = :id;

-- name: analyze-queue
-- While a campaign's messages are queued: autovacuum analyzes the new rows only a minute or more
-- later. Until then the planner believes few messages are queued and claims (MessageQueue "claim")
-- with a bitmap scan and a sort of every queued message after the cursor instead of reading the
-- first batch in index order: about 200 µs of PostgreSQL per message claimed for 20,000, more the
-- larger the audience.
ANALYZE message_queue;
