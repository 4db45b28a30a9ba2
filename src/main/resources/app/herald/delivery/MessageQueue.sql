-- name: claim
-- Oldest campaign first, in queue order; SKIP LOCKED lets several nodes claim side by side. Only
-- the narrow queue rows are written (see V22); the message and its contact are read by key.
-- (:after_campaign, :after_id) is where this node's previous claim ended: the index scan starts
-- there instead of stepping over every row still being sent (and the dead versions of rows already
-- sent) at the front of the queue. (0, 0) scans from the start. Contacts are looked up by key, one
-- per claimed row (LIMIT 1 keeps the planner from turning that into a scan of the whole contact
-- table for a hash join). A deferred message (next_attempt_at in the future) is stepped over until
-- it is due; when it is, a claim from the start finds it even if the cursor has passed its id.
WITH claimed AS (
    UPDATE message_queue q
    SET lease_owner = :node, lease_until = now() + make_interval(secs => :lease_seconds), attempts = q.attempts + 1
    WHERE q.message_id IN (
        SELECT message_id FROM message_queue
        WHERE lease_owner IS NULL AND (campaign_id, message_id) > (:after_campaign, :after_id)
          AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        ORDER BY campaign_id, message_id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED)
    RETURNING q.message_id, q.attempts
)
SELECT m.id, m.campaign_id, m.email, m.kind, m.network_message_id, m.queued_at, c.attempts, ct.status AS contact_status,
       -- tracking consent: the contact's own, else the most careful default of its lists in this
       -- campaign ('off' wins), else NULL (unknown; the renderer applies tracking.consent_default)
       coalesce(nullif(ct.tracking_consent, 'unknown'),
                -- only while some list has a default: the EXISTS runs once per statement, the lookup
                -- per message (about 6 µs each even when it finds no list)
                CASE WHEN EXISTS (SELECT 1 FROM list WHERE tracking_consent_default IS NOT NULL) THEN
                (SELECT CASE WHEN bool_or(l.tracking_consent_default = 'off') THEN 'off'
                             WHEN bool_or(l.tracking_consent_default = 'on') THEN 'on' END
                 FROM campaign_list cl
                 -- lists without a default first: mostly none is left, and no membership is looked up
                 JOIN list l ON l.id = cl.list_id AND l.tracking_consent_default IS NOT NULL
                 JOIN list_member lm ON lm.list_id = cl.list_id AND lm.contact_id = m.contact_id
                 WHERE cl.campaign_id = m.campaign_id) END) AS tracking_consent,
       ct.first_name, ct.last_name, ct.company, ct.country, ct.language, ct.timezone, ct.attributes,
       (EXISTS (SELECT 1 FROM suppression s WHERE s.address = lower(m.email))
        OR EXISTS (SELECT 1 FROM suppression s WHERE s.domain = lower(split_part(m.email, '@', 2)))
        -- no hashing per message while nobody was ever erased (the first EXISTS runs once per statement)
        OR (EXISTS (SELECT 1 FROM suppression WHERE address_hash IS NOT NULL)
            AND EXISTS (SELECT 1 FROM suppression s WHERE s.address_hash = erased_address_hash(m.email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))))) AS suppressed
FROM claimed c
JOIN message m ON m.id = c.message_id
LEFT JOIN LATERAL (
    SELECT x.status, x.tracking_consent, x.first_name, x.last_name, x.company, x.country, x.language, x.timezone, x.attributes::text AS attributes
    FROM contact x WHERE x.id = m.contact_id LIMIT 1) ct ON true
ORDER BY m.campaign_id, m.id;

-- name: insert-tests
WITH inserted AS (
    INSERT INTO message (campaign_id, contact_id, email, kind, attempts)
    SELECT :campaign_id, (SELECT ct.id FROM contact ct WHERE lower(ct.email) = lower(e.email)), e.email, 'test', 1
    FROM unnest(:emails) WITH ORDINALITY AS e(email, n)
    ORDER BY e.n
    RETURNING id, campaign_id
), leased AS (
    INSERT INTO message_queue (message_id, campaign_id, attempts, lease_owner, lease_until)
    SELECT id, campaign_id, 1, :node, now() + make_interval(secs => :lease_seconds) FROM inserted
)
-- ids follow the order of insertion, which is the order of the addresses
SELECT id FROM inserted ORDER BY id;

