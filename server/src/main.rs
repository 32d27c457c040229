use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use partner_center_server::db::Database;
use partner_center_server::http::client::TrustedProxies;
use partner_center_server::http::spa::SpaAssets;
use partner_center_server::infra::clock::{Clock, DAY};
use partner_center_server::infra::config::{Command, Config, LogFormat};
use partner_center_server::infra::mail::{Mailer, Transport};
use partner_center_server::{
    infra::lifecycle, infra::metrics, serve, services::billing_cycle, services::demo, services::maintenance, AppState,
};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// How often the mail worker looks for messages it was not woken for (retries, other instances).
const MAIL_POLL: Duration = Duration::from_secs(15);
/// How often the billing worker looks for invoices that have come due.
const BILLING_POLL: Duration = Duration::from_secs(60);
/// How often expired sessions, invitations and idempotency keys are purged.
const PURGE_EVERY: Duration = Duration::from_secs(10 * 60);

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    init_tracing(&config);
    let outcome = match config.command.clone() {
        Some(Command::Backup { file }) => backup(&config, &file).await,
        None => run(config).await,
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "stopped on an error");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    config.check()?;
    create_private_dir(&config.data_dir)?;
    let clock = if config.test_clock {
        tracing::warn!("test clock: time stands still until POST /api/v1/test/clock moves it");
        Clock::manual(Clock::System.now())
    } else {
        Clock::System
    };
    let db = Database::connect(&config.effective_database_url()).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    let spa = SpaAssets::load(&config.dist_dir)?;
    if spa.is_empty() {
        tracing::warn!(dist = %config.dist_dir.display(), "no built app found: serving the API only");
    }
    let public_url = config.effective_public_url();
    let demo = if config.demo {
        demo::ensure(&db, clock.now(), &public_url, config.demo_password.as_deref(), &config.data_dir).await?
    } else {
        None
    };

    let transport = match &config.smtp_url {
        Some(url) => Transport::smtp(url)?,
        None => Transport::Directory(config.data_dir.join("outbox")),
    };
    tracing::info!(to = %transport.describe(), "mail delivery");
    let mut state = AppState::new(db.clone(), clock.clone(), spa, &public_url);
    state.trusted_proxies = Arc::new(TrustedProxies::new(config.trusted_proxies.clone()));
    state.test_clock_route = config.test_clock;
    state.mail_per_org_hour = config.mail_per_org_hour;
    let mailer = Mailer {
        db: db.clone(),
        clock: clock.clone(),
        transport,
        from: config.mail_from.parse()?,
        public_url: public_url.clone(),
        producers: &partner_center_server::MAIL_PRODUCERS,
    };
    let lifecycle = state.lifecycle.clone();
    let workers = vec![
        ("mail", mailer.spawn(&lifecycle, MAIL_POLL, state.mail_queued.clone())),
        (
            "billing",
            billing_cycle::spawn_worker(
                &lifecycle,
                db.clone(),
                clock.clone(),
                public_url.clone(),
                BILLING_POLL,
                state.metrics.clone(),
            ),
        ),
        (
            "purge",
            maintenance::spawn(
                &lifecycle,
                db.clone(),
                clock.clone(),
                PURGE_EVERY,
                i64::from(config.audit_retention_days) * DAY,
            ),
        ),
    ];

    if let Some(address) = config.metrics_bind {
        let listener = TcpListener::bind(address).await?;
        tracing::info!(address = %listener.local_addr()?, "metrics at /metrics");
        let metrics = metrics::router(state.metrics.clone(), db.clone(), clock.clone());
        let lifecycle = lifecycle.clone();
        tokio::spawn(async move {
            let stopping = async move { lifecycle.stopping().await };
            if let Err(error) = axum::serve(listener, metrics).with_graceful_shutdown(stopping).await {
                tracing::warn!(%error, "the metrics listener stopped");
            }
        });
    }
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "listening");
    println!("Partner Center is running at http://{address}/");
    if let Some(demo) = demo {
        match demo.password {
            Some(password) => println!("Sign in as {} with the password {password}", demo.email),
            None => println!("Sign in as {} (set PARTNER_CENTER_DEMO_PASSWORD to choose its password)", demo.email),
        }
    }
    let stopping = {
        let lifecycle = lifecycle.clone();
        async move {
            shutdown_signal().await;
            lifecycle.begin_stopping();
        }
    };
    let deadline = Duration::from_secs(config.shutdown_timeout);
    let past_deadline = async {
        lifecycle.stopping().await;
        tokio::time::sleep(deadline).await;
    };
    tokio::select! {
        served = serve(listener, state, stopping) => served?,
        () = past_deadline => tracing::warn!("shutdown deadline passed with requests still in flight; closing them"),
    }
    lifecycle::join_workers(workers, deadline).await;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `backup FILE`: copies the configured SQLite database while it may be in use.
async fn backup(config: &Config, file: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let db = Database::connect(&config.effective_database_url()).await?;
    partner_center_server::infra::backup::sqlite_copy(&db, file).await?;
    db.close().await;
    println!("Backed up the database to {}", file.display());
    Ok(())
}

/// The data directory holds the database, the outbox and the demo password: a new one is
/// readable by its owner only.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour codes only for a person at a terminal, not in a log file or collector.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi);
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
