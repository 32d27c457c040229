//! Partner Center's server: the JSON API under `/api/v1` and the built single-page app.

pub mod api;
pub mod config;
pub mod db;
pub mod error;
pub mod spa;

use std::future::Future;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::db::Database;
use crate::error::AppError;
use crate::spa::SpaAssets;

/// What every handler can reach. Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub spa: Arc<SpaAssets>,
}

/// The whole HTTP application; tests drive it exactly as `main` does.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", api::router())
        .fallback(serve_spa)
        .layer(TraceLayer::new_for_http())
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
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}
