-- The partner home: orgs awaiting their first unlock, oldest first (status_key is the largest
-- value while awaiting), and the newest invoices of a partner's children.
CREATE INDEX child_org_listing_awaiting ON child_org_listing (parent_id, status_key, created_at);
CREATE INDEX invoices_issued ON invoices (issued_at);
