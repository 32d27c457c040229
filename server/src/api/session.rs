//! Signing in and out, "who am I", and switching the acting org.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{Me, SignInRequest, SignInResponse, SwitchOrgRequest};
use partner_center_domain::validation::{Email, Namespace};

use crate::accounts::{self, reachable_orgs};
use crate::auth::{session, throttle::Buckets, Actor};
use crate::db::identities::{self, IdentityRow};
use crate::db::{sessions, users};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::secrets::{burn_verification, verify_password};
use crate::AppState;

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<SignInRequest>,
) -> Result<Response, AppError> {
    let email = Email::parse(&request.email).map_err(|e| AppError::field("email", e))?;
    let namespace = match request.namespace.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(text) => Some(Namespace::parse(text).map_err(|e| AppError::field("namespace", e))?),
        None => None,
    };
    let now = state.clock.now();
    let buckets = Buckets::new(&email.normalized(), &client.ip().to_string());
    let mut conn = state.db.conn().await?;
    buckets.check(&mut conn, now).await?;

    let mut candidates = identities::find_by_email(&mut conn, &email.normalized()).await?;
    if let Some(namespace) = &namespace {
        candidates.retain(|identity| identity.namespace == namespace.as_str());
    }
    let matching = matching_password(candidates, request.password).await?;
    if matching.is_empty() {
        buckets.record_failure(&mut conn, now).await?;
        return Err(AppError::InvalidCredentials);
    }
    if matching.len() > 1 {
        let namespaces = matching.into_iter().map(|identity| identity.namespace).collect();
        return Ok(Json(SignInResponse::ChooseNamespace { namespaces }).into_response());
    }
    let identity = &matching[0];
    buckets.record_success(&mut conn).await?;

    let orgs = reachable_orgs(&mut conn, &identity.id).await?;
    // Act first in the org that owns the login's namespace, when the person may.
    let home = orgs
        .iter()
        .find(|m| format!("{}{}", Namespace::PREFIX, m.org_slug) == identity.namespace)
        .or_else(|| orgs.first())
        .ok_or_else(|| {
            AppError::refused(
                StatusCode::FORBIDDEN,
                "This login has no Portal Access to any organization. Ask your Super Admin.",
            )
        })?;
    let token = accounts::start_session(&mut conn, &identity.id, &home.user_id, &home.org_id, now).await?;
    let actor = Actor::resolve(&mut conn, &token, now).await?;
    let me = accounts::me(&mut conn, &actor).await?;
    Ok(([(header::SET_COOKIE, session::set_cookie(token, &headers))], Json(SignInResponse::SignedIn { me }))
        .into_response())
}

/// The identities among `candidates` whose password is `password`. Hashing is slow by design,
/// so it runs off the async workers; with no candidate, one verification's time is spent all
/// the same, so the answer's timing does not tell whether the email exists.
async fn matching_password(candidates: Vec<IdentityRow>, password: String) -> Result<Vec<IdentityRow>, AppError> {
    tokio::task::spawn_blocking(move || {
        if candidates.is_empty() {
            burn_verification(&password);
        }
        candidates
            .into_iter()
            .filter(|identity| identity.password_hash.as_deref().is_some_and(|hash| verify_password(&password, hash)))
            .collect()
    })
    .await
    .map_err(|error| AppError::Internal(Box::new(error)))
}

/// Ends the session on the server and clears the cookie; answers the same when none exists.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers) {
        let mut conn = state.db.conn().await?;
        sessions::delete(&mut conn, &crate::secrets::token_digest(&token)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clear_cookie(&headers))]).into_response())
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
    let mut conn = state.db.conn().await?;
    let target = users::membership(&mut conn, &actor.identity_id, &request.org_id)
        .await?
        .filter(users::MembershipRow::may_sign_in)
        .ok_or(AppError::NotFound)?;
    sessions::set_acting_org(&mut conn, &actor.session_digest, &target.org_id).await?;
    let roles = users::roles(&mut conn, &target.user_id).await?;
    let switched = Actor { user: target, roles, ..actor };
    Ok(Json(accounts::me(&mut conn, &switched).await?))
}
