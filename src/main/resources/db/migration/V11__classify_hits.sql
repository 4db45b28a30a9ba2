-- Human and machine opens and clicks. Every hit gets a verdict when it is written (human, machine
-- with a kind, or unknown) and the evidence the rules used; the counters below split what the
-- existing ones count (all hits) by verdict, so reports never scan events. Hits written before this
-- migration, and unsubscribe events, read as 'unknown'.

ALTER TABLE tracking_event
    ADD COLUMN verdict      text NOT NULL DEFAULT 'unknown' CHECK (verdict IN ('human', 'machine', 'unknown')),
    ADD COLUMN machine_kind text CHECK (machine_kind IN ('privacy_proxy_prefetch', 'security_scanner', 'link_checker', 'unknown_bot')),
    ADD COLUMN evidence     jsonb,
    ADD CONSTRAINT tracking_event_machine_has_kind CHECK ((verdict = 'machine') = (machine_kind IS NOT NULL));

-- Per message: what the person did (hits judged human), beside the all-hits counters of V1.
ALTER TABLE message
    ADD COLUMN human_opens          int NOT NULL DEFAULT 0,
    ADD COLUMN first_human_open_at  timestamptz,
    ADD COLUMN human_clicks         int NOT NULL DEFAULT 0,
    ADD COLUMN first_human_click_at timestamptz;

ALTER TABLE campaign_stats
    ADD COLUMN human_opens         bigint NOT NULL DEFAULT 0,
    ADD COLUMN human_unique_opens  bigint NOT NULL DEFAULT 0,
    ADD COLUMN human_clicks        bigint NOT NULL DEFAULT 0,
    ADD COLUMN human_unique_clicks bigint NOT NULL DEFAULT 0,
    ADD COLUMN machine_opens       bigint NOT NULL DEFAULT 0,
    ADD COLUMN machine_clicks      bigint NOT NULL DEFAULT 0;

-- Machine hits per campaign and kind (privacy proxy prefetch, security scanner, ...).
CREATE TABLE campaign_machine_stats (
    campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    kind        text   NOT NULL CHECK (kind IN ('privacy_proxy_prefetch', 'security_scanner', 'link_checker', 'unknown_bot')),
    opens       bigint NOT NULL DEFAULT 0,
    clicks      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, kind)
);

-- Human opens per campaign by mail client, device type and operating system.
CREATE TABLE campaign_client_stats (
    campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    client      text   NOT NULL,
    device      text   NOT NULL CHECK (device IN ('desktop', 'mobile', 'webmail', 'unknown')),
    os          text   NOT NULL,
    opens       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, client, device, os)
);
