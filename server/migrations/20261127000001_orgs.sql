-- Portable SQL: the same file migrates SQLite and PostgreSQL (sqlx's Any driver).
-- Times are Unix milliseconds (BIGINT); ids are random text, never sequential; flags are
-- BIGINT 0/1 (sqlx's Any driver cannot read SQLite's BOOLEAN columns).
CREATE TABLE orgs (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    parent_id    TEXT REFERENCES orgs (id),
    is_partner   BIGINT NOT NULL DEFAULT 0 CHECK (is_partner IN (0, 1)),
    billing_mode TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE INDEX orgs_parent_id ON orgs (parent_id);
