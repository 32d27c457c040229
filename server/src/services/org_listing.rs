//! The Manage Organizations read model: each child org's list row and search terms, rewritten
//! from the org's sources of truth by every write that changes what the row shows. Its own
//! module, so the modules that write orgs need not know each other to keep it current.

use partner_center_domain::catalog::{Currency, PackagePlan};
use partner_center_domain::trial::status_sort_key;
use partner_center_domain::users::full_name;
use partner_center_domain::validation::Slug;

use crate::db::listing::{self, ListingRow};
use crate::db::{billing, orgs, users, Conn, Error};
use crate::infra::clock::Millis;

/// What a child org's row is made of.
pub struct Sources {
    pub org_id: String,
    pub parent_id: String,
    pub name: String,
    pub slug: Slug,
    pub created_at: Millis,
    /// The first Super Admin's name and email.
    pub admin: Option<(String, String)>,
    pub plan: PackagePlan,
    pub currency: Currency,
    /// The trial's whole length, extension included.
    pub trial_days: i64,
    pub first_unlock_at: Option<Millis>,
    pub reference_number: Option<String>,
}

/// Writes the org's row from what the caller already has (a create, which just wrote it all).
pub async fn write(conn: &mut Conn, sources: Sources) -> Result<(), Error> {
    let (admin_name, admin_email) = sources.admin.unzip();
    let row = ListingRow {
        org_id: sources.org_id,
        parent_id: sources.parent_id,
        name: sources.name,
        slug: sources.slug,
        admin_name,
        admin_email,
        plan_rank: sources.plan as i64,
        plan: sources.plan,
        currency: sources.currency,
        trial_days: sources.trial_days,
        first_unlock_at: sources.first_unlock_at,
        status_key: status_sort_key(sources.first_unlock_at, sources.trial_days),
        reference_number: sources.reference_number,
        created_at: sources.created_at,
    };
    listing::upsert(conn, &row).await
}

/// Rewrites the org's row in Manage Organizations from its sources of truth; a top-level org
/// (a partner) has none.
pub async fn refresh(conn: &mut Conn, org_id: &str) -> Result<(), Error> {
    let org = orgs::find(conn, org_id).await?.ok_or(Error::RowNotFound)?;
    let Some(parent_id) = org.parent_id.clone() else {
        return Ok(());
    };
    let billing = billing::find_profile(conn, org_id).await?.ok_or(Error::RowNotFound)?;
    let subscription = billing::find_subscription(conn, org_id).await?.ok_or(Error::RowNotFound)?;
    let admin = users::first_super_admin(conn, org_id).await?;
    let sources = Sources {
        org_id: org.id,
        parent_id,
        name: org.name,
        slug: org.slug,
        created_at: org.created_at,
        admin: admin.map(|a| (full_name(&a.first_name, &a.last_name), a.email)),
        plan: subscription.plan,
        currency: subscription.currency,
        trial_days: billing.trial_length(),
        first_unlock_at: billing.first_unlock_at,
        reference_number: billing.reference_number,
    };
    write(conn, sources).await
}
