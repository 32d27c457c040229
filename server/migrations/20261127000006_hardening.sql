-- Hardening: idempotency keys per person and acting org, atomic sign-in throttling, mail that
-- forgets its secrets once delivered, and indexes for the purge job.

-- An Idempotency-Key belongs to one person acting in one org and lives 24 hours. The saved
-- answers are only retries' replays, so starting the new table empty loses nothing lasting.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    identity_id     TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status BIGINT NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (identity_id, org_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- A sign-in attempt reserves its failure before the password is checked, under the bucket's
-- lock row, so concurrent guesses cannot all slip under the limit; a success takes its
-- reservation back.
ALTER TABLE sign_in_failures ADD COLUMN attempt_id TEXT;
CREATE INDEX sign_in_failures_attempt ON sign_in_failures (attempt_id);
CREATE INDEX sign_in_failures_time ON sign_in_failures (failed_at);
CREATE TABLE throttle_locks (
    bucket TEXT PRIMARY KEY
);

-- Messages holding a secret (an invitation link) lose their body once delivered.
ALTER TABLE outbox ADD COLUMN secret BIGINT NOT NULL DEFAULT 0 CHECK (secret IN (0, 1));

CREATE INDEX invitations_identity_org ON invitations (identity_id, org_id);
CREATE INDEX invitations_expires ON invitations (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
CREATE INDEX sessions_created ON sessions (created_at);
