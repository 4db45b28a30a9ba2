-- name: find-by-email
SELECT id, email, first_name, last_name, company, country, language, timezone, attributes::text AS attributes,
       status, created_at, tracking_consent
FROM contact
WHERE lower(email) = lower(:email);

-- name: set-tracking-consent
UPDATE contact SET tracking_consent = :consent, updated_at = now()
WHERE lower(email) = lower(:email);

-- name: unsubscribe
UPDATE contact SET status = 'unsubscribed', status_changed_at = now(), updated_at = now()
WHERE id = :id AND status = 'active';

-- name: create-staging
-- The accepted rows of one import, in file order; dropped with the transaction that merges them.
CREATE TEMPORARY TABLE import_row (
    line       bigint NOT NULL,
    email      text   NOT NULL,
    first_name text,
    last_name  text,
    company    text,
    country    text,
    language   text,
    timezone   text,
    attributes jsonb  NOT NULL,
    tracking_consent text
) ON COMMIT DROP;

-- name: copy-staging
COPY import_row (line, email, first_name, last_name, company, country, language, timezone, attributes, tracking_consent) FROM STDIN;

-- name: drop-erased-staged
-- Erased people are never imported again: their rows leave the staging table and are reported
-- (by line) as rejected. One hash per distinct address, compared along the suppression's unique index.
DELETE FROM import_row r
WHERE EXISTS (SELECT 1 FROM suppression WHERE address_hash IS NOT NULL) -- once per statement: no hashing while nobody was erased
  AND EXISTS (SELECT 1 FROM suppression s
              WHERE s.address_hash = erased_address_hash(r.email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key)))
RETURNING r.line;

-- name: tune-staging
-- The merge sorts every staged row; with the default 4 MB it spills to disk past a few ten thousand.
SET LOCAL work_mem = '64MB';

-- name: upsert-staged
-- Rows of one address are folded in file order (a later non-blank cell wins, a blank one keeps the
-- earlier value), then upserted: blank cells never erase stored values, attributes are merged key
-- by key, and status is never touched, so an import cannot resubscribe anyone. A contact whose
-- values would not change is not rewritten, so re-importing the same file leaves no dead rows.
-- (xmax = 0) holds for rows this statement inserted.
WITH merged AS (
    SELECT lower(email) AS email_key,
           (array_agg(email ORDER BY line DESC))[1] AS email,
           (array_agg(first_name ORDER BY line DESC) FILTER (WHERE first_name IS NOT NULL))[1] AS first_name,
           (array_agg(last_name ORDER BY line DESC) FILTER (WHERE last_name IS NOT NULL))[1] AS last_name,
           (array_agg(company ORDER BY line DESC) FILTER (WHERE company IS NOT NULL))[1] AS company,
           (array_agg(country ORDER BY line DESC) FILTER (WHERE country IS NOT NULL))[1] AS country,
           (array_agg(language ORDER BY line DESC) FILTER (WHERE language IS NOT NULL))[1] AS language,
           (array_agg(timezone ORDER BY line DESC) FILTER (WHERE timezone IS NOT NULL))[1] AS timezone,
           jsonb_merge_agg(attributes ORDER BY line) AS attributes,
           (array_agg(tracking_consent ORDER BY line DESC) FILTER (WHERE tracking_consent IS NOT NULL))[1] AS tracking_consent
    FROM import_row
    GROUP BY lower(email)
),
upserted AS (
    INSERT INTO contact AS c (email, first_name, last_name, company, country, language, timezone, attributes, tracking_consent)
    SELECT email, first_name, last_name, company, country, language, timezone, attributes, coalesce(tracking_consent, 'unknown')
    FROM merged
    ORDER BY email_key -- one lock order for all imports, so that two concurrent ones cannot deadlock
    ON CONFLICT ((lower(email))) DO UPDATE SET
        first_name = COALESCE(EXCLUDED.first_name, c.first_name),
        last_name  = COALESCE(EXCLUDED.last_name, c.last_name),
        company    = COALESCE(EXCLUDED.company, c.company),
        country    = COALESCE(EXCLUDED.country, c.country),
        language   = COALESCE(EXCLUDED.language, c.language),
        timezone   = COALESCE(EXCLUDED.timezone, c.timezone),
        attributes = c.attributes || EXCLUDED.attributes,
        updated_at = now()
    WHERE (c.first_name, c.last_name, c.company, c.country, c.language, c.timezone, c.attributes)
          IS DISTINCT FROM
          (COALESCE(EXCLUDED.first_name, c.first_name), COALESCE(EXCLUDED.last_name, c.last_name),
           COALESCE(EXCLUDED.company, c.company), COALESCE(EXCLUDED.country, c.country),
           COALESCE(EXCLUDED.language, c.language), COALESCE(EXCLUDED.timezone, c.timezone),
           c.attributes || EXCLUDED.attributes)
    RETURNING (c.xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM merged) AS contacts,
       (SELECT count(*) FROM upserted WHERE inserted) AS imported;

-- name: set-staged-consent
-- The consent column apart from the upsert, which cannot tell a blank cell (keep what is recorded)
-- from a value once the insert has defaulted it to 'unknown'. The last non-blank cell of an address wins.
UPDATE contact c SET tracking_consent = s.consent, updated_at = now()
FROM (SELECT lower(email) AS email_key, (array_agg(tracking_consent ORDER BY line DESC))[1] AS consent
      FROM import_row WHERE tracking_consent IS NOT NULL
      GROUP BY lower(email)) s
WHERE lower(c.email) = s.email_key AND c.tracking_consent <> s.consent;

-- name: add-staged-to-list
-- A statement of its own: it must see the contacts the upsert just inserted, and any that a
-- concurrent import committed meanwhile, which the upsert left untouched.
INSERT INTO list_member (list_id, contact_id)
SELECT :listId, c.id
FROM (SELECT DISTINCT lower(email) AS email_key FROM import_row) staged
JOIN contact c ON lower(c.email) = staged.email_key
ON CONFLICT DO NOTHING;

-- name: mark-bounced
-- A hard bounce (or too many soft ones) takes an active contact out of the audience; an
-- unsubscribed or complained contact keeps the status the person chose.
UPDATE contact SET status = 'bounced', status_changed_at = now(), updated_at = now()
WHERE id = :id AND status = 'active';

-- name: mark-complained
-- A complaint is the strongest signal a person gives, so it overrides every other status.
UPDATE contact SET status = 'complained', status_changed_at = now(), updated_at = now()
WHERE id = :id AND status <> 'complained';

-- name: reactivate-bounced
-- Lifting an address's suppression makes a contact that was only out because it bounced active again.
UPDATE contact SET status = 'active', status_changed_at = now(), updated_at = now()
WHERE lower(email) = :address AND status = 'bounced';
