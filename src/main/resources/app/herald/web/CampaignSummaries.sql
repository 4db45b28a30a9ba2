-- name: latest
SELECT c.id, c.name, c.status, c.created_at,
       coalesce(s.sent, 0)          AS sent,
       coalesce(s.unique_opens, 0)  AS unique_opens,
       coalesce(s.unique_clicks, 0) AS unique_clicks
FROM campaign c
LEFT JOIN campaign_stats s ON s.campaign_id = c.id
ORDER BY c.created_at DESC, c.id DESC
LIMIT :limit;

-- name: header
SELECT id, name, status, subject, from_name, from_email, created_at, started_at, finished_at
FROM campaign
WHERE id = :id;
