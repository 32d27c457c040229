-- A trial extends once: the key refuses a second extension, even two at the same moment.
-- Its days are also kept beside the initial trial period, so everything that follows the
-- trial's end (status, reminders, the first invoice) reads the new end from the profile.
ALTER TABLE billing_profiles ADD COLUMN trial_extension_days BIGINT NOT NULL DEFAULT 0;

CREATE TABLE trial_extensions (
    org_id       TEXT PRIMARY KEY REFERENCES orgs (id),
    days         BIGINT NOT NULL CHECK (days BETWEEN 1 AND 14),
    reason       TEXT NOT NULL,
    previous_end BIGINT NOT NULL,
    extended_by  TEXT NOT NULL,
    extended_at  BIGINT NOT NULL
);

-- Each reminder goes out once per trial end: a second server's copy of the same reminder
-- conflicts on the key and sends nothing. A new end (after an extension) has its own.
CREATE TABLE trial_reminders (
    org_id        TEXT NOT NULL REFERENCES orgs (id),
    trial_ends_at BIGINT NOT NULL,
    days_before   BIGINT NOT NULL,
    sent_at       BIGINT NOT NULL,
    -- Addresses, comma-separated, as mailed.
    recipients    TEXT NOT NULL,
    PRIMARY KEY (org_id, trial_ends_at, days_before)
);

-- Trials ending within the week, across every partner: what the reminder pass reads.
CREATE INDEX child_org_listing_trial_end ON child_org_listing (status_key);
