//! Server configuration, from flags or the environment (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::http::client::Cidr;

#[derive(Clone, Parser)]
#[command(
    name = "partner-center-server",
    version,
    about = "Partner Center API server; also serves the built single-page app."
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "PARTNER_CENTER_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Directory for the embedded SQLite database and the local mail outbox; created if missing.
    #[arg(long, env = "PARTNER_CENTER_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Database to use instead of the embedded SQLite file, e.g. postgres://user:pass@host/db.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Directory holding the built app (`trunk build --release` writes `dist/`).
    #[arg(long, env = "PARTNER_CENTER_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// The address people use to reach the app, for links in mail. Default: http://<bind>.
    #[arg(long, env = "PARTNER_CENTER_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Send mail through this SMTP server, e.g. smtps://user:pass@smtp.example.com. Without it,
    /// mail is written to <data-dir>/outbox/ as .eml files.
    #[arg(long, env = "PARTNER_CENTER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every mail.
    #[arg(long, env = "PARTNER_CENTER_MAIL_FROM", default_value = "Partner Center <no-reply@partner-center.invalid>")]
    pub mail_from: String,

    /// Create demo data (a partner whose Super Admin has a known password) on the first start
    /// with an empty database. Off unless asked: a production start never creates it.
    #[arg(long, env = "PARTNER_CENTER_DEMO", default_value_t = false)]
    pub demo: bool,

    /// The demo login's password (otherwise one is generated on first start and printed).
    #[arg(long, env = "PARTNER_CENTER_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,

    /// Run on a clock that stands still and is moved by `POST /api/v1/test/clock` (end-to-end
    /// tests of trials and billing). Refused unless the server listens on a loopback address
    /// and sends no mail through SMTP. Never in production.
    #[arg(long, env = "PARTNER_CENTER_TEST_CLOCK", default_value_t = false)]
    pub test_clock: bool,

    /// How many days audit log entries are kept before the purge job deletes them.
    #[arg(long, env = "PARTNER_CENTER_AUDIT_RETENTION_DAYS", default_value_t = 730, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub audit_retention_days: u32,

    /// How many emails one org's people may cause in a clock hour (invitations, access news);
    /// past it, the action that would send more is refused with 429 until the next hour.
    #[arg(long, env = "PARTNER_CENTER_MAIL_PER_ORG_HOUR", default_value_t = crate::infra::mail::DEFAULT_PER_ORG_HOUR, value_parser = clap::value_parser!(u32).range(1..))]
    pub mail_per_org_hour: u32,

    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed, as a
    /// comma-separated list of addresses or blocks (e.g. 127.0.0.1,10.0.0.0/8). From anyone
    /// else those headers are ignored.
    #[arg(long, env = "PARTNER_CENTER_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<Cidr>,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info`, `partner_center_server=debug`).
    #[arg(long, env = "PARTNER_CENTER_LOG", default_value = "info")]
    pub log_level: String,

    /// `text` for people, `json` for log collectors.
    #[arg(long, env = "PARTNER_CENTER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Where to serve Prometheus metrics (`/metrics`), e.g. 127.0.0.1:9100. Kept off the public
    /// address; not served unless set.
    #[arg(long, env = "PARTNER_CENTER_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Seconds a stopping server gives requests in flight and worker passes under way before
    /// it exits regardless.
    #[arg(long, env = "PARTNER_CENTER_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of serving.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum Command {
    /// Writes a consistent copy of the SQLite database to FILE (a new file), also while a
    /// server runs on it. For PostgreSQL, use pg_dump.
    Backup { file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Why a configuration cannot start a server.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("--test-clock lets anyone move the server's time: it needs a loopback --bind address (127.0.0.1 or ::1), not {0}")]
    TestClockNotLoopback(SocketAddr),
    #[error("--test-clock is for tests: it cannot run with --smtp-url (mail would reach real people)")]
    TestClockWithSmtp,
}

