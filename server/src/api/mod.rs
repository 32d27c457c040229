//! The JSON API under `/api/v1`. Handlers stay thin: they resolve the caller, check the rules
//! in the domain crate, call the data layer, and map the outcome to a response.

mod billing;
mod health;
mod invitations;
mod orgs;
mod partner;
mod session;
mod users;

use axum::routing::{delete, get, patch, post, put};
use axum::Router;

use axum::http::StatusCode;
use serde::Deserialize;

use crate::error::AppError;
use crate::AppState;

/// The query of every list endpoint: `limit`, `offset`, `sort`, `order`, `q`.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub q: Option<String>,
}

impl ListParams {
    /// Page size: 1 to 100, 50 unless asked.
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50).clamp(1, 100)
    }

    pub fn offset(&self) -> i64 {
        self.offset.unwrap_or(0).max(0)
    }

    /// True for `order=desc`; `asc` or nothing is ascending; anything else is refused.
    pub fn descending(&self) -> Result<bool, AppError> {
        match self.order.as_deref() {
            None | Some("asc") => Ok(false),
            Some("desc") => Ok(true),
            Some(_) => Err(AppError::refused(StatusCode::BAD_REQUEST, "order must be asc or desc.")),
        }
    }
}

/// Every route; `/v1/test/clock` only when the server runs on a manual clock (`--test-clock`).
pub fn router(test_clock: bool) -> Router<AppState> {
    let routes = Router::new()
        .route("/v1/health", get(health::health))
        .route("/v1/openapi.json", get(|| async { axum::Json(crate::openapi::DOCUMENT.clone()) }))
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
        .route("/v1/catalog", get(billing::catalog))
        .route("/v1/partner/orgs/{id}/subscription", get(billing::subscription).put(billing::change_subscription))
        .route("/v1/partner/orgs/{id}/bench-unlock", post(billing::bench_unlock))
        .route("/v1/partner/orgs/{id}/invoices", get(billing::org_invoices))
        .route("/v1/partner/invoices/{id}", get(billing::invoice))
        .route("/v1/unlocks", post(billing::report_unlock))
        .route("/v1/api-tokens", get(billing::list_tokens).post(billing::create_token))
        .route("/v1/api-tokens/{id}", delete(billing::revoke_token))
        .route("/v1/invitations/{token}", get(invitations::show))
        .route("/v1/invitations/{token}/accept", post(invitations::accept))
        .fallback(|| async { AppError::NotFound });
    if test_clock {
        routes.route("/v1/test/clock", post(billing::advance_clock))
    } else {
        routes
    }
}
