-- Everything Herald holds on one address, each part as JSON built by PostgreSQL. A message
-- belongs to the person when it went to the address or to their contact; events, links and
-- bounces follow the messages.

-- name: contact
SELECT to_jsonb(x)::text FROM (
    SELECT c.id, c.email, c.first_name, c.last_name, c.company, c.country, c.language, c.timezone, c.attributes,
           c.status, c.status_changed_at, c.tracking_consent, c.created_at, c.updated_at
    FROM contact c WHERE lower(c.email) = lower(:email)) x;

-- name: lists
SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.list_id), '[]')::text FROM (
    SELECT l.id AS list_id, l.name AS list_name, l.tracking_consent_default, lm.added_at
    FROM contact c
    JOIN list_member lm ON lm.contact_id = c.id
    JOIN list l ON l.id = lm.list_id
    WHERE lower(c.email) = lower(:email)) x;

-- name: messages
SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]')::text FROM (
    SELECT m.id, m.campaign_id, cp.name AS campaign_name, cp.subject AS campaign_subject, m.email, m.kind, m.status,
           m.smtp_reply, m.message_id_header, m.queued_at, m.sent_at, m.opens, m.first_open_at, m.last_open_at,
           m.clicks, m.first_click_at, m.last_click_at, m.human_opens, m.first_human_open_at, m.human_clicks,
           m.first_human_click_at, m.read_confirmed_at
    FROM message m JOIN campaign cp ON cp.id = m.campaign_id
    WHERE lower(m.email) = lower(:email)) x;

-- name: events
SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.occurred_at, x.id), '[]')::text FROM (
    SELECT e.id, e.message_id, e.campaign_id, e.kind, e.link_idx, l.url AS link_url, e.occurred_at, e.ip, e.user_agent,
           e.verdict, e.machine_kind, tracking_event_evidence(e) AS evidence
    FROM message m
    JOIN tracking_event e ON e.message_id = m.id
    LEFT JOIN campaign_link l ON l.campaign_id = e.campaign_id AND l.idx = e.link_idx
    WHERE lower(m.email) = lower(:email)) x;

-- name: bounces
-- The raw report is left out (it can be large and binary); its size says it is kept.
SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.received_at, x.id), '[]')::text FROM (
    SELECT b.id, b.received_at, b.source, b.format, b.raw_size, b.recipient, b.status, b.action, b.diagnostic,
           b.remote_mta, b.classification, b.outcome, b.message_id
    FROM bounce b
    WHERE lower(b.recipient) = lower(:email)
       OR b.contact_id = (SELECT id FROM contact WHERE lower(email) = lower(:email))
       OR b.message_id IN (SELECT id FROM message WHERE lower(email) = lower(:email))) x;

-- name: suppressions
SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]')::text FROM (
    SELECT s.id, s.address, s.domain, s.address_hash IS NOT NULL AS erased, s.reason, s.source, s.created_at
    FROM suppression s
    WHERE s.address = lower(:email) OR s.domain = lower(split_part(:email, '@', 2))
       OR s.address_hash = erased_address_hash(:email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))) x;

-- name: has-key
SELECT EXISTS (SELECT 1 FROM erasure_key);

-- name: lock-contact
SELECT id FROM contact WHERE lower(email) = lower(:email) FOR UPDATE;

-- name: erase-bounces
DELETE FROM bounce b
WHERE lower(b.recipient) = lower(:email)
   OR b.contact_id = :contact_id
   OR b.message_id IN (SELECT id FROM message WHERE lower(email) = lower(:email));

-- name: count-events
SELECT count(*) FROM tracking_event e JOIN message m ON m.id = e.message_id WHERE lower(m.email) = lower(:email);

-- name: erase-messages
-- Their events and queue rows (the trigger message_rows_deleted_with_it) and per-link click
-- marks (ON DELETE CASCADE) go with them; campaign, link and minute counters are aggregates and
-- stay as they are.
DELETE FROM message WHERE lower(email) = lower(:email) OR contact_id = :contact_id;

-- name: erase-contact
-- List memberships go with it (ON DELETE CASCADE).
DELETE FROM contact WHERE id = :contact_id;

-- name: erase-dev-inbox
DELETE FROM dev_inbox_message WHERE lower(rcpt_to) = lower(:email);

-- name: erase-address-suppression
DELETE FROM suppression WHERE address = lower(:email);

-- name: suppress-hash
INSERT INTO suppression (address_hash, reason, source)
VALUES (erased_address_hash(:email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key)),
        'erased at the person''s request; only a keyed hash of the address is kept', 'erasure')
ON CONFLICT DO NOTHING;
