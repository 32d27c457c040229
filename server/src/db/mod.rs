//! The one data-access layer. SQLite and PostgreSQL are both reached through sqlx's `Any`
//! driver, with portable SQL and one set of migrations, so behaviour cannot differ by backend.
//! Each submodule owns the SQL of one table group; its functions take a connection, so a
//! caller can run several of them in one transaction.

pub mod access_requests;
pub mod audit_log;
pub mod billing;
pub mod idempotency;
pub mod identities;
pub mod invitations;
pub mod invoices;
pub mod listing;
pub mod orgs;
pub mod outbox;
pub mod password_resets;
pub mod sessions;
pub mod sign_in_failures;
pub mod trial_extensions;
pub mod unlocks;
pub mod users;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};

/// What every data function runs on: a pooled connection or an open transaction.
pub type Conn = sqlx::AnyConnection;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("creating the database file: {0}")]
    File(#[from] std::io::Error),
}

/// The file of an embedded database's URL; `None` for an in-memory one.
fn sqlite_file(url: &str) -> Option<&str> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Creates an embedded database's file readable by its owner only, before SQLite would create
/// it with the process's default mode; SQLite gives its `-wal` and `-shm` files the same mode.
fn create_private_file(url: &str) -> std::io::Result<()> {
    let Some(path) = sqlite_file(url) else {
        return Ok(());
    };
    if std::path::Path::new(path).exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => Err(error),
        _ => Ok(()),
    }
}

/// Waits for this process's turn to migrate the SQLite database at `path`: an exclusive lock
/// on a file beside it, held until the returned file is dropped. sqlx locks PostgreSQL's
/// migrations (an advisory lock) but not SQLite's, so servers starting together on a new file
/// would each apply the first migration and all but one fail.
async fn migration_turn(path: &str) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(format!("{path}.migrating"))?;
    // Blocking while another process migrates; off the async threads, which that other
    // migration may need when it runs in this process.
    tokio::task::spawn_blocking(move || file.lock().map(|()| file)).await.map_err(std::io::Error::other)?
}

#[derive(Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time. Its own wait for the lock (busy_timeout) polls with
    /// growing sleeps, so a writer that arrives while a job commits back to back can wait
    /// seconds; taking turns here first makes writers queue in arrival order instead.
    writers: Arc<tokio::sync::Mutex<()>>,
}

/// A transaction that may write; on SQLite it also holds this process's writer turn until it
/// commits or rolls back (or is dropped, which rolls back).
pub struct WriteTransaction {
    tx: Transaction<'static, Any>,
    backend: Backend,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// Work that two instances must not do at once, each its own PostgreSQL advisory lock key.
#[derive(Debug, Clone, Copy)]
pub enum InstanceLock {
    /// Seeding the demo: both instances would find the database empty and both seed it.
    DemoSeed = 1,
}

impl WriteTransaction {
    /// Waits until no other instance's transaction holds `lock`, then holds it until this one
    /// ends. Without it, two PostgreSQL transactions reading at read committed both find the work
    /// undone and both do it; on SQLite `BEGIN IMMEDIATE` already made this the only writer.
    pub async fn hold(&mut self, lock: InstanceLock) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(lock as i64).execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

impl Database {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite {
            create_private_file(url)?;
        }
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers proceed during a write; NORMAL sync is durable in WAL
                        // mode across application crashes, which is the guarantee we promise.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let turn = match (backend, sqlite_file(url)) {
            (Backend::Sqlite, Some(path)) => Some(migration_turn(path).await?),
            _ => None,
        };
        MIGRATOR.run(&pool).await?;
        drop(turn);
        Ok(Self { pool, backend, writers: Arc::default() })
    }

    pub async fn conn(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        self.pool.acquire().await
    }

    /// Starts a transaction that may write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails outright
    /// when another writer got in between, where this one waits its turn (busy_timeout).
    pub async fn begin(&self) -> Result<WriteTransaction, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let turn = self.writers.clone().lock_owned().await;
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTransaction { tx, backend: self.backend, _turn: Some(turn) })
            }
            Backend::Postgres => {
                Ok(WriteTransaction { tx: self.pool.begin().await?, backend: self.backend, _turn: None })
            }
        }
    }

    /// The pool's size: this many requests can use the database at once.
    pub fn max_connections(&self) -> u32 {
        self.pool.options().get_max_connections()
    }

    /// The pool's connections now, for the metrics.
    pub fn pool_use(&self) -> crate::metrics::PoolUse {
        crate::metrics::PoolUse {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.max_connections(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when the database answers a trivial query.
    pub async fn is_reachable(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
