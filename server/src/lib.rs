//! Partner Center's server: the JSON API under `/api/v1` and the built single-page app.
//! Layers, each a folder: `http` (routes, handlers, the app's files), `services` (the rules
//! that need the database, each owning its transactions), `auth` (who calls and what they may
//! do), `db` (the one data layer) and `infra` (clock, config, secrets, mail, metrics).

pub mod auth;
pub mod db;
pub mod error;
pub mod http;
pub mod infra;
pub mod services;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_http::compression::CompressionLayer;

use futures_util::FutureExt;

use crate::db::Database;
use crate::error::AppError;
use crate::http::client::TrustedProxies;
use crate::http::spa::SpaAssets;
use crate::http::{api, api_responses, request_log, security_headers};
use crate::infra::clock::Clock;
use crate::infra::secrets::Passwords;
use crate::infra::{lifecycle, mail, metrics};
use crate::services::{access_requests, password_resets};

/// What the mail worker writes before each delivery pass: the mail of access requests and of
/// password-reset requests.
pub static MAIL_PRODUCERS: [mail::Producer; 2] = [
    |db, public_url, now| access_requests::mail_new(db, public_url, now).boxed(),
    |db, public_url, now| password_resets::mail_new(db, public_url, now).boxed(),
];

/// What every handler can reach. Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub clock: Clock,
    pub spa: Arc<SpaAssets>,
    /// The address people use to reach the app, for links in mail (no trailing slash).
    pub public_url: Arc<str>,
    /// Wakes the mail worker after a transaction that queued mail has committed (the data layer
    /// notifies it on commit).
    pub mail_queued: Arc<Notify>,
    pub passwords: Passwords,
    pub trusted_proxies: Arc<TrustedProxies>,
    /// How many emails one org's people may cause in a clock hour.
    pub mail_per_org_hour: u32,
    /// What `/metrics` reports.
    pub metrics: Arc<metrics::Metrics>,
    /// Stopping or not: readiness answers 503 once it is.
    pub lifecycle: lifecycle::Lifecycle,
    /// Serve `POST /api/v1/test/clock` (a server started with `--test-clock` only).
    pub test_clock_route: bool,
}

impl AppState {
    pub fn new(db: Database, clock: Clock, spa: SpaAssets, public_url: &str) -> Self {
        let mail_committed = db.mail_committed();
        Self {
            db,
            clock,
            spa: Arc::new(spa),
            public_url: public_url.trim_end_matches('/').into(),
            mail_queued: mail_committed,
            passwords: Passwords::default(),
            trusted_proxies: Arc::new(TrustedProxies::default()),
            test_clock_route: false,
            mail_per_org_hour: mail::DEFAULT_PER_ORG_HOUR,
            lifecycle: lifecycle::Lifecycle::default(),
            metrics: Arc::default(),
        }
    }

    /// Mail that people of `org_id` cause, under this server's hourly limit.
    pub fn mail_sender<'a>(&self, org_id: &'a str) -> mail::Sender<'a> {
        mail::Sender { org_id, per_hour: self.mail_per_org_hour }
    }

    /// The mail an action of `org_id`'s people causes, with links to this console.
    pub fn outgoing<'a>(&'a self, org_id: &'a str) -> mail::Outgoing<'a> {
        mail::Outgoing { sender: self.mail_sender(org_id), public_url: &self.public_url }
    }
}

/// The whole HTTP application; tests drive it exactly as `main` does.
pub fn app(state: AppState) -> Router {
    api::router(api::routes(state.test_clock_route))
        .fallback(serve_spa)
        .layer(middleware::from_fn(api_responses::conform))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers::add))
        // Brotli or gzip as the client accepts. The app's files are served precompressed (they
        // carry their Content-Encoding already and pass through untouched); this compresses the
        // API's JSON and CSV.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.metrics.clone(), request_log::track))
        .with_state(state)
}

async fn serve_spa(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    // `/api` and `/api/` miss the nested router's own fallback; they are API paths all the same.
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        return AppError::NotFound.into_response();
    }
    state.spa.respond(&method, &uri, &headers)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
