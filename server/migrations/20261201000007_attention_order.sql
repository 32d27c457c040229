-- Manage Organizations opens in the "needs attention" order: ranges of the status index split
-- at the query's time, each ordered by trial end and then name (orgs awaiting their first
-- unlock share one key). The index carries the name so a page's ids come from it alone.
DROP INDEX child_org_listing_status;
CREATE INDEX child_org_listing_status ON child_org_listing (parent_id, status_key, name_key, org_id);
