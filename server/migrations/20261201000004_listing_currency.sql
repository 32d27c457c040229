-- Manage Organizations filters by currency: the list row carries the subscription's. The
-- plan and status filters use the columns (and the status index) the list already has.
ALTER TABLE child_org_listing ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
UPDATE child_org_listing
   SET currency = (SELECT s.currency FROM subscriptions s WHERE s.org_id = child_org_listing.org_id)
 WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.org_id = child_org_listing.org_id);
