//! The JSON API under `/api/v1`. Handlers stay thin: they resolve the caller, check the rules
//! in the domain crate, call the data layer, and map the outcome to a response.

mod health;
mod invitations;
mod orgs;
mod partner;
mod session;
mod users;

use axum::routing::{get, patch, post, put};
use axum::Router;

use crate::error::AppError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(health::health))
        .route("/v1/session", post(session::sign_in).delete(session::sign_out))
        .route("/v1/session/org", put(session::switch_org))
        .route("/v1/me", get(session::me))
        .route("/v1/orgs/{id}", get(orgs::get_org))
        .route("/v1/partner", get(partner::info))
        .route("/v1/partner/orgs", get(partner::list).post(partner::create))
        .route("/v1/partner/orgs/{id}", get(partner::get).patch(partner::update_info))
        .route("/v1/partner/orgs/{id}/billing", patch(partner::update_billing))
        .route("/v1/users", get(users::list).post(users::create))
        .route("/v1/users/{id}", get(users::get).patch(users::update))
        .route("/v1/invitations/{token}", get(invitations::show))
        .route("/v1/invitations/{token}/accept", post(invitations::accept))
        .fallback(|| async { AppError::NotFound })
}
