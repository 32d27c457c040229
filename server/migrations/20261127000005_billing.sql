-- Subscription history, org API tokens, unlock events and invoices.

CREATE TABLE subscription_changes (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    changed_at  BIGINT NOT NULL,
    changed_by  TEXT NOT NULL,
    from_plan   TEXT NOT NULL,
    from_currency TEXT NOT NULL,
    from_length TEXT NOT NULL,
    to_plan     TEXT NOT NULL,
    to_currency TEXT NOT NULL,
    to_length   TEXT NOT NULL
);
CREATE INDEX subscription_changes_org ON subscription_changes (org_id, changed_at);

-- Bearer tokens with which an org's door controllers (or the access platform) report unlocks.
-- Shown once at creation; only the SHA-256 is kept.
CREATE TABLE org_api_tokens (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX org_api_tokens_org ON org_api_tokens (org_id);

CREATE TABLE unlock_events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    occurred_at BIGINT NOT NULL,
    -- 'api' (a token) or 'bench_test' (the partner's Bench-test unlock).
    source      TEXT NOT NULL,
    door        TEXT,
    token_id    TEXT
);
CREATE INDEX unlock_events_org ON unlock_events (org_id, occurred_at);

-- One invoice per org and period, whatever number of billing workers run.
CREATE TABLE invoices (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs (id),
    number           TEXT NOT NULL UNIQUE,
    period_start     BIGINT NOT NULL,
    period_end       BIGINT NOT NULL,
    issued_at        BIGINT NOT NULL,
    plan             TEXT NOT NULL,
    currency         TEXT NOT NULL,
    plan_length      TEXT NOT NULL,
    amount_minor     BIGINT NOT NULL,
    billing_mode     TEXT NOT NULL,
    bill_to          TEXT NOT NULL,
    ap_email         TEXT NOT NULL,
    reference_number TEXT,
    UNIQUE (org_id, period_start)
);

-- Invoice numbers run without gaps per year: INV-2027-000001, ...
CREATE TABLE invoice_numbers (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);
