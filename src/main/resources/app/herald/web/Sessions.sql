-- name: insert
INSERT INTO ui_session (id_sha256, user_id, token_sha256, csrf_token, expires_at)
SELECT :id, u.id, u.token_sha256, :csrf, now() + make_interval(secs => :seconds)
FROM app_user u WHERE u.id = :user_id;

-- name: find
SELECT u.id, u.name, u.role, s.csrf_token
FROM ui_session s JOIN app_user u ON u.id = s.user_id AND u.token_sha256 = s.token_sha256
WHERE s.id_sha256 = :id AND s.expires_at > now();

-- name: delete
DELETE FROM ui_session WHERE id_sha256 = :id;

-- name: delete-expired
DELETE FROM ui_session WHERE expires_at <= now();
