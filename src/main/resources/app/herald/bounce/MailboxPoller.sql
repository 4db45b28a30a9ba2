-- name: try-lock
SELECT pg_try_advisory_lock(:key);

-- name: unlock
SELECT pg_advisory_unlock(:key);
