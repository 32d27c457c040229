-- Manage Organizations copies each org's namespace from its row, so the listing carries the
-- org's slug (fixed at creation, like the org's id).
ALTER TABLE child_org_listing ADD COLUMN slug TEXT NOT NULL DEFAULT '';
UPDATE child_org_listing SET slug = (SELECT o.slug FROM orgs o WHERE o.id = child_org_listing.org_id);
