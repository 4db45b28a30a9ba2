-- name: insert
INSERT INTO suppression (address, domain, reason, source)
VALUES (:address, :domain, :reason, :source)
ON CONFLICT DO NOTHING
RETURNING id, address, domain, reason, source, created_at;

-- name: find-entry
SELECT id, address, domain, reason, source, created_at
FROM suppression
WHERE address = :address OR domain = :domain;

-- name: find
SELECT id, address, domain, reason, source, created_at FROM suppression WHERE id = :id;

-- name: list
SELECT id, address, domain, reason, source, created_at
FROM suppression
WHERE address_hash IS NULL -- erased people: nothing to show but a hash
  AND (CAST(:search AS text) IS NULL
   OR strpos(coalesce(address, '@' || domain), lower(CAST(:search AS text))) > 0)
ORDER BY created_at DESC, id DESC
OFFSET :offset LIMIT :limit;

-- name: delete
DELETE FROM suppression WHERE id = :id
RETURNING id, address, domain, reason, source, created_at;

-- name: matching
-- The same rule as the campaign expansion and the send step (delivery's SQL): the lower-case
-- address, or the exact domain after its @.
SELECT id, address, domain, reason, source, created_at
FROM suppression
WHERE address = lower(:email) OR domain = lower(split_part(:email, '@', 2))
   OR address_hash = erased_address_hash(:email, (SELECT ipad FROM erasure_key), (SELECT opad FROM erasure_key))
ORDER BY address IS NULL, domain IS NULL, id
LIMIT 1;
