-- name: create
INSERT INTO list (name) VALUES (:name)
ON CONFLICT ((lower(name))) DO NOTHING
RETURNING id;

-- name: get
SELECT l.id, l.name, l.created_at, l.tracking_consent_default,
       count(m.contact_id) AS members,
       count(m.contact_id) FILTER (WHERE c.status = 'active') AS active
FROM list l
LEFT JOIN list_member m ON m.list_id = l.id
LEFT JOIN contact c ON c.id = m.contact_id
WHERE l.id = :id
GROUP BY l.id;

-- name: find-by-name
SELECT l.id, l.name, l.created_at, l.tracking_consent_default,
       count(m.contact_id) AS members,
       count(m.contact_id) FILTER (WHERE c.status = 'active') AS active
FROM list l
LEFT JOIN list_member m ON m.list_id = l.id
LEFT JOIN contact c ON c.id = m.contact_id
WHERE lower(l.name) = lower(:name)
GROUP BY l.id;

-- name: all
SELECT l.id, l.name, l.created_at, l.tracking_consent_default,
       count(m.contact_id) AS members,
       count(m.contact_id) FILTER (WHERE c.status = 'active') AS active
FROM list l
LEFT JOIN list_member m ON m.list_id = l.id
LEFT JOIN contact c ON c.id = m.contact_id
GROUP BY l.id
ORDER BY l.id;

-- name: set-tracking-consent-default
UPDATE list SET tracking_consent_default = :consent WHERE id = :id;
