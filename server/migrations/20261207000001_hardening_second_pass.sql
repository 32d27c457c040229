-- Second hardening pass.

-- A sign-in failure names the email it was for (in the buckets that concern one), so an org's
-- Super Admin can see a login's recent failures and clear them.
ALTER TABLE sign_in_failures ADD COLUMN email TEXT;
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, failed_at) WHERE email IS NOT NULL;

-- A message given up for good (the recipient's server refused it with a 5xx, or every attempt
-- failed): failed_at says when, last_error why, and it is never tried again.
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
-- The user an invitation is for, so the Users page can say it could not be delivered (only the
-- latest invitation of a user keeps it).
ALTER TABLE outbox ADD COLUMN about_user_id TEXT;
CREATE INDEX outbox_about_user ON outbox (about_user_id) WHERE about_user_id IS NOT NULL;
-- The queue is what is neither delivered nor given up.
DROP INDEX outbox_queue;
CREATE INDEX outbox_queue ON outbox (turn, created_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
DROP INDEX outbox_sender_waiting;
CREATE INDEX outbox_sender_waiting ON outbox (sender_org_id, turn) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- When an org last asked a login (namespace and email as typed) to join: at most once a day,
-- whether the request was answered, cancelled or is pending, and whether the login exists.
CREATE TABLE access_request_asks (
    org_id           TEXT NOT NULL REFERENCES orgs (id),
    namespace        TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    asked_at         BIGINT NOT NULL,
    PRIMARY KEY (org_id, namespace, email_normalized)
);