-- name: leased
SELECT m.id, m.campaign_id, m.email, m.kind, m.network_message_id, m.queued_at, m.attempts, ct.status AS contact_status,
       -- tracking consent: the contact's own, else the most careful default of its lists in this
       -- campaign ('off' wins), else NULL (unknown; the renderer applies tracking.consent_default)
       coalesce(nullif(ct.tracking_consent, 'unknown'),
                -- only while some list has a default: the EXISTS runs once per statement, the lookup
                -- per message (about 6 µs each even when it finds no list)
                CASE WHEN EXISTS (SELECT 1 FROM list WHERE tracking_consent_default IS NOT NULL) THEN
                (SELECT CASE WHEN bool_or(l.tracking_consent_default = 'off') THEN 'off'
                             WHEN bool_or(l.tracking_consent_default = 'on') THEN 'on' END
                 FROM campaign_list cl
                 -- lists without a default first: mostly none is left, and no membership is looked up
                 JOIN list l ON l.id = cl.list_id AND l.tracking_consent_default IS NOT NULL
                 JOIN list_member lm ON lm.list_id = cl.list_id AND lm.contact_id = m.contact_id
                 WHERE cl.campaign_id = m.campaign_id) END) AS tracking_consent,
       ct.first_name, ct.last_name, ct.company, ct.country, ct.language, ct.timezone, ct.attributes::text AS attributes,
       (EXISTS (SELECT 1 FROM suppression s WHERE s.address = lower(m.email))
        OR EXISTS (SELECT 1 FROM suppression s WHERE s.domain = lower(split_part(m.email, '@', 2)))
        -- no hashing per message while nobody was ever erased (the first EXISTS runs once per statement)
        OR (EXISTS (SELECT 1 FROM suppression WHERE address_hash IS NOT NULL)
            AND EXISTS (SELECT 1 FROM suppression s WHERE s.address_hash = erased_address_hash(m.email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))))) AS suppressed
FROM message m
LEFT JOIN contact ct ON ct.id = m.contact_id
WHERE m.id = ANY(:ids)
ORDER BY m.id;

-- name: record
-- Only messages this node still leases are recorded, so a result that arrives after the lease was
-- taken over is not counted twice. Test messages do not count in the campaign counters. A sent or
-- failed message leaves the queue. A deferred message stays queued, due retry_seconds from now,
-- and counts as neither sent nor failed (it counts in deferred, the number of tries that failed
-- temporarily). A throttled one ('throttled': held back by a sending limit before any SMTP) stays
-- the same way, gets its try back and counts nowhere, so throttling never uses up the retry schedule.
-- Returns how many rows were still ours, and the campaigns whose counters now say every recipient
-- queued so far has a final result (worth checking whether they are finished).
WITH result AS (
    SELECT * FROM unnest(:ids, :statuses, :replies, :message_ids, :retry_seconds)
        AS r(id, status, reply, message_id_header, retry_seconds)
), node AS (
    SELECT CAST(:node AS text) AS owner
), dequeued AS (
    DELETE FROM message_queue q
    USING result r, node
    WHERE q.message_id = r.id AND q.lease_owner = node.owner AND r.status IN ('sent', 'failed')
    RETURNING q.message_id, q.attempts
), requeued AS (
    UPDATE message_queue q
    SET lease_owner = NULL, lease_until = NULL,
        attempts = CASE WHEN r.status = 'throttled' THEN greatest(q.attempts - 1, 0) ELSE q.attempts END,
        next_attempt_at = now() + make_interval(secs => r.retry_seconds)
    FROM result r, node
    WHERE q.message_id = r.id AND q.lease_owner = node.owner AND r.status IN ('queued', 'throttled')
    RETURNING q.message_id, q.attempts
), updated AS (
    UPDATE message m
    SET status = CASE WHEN r.status IN ('sent', 'failed') THEN r.status ELSE 'queued' END,
        smtp_reply = r.reply, message_id_header = r.message_id_header, attempts = ours.attempts,
        sent_at = CASE WHEN r.status = 'sent' THEN now() END
    FROM (SELECT * FROM dequeued UNION ALL SELECT * FROM requeued) ours
    JOIN result r ON r.id = ours.message_id
    WHERE m.id = ours.message_id
    RETURNING m.campaign_id, m.kind, r.status
), per_campaign AS (
    SELECT campaign_id, count(*) FILTER (WHERE status = 'sent') AS sent,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           count(*) FILTER (WHERE status = 'queued') AS deferred
    FROM updated WHERE kind = 'campaign' GROUP BY campaign_id
), counted AS (
    UPDATE campaign_stats s
    SET sent = s.sent + c.sent, failed = s.failed + c.failed, deferred = s.deferred + c.deferred
    FROM per_campaign c
    WHERE s.campaign_id = c.campaign_id
    RETURNING s.campaign_id, s.sent + s.failed >= s.recipients AS settled
), rated AS (
    -- the 10-second buckets live progress reads its rate from (SendProgress)
    INSERT INTO campaign_send_rate AS b (campaign_id, bucket, sent, failed, deferred)
    SELECT campaign_id, date_bin('10 seconds', now(), timestamptz '2000-01-01 00:00:00+00'), sent, failed, deferred
    FROM per_campaign
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET sent = b.sent + excluded.sent, failed = b.failed + excluded.failed, deferred = b.deferred + excluded.deferred
    RETURNING 1
)
SELECT (SELECT count(*)::int FROM updated) AS recorded,
       ARRAY(SELECT campaign_id FROM counted WHERE settled ORDER BY campaign_id) AS settled;

