//! Signing in and out, "who am I", and switching the acting org.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{Me, SignInRequest, SignInResponse, SwitchOrgRequest};
use partner_center_domain::validation::{Email, Namespace, ValidationError, PASSWORD_MAX_CHARS};

use crate::auth::{session, Actor};
use crate::error::AppError;
use crate::http::client::Client;
use crate::http::extract::JsonBody;
use crate::services::accounts::{self};
use crate::services::sign_ins::{self, SignedIn};
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
    let signed_in = sign_ins::sign_in(
        &state.db,
        &state.passwords,
        &email,
        namespace.as_ref(),
        request.password,
        client.ip,
        state.clock.now(),
    )
    .await?;
    Ok(match signed_in {
        SignedIn::ChooseNamespace(answer) => Json(answer).into_response(),
        SignedIn::Session { token, me } => {
            ([(header::SET_COOKIE, session::set_cookie(token, client.https))], Json(SignInResponse::SignedIn { me }))
                .into_response()
        }
    })
}

/// Ends the session on the server and clears the cookie; answers the same when none exists.
pub async fn sign_out(State(state): State<AppState>, client: Client, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers, client.https) {
        sign_ins::sign_out(&state.db, &token, state.clock.now()).await?;
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
    Ok(Json(sign_ins::switch_org(&state.db, actor, &request.org_id, state.clock.now()).await?))
}
