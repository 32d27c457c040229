-- The audit log: one row per change, written in the change's own transaction, never updated.
-- Actor and org names are copied in, so an entry still reads right after a rename or when
-- the actor's membership is gone.
CREATE TABLE audit_entries (
    id              TEXT PRIMARY KEY,
    at              BIGINT NOT NULL,
    -- The org the change happened in.
    org_id          TEXT NOT NULL,
    org_name        TEXT NOT NULL,
    -- The org the actor was acting in (a partner acting on its child: the partner).
    acting_org_id   TEXT,
    actor_identity_id TEXT,
    actor           TEXT NOT NULL,
    actor_namespace TEXT,
    via             TEXT,
    action          TEXT NOT NULL,
    target          TEXT NOT NULL,
    -- JSON array of {field, before, after}.
    changes         TEXT NOT NULL
);
CREATE INDEX audit_entries_org ON audit_entries (org_id, at, id);
CREATE INDEX audit_entries_acting_org ON audit_entries (acting_org_id, at, id);
CREATE INDEX audit_entries_at ON audit_entries (at);
