-- name: latest
-- The list shows what people did: opens and clicks judged human (see tracking.MachineRules).
SELECT c.id, c.name, c.status, c.created_at,
       coalesce(s.sent, 0)                AS sent,
       coalesce(s.human_unique_opens, 0)  AS unique_opens,
       coalesce(s.human_unique_clicks, 0) AS unique_clicks
FROM campaign c
LEFT JOIN campaign_stats s ON s.campaign_id = c.id
ORDER BY c.created_at DESC, c.id DESC
LIMIT :limit;

-- name: header
SELECT id, name, status, subject, from_name, from_email, created_at, started_at, finished_at
FROM campaign
WHERE id = :id;
