//! Signing in and out, "who am I", and switching the acting org.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{Me, SignInRequest, SignInResponse, SwitchOrgRequest};
use partner_center_domain::audit::AuditAction;
use partner_center_domain::validation::{Email, Namespace, ValidationError, PASSWORD_MAX_CHARS};

use crate::accounts::{self, reachable_orgs};
use crate::audit::{self, Change, Doer};
use crate::auth::{session, throttle::Buckets, Actor};
use crate::client::Client;
use crate::clock::Millis;
use crate::db::identities::{self, IdentityRow};
use crate::db::{orgs, sessions, users, Conn};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::AppState;

pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    JsonBody(request): JsonBody<SignInRequest>,
) -> Result<Response, AppError> {
    let email = Email::parse(&request.email).map_err(|e| AppError::field("email", e))?;
    let namespace = match request.namespace.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(text) => Some(Namespace::parse(text).map_err(|e| AppError::field("namespace", e))?),
        None => None,
    };
    // No password can be longer than one can set: refuse it before any work.
    if request.password.chars().count() > PASSWORD_MAX_CHARS {
        return Err(AppError::field("password", ValidationError::TooLong { max: PASSWORD_MAX_CHARS }));
    }
    let now = state.clock.now();
    let buckets = Buckets::sign_in(&email.normalized(), client.ip);
    let attempt = buckets.reserve(&state.db, now).await?;
    let mut candidates = {
        let mut conn = state.db.conn().await?;
        identities::find_by_email(&mut conn, &email.normalized()).await?
    };
    if let Some(namespace) = &namespace {
        candidates.retain(|identity| identity.namespace == namespace.as_str());
    }
    let logins: Vec<IdentityRow> =
        candidates.iter().map(|c| IdentityRow { password_hash: None, ..c.clone() }).collect();
    // Hashing holds no database connection: slow sign-ins must not starve other requests.
    let matching = matching_password(&state, candidates, request.password).await?;
    let mut conn = state.db.conn().await?;
    if matching.is_empty() {
        record_failures(&mut conn, &logins, now).await?;
        return Err(AppError::InvalidCredentials);
    }
    if matching.len() > 1 {
        buckets.forgive(&mut conn, attempt).await?;
        let namespaces = matching.into_iter().map(|identity| identity.namespace).collect();
        return Ok(Json(SignInResponse::ChooseNamespace { namespaces }).into_response());
    }
    let identity = &matching[0];
    let orgs = reachable_orgs(&mut conn, &identity.id).await?;
    // Act first in the org that owns the login's namespace, when the person may. A login with
    // nowhere to go (suspended, no Portal Access) answers as a wrong password does, and keeps
    // its attempt counted as a failure: the answer never tells that the password was right.
    let Some(home) = orgs.iter().find(|m| m.namespace() == identity.namespace).or_else(|| orgs.first()) else {
        record_failures(&mut conn, std::slice::from_ref(identity), now).await?;
        return Err(AppError::InvalidCredentials);
    };
    buckets.forgive_client(&mut conn, attempt).await?;
    let token = accounts::start_session(&mut conn, &identity.id, &home.user_id, &home.org_id, now).await?;
    let doer = Doer::login(&identity.id, &identity.email, &identity.namespace, &home.org_id);
    audit::record(&mut conn, &doer, &Change::new(&home.org_id, AuditAction::SignedIn, &home.org_name), now).await?;
    let actor = Actor::resolve(&mut conn, &token, now).await?;
    let me = accounts::me(&mut conn, &actor).await?;
    Ok(([(header::SET_COOKIE, session::set_cookie(token, client.https))], Json(SignInResponse::SignedIn { me }))
        .into_response())
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
    state: &AppState,
    candidates: Vec<IdentityRow>,
    password: String,
) -> Result<Vec<IdentityRow>, AppError> {
    let (with_password, hashes): (Vec<IdentityRow>, Vec<String>) = candidates
        .into_iter()
        .filter_map(|identity| identity.password_hash.clone().map(|hash| (identity, hash)))
        .unzip();
    let verdicts = state.passwords.matching(password, hashes).await?;
    Ok(with_password.into_iter().zip(verdicts).filter_map(|(identity, matches)| matches.then_some(identity)).collect())
}

/// Ends the session on the server and clears the cookie; answers the same when none exists.
pub async fn sign_out(State(state): State<AppState>, client: Client, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers, client.https) {
        let mut tx = state.db.begin().await?;
        let now = state.clock.now();
        // Only a live session's end is an event worth recording.
        if let Ok(actor) = Actor::resolve(&mut tx, &token, now).await {
            let change = Change::new(actor.acting_org_id(), AuditAction::SignedOut, &actor.user.org_name);
            audit::record(&mut tx, &Doer::signed_in(&actor), &change, now).await?;
        }
        sessions::delete(&mut tx, &crate::secrets::token_digest(&token)).await?;
        tx.commit().await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clear_cookie(client.https))]).into_response())
}

pub async fn me(State(state): State<AppState>, actor: Actor) -> Result<Json<Me>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(Json(accounts::me(&mut conn, &actor).await?))
}

/// Acts in another org from now on: one where this person has an active user with Portal
/// Access. Any other org answers 404, whether or not it exists.
pub async fn switch_org(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(request): JsonBody<SwitchOrgRequest>,
) -> Result<Json<Me>, AppError> {
    let mut tx = state.db.begin().await?;
    let target = users::membership(&mut tx, &actor.identity_id, &request.org_id)
        .await?
        .filter(users::MembershipRow::may_sign_in)
        .ok_or(AppError::NotFound)?;
    sessions::set_acting_org(&mut tx, &actor.session_digest, &target.org_id).await?;
    let roles = users::roles(&mut tx, &target.user_id).await?;
    let switched = Actor { user: target, roles, ..actor };
    let change = Change::new(switched.acting_org_id(), AuditAction::SwitchedOrg, &switched.user.org_name);
    audit::record(&mut tx, &Doer::signed_in(&switched), &change, state.clock.now()).await?;
    let me = accounts::me(&mut tx, &switched).await?;
    tx.commit().await?;
    Ok(Json(me))
}
