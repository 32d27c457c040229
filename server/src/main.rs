use std::sync::Arc;

use clap::Parser;
use partner_center_server::config::{Config, LogFormat};
use partner_center_server::db::Database;
use partner_center_server::spa::SpaAssets;
use partner_center_server::{serve, AppState};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    init_tracing(&config);
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server stopped");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let db = Database::connect(&config.effective_database_url()).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    let spa = SpaAssets::load(&config.dist_dir)?;
    if spa.is_empty() {
        tracing::warn!(dist = %config.dist_dir.display(), "no built app found: serving the API only");
    }
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "listening");
    println!("Partner Center is running at http://{address}/");
    let state = AppState { db: db.clone(), spa: Arc::new(spa) };
    serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Resolves on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
