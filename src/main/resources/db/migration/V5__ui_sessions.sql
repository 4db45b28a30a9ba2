-- Admin UI sign-ins. The cookie holds a random session id; only its SHA-256 is stored, so a copy
-- of the database cannot be used to sign in. A session also remembers the hash of the token it
-- was opened with: replacing a user's token ends every UI session opened with the old one.
CREATE TABLE ui_session (
    id_sha256    text PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    token_sha256 text NOT NULL,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX ui_session_expires_idx ON ui_session (expires_at);
