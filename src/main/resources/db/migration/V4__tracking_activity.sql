-- Opens and clicks per campaign and minute, kept by the tracking writer with each batch of hits.
-- The report's timeline reads these counters, never the events, and they stay when per-person
-- events are deleted for retention or never stored (anonymous campaigns).
CREATE TABLE campaign_activity (
    campaign_id bigint      NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    minute      timestamptz NOT NULL,
    opens       bigint      NOT NULL DEFAULT 0,
    clicks      bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, minute)
);
