-- name: lock-messages
-- Locks the batch's messages in id order (as every writer takes them) so that two writers never judge
-- hits of one message against the same history; FOR NO KEY UPDATE does not block the foreign-key
-- checks of event inserts. Returns what the rules need of each message, and its campaign's link count.
WITH m AS (
    SELECT id, campaign_id, sent_at, first_open_at
    FROM message
    WHERE id = ANY(:ids::bigint[])
    ORDER BY id
    FOR NO KEY UPDATE
)
SELECT m.id, m.campaign_id, m.sent_at, m.first_open_at, coalesce(l.links, 0) AS links
FROM m
LEFT JOIN (SELECT campaign_id, count(*) AS links
           FROM campaign_link
           WHERE campaign_id IN (SELECT campaign_id FROM m)
           GROUP BY campaign_id) l ON l.campaign_id = m.campaign_id;

-- name: recent-hits
-- The messages' opens and clicks of the history window, along tracking_event_message_idx.
SELECT message_id, kind, link_idx, occurred_at, ip, user_agent, verdict, machine_kind
FROM tracking_event
WHERE message_id = ANY(:ids::bigint[])
  AND occurred_at >= :since::timestamptz
  AND kind IN ('open', 'click');
