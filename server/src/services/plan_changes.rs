//! Changing a child org's plan: the rules of the change (from the domain crate), the write, and
//! the history entry the Subscriptions tab lists, together in one transaction.

use partner_center_domain::api::FieldError;
use partner_center_domain::audit::{AuditAction, FieldChange};
use partner_center_domain::subscription::{check_change, SubscriptionChange};
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::users::full_name;

use crate::auth::Actor;
use crate::db::billing::{self, ChangeRow};
use crate::db::orgs::OrgRow;
use crate::db::{Conn, Database};
use crate::infra::clock::Millis;
use crate::infra::secrets::new_id;
use crate::services::audit::{self, Change, Doer};
use crate::services::org_listing;

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeRefusal {
    #[error("the org has no subscription")]
    NotFound,
    #[error("someone else's change came first")]
    Stale,
    /// The change breaks a rule of the domain (currency fixed, nothing changed).
    #[error("the change breaks a rule")]
    Rule(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

/// Applies `change` to `org`'s subscription on behalf of `actor`, in one transaction,
/// with its history entry, its audit entry and the org's list row.
pub async fn apply(
    db: &Database,
    org: &OrgRow,
    change: &SubscriptionChange,
    actor: &Actor,
    now: Millis,
) -> Result<(), ChangeRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let org_id = org.id.as_str();
    let current = billing::find_subscription_version(conn, org_id).await?.ok_or(ChangeRefusal::NotFound)?;
    let profile = billing::find_profile(conn, org_id).await?.ok_or(ChangeRefusal::NotFound)?;
    if current.version != change.version {
        return Err(ChangeRefusal::Stale);
    }
    let from = current.subscription.choice();
    check_change(&from, &change.choice, &TrialStatus::at(profile.first_unlock_at, profile.trial_length(), now))
        .map_err(ChangeRefusal::Rule)?;
    if !billing::change_subscription(conn, org_id, change.version, &change.choice).await? {
        return Err(ChangeRefusal::Stale);
    }
    let changed_by = full_name(&actor.user.first_name, &actor.user.last_name);
    billing::record_change(conn, &new_id(), org_id, &ChangeRow::new(now, changed_by, from, change.choice)).await?;
    let entry = Change::new(org_id, AuditAction::PlanChanged, &org.name).with([FieldChange::of(
        "plan",
        from.describe(),
        change.choice.describe(),
    )]);
    audit::record(conn, &Doer::signed_in(actor), &entry, now).await?;
    org_listing::refresh(conn, org_id).await?;
    tx.commit().await?;
    Ok(())
}
