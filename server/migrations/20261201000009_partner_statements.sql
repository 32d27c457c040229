-- The partner a partner-invoiced invoice was billed to, kept with the invoice (NULL when the
-- customer is invoiced directly): the partner statement reads a partner's invoices of a month
-- as one index range, totals included, without visiting its child orgs.
ALTER TABLE invoices ADD COLUMN billed_partner_id TEXT REFERENCES orgs (id);
UPDATE invoices SET billed_partner_id = (SELECT parent_id FROM orgs WHERE orgs.id = invoices.org_id)
    WHERE billing_mode = 'partner_invoiced';
CREATE INDEX invoices_billed_partner ON invoices (billed_partner_id, issued_at, currency, amount_minor);
