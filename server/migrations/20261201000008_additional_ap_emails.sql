-- Up to four more Accounts Payable addresses per org, one per line (an address holds no line
-- break). The invoice keeps the addresses it was mailed to, as it keeps the first.
ALTER TABLE billing_profiles ADD COLUMN additional_ap_emails TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN additional_ap_emails TEXT NOT NULL DEFAULT '';
