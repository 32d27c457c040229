//! "Forgot password?": asking for a link (the same answer whoever asks), the link's page, and
//! choosing the new password with it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::api::{ChooseNewPassword, PasswordResetInfo, PasswordResetRequest};
use partner_center_domain::validation::{Email, NewPassword};

use crate::error::AppError;
use crate::http::client::Client;
use crate::http::extract::JsonBody;
use crate::services::password_resets;
use crate::AppState;

/// Public: records the request and answers 204, the same for an email no login uses; the mail
/// worker writes to the logins that do.
pub async fn request(
    State(state): State<AppState>,
    client: Client,
    JsonBody(request): JsonBody<PasswordResetRequest>,
) -> Result<StatusCode, AppError> {
    let email = Email::parse(&request.email).map_err(|e| AppError::field("email", e))?;
    password_resets::request(&state.db, &email.normalized(), client.ip, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Public (the token is the credential): whose password the link chooses.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PasswordResetInfo>, AppError> {
    let reset = password_resets::usable(&mut state.db.conn().await?, &token, state.clock.now()).await?;
    Ok(Json(PasswordResetInfo { email: reset.email, namespace: reset.namespace }))
}

/// Sets the new password; the person then signs in with it (every session of the login ended).
pub async fn choose(
    State(state): State<AppState>,
    client: Client,
    Path(token): Path<String>,
    JsonBody(request): JsonBody<ChooseNewPassword>,
) -> Result<StatusCode, AppError> {
    let password = NewPassword::parse(&request.password).map_err(|e| AppError::field("password", e))?;
    password_resets::choose(&state.db, &state.passwords, &token, &password, client.ip, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
