-- name: find
SELECT value FROM setting WHERE key = :key;

-- name: insert-if-absent
INSERT INTO setting (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING;

-- name: upsert
INSERT INTO setting (key, value) VALUES (:key, :value)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now();
