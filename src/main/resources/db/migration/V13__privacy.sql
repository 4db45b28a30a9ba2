-- Privacy controls: tracking consent per contact (with a default per list), what a campaign
-- tracks, and erased addresses kept on the suppression list only as a keyed hash.

-- 'unknown' means the contact's consent was never recorded; what that means for tracking is the
-- list's tracking_consent_default, or (NULL there) the tracking.consent_default setting.
ALTER TABLE contact ADD COLUMN tracking_consent text NOT NULL DEFAULT 'unknown'
    CHECK (tracking_consent IN ('on', 'off', 'unknown'));
ALTER TABLE list ADD COLUMN tracking_consent_default text CHECK (tracking_consent_default IN ('on', 'off'));

-- anonymous: only aggregate counters (campaign, link, minute, machine kind, mail client) are kept,
-- never an event row or a counter tied to one message.
ALTER TABLE campaign
    ADD COLUMN track_opens  boolean NOT NULL DEFAULT true,
    ADD COLUMN track_clicks boolean NOT NULL DEFAULT true,
    ADD COLUMN anonymous    boolean NOT NULL DEFAULT false;

-- The key of the address hash, made once here. It lives in the database on purpose: the hashes are
-- useless without it, so it must travel with every backup and every node (a key in a config file that
-- got lost or changed would quietly let erased people be mailed again).
-- ipad/opad are the key XOR 0x36 / 0x5c, padded to SHA-256's 64-byte block, as HMAC (RFC 2104) uses
-- them; with them the hash is plain SQL on the built-in sha256(), no extension needed.
CREATE TABLE erasure_key (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    ipad bytea NOT NULL CHECK (length(ipad) = 64),
    opad bytea NOT NULL CHECK (length(opad) = 64)
);
WITH k AS (
    -- 32 random bytes (two random UUIDs, 244 random bits), then 32 zero bytes of padding
    SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || decode(repeat('00', 32), 'hex') AS key
)
INSERT INTO erasure_key (ipad, opad)
SELECT decode(string_agg(lpad(to_hex(get_byte(k.key, i) # 54), 2, '0'), '' ORDER BY i), 'hex'),
       decode(string_agg(lpad(to_hex(get_byte(k.key, i) # 92), 2, '0'), '' ORDER BY i), 'hex')
FROM k, generate_series(0, 63) AS i
GROUP BY k.key;

-- HMAC-SHA256 of the lower-case address under the erasure key. Callers pass the pads as
-- (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key): read once per statement, and the
-- function (no FROM of its own) is inlined, so a campaign expansion pays two sha256() per contact.
CREATE FUNCTION erased_address_hash(email text, ipad bytea, opad bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(opad || sha256(ipad || convert_to(lower(email), 'UTF8')))
$$;

-- An erased person: neither address nor domain, only the hash.
ALTER TABLE suppression ADD COLUMN address_hash bytea;
ALTER TABLE suppression DROP CONSTRAINT suppression_check;
ALTER TABLE suppression ADD CONSTRAINT suppression_one_target
    CHECK (num_nonnulls(address, domain, address_hash) = 1);
ALTER TABLE suppression DROP CONSTRAINT suppression_source_check;
ALTER TABLE suppression ADD CONSTRAINT suppression_source_check
    CHECK (source IN ('bounce', 'complaint', 'manual', 'erasure'));
CREATE UNIQUE INDEX suppression_address_hash_key ON suppression (address_hash) WHERE address_hash IS NOT NULL;

-- The retention job deletes events by age across all campaigns.
CREATE INDEX tracking_event_time_idx ON tracking_event (occurred_at);

-- A contact's data export and erasure find its messages by address (test sends to a person who is
-- not, or no longer, a contact have no contact_id).
CREATE INDEX message_email_idx ON message (lower(email));
