-- Live progress of a campaign (issue 4). campaign_stats.deferred counts the tries that failed
-- temporarily (each one queued again for a retry). campaign_send_rate counts results per campaign
-- in 10-second buckets, written with the results, so the sending rate (and from it the ETA) is read
-- from a few rows on any node, never by scanning the campaign's messages.
ALTER TABLE campaign_stats ADD COLUMN deferred bigint NOT NULL DEFAULT 0;

CREATE TABLE campaign_send_rate (
    campaign_id bigint      NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    bucket      timestamptz NOT NULL, -- start of a 10-second interval
    sent        bigint      NOT NULL DEFAULT 0,
    failed      bigint      NOT NULL DEFAULT 0,
    deferred    bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, bucket)
);
