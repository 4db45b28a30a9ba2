-- name: lock
-- The first key names this use of advisory locks (CampaignLinks uses another), the second the scope.
SELECT 1 FROM pg_advisory_xact_lock(1397050951, hashtext(:scope));

-- name: used
-- Every bucket that overlaps the window counts whole, so no window of the limit's span ever holds
-- more than the limit. retry_seconds: when the oldest of those buckets stops overlapping.
SELECT coalesce(sum(sent), 0)::bigint AS used,
       coalesce(extract(epoch FROM min(bucket) + make_interval(secs => :bucket_seconds + :span_seconds) - now()), 0)::float8
           AS retry_seconds
FROM send_window
WHERE scope = :scope AND bucket > now() - make_interval(secs => :span_seconds + :bucket_seconds);

-- name: take
INSERT INTO send_window (scope, bucket, sent)
VALUES (:scope, to_timestamp(floor(extract(epoch FROM now()) / :bucket_seconds) * :bucket_seconds), 1)
ON CONFLICT (scope, bucket) DO UPDATE SET sent = send_window.sent + 1;

-- name: forget
DELETE FROM send_window
WHERE scope = :scope AND bucket <= now() - make_interval(secs => :span_seconds + :bucket_seconds);
