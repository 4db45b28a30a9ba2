-- name: campaign
-- The sender keeps recipients/sent/failed, the tracking writer the rest; a campaign without a
-- stats row yet reads as all zeros.
SELECT c.id, c.name, c.status, c.anonymous,
       coalesce(s.recipients, 0) AS recipients, coalesce(s.sent, 0) AS sent, coalesce(s.failed, 0) AS failed,
       coalesce(s.opens, 0) AS opens, coalesce(s.unique_opens, 0) AS unique_opens,
       coalesce(s.clicks, 0) AS clicks, coalesce(s.unique_clicks, 0) AS unique_clicks,
       coalesce(s.unsubscribes, 0) AS unsubscribes,
       coalesce(s.human_opens, 0) AS human_opens, coalesce(s.human_unique_opens, 0) AS human_unique_opens,
       coalesce(s.human_clicks, 0) AS human_clicks, coalesce(s.human_unique_clicks, 0) AS human_unique_clicks,
       coalesce(s.machine_opens, 0) AS machine_opens, coalesce(s.machine_clicks, 0) AS machine_clicks
FROM campaign c
LEFT JOIN campaign_stats s ON s.campaign_id = c.id
WHERE c.id = :campaign_id;

-- name: campaign-exists
SELECT EXISTS (SELECT 1 FROM campaign WHERE id = :campaign_id);

-- name: links
SELECT l.idx, l.url, coalesce(ls.clicks, 0) AS clicks, coalesce(ls.unique_clicks, 0) AS unique_clicks
FROM campaign_link l
LEFT JOIN link_stats ls ON ls.campaign_id = l.campaign_id AND ls.idx = l.idx
WHERE l.campaign_id = :campaign_id
ORDER BY clicks DESC, l.idx;

-- name: find-recipient
-- The campaign's own message first; a test send to the address only when there is none.
SELECT id, email, kind, status, smtp_reply, sent_at, opens, first_open_at, last_open_at,
       clicks, first_click_at, last_click_at, read_confirmed_at,
       human_opens, first_human_open_at, human_clicks, first_human_click_at,
       (SELECT c.tracking_consent FROM contact c WHERE c.id = message.contact_id) AS tracking_consent
FROM message
WHERE campaign_id = :campaign_id AND lower(email) = lower(:email)
ORDER BY kind = 'campaign' DESC, id DESC
LIMIT 1;

-- name: recipient-events
SELECT e.kind, e.occurred_at, l.url, e.ip, e.user_agent, e.verdict, e.machine_kind, tracking_event_evidence(e)::text AS evidence
FROM tracking_event e
LEFT JOIN campaign_link l ON l.campaign_id = e.campaign_id AND l.idx = e.link_idx
WHERE e.message_id = :message_id
ORDER BY e.occurred_at, e.id
LIMIT :limit;

-- name: machine-kinds
SELECT kind, opens, clicks
FROM campaign_machine_stats
WHERE campaign_id = :campaign_id;

-- name: clients
-- Human opens by mail client, device type and OS, most used first.
SELECT client, device, os, opens
FROM campaign_client_stats
WHERE campaign_id = :campaign_id
ORDER BY opens DESC, client, device, os
LIMIT :limit;

-- name: recipients
-- Ordered by address along message_campaign_email_idx; test sends are not recipients.
SELECT id, email, status, sent_at, opens, first_open_at, last_open_at, clicks, last_click_at
FROM message
WHERE campaign_id = :campaign_id AND kind = 'campaign'
ORDER BY lower(email), id
OFFSET :offset LIMIT :limit;

-- name: activity-span
SELECT min(minute) AS first, max(minute) AS last
FROM campaign_activity
WHERE campaign_id = :campaign_id;

-- name: activity
SELECT date_trunc(:unit, minute, 'UTC') AS start, sum(opens) AS opens, sum(clicks) AS clicks
FROM campaign_activity
WHERE campaign_id = :campaign_id
GROUP BY 1
ORDER BY 1;
