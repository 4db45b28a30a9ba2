-- name: upsert-admin
INSERT INTO app_user (name, role, token_sha256) VALUES ('admin', 'admin', :hash)
ON CONFLICT (name) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, role = 'admin';

-- name: insert-admin-if-absent
INSERT INTO app_user (name, role, token_sha256) VALUES ('admin', 'admin', :hash)
ON CONFLICT (name) DO NOTHING;

-- name: find-by-token-hash
SELECT id, name, role FROM app_user WHERE token_sha256 = :hash;
