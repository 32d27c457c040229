//! Accepting an invitation: the link's page, then setting a password, which signs one in
//! (`crate::services::invitation_links`).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{AcceptInvitationRequest, InvitationInfo};
use partner_center_domain::validation::NewPassword;

use crate::auth::session;
use crate::error::AppError;
use crate::http::client::Client;
use crate::http::extract::JsonBody;
use crate::services::invitation_links;
use crate::AppState;

/// Public (the token is the credential): what the invitation is for.
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Result<Json<InvitationInfo>, AppError> {
    Ok(Json(invitation_links::info(&state.db, &token, state.clock.now()).await?))
}

/// Sets the password, activates the invited user and signs in (`invitation_links::accept`).
pub async fn accept(
    State(state): State<AppState>,
    client: Client,
    Path(token): Path<String>,
    JsonBody(request): JsonBody<AcceptInvitationRequest>,
) -> Result<Response, AppError> {
    let password = NewPassword::parse(&request.password).map_err(|e| AppError::field("password", e))?;
    let (session_token, me) =
        invitation_links::accept(&state.db, &state.passwords, &token, &password, client.ip, state.clock.now()).await?;
    Ok(([(header::SET_COOKIE, session::set_cookie(session_token, client.https))], Json(me)).into_response())
}
