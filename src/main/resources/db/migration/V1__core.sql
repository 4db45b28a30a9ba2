-- Herald core schema: audience, campaigns, per-recipient messages, tracking hits and counters.

-- Values Herald generates once and keeps (tracking secret, admin token hash, ...).
CREATE TABLE setting (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- API users. The first admin is created from HERALD_ADMIN_TOKEN (or a generated token) at start.
CREATE TABLE app_user (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    role         text NOT NULL CHECK (role IN ('admin', 'user')),
    token_sha256 text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE list (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX list_name_key ON list (lower(name));

CREATE TABLE contact (
    id              bigserial PRIMARY KEY,
    email           text NOT NULL,
    first_name      text,
    last_name       text,
    company         text,
    country         text,
    language        text,
    timezone        text,
    attributes      jsonb NOT NULL DEFAULT '{}'::jsonb,
    status          text NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'unsubscribed', 'bounced', 'complained')),
    status_changed_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- E-mail addresses are unique regardless of case.
CREATE UNIQUE INDEX contact_email_key ON contact (lower(email));

CREATE TABLE list_member (
    list_id    bigint NOT NULL REFERENCES list (id) ON DELETE CASCADE,
    contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (list_id, contact_id)
);
CREATE INDEX list_member_contact_idx ON list_member (contact_id);

CREATE TABLE campaign (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    subject     text NOT NULL,
    from_name   text NOT NULL,
    from_email  text NOT NULL,
    reply_to    text,
    html        text NOT NULL,
    text_body   text,             -- NULL: generated from the HTML
    status      text NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'sending', 'sent', 'cancelled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);

CREATE TABLE campaign_list (
    campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    list_id     bigint NOT NULL REFERENCES list (id),
    PRIMARY KEY (campaign_id, list_id)
);

-- Every distinct tracked URL a campaign's messages carried, numbered per campaign; a click token
-- carries (message, number), so a click can only redirect to a URL Herald itself put in the mail.
-- A personalised link ({{...}} in the href) gets one row per distinct rendered URL.
CREATE TABLE campaign_link (
    campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    idx         int    NOT NULL,
    url         text   NOT NULL,
    PRIMARY KEY (campaign_id, idx)
);
CREATE UNIQUE INDEX campaign_link_url_key ON campaign_link (campaign_id, md5(url));

-- One row per personalised message: a campaign recipient or a test send.
-- The send pipeline leases rows with FOR UPDATE SKIP LOCKED so several nodes share the work.
CREATE TABLE message (
    id                 bigserial PRIMARY KEY,
    campaign_id        bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    contact_id         bigint REFERENCES contact (id) ON DELETE SET NULL,
    email              text   NOT NULL,
    kind               text   NOT NULL DEFAULT 'campaign' CHECK (kind IN ('campaign', 'test')),
    status             text   NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    network_message_id uuid   NOT NULL DEFAULT gen_random_uuid(),
    message_id_header  text,
    smtp_reply         text,
    attempts           int    NOT NULL DEFAULT 0,
    lease_owner        text,
    lease_until        timestamptz,
    queued_at          timestamptz NOT NULL DEFAULT now(),
    sent_at            timestamptz,
    -- counters kept by the tracking writer so reports never scan events
    opens              int NOT NULL DEFAULT 0,
    first_open_at      timestamptz,
    last_open_at       timestamptz,
    clicks             int NOT NULL DEFAULT 0,
    first_click_at     timestamptz,
    last_click_at      timestamptz
);
-- A contact gets at most one message per campaign, however many target lists hold it.
CREATE UNIQUE INDEX message_campaign_contact_key ON message (campaign_id, contact_id) WHERE kind = 'campaign';
CREATE INDEX message_queue_idx ON message (campaign_id, id) WHERE status IN ('queued', 'sending');
CREATE INDEX message_campaign_email_idx ON message (campaign_id, lower(email));

-- Raw tracking hits (append-only). Retention and partitioning come with the privacy work.
CREATE TABLE tracking_event (
    id          bigserial PRIMARY KEY,
    message_id  bigint NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    campaign_id bigint NOT NULL,
    kind        text   NOT NULL CHECK (kind IN ('open', 'click', 'unsubscribe')),
    link_idx    int,
    occurred_at timestamptz NOT NULL,
    ip          text,
    user_agent  text
);
CREATE INDEX tracking_event_message_idx ON tracking_event (message_id, occurred_at);
CREATE INDEX tracking_event_campaign_time_idx ON tracking_event (campaign_id, occurred_at);

-- Per-campaign counters, updated with each batch of hits and each send result.
CREATE TABLE campaign_stats (
    campaign_id   bigint PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    recipients    bigint NOT NULL DEFAULT 0,
    sent          bigint NOT NULL DEFAULT 0,
    failed        bigint NOT NULL DEFAULT 0,
    opens         bigint NOT NULL DEFAULT 0,
    unique_opens  bigint NOT NULL DEFAULT 0,
    clicks        bigint NOT NULL DEFAULT 0,
    unique_clicks bigint NOT NULL DEFAULT 0,
    unsubscribes  bigint NOT NULL DEFAULT 0
);

CREATE TABLE link_stats (
    campaign_id   bigint NOT NULL,
    idx           int    NOT NULL,
    clicks        bigint NOT NULL DEFAULT 0,
    unique_clicks bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, idx),
    FOREIGN KEY (campaign_id, idx) REFERENCES campaign_link (campaign_id, idx) ON DELETE CASCADE
);

-- Which message clicked which link at least once: decides unique clickers per link.
CREATE TABLE message_link_click (
    message_id bigint NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    idx        int    NOT NULL,
    PRIMARY KEY (message_id, idx)
);

-- Messages captured by the built-in development SMTP inbox (herald demo).
CREATE TABLE dev_inbox_message (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    mail_from   text NOT NULL,
    rcpt_to     text NOT NULL,
    subject     text,
    raw         bytea NOT NULL
);
