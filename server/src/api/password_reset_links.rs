//! "Forgot password?": asking for a link (the same answer whoever asks), the link's page, and
//! choosing the new password with it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::api::{ChooseNewPassword, PasswordResetInfo, PasswordResetRequest};
use partner_center_domain::validation::{Email, NewPassword};

use crate::auth::throttle::Buckets;
use crate::client::Client;
use crate::db::identities;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::password_resets;
use crate::AppState;

/// Public: records the request and answers 204, the same for an email no login uses; the mail
/// worker writes to the logins that do.
pub async fn request(
    State(state): State<AppState>,
    client: Client,
    JsonBody(request): JsonBody<PasswordResetRequest>,
) -> Result<StatusCode, AppError> {
    let email = Email::parse(&request.email).map_err(|e| AppError::field("email", e))?;
    let now = state.clock.now();
    // Every request counts: a flood of them is refused whether or not the email is known.
    let _attempt = Buckets::reset_request(&email.normalized(), client.ip).reserve(&state.db, now).await?;
    let mut tx = state.db.begin().await?;
    password_resets::request(&mut tx, &email.normalized(), now).await?;
    tx.commit().await?;
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
    let now = state.clock.now();
    let buckets = Buckets::reset_link(client.ip);
    let attempt = buckets.reserve(&state.db, now).await?;
    // The token first: an unknown link costs a lookup, never a hash.
    let sibling = {
        let mut conn = state.db.conn().await?;
        let reset = password_resets::usable(&mut conn, &token, now).await?;
        identities::sibling_hash(&mut conn, &reset.identity_id).await?
    };
    let hash = state.passwords.hash(password.expose().to_owned(), sibling).await?;
    let mut tx = state.db.begin().await?;
    password_resets::choose(&mut tx, &token, &hash, now).await?;
    buckets.forgive(&mut tx, attempt).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