-- name: release
UPDATE message_queue
SET lease_owner = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0)
WHERE message_id = ANY(:ids) AND lease_owner = :node;

-- name: renew
-- A node renews what it still works on, so the lease can be short (a dead node's work is taken
-- over soon) without a slow batch being taken over while it is still being sent. SKIP LOCKED: a
-- row locked now is having its result written (it needs no renewal), and waiting for it while
-- holding other rows would deadlock with that write.
UPDATE message_queue SET lease_until = now() + make_interval(secs => :lease_seconds)
WHERE message_id IN (SELECT message_id FROM message_queue
                     WHERE message_id = ANY(:ids) AND lease_owner = :node
                     FOR UPDATE SKIP LOCKED)
RETURNING message_id;

-- name: take-back
-- At start: what the previous run of this data directory still leased when it died (PreviousRun).
-- Reads the whole queue, once per start, like reclaim-expired.
UPDATE message_queue SET lease_owner = NULL, lease_until = NULL
WHERE lease_owner = :owner;

-- name: reclaim-expired
-- Reads the whole queue (only messages not sent yet; no index on the lease, which would make every
-- claim and renewal write one).
UPDATE message_queue SET lease_owner = NULL, lease_until = NULL
WHERE lease_until < now();

-- name: finish-campaigns
-- A campaign is sent when its whole audience is queued (no expansion left) and none of its messages
-- is left in the queue (test messages aside). A scalar subquery ordered like the queue index makes
-- the planner look there for the first queued message of each campaign.
UPDATE campaign c SET status = 'sent', finished_at = now()
WHERE c.status = 'sending'
  AND NOT EXISTS (SELECT 1 FROM campaign_expansion e WHERE e.campaign_id = c.id)
  AND (SELECT q.message_id FROM message_queue q JOIN message m ON m.id = q.message_id AND m.kind = 'campaign'
       WHERE q.campaign_id = c.id
       ORDER BY q.campaign_id, q.message_id
       LIMIT 1) IS NULL
RETURNING c.id;

-- name: finish-campaign
-- The same for one campaign, run when a write of results says its counters are complete ("record")
-- and after its last chunk is queued. The queue is looked at only once the counters say every
-- recipient has a result: until its dead rows are vacuumed, a campaign's part of the queue index
-- still holds an entry for every message sent, and stepping over 20,000 of them took about 10 ms
-- (CASE keeps that order). Counters that never get there (a queued message erased with its
-- contact) leave it to finish-campaigns.
UPDATE campaign SET status = 'sent', finished_at = now()
WHERE id = :id AND status = 'sending'
  AND NOT EXISTS (SELECT 1 FROM campaign_expansion e WHERE e.campaign_id = :id)
  AND CASE WHEN (SELECT s.sent + s.failed < s.recipients FROM campaign_stats s WHERE s.campaign_id = :id) THEN false
           ELSE (SELECT q.message_id FROM message_queue q JOIN message m ON m.id = q.message_id AND m.kind = 'campaign'
                 WHERE q.campaign_id = :id
                 ORDER BY q.campaign_id, q.message_id
                 LIMIT 1) IS NULL
      END;
