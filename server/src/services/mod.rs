//! The rules that need the database: each service opens its own transaction, writes what belongs
//! together (rows, the list's read model, the audit entry, mail) and answers what it did.

pub mod access_requests;
pub mod accounts;
pub mod audit;
pub mod billing_cycle;
pub mod child_orgs;
pub mod demo;
pub mod invitation_links;
pub mod lockouts;
pub mod maintenance;
pub mod memberships;
pub mod org_creation;
pub mod org_edits;
pub mod org_listing;
pub mod partner_overview;
pub mod partner_statement;
pub mod password_resets;
pub mod plan_changes;
pub mod sign_ins;
pub mod tokens;
pub mod trial_clock;
pub mod unlock_events;
pub mod user_edits;
