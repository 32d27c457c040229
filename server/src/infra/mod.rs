//! What the services stand on besides the database: the clock, configuration, secrets and
//! password hashing, mail delivery, metrics, the way down, and backups.

pub mod backup;
pub mod clock;
pub mod config;
pub mod lifecycle;
pub mod mail;
pub mod metrics;
pub mod secrets;