/// `url` with its password replaced, for logs and debug output.
fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split_once(':').map_or(credentials, |(user, _)| user);
                format!("{scheme}://{user}:***@{host}")
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redacted))
            .field("dist_dir", &self.dist_dir)
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(redacted))
            .field("mail_from", &self.mail_from)
            .field("demo", &self.demo)
            .field("demo_password", &self.demo_password.as_ref().map(|_| "***"))
            .field("test_clock", &self.test_clock)
            .field("audit_retention_days", &self.audit_retention_days)
            .field("mail_per_org_hour", &self.mail_per_org_hour)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("log_level", &self.log_level)
            .field("log_format", &self.log_format)
            .field("metrics_bind", &self.metrics_bind)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("command", &self.command)
            .finish()
    }
}

impl Config {
    /// Refuses combinations that would be unsafe to serve.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.test_clock {
            if !self.bind.ip().is_loopback() {
                return Err(ConfigError::TestClockNotLoopback(self.bind));
            }
            if self.smtp_url.is_some() {
                return Err(ConfigError::TestClockWithSmtp);
            }
        }
        Ok(())
    }

    pub fn effective_public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.bind),
        }
    }

    /// The configured database URL, or the embedded SQLite file inside the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => {
                format!("sqlite://{}?mode=rwc", self.data_dir.join("partner-center.db").display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_in_the_data_directory_is_the_default_database() {
        let config = Config::parse_from(["partner-center-server", "--data-dir", "/var/lib/pc"]);
        assert_eq!(config.effective_database_url(), "sqlite:///var/lib/pc/partner-center.db?mode=rwc");
    }

    #[test]
    fn the_test_clock_needs_a_loopback_address_and_no_smtp() {
        let parse = |args: &[&str]| Config::parse_from([&["partner-center-server"], args].concat());
        assert_eq!(parse(&["--test-clock"]).check(), Ok(()));
        assert_eq!(parse(&["--test-clock", "--bind", "[::1]:3001"]).check(), Ok(()));
        assert!(matches!(
            parse(&["--test-clock", "--bind", "0.0.0.0:3000"]).check(),
            Err(ConfigError::TestClockNotLoopback(_))
        ));
        assert_eq!(
            parse(&["--test-clock", "--smtp-url", "smtp://127.0.0.1:25"]).check(),
            Err(ConfigError::TestClockWithSmtp)
        );
        assert_eq!(parse(&["--bind", "0.0.0.0:3000"]).check(), Ok(()));
    }

    #[test]
    fn demo_data_is_off_unless_asked() {
        assert!(!Config::parse_from(["partner-center-server"]).demo);
        assert!(Config::parse_from(["partner-center-server", "--demo"]).demo);
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let config = Config::parse_from([
            "partner-center-server",
            "--database-url",
            "postgres://pc:db-secret@db.example/pc",
            "--smtp-url",
            "smtps://mailer:smtp-secret@smtp.example.com",
            "--demo-password",
            "demo-secret-123",
        ]);
        let shown = format!("{config:?}");
        for secret in ["db-secret", "smtp-secret", "demo-secret-123"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("postgres://pc:***@db.example/pc"), "{shown}");
    }

    #[test]
    fn help_never_prints_the_values_of_secret_settings() {
        // --help shows an environment variable's value unless told not to.
        let command = <Config as clap::CommandFactory>::command();
        for id in ["database_url", "smtp_url", "demo_password"] {
            let arg = command.get_arguments().find(|arg| arg.get_id() == id).unwrap();
            assert!(arg.is_hide_env_values_set(), "{id}");
        }
    }

    #[test]
    fn trusted_proxies_are_a_comma_separated_list_of_blocks() {
        let config = Config::parse_from(["partner-center-server", "--trusted-proxies", "127.0.0.1,10.0.0.0/8"]);
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(Config::try_parse_from(["partner-center-server", "--trusted-proxies", "10.0.0.0/99"]).is_err());
    }

    #[test]
    fn a_database_url_flag_replaces_the_embedded_database() {
        let config = Config::parse_from(["partner-center-server", "--database-url", "postgres://db/pc"]);
        assert_eq!(config.effective_database_url(), "postgres://db/pc");
    }
}
