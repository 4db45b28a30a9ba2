-- The events go in with one binary COPY (BinaryCopy: nothing to parse, whole pages at a time). The
-- other statements take arrays (one element per row, sent in binary) and unnest them: one round trip
-- per table per batch, however many hits the batch holds. Times travel as microseconds since the
-- Unix epoch (us * interval '1 microsecond' is exact: the products stay below 2^53).

-- name: copy-events
-- Only hits of messages that update-messages found (it runs first and gives their campaigns).
-- The columns are those HitWriter.insertEvents writes, in its order.
COPY tracking_event (message_id, campaign_id, kind, link_idx, occurred_at, ip, user_agent, verdict, machine_kind,
                     method, seconds_after_send, agent, network, burst_links, click_before_open, repeats, rule,
                     client, device, os)
FROM STDIN (FORMAT binary);

-- name: update-messages
-- RETURNING sees the updated row: when the new count equals this batch's count, the message had
-- none before, so this is its first open (click). The row lock makes that exact across writers.
-- LEAST/GREATEST ignore NULLs, so a batch without opens keeps the open times as they are.
-- The human counters work the same way over the hits judged human.
UPDATE message m
SET opens                = m.opens + d.opens,
    first_open_at        = least(m.first_open_at, d.first_open),
    last_open_at         = greatest(m.last_open_at, d.last_open),
    clicks               = m.clicks + d.clicks,
    first_click_at       = least(m.first_click_at, d.first_click),
    last_click_at        = greatest(m.last_click_at, d.last_click),
    human_opens          = m.human_opens + d.human_opens,
    first_human_open_at  = least(m.first_human_open_at, d.first_human_open),
    human_clicks         = m.human_clicks + d.human_clicks,
    first_human_click_at = least(m.first_human_click_at, d.first_human_click)
FROM (SELECT a.id, a.opens, t + a.first_open * us AS first_open, t + a.last_open * us AS last_open,
             a.clicks, t + a.first_click * us AS first_click, t + a.last_click * us AS last_click,
             a.human_opens, t + a.first_human_open * us AS first_human_open,
             a.human_clicks, t + a.first_human_click * us AS first_human_click
      FROM unnest(:ids::bigint[], :opens::int[], :first_opens::bigint[], :last_opens::bigint[],
                  :clicks::int[], :first_clicks::bigint[], :last_clicks::bigint[],
                  :human_opens::int[], :first_human_opens::bigint[], :human_clicks::int[], :first_human_clicks::bigint[])
               AS a (id, opens, first_open, last_open, clicks, first_click, last_click,
                     human_opens, first_human_open, human_clicks, first_human_click),
           (VALUES (timestamptz 'epoch', interval '1 microsecond')) AS unit (t, us)) d
WHERE m.id = d.id
RETURNING m.id, m.campaign_id, m.kind = 'campaign' AS counted,
          d.opens > 0 AND m.opens = d.opens AS first_open,
          d.clicks > 0 AND m.clicks = d.clicks AS first_click,
          d.human_opens > 0 AND m.human_opens = d.human_opens AS first_human_open,
          d.human_clicks > 0 AND m.human_clicks = d.human_clicks AS first_human_click;

-- name: insert-message-link-clicks
-- Returns only the pairs this transaction inserted: each is a new unique clicker of that link.
INSERT INTO message_link_click (message_id, idx)
SELECT * FROM unnest(:message_ids::bigint[], :idxs::int[])
ON CONFLICT DO NOTHING
RETURNING message_id, idx;

-- name: upsert-link-stats
INSERT INTO link_stats (campaign_id, idx, clicks, unique_clicks)
SELECT d.campaign_id, d.idx, d.clicks, d.unique_clicks
FROM unnest(:campaign_ids::bigint[], :idxs::int[], :clicks::bigint[], :unique_clicks::bigint[])
     AS d (campaign_id, idx, clicks, unique_clicks)
JOIN campaign_link l ON l.campaign_id = d.campaign_id AND l.idx = d.idx
ON CONFLICT (campaign_id, idx) DO UPDATE
SET clicks        = link_stats.clicks + excluded.clicks,
    unique_clicks = link_stats.unique_clicks + excluded.unique_clicks;

-- name: upsert-campaign-stats
INSERT INTO campaign_stats (campaign_id, opens, unique_opens, clicks, unique_clicks,
                            human_opens, human_unique_opens, human_clicks, human_unique_clicks, machine_opens, machine_clicks)
SELECT * FROM unnest(:campaign_ids::bigint[], :opens::bigint[], :unique_opens::bigint[], :clicks::bigint[], :unique_clicks::bigint[],
                     :human_opens::bigint[], :human_unique_opens::bigint[], :human_clicks::bigint[], :human_unique_clicks::bigint[],
                     :machine_opens::bigint[], :machine_clicks::bigint[])
ON CONFLICT (campaign_id) DO UPDATE
SET opens               = campaign_stats.opens + excluded.opens,
    unique_opens        = campaign_stats.unique_opens + excluded.unique_opens,
    clicks              = campaign_stats.clicks + excluded.clicks,
    unique_clicks       = campaign_stats.unique_clicks + excluded.unique_clicks,
    human_opens         = campaign_stats.human_opens + excluded.human_opens,
    human_unique_opens  = campaign_stats.human_unique_opens + excluded.human_unique_opens,
    human_clicks        = campaign_stats.human_clicks + excluded.human_clicks,
    human_unique_clicks = campaign_stats.human_unique_clicks + excluded.human_unique_clicks,
    machine_opens       = campaign_stats.machine_opens + excluded.machine_opens,
    machine_clicks      = campaign_stats.machine_clicks + excluded.machine_clicks;

-- name: upsert-activity
INSERT INTO campaign_activity (campaign_id, minute, opens, clicks)
SELECT d.campaign_id, timestamptz 'epoch' + d.minute * interval '1 microsecond', d.opens, d.clicks
FROM unnest(:campaign_ids::bigint[], :minutes::bigint[], :opens::bigint[], :clicks::bigint[])
     AS d (campaign_id, minute, opens, clicks)
ON CONFLICT (campaign_id, minute) DO UPDATE
SET opens  = campaign_activity.opens + excluded.opens,
    clicks = campaign_activity.clicks + excluded.clicks;

-- name: store-checkpoint
-- In the batch's transaction: the node's journal is stored up to here, so replay after a crash
-- starts here and never writes a hit twice. A position only moves forward.
INSERT INTO hit_journal_checkpoint (node_id, segment, position, stored_at)
VALUES (:node_id, :segment, :position, now())
ON CONFLICT (node_id) DO UPDATE
SET segment = excluded.segment, position = excluded.position, stored_at = excluded.stored_at
WHERE (hit_journal_checkpoint.segment, hit_journal_checkpoint.position) < (excluded.segment, excluded.position);

-- name: find-checkpoint
SELECT segment, position FROM hit_journal_checkpoint WHERE node_id = :node_id;
