-- Optimistic concurrency for edits of a user (roles, Portal Access, suspension).
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
