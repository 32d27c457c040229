//! A login's failed sign-ins, as the Super Admins of the org that owns its namespace see them,
//! and clearing them: the way back in for a person someone else's guesses have locked out.

use partner_center_domain::audit::AuditAction;
use partner_center_domain::roles::Permission;
use partner_center_domain::users::{full_name, SignInFailures};

use crate::auth::throttle::{self, email_bucket};
use crate::auth::Actor;
use crate::db::users::UserRow;
use crate::db::{orgs, sign_in_failures, users, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{rfc3339, Millis};
use crate::services::audit::{self, Change, Doer};

/// The user `id` of the acting org when its login lives in the org's own namespace: only then
/// is the login the org's to look after. Anyone else answers 404.
async fn own_login(conn: &mut Conn, actor: &Actor, id: &str) -> Result<UserRow, AppError> {
    actor.require(Permission::ManageOrg)?;
    let org = orgs::find(conn, actor.acting_org_id()).await?.ok_or(AppError::NotFound)?;
    users::find_in_org(conn, &org.id, id)
        .await?
        .filter(|user| user.namespace == org.namespace())
        .ok_or(AppError::NotFound)
}

/// The login's failures of the last hour, and until when its email is blocked.
pub async fn of_user(db: &Database, actor: &Actor, id: &str, now: Millis) -> Result<SignInFailures, AppError> {
    let mut conn = db.conn().await?;
    let user = own_login(&mut conn, actor, id).await?;
    let bucket = email_bucket(&user.email.to_ascii_lowercase());
    let failures = sign_in_failures::after(&mut conn, &bucket, now - throttle::LONGEST_WINDOW).await?;
    Ok(SignInFailures {
        last_hour: failures.count,
        last_failed_at: failures.newest.map(rfc3339),
        blocked_until: throttle::EMAIL.next_attempt_at(&failures, now).map(rfc3339),
    })
}

/// Forgets the login's failures from everywhere, with its audit entry.
pub async fn clear(db: &Database, actor: &Actor, id: &str, now: Millis) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let user = own_login(&mut tx, actor, id).await?;
    sign_in_failures::clear_email(&mut tx, &user.email.to_ascii_lowercase()).await?;
    let name = full_name(&user.first_name, &user.last_name);
    let change = Change::new(actor.acting_org_id(), AuditAction::SignInFailuresCleared, &name);
    audit::record(&mut tx, &Doer::signed_in(actor), &change, now).await?;
    tx.commit().await?;
    Ok(())
}
