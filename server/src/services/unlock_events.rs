//! Unlocks as they are recorded: the partner's bench test of a child org's door, and a door
//! reporting with its org's API token. Each in one transaction with its audit entry; the first
//! unlock of an org starts its trial (`billing_cycle::record_unlock`).

use partner_center_domain::audit::AuditAction;
use partner_center_domain::subscription::UnlockRecorded;
use partner_center_domain::users::full_name;
use partner_center_domain::validation::DoorName;

use crate::auth::{partner_reach, Actor};
use crate::db::unlocks::{self, TokenRow};
use crate::db::Database;
use crate::error::AppError;
use crate::infra::clock::Millis;
use crate::services::audit::{self, Change, Doer};
use crate::services::billing_cycle::{self, UnlockSource};

/// A real unlock of the partner's child org `org_id`, produced by hand.
pub async fn bench_test(db: &Database, actor: &Actor, org_id: &str, now: Millis) -> Result<UnlockRecorded, AppError> {
    let mut tx = db.begin().await?;
    let org = partner_reach::child(&mut tx, actor, org_id).await?;
    // The door's name says who tested it: the Billing tab names what started the trial.
    let door = format!("Bench test by {}", full_name(&actor.user.first_name, &actor.user.last_name));
    let recorded =
        billing_cycle::record_unlock(&mut tx, &org.id, UnlockSource::BenchTest, Some(&door), None, now).await?;
    let change = Change::new(&org.id, AuditAction::BenchTestUnlock, &org.name);
    audit::record(&mut tx, &Doer::signed_in(actor), &change, now).await?;
    tx.commit().await?;
    Ok(recorded)
}

/// An unlock reported with `token` (found live, by its `digest`, on a read). `None` when the
/// token was revoked in the meantime: nothing is recorded, as for a revoked token.
pub async fn reported(
    db: &Database,
    token: &TokenRow,
    digest: &str,
    door: Option<&DoorName>,
    now: Millis,
) -> Result<Option<UnlockRecorded>, AppError> {
    let mut tx = db.begin().await?;
    if unlocks::live_token(&mut tx, digest).await?.is_none() {
        return Ok(None);
    }
    unlocks::touch(&mut tx, &token.id, now).await?;
    let door_name = door.map(DoorName::as_str);
    let recorded =
        billing_cycle::record_unlock(&mut tx, &token.org_id, UnlockSource::Api, door_name, Some(&token.id), now)
            .await?;
    let change = Change::new(&token.org_id, AuditAction::UnlockReported, door_name.unwrap_or("A door"));
    audit::record(&mut tx, &Doer::api_token(&token.name, &token.org_id), &change, now).await?;
    tx.commit().await?;
    Ok(Some(recorded))
}
