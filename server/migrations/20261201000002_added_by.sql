-- Who added each user (a person's name, as the Partner access panel shows it). Users added
-- before this change have none recorded.
ALTER TABLE users ADD COLUMN added_by TEXT;
