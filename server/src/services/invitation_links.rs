//! An invitation's link: what it is for, and accepting it, which sets the password, activates
//! the invited user and signs in, all or nothing.

use std::net::IpAddr;

use axum::http::StatusCode;
use partner_center_domain::api::{InvitationInfo, Me};
use partner_center_domain::audit::AuditAction;
use partner_center_domain::users::UserStatus;
use partner_center_domain::validation::NewPassword;

use crate::auth::{throttle::Buckets, Actor};
use crate::db::invitations::{self, InvitationRow};
use crate::db::{identities, sessions, users, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::Millis;
use crate::infra::secrets::{token_digest, Passwords};
use crate::services::accounts;
use crate::services::audit::{self, Change, Doer};

/// The invitation behind `token`, if it can still be used.
async fn usable(conn: &mut Conn, token: &str, now: Millis) -> Result<InvitationRow, AppError> {
    let invitation = invitations::find(conn, &token_digest(token)).await?.ok_or_else(|| {
        AppError::refused(StatusCode::NOT_FOUND, "This invitation link is not valid. Check that you copied all of it.")
    })?;
    if invitation.used_at.is_some() {
        return Err(already_used());
    }
    if now >= invitation.expires_at {
        return Err(AppError::refused(
            StatusCode::GONE,
            "This invitation has expired. Ask your Super Admin to send a new one.",
        ));
    }
    // Only a membership still waiting for its invitation can be activated by it: never one
    // that was suspended (or already active) since.
    if invitation.user_status != UserStatus::Inactive {
        return Err(AppError::refused(
            StatusCode::GONE,
            "This invitation is no longer valid. Ask your Super Admin to send a new one.",
        ));
    }
    Ok(invitation)
}

/// What the invitation behind `token` is for.
pub async fn info(db: &Database, token: &str, now: Millis) -> Result<InvitationInfo, AppError> {
    let invitation = usable(&mut db.conn().await?, token, now).await?;
    Ok(InvitationInfo {
        email: invitation.email,
        namespace: invitation.namespace,
        org_name: invitation.org_name,
        first_name: invitation.first_name,
    })
}

fn already_used() -> AppError {
    AppError::refused(StatusCode::GONE, "This invitation has already been used. Sign in with your email and password.")
}

/// Sets the password, activates the invited user and signs in, all or nothing: the new
/// session's token and who the person now is. The invitation is marked used in the same
/// transaction, so a link works exactly once. Only a membership still waiting for it is
/// activated; a login that already has a password (set through another invitation) keeps it,
/// and the person signs in with it. The token is checked before the password is hashed: an
/// unknown link costs a lookup, never a hash.
pub async fn accept(
    db: &Database,
    passwords: &Passwords,
    token: &str,
    password: &NewPassword,
    client_ip: IpAddr,
    now: Millis,
) -> Result<(String, Me), AppError> {
    let buckets = Buckets::invitation(client_ip);
    let attempt = buckets.reserve(db, now).await?;
    // The token first: an unknown link costs a lookup, never a hash.
    let (found, sibling) = {
        let mut conn = db.conn().await?;
        let found = usable(&mut conn, token, now).await?;
        let sibling = identities::sibling_hash(&mut conn, &found.identity_id).await?;
        (found, sibling)
    };
    let hash =
        if found.has_password() { None } else { Some(passwords.hash(password.expose().to_owned(), sibling).await?) };

    let mut tx = db.begin().await?;
    let invitation = usable(&mut tx, token, now).await?;
    if !invitations::mark_used(&mut tx, &token_digest(token), now).await? {
        return Err(already_used());
    }
    users::set_status(&mut tx, &invitation.user_id, UserStatus::Active).await?;
    let doer = Doer::login(&invitation.identity_id, &invitation.email, &invitation.namespace, &invitation.org_id);
    let change = Change::new(&invitation.org_id, AuditAction::InvitationAccepted, &invitation.email);
    audit::record(&mut tx, &doer, &change, now).await?;
    buckets.forgive(&mut tx, attempt).await?;
    let Some(hash) = hash.filter(|_| !invitation.has_password()) else {
        tx.commit().await?;
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            format!(
                "Your login already has a password, and this link did not change it. You now have access to {}: sign in with your email and password.",
                invitation.org_name
            ),
        ));
    };
    identities::set_password_hash(&mut tx, &invitation.identity_id, &hash).await?;
    // A new password ends every other session of the login.
    sessions::delete_all_of(&mut tx, &invitation.identity_id).await?;
    let session_token =
        accounts::start_session(&mut tx, &invitation.identity_id, &invitation.user_id, &invitation.org_id, now).await?;
    let actor = match Actor::resolve(&mut tx, &session_token, now).await {
        Ok(actor) => actor,
        Err(AppError::Unauthenticated) => {
            return Err(AppError::refused(
                StatusCode::FORBIDDEN,
                "Your password is not set: this user has no Portal Access. Ask your Super Admin.",
            ))
        }
        Err(other) => return Err(other),
    };
    let me = accounts::me(&mut tx, &actor).await?;
    tx.commit().await?;
    Ok((session_token, me))
}
