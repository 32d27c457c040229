//! Server configuration, from flags or the environment (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Parser)]
#[command(name = "partner-center-server", version, about = "Partner Center API server; also serves the built single-page app.")]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "PARTNER_CENTER_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Directory for the embedded SQLite database and the local mail outbox; created if missing.
    #[arg(long, env = "PARTNER_CENTER_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Database to use instead of the embedded SQLite file, e.g. postgres://user:pass@host/db.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory holding the built app (`trunk build --release` writes `dist/`).
    #[arg(long, env = "PARTNER_CENTER_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// The address people use to reach the app, for links in mail. Default: http://<bind>.
    #[arg(long, env = "PARTNER_CENTER_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Send mail through this SMTP server, e.g. smtps://user:pass@smtp.example.com. Without it,
    /// mail is written to <data-dir>/outbox/ as .eml files.
    #[arg(long, env = "PARTNER_CENTER_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of every mail.
    #[arg(long, env = "PARTNER_CENTER_MAIL_FROM", default_value = "Partner Center <no-reply@partner-center.invalid>")]
    pub mail_from: String,

    /// Create demo data on the first start with an empty database.
    #[arg(long, env = "PARTNER_CENTER_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,

    /// The demo login's password (otherwise one is generated on first start and printed).
    #[arg(long, env = "PARTNER_CENTER_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,

    /// Run on a clock that stands still and is moved by `POST /api/v1/test/clock` (end-to-end
    /// tests of trials and billing). Never in production.
    #[arg(long, env = "PARTNER_CENTER_TEST_CLOCK", default_value_t = false)]
    pub test_clock: bool,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info`, `partner_center_server=debug`).
    #[arg(long, env = "PARTNER_CENTER_LOG", default_value = "info")]
    pub log_level: String,

    /// `text` for people, `json` for log collectors.
    #[arg(long, env = "PARTNER_CENTER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
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
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("partner-center.db").display()),
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
    fn a_database_url_flag_replaces_the_embedded_database() {
        let config = Config::parse_from(["partner-center-server", "--database-url", "postgres://db/pc"]);
        assert_eq!(config.effective_database_url(), "postgres://db/pc");
    }
}
