//! Signing in and out and switching the acting org: the writes each makes, in one transaction.
//! A sign-in's throttle reservation is committed on its own first, before the slow password
//! check, so that concurrent guesses count against each other.

use partner_center_domain::api::{Me, SignInResponse};
use partner_center_domain::audit::AuditAction;
use partner_center_domain::validation::{Email, Namespace};

use crate::auth::{throttle::Buckets, Actor};
use crate::db::identities::{self, IdentityRow};
use crate::db::{orgs, sessions, users, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::Millis;
use crate::infra::secrets::{token_digest, Passwords};
use crate::services::accounts::{self, reachable_orgs};
use crate::services::audit::{self, Change, Doer};

/// What a sign-in with the right password leads to.
pub enum SignedIn {
    /// A new session's token, and who the person now is.
    Session { token: String, me: Me },
    /// The password fits logins of several namespaces: the person picks one.
    ChooseNamespace(SignInResponse),
}

/// Checks the password of the logins of `email` (in `namespace`, when given) and starts a
/// session in the org the login belongs to. A wrong password, or a login with nowhere to go,
/// answers `InvalidCredentials` and is recorded in the audit log of the login's org.
pub async fn sign_in(
    db: &Database,
    passwords: &Passwords,
    email: &Email,
    namespace: Option<&Namespace>,
    password: String,
    client_ip: std::net::IpAddr,
    now: Millis,
) -> Result<SignedIn, AppError> {
    let buckets = Buckets::sign_in(&email.normalized(), client_ip);
    let attempt = buckets.reserve(db, now).await?;
    let mut candidates = {
        let mut conn = db.conn().await?;
        identities::find_by_email(&mut conn, &email.normalized()).await?
    };
    if let Some(namespace) = namespace {
        candidates.retain(|identity| identity.namespace == namespace.as_str());
    }
    let logins: Vec<IdentityRow> =
        candidates.iter().map(|c| IdentityRow { password_hash: None, ..c.clone() }).collect();
    // Hashing holds no database connection: slow sign-ins must not starve other requests.
    let matching = matching_password(passwords, candidates, password).await?;
    let mut tx = db.begin().await?;
    if matching.is_empty() {
        record_failures(&mut tx, &logins, now).await?;
        tx.commit().await?;
        return Err(AppError::InvalidCredentials);
    }
    if matching.len() > 1 {
        buckets.forgive(&mut tx, attempt).await?;
        tx.commit().await?;
        let namespaces = matching.into_iter().map(|identity| identity.namespace).collect();
        return Ok(SignedIn::ChooseNamespace(SignInResponse::ChooseNamespace { namespaces }));
    }
    let identity = &matching[0];
    let orgs = reachable_orgs(&mut tx, &identity.id).await?;
    // Act first in the org that owns the login's namespace, when the person may. A login with
    // nowhere to go (suspended, no Portal Access) answers as a wrong password does, and keeps
    // its attempt counted as a failure: the answer never tells that the password was right.
    let Some(home) = orgs.iter().find(|m| m.namespace() == identity.namespace).or_else(|| orgs.first()) else {
        record_failures(&mut tx, std::slice::from_ref(identity), now).await?;
        tx.commit().await?;
        return Err(AppError::InvalidCredentials);
    };
    buckets.forgive_client(&mut tx, attempt).await?;
    let token = accounts::start_session(&mut tx, &identity.id, &home.user_id, &home.org_id, now).await?;
    let doer = Doer::login(&identity.id, &identity.email, &identity.namespace, &home.org_id);
    audit::record(&mut tx, &doer, &Change::new(&home.org_id, AuditAction::SignedIn, &home.org_name), now).await?;
    let actor = Actor::resolve(&mut tx, &token, now).await?;
    let me = accounts::me(&mut tx, &actor).await?;
    tx.commit().await?;
    Ok(SignedIn::Session { token, me })
}

/// A failed sign-in, recorded for each login it tried, in the org that owns the login's
/// namespace (an email nobody has leaves no entry: there is no org to record it in).
async fn record_failures(conn: &mut Conn, logins: &[IdentityRow], now: Millis) -> Result<(), AppError> {
    for login in logins {
        if let Some(home) = orgs::owner_of_namespace(conn, &login.namespace).await? {
            let doer = Doer::login(&login.id, &login.email, &login.namespace, &home.id);
            audit::record(conn, &doer, &Change::new(&home.id, AuditAction::SignInFailed, &login.email), now).await?;
        }
    }
    Ok(())
}

/// The identities among `candidates` whose password is `password`. Every failure costs the
/// same, one verification per login that has a password and one when none has, so the
/// answer's timing does not tell whether the email exists or has set a password yet.
async fn matching_password(
    passwords: &Passwords,
    candidates: Vec<IdentityRow>,
    password: String,
) -> Result<Vec<IdentityRow>, AppError> {
    let (with_password, hashes): (Vec<IdentityRow>, Vec<String>) = candidates
        .into_iter()
        .filter_map(|identity| identity.password_hash.clone().map(|hash| (identity, hash)))
        .unzip();
    let verdicts = passwords.matching(password, hashes).await?;
    Ok(with_password.into_iter().zip(verdicts).filter_map(|(identity, matches)| matches.then_some(identity)).collect())
}

/// Ends the session of `token`, with its audit entry when it was live.
pub async fn sign_out(db: &Database, token: &str, now: Millis) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    // Only a live session's end is an event worth recording.
    if let Ok(actor) = Actor::resolve(&mut tx, token, now).await {
        let change = Change::new(actor.acting_org_id(), AuditAction::SignedOut, &actor.user.org_name);
        audit::record(&mut tx, &Doer::signed_in(&actor), &change, now).await?;
    }
    sessions::delete(&mut tx, &token_digest(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Acts in `org_id` from now on: an org where this person has an active user with Portal
/// Access. Any other org answers 404, whether or not it exists.
pub async fn switch_org(db: &Database, actor: Actor, org_id: &str, now: Millis) -> Result<Me, AppError> {
    let mut tx = db.begin().await?;
    let target = users::membership(&mut tx, &actor.identity_id, org_id)
        .await?
        .filter(users::MembershipRow::may_sign_in)
        .ok_or(AppError::NotFound)?;
    sessions::set_acting_org(&mut tx, &actor.session_digest, &target.org_id).await?;
    let roles = users::roles(&mut tx, &target.user_id).await?;
    let switched = Actor { user: target, roles, ..actor };
    let change = Change::new(switched.acting_org_id(), AuditAction::SwitchedOrg, &switched.user.org_name);
    audit::record(&mut tx, &Doer::signed_in(&switched), &change, now).await?;
    let me = accounts::me(&mut tx, &switched).await?;
    tx.commit().await?;
    Ok(me)
}
