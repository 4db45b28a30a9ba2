-- Bounces, complaints and read receipts, and the suppression list every send checks.

-- Addresses and whole domains Herald never mails, whatever list they are on. Exactly one of
-- address and domain is set, both lower-case; a domain entry matches that exact domain (not its
-- subdomains). The campaign expansion and the send step look entries up by these unique indexes.
CREATE TABLE suppression (
    id         bigserial PRIMARY KEY,
    address    text,
    domain     text,
    reason     text NOT NULL,
    source     text NOT NULL CHECK (source IN ('bounce', 'complaint', 'manual')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((address IS NULL) <> (domain IS NULL)),
    CHECK (address = lower(address) AND domain = lower(domain))
);
CREATE UNIQUE INDEX suppression_address_key ON suppression (address) WHERE address IS NOT NULL;
CREATE UNIQUE INDEX suppression_domain_key ON suppression (domain) WHERE domain IS NOT NULL;

-- Every bounce, complaint and read receipt Herald received (or a relay's refusal reported at send
-- time), one row per recipient the report names. Nothing is dropped: a report that matches no
-- message keeps message_id NULL for an admin to look at, and one that cannot be parsed keeps its
-- raw bytes and the error.
CREATE TABLE bounce (
    id             bigserial PRIMARY KEY,
    received_at    timestamptz NOT NULL DEFAULT now(),
    source         text NOT NULL CHECK (source IN ('smtp', 'imap', 'pop3', 'relay')),
    format         text NOT NULL,    -- dsn, arf, mdn, qmail, exim, exchange, gmail, smtp-reply, unknown
    raw            bytea,            -- the report as received, cut at 1 MiB
    raw_size       int  NOT NULL,
    recipient      text,             -- Final-Recipient or the address a text bounce names
    status         text,             -- enhanced status code (RFC 3463), e.g. 5.1.1
    action         text,             -- DSN Action, ARF Feedback-Type or MDN Disposition
    diagnostic     text,
    remote_mta     text,
    classification text NOT NULL CHECK (classification IN ('hard', 'soft', 'policy', 'unknown', 'delayed', 'delivered',
                                                           'complaint', 'feedback', 'read', 'receipt', 'unparsed')),
    outcome        text NOT NULL,    -- what Herald did about it, for the admin
    error          text,             -- why the report could not be parsed
    message_id     bigint REFERENCES message (id) ON DELETE SET NULL,
    contact_id     bigint REFERENCES contact (id) ON DELETE SET NULL
);
CREATE INDEX bounce_received_idx ON bounce (received_at);
CREATE INDEX bounce_unmatched_idx ON bounce (received_at) WHERE message_id IS NULL;
-- Counting a contact's recent soft bounces.
CREATE INDEX bounce_contact_idx ON bounce (contact_id, received_at) WHERE contact_id IS NOT NULL;
CREATE INDEX bounce_message_idx ON bounce (message_id) WHERE message_id IS NOT NULL;

-- A bounce or complaint carrying the original message's X-Herald-Message (or its Message-ID,
-- which is built from the same id) is matched through this index when the VERP token is missing.
CREATE INDEX message_network_id_idx ON message (network_message_id);

-- A read receipt (MDN, RFC 8098) with disposition "displayed": the first one's time.
ALTER TABLE message ADD COLUMN read_confirmed_at timestamptz;

-- The campaign asks recipients' mail programs for read receipts (Disposition-Notification-To).
ALTER TABLE campaign ADD COLUMN request_read_receipt boolean NOT NULL DEFAULT false;
