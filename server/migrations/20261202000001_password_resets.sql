-- "Forgot password?". A request keeps only the email that was typed: the mail worker looks the
-- logins up later, so the request's answer cannot tell whether any exist.
CREATE TABLE password_reset_requests (
    id               TEXT PRIMARY KEY,
    email_normalized TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    mailed_at        BIGINT
);
CREATE INDEX password_reset_requests_unmailed ON password_reset_requests (created_at) WHERE mailed_at IS NULL;

-- The single-use links to choose a new password, one per login, kept as digests of the token.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_identity ON password_resets (identity_id);
CREATE INDEX password_resets_expires ON password_resets (expires_at);
