-- Identities, users, roles, sessions, invitations, sign-in throttling and the mail outbox.

-- A login: one (namespace, email) pair. The password is NULL until an invitation is accepted.
CREATE TABLE identities (
    id               TEXT PRIMARY KEY,
    namespace        TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    password_hash    TEXT,
    created_at       BIGINT NOT NULL,
    UNIQUE (namespace, email_normalized)
);
CREATE INDEX identities_email ON identities (email_normalized);

-- An identity's membership of one org.
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id),
    identity_id     TEXT NOT NULL REFERENCES identities (id),
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('inactive', 'active', 'suspended')),
    portal_access   BIGINT NOT NULL CHECK (portal_access IN (0, 1)),
    created_at      BIGINT NOT NULL,
    last_sign_in_at BIGINT,
    UNIQUE (org_id, identity_id)
);
CREATE INDEX users_identity_id ON users (identity_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('super_admin', 'super_admin_read_only', 'dashboard_read_only')),
    PRIMARY KEY (user_id, role)
);

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    identity_id   TEXT NOT NULL REFERENCES identities (id),
    acting_org_id TEXT NOT NULL REFERENCES orgs (id),
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX sessions_identity_id ON sessions (identity_id);

-- Single-use links to set a password; the table holds only the token's SHA-256.
CREATE TABLE invitations (
    token_hash  TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities (id),
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- Failed sign-ins, per client address and per email, shared by every server instance.
CREATE TABLE sign_in_failures (
    bucket    TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_bucket ON sign_in_failures (bucket, failed_at);

-- Every message is written here in the transaction that causes it, then delivered (SMTP or
-- the local outbox directory) by a worker; a failed delivery stays here and is retried.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    recipient    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    lease_until  BIGINT,
    delivered_at BIGINT,
    attempts     BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, created_at);
