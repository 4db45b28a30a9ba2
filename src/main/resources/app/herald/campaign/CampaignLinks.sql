-- name: find
SELECT idx FROM campaign_link
WHERE campaign_id = :campaign_id AND md5(url) = md5(:url) AND url = :url;

-- name: lock-campaign
-- Serialises numbering per campaign across threads and nodes until the transaction ends. The
-- first key names this use of advisory locks, so that locks taken by other features do not collide.
SELECT 1 FROM pg_advisory_xact_lock(1651797348, (:campaign_id % 2147483647)::int);

-- name: insert
INSERT INTO campaign_link (campaign_id, idx, url)
SELECT :campaign_id, coalesce(max(idx) + 1, 0), :url FROM campaign_link WHERE campaign_id = :campaign_id
RETURNING idx;
