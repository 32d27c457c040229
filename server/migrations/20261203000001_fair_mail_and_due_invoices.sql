-- Mail that keeps up and is fair, and a billing pass that reads only what is due.

-- The org whose people's action queued a message (NULL for the console's own mail: invoices,
-- reminders, password resets). Each sender's messages take turns with every other sender's:
-- `turn` is given at enqueue, one past the sender's last waiting message (or past the oldest
-- waiting turn when it has none), so a bulk sender's thousands do not hold back anyone's one.
ALTER TABLE outbox ADD COLUMN sender_org_id TEXT;
ALTER TABLE outbox ADD COLUMN turn BIGINT NOT NULL DEFAULT 0;
-- A failing domain is backed off as a whole, so the domain is kept apart from the address.
ALTER TABLE outbox ADD COLUMN recipient_domain TEXT NOT NULL DEFAULT '';
-- Portable "everything after the last @": rtrim by the set of the address's other characters
-- leaves "local@", whose length is where the domain starts (SQLite has instr, PostgreSQL strpos,
-- neither both).
UPDATE outbox SET recipient_domain = lower(substr(recipient, length(rtrim(recipient, replace(recipient, '@', ''))) + 1))
 WHERE delivered_at IS NULL;
CREATE INDEX outbox_queue ON outbox (turn, created_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_sender_waiting ON outbox (sender_org_id, turn) WHERE delivered_at IS NULL;
-- The queue is read in turn order now; the old (delivered_at, created_at) index only tempted
-- SQLite into sorting every waiting message for each batch.
DROP INDEX outbox_pending;

-- How much mail each org's people have caused per clock hour, for its hourly limit.
CREATE TABLE mail_volume (
    org_id     TEXT NOT NULL,
    hour_start BIGINT NOT NULL,
    messages   BIGINT NOT NULL,
    PRIMARY KEY (org_id, hour_start)
);

-- Recipient domains whose server refused or failed: nothing goes to them before retry_at.
CREATE TABLE mail_domain_backoff (
    domain   TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    retry_at BIGINT NOT NULL
);

-- When the org's next invoice period begins, kept by every change that moves it, so the billing
-- pass reads the orgs that are due instead of every org past its trial. It may be earlier than
-- the truth (the pass then finds nothing to issue and stores the right time), never later.
-- Here the trial's end stands in for orgs already invoiced; their first pass corrects it.
ALTER TABLE billing_profiles ADD COLUMN next_invoice_at BIGINT;
UPDATE billing_profiles SET next_invoice_at = first_unlock_at + (trial_days + trial_extension_days) * 86400000
 WHERE first_unlock_at IS NOT NULL;
CREATE INDEX billing_profiles_next_invoice ON billing_profiles (next_invoice_at, org_id) WHERE next_invoice_at IS NOT NULL;
