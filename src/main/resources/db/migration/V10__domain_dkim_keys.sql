-- Sending domains and their DKIM keys (herald domain add). The private keys are stored here as
-- unencrypted PKCS#8 DER: whoever can read this database or its backups can sign mail as these
-- domains, so protect both as you protect the mail server's keys.
CREATE TABLE sending_domain (
    domain     text        PRIMARY KEY CHECK (domain = lower(domain)),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dkim_key (
    domain       text        NOT NULL REFERENCES sending_domain (domain) ON DELETE CASCADE,
    selector     text        NOT NULL,
    algorithm    text        NOT NULL CHECK (algorithm IN ('rsa-sha256', 'ed25519-sha256')),
    status       text        NOT NULL CHECK (status IN ('pending', 'active', 'retired')),
    private_key  bytea       NOT NULL,
    public_key   bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    retired_at   timestamptz,
    -- the selector names the DNS record, so it is unique within the domain whatever the algorithm
    PRIMARY KEY (domain, selector)
);

-- at most one key per algorithm signs a domain's mail
CREATE UNIQUE INDEX dkim_key_one_active ON dkim_key (domain, algorithm) WHERE status = 'active';
