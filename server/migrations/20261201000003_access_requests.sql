-- Requests to join an org, sent to a login of a namespace unrelated to it. Until the login's
-- holder answers, the org knows only what it typed: the row names the login by namespace and
-- email, never by identity, so nothing here depends on whether that login exists.
CREATE TABLE access_requests (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs (id),
    namespace        TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    portal_access    BIGINT NOT NULL CHECK (portal_access IN (0, 1)),
    -- Role keys, comma-separated, sorted.
    roles            TEXT NOT NULL,
    requested_by     TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    -- When the mail worker looked the login up (and wrote to it, if it exists). The request
    -- itself never looks, so its answer cannot tell.
    mailed_at        BIGINT,
    UNIQUE (org_id, namespace, email_normalized)
);
CREATE INDEX access_requests_login ON access_requests (namespace, email_normalized);
CREATE INDEX access_requests_unmailed ON access_requests (created_at) WHERE mailed_at IS NULL;
