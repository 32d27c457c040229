-- Child orgs: billing profiles, subscriptions, the Manage Organizations read model, and
-- idempotency keys for creating them.

-- Optimistic concurrency for an org's own information.
ALTER TABLE orgs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE billing_profiles (
    org_id           TEXT PRIMARY KEY REFERENCES orgs (id),
    billing_mode     TEXT NOT NULL,
    ap_email         TEXT NOT NULL,
    trial_days       BIGINT NOT NULL CHECK (trial_days BETWEEN 1 AND 21),
    reference_number TEXT,
    -- The first unlock (bench-testing included) starts the trial; NULL until then.
    first_unlock_at  BIGINT,
    version          BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE subscriptions (
    org_id      TEXT PRIMARY KEY REFERENCES orgs (id),
    plan        TEXT NOT NULL,
    currency    TEXT NOT NULL,
    plan_length TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);

-- One row per child org with every column Manage Organizations shows, sorts or searches on,
-- rewritten (in the same transaction) whenever one of its sources changes. Each sort has its
-- own index, so a page is an index walk whatever the column.
CREATE TABLE child_org_listing (
    org_id           TEXT PRIMARY KEY REFERENCES orgs (id),
    parent_id        TEXT NOT NULL REFERENCES orgs (id),
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    admin_name       TEXT,
    admin_email      TEXT,
    admin_key        TEXT NOT NULL,
    plan             TEXT NOT NULL,
    plan_rank        BIGINT NOT NULL,
    trial_days       BIGINT NOT NULL,
    first_unlock_at  BIGINT,
    status_key       BIGINT NOT NULL,
    reference_number TEXT,
    created_at       BIGINT NOT NULL
);
-- Also what keeps two children of one partner from sharing a name, whatever the letter case.
CREATE UNIQUE INDEX child_org_listing_name ON child_org_listing (parent_id, name_key);
CREATE INDEX child_org_listing_admin ON child_org_listing (parent_id, admin_key, org_id);
CREATE INDEX child_org_listing_status ON child_org_listing (parent_id, status_key, org_id);
CREATE INDEX child_org_listing_plan ON child_org_listing (parent_id, plan_rank, org_id);
CREATE INDEX child_org_listing_created ON child_org_listing (parent_id, created_at, org_id);

-- Word-prefix search over name, Super Admin and reference number (see domain::search).
CREATE TABLE child_org_search_terms (
    parent_id TEXT NOT NULL,
    term      TEXT NOT NULL,
    org_id    TEXT NOT NULL REFERENCES orgs (id),
    PRIMARY KEY (parent_id, term, org_id)
);
CREATE INDEX child_org_search_terms_org ON child_org_search_terms (org_id);

-- A create request's key and its first answer, replayed for retries of the same request.
CREATE TABLE idempotency_keys (
    identity_id     TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status BIGINT NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (identity_id, idempotency_key)
);
