-- name: lock-messages
-- Locks the batch's messages in id order (as every writer takes them) so that two writers never judge
-- hits of one message against the same history; FOR NO KEY UPDATE does not block the foreign-key
-- checks of message_link_click inserts. Returns what the rules need of each message, and its campaign's link count;
-- hits (all opens and clicks counted so far) tells whether a history kept in memory is still current.
WITH m AS (
    SELECT id, campaign_id, sent_at, first_open_at, opens + clicks AS hits
    FROM message
    WHERE id = ANY(:ids::bigint[])
    ORDER BY id
    FOR NO KEY UPDATE
)
SELECT m.id, m.campaign_id, m.sent_at, m.first_open_at, m.hits, coalesce(l.links, 0) AS links
FROM m
LEFT JOIN (SELECT campaign_id, count(*) AS links
           FROM campaign_link
           WHERE campaign_id IN (SELECT campaign_id FROM m)
           GROUP BY campaign_id) l ON l.campaign_id = m.campaign_id;

-- name: recent-hits
-- The latest :max_priors opens and clicks of each message within the history window, oldest first
-- (the history keeps the latest), along tracking_event_message_idx.
SELECT e.message_id, e.kind, e.link_idx, e.occurred_at, e.ip, e.user_agent, e.verdict, e.machine_kind
FROM unnest(:ids::bigint[]) AS m (id)
CROSS JOIN LATERAL (
    SELECT message_id, kind, link_idx, occurred_at, ip, user_agent, verdict, machine_kind
    FROM tracking_event
    WHERE message_id = m.id
      AND occurred_at >= :since::timestamptz
      AND kind IN ('open', 'click')
    ORDER BY occurred_at DESC
    LIMIT :max_priors
) e
ORDER BY e.message_id, e.occurred_at;
