-- name: insert-domain
INSERT INTO sending_domain (domain) VALUES (:domain) ON CONFLICT (domain) DO NOTHING;

-- name: lock-domain
SELECT domain FROM sending_domain WHERE domain = :domain FOR UPDATE;

-- name: has-active
SELECT EXISTS (SELECT 1 FROM dkim_key WHERE domain = :domain AND algorithm = :algorithm AND status = 'active');

-- name: selector-taken
SELECT EXISTS (SELECT 1 FROM dkim_key WHERE domain = :domain AND selector = :selector);

-- name: insert-key
INSERT INTO dkim_key (domain, selector, algorithm, status, private_key, public_key, activated_at)
VALUES (:domain, :selector, :algorithm, :status, :private_key, :public_key,
        CASE WHEN :status = 'active' THEN now() END);

-- name: keys
SELECT domain, selector, algorithm, status, private_key, public_key, created_at
FROM dkim_key
WHERE domain = :domain
ORDER BY created_at, algorithm = 'ed25519-sha256', selector;

-- name: active-keys
-- the active keys of the given domains; the caller picks the most specific domain
SELECT domain, selector, algorithm, status, private_key, public_key, created_at
FROM dkim_key
WHERE domain = ANY(:domains) AND status = 'active'
ORDER BY domain, algorithm;

-- name: domains
SELECT domain FROM sending_domain ORDER BY domain;

-- name: key-algorithm
SELECT algorithm FROM dkim_key WHERE domain = :domain AND selector = :selector FOR UPDATE;

-- name: retire-active
UPDATE dkim_key SET status = 'retired', retired_at = now()
WHERE domain = :domain AND algorithm = :algorithm AND status = 'active' AND selector <> :selector;

-- name: activate
UPDATE dkim_key SET status = 'active', activated_at = now(), retired_at = NULL
WHERE domain = :domain AND selector = :selector;

-- name: retire
UPDATE dkim_key SET status = 'retired', retired_at = now()
WHERE domain = :domain AND selector = :selector AND status <> 'retired';

-- name: delete-domain
DELETE FROM sending_domain WHERE domain = :domain;
