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
-- Keeps two children of one partner from sharing a name, whatever the letter case.
CREATE UNIQUE INDEX child_org_listing_unique_name ON child_org_listing (parent_id, name_key);
-- The sort indexes end in org_id, so a page's ids come from the index alone (deep offsets
-- walk index entries, not table rows); the page's rows are then fetched by id.
CREATE INDEX child_org_listing_name ON child_org_listing (parent_id, name_key, org_id);
CREATE INDEX child_org_listing_admin ON child_org_listing (parent_id, admin_key, org_id);
CREATE INDEX child_org_listing_status ON child_org_listing (parent_id, status_key, org_id);
CREATE INDEX child_org_listing_plan ON child_org_listing (parent_id, plan_rank, org_id);
CREATE INDEX child_org_listing_created ON child_org_listing (parent_id, created_at, org_id);

-- How many children each partner has, kept with the list rows: counting 100,000 index
-- entries on every page view would cost more than the page itself.
CREATE TABLE child_org_counts (
    parent_id TEXT PRIMARY KEY REFERENCES orgs (id),
    children  BIGINT NOT NULL
);

-- Word-prefix search over name, Super Admin and reference number (see domain::search). Each
-- term row repeats its org's sort keys, and one index holds them all: a search reads a
-- contiguous range of that index and sorts it, without visiting the list rows one by one.
CREATE TABLE child_org_search_terms (
    parent_id  TEXT NOT NULL,
    term       TEXT NOT NULL,
    org_id     TEXT NOT NULL REFERENCES orgs (id),
    name_key   TEXT NOT NULL,
    admin_key  TEXT NOT NULL,
    status_key BIGINT NOT NULL,
    plan_rank  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (parent_id, term, org_id)
);
CREATE INDEX child_org_search_terms_covering ON child_org_search_terms
    (parent_id, term, org_id, name_key, admin_key, status_key, plan_rank, created_at);
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
