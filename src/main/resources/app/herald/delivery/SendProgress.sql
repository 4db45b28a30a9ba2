-- name: progress
-- The buckets of the last :window_seconds (from the start of the bucket that window begins in) and
-- the seconds they span: from that bucket's start, or the campaign's start if later, to now.
WITH w AS (
    SELECT date_bin('10 seconds', now() - make_interval(secs => :window_seconds), timestamptz '2000-01-01 00:00:00+00') AS since
)
SELECT c.status, c.started_at, c.finished_at, s.recipients, s.sent, s.failed, s.deferred,
       (SELECT coalesce(sum(b.sent + b.failed), 0) FROM campaign_send_rate b
        WHERE b.campaign_id = c.id AND b.bucket >= w.since) AS recent,
       extract(epoch FROM now() - greatest(w.since, coalesce(c.started_at, now()))) AS recent_seconds,
       EXISTS (SELECT 1 FROM campaign_expansion e WHERE e.campaign_id = c.id) AS queueing
FROM campaign c
JOIN campaign_stats s ON s.campaign_id = c.id
CROSS JOIN w
WHERE c.id = :id;
