-- Arrays in, one row per key, as in HitWriter.sql.

-- name: upsert-machine-stats
INSERT INTO campaign_machine_stats (campaign_id, kind, opens, clicks)
SELECT * FROM unnest(:campaign_ids::bigint[], :kinds::text[], :opens::bigint[], :clicks::bigint[])
ON CONFLICT (campaign_id, kind) DO UPDATE
SET opens  = campaign_machine_stats.opens + excluded.opens,
    clicks = campaign_machine_stats.clicks + excluded.clicks;

-- name: upsert-client-stats
INSERT INTO campaign_client_stats (campaign_id, client, device, os, opens)
SELECT * FROM unnest(:campaign_ids::bigint[], :clients::text[], :devices::text[], :systems::text[], :opens::bigint[])
ON CONFLICT (campaign_id, client, device, os) DO UPDATE
SET opens = campaign_client_stats.opens + excluded.opens;
