//! The Manage Organizations read model: each child org's list row and search terms, rewritten
//! from the org's sources of truth by every write that changes what the row shows. Its own
//! module, so the modules that write orgs need not know each other to keep it current.

use partner_center_domain::catalog::PackagePlan;
use partner_center_domain::trial::status_sort_key;
use partner_center_domain::users::full_name;

use crate::db::listing::{self, ListingRow};
use crate::db::{billing, orgs, users, Conn, Error};

fn plan_rank(plan: PackagePlan) -> i64 {
    plan as i64
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
    let row = ListingRow {
        org_id: org.id,
        parent_id,
        name: org.name,
        slug: org.slug,
        admin_name: admin.as_ref().map(|a| full_name(&a.first_name, &a.last_name)),
        admin_email: admin.map(|a| a.email),
        plan_rank: plan_rank(subscription.plan),
        plan: subscription.plan,
        currency: subscription.currency,
        trial_days: billing.trial_length(),
        first_unlock_at: billing.first_unlock_at,
        status_key: status_sort_key(billing.first_unlock_at, billing.trial_length()),
        reference_number: billing.reference_number,
        created_at: org.created_at,
    };
    listing::upsert(conn, &row).await
}
