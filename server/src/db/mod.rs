//! The one data-access layer. The same SQL text and one set of migrations serve SQLite and
//! PostgreSQL, so behaviour cannot differ by backend. SQLite runs a request's statements on the
//! request's own thread (rusqlite, `sqlite.rs`); PostgreSQL keeps sqlx's async pool. Each table
//! module owns the SQL of one table group; its functions take a connection, so a caller can run
//! several of them in one transaction.

pub mod access_requests;
pub mod audit_log;
pub mod billing;
mod error;
pub mod idempotency;
pub mod identities;
pub mod invitations;
pub mod invoices;
pub mod listing;
pub mod orgs;
pub mod outbox;
pub mod password_resets;
mod query;
mod row;
pub mod sessions;
pub mod sign_in_failures;
mod sqlite;
pub mod trial_extensions;
pub mod unlocks;
pub mod users;

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Connection as _, PgConnection, Postgres};

pub use error::Error;
pub use partner_center_row_derive::FromRow;
pub use query::{query, query_as, query_scalar, Done, Query, QueryAs, QueryScalar, Value};
pub use row::{Decode, FromRow, Row};

use query::Wanted;
use sqlite::Checkpoint;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a request waits for a connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the write-ahead log is copied into the SQLite file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// A log this long (64 MiB of 4 KiB pages) is started over.
const RESTART_AT_PAGES: i64 = 16_384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, OpenError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(OpenError::UnsupportedUrl)
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
pub enum OpenError {
    #[error("the database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("the embedded database needs a file: an in-memory SQLite database is one per connection")]
    InMemory,
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Db(#[from] Error),
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
fn create_private_file(path: &str) -> std::io::Result<()> {
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

/// Brings the SQLite file's schema up to date through sqlx's migrator, which keeps the record
/// of applied migrations the same as on PostgreSQL.
async fn migrate_sqlite(url: &str, path: &str) -> Result<(), OpenError> {
    let turn = migration_turn(path).await?;
    let mut conn = sqlx::SqliteConnection::connect(url).await?;
    MIGRATOR.run(&mut conn).await?;
    conn.close().await?;
    drop(turn);
    Ok(())
}

/// The database pool's connections now, for the metrics.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

#[derive(Clone)]
enum Engine {
    Sqlite(Arc<sqlite::Pool>),
    Postgres(PgPool),
}

#[derive(Clone)]
pub struct Database {
    engine: Engine,
    /// Wakes the mail worker once mail queued on any connection is committed.
    mail_committed: Arc<tokio::sync::Notify>,
    /// SQLite has one writer at a time. Its own wait for the lock (busy_timeout) polls with
    /// growing sleeps, so a writer that arrives while a job commits back to back can wait
    /// seconds; taking turns here first makes writers queue in arrival order instead.
    writers: Arc<tokio::sync::Mutex<()>>,
}

/// A connection from the pool, or the one an open transaction runs on.
pub struct Conn {
    link: Link,
    /// The database's fair writer turns: a write outside a transaction takes one too, so it
    /// never waits in SQLite's own busy loop, which would block the thread serving it.
    writers: Arc<tokio::sync::Mutex<()>>,
    mail_committed: Arc<tokio::sync::Notify>,
    /// Mail was queued in this connection's open transaction: the worker is woken when it commits.
    mail_in_transaction: bool,
}

enum Link {
    Sqlite(sqlite::Lease),
    Postgres(PoolConnection<Postgres>),
    PostgresTransaction(sqlx::Transaction<'static, Postgres>),
}

fn postgres_query<'q>(query: &'q Query<'_>) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    query.args.iter().fold(sqlx::query(query.sql), |statement, value| match value {
        Value::Int(number) => statement.bind(*number),
        Value::Text(text) => statement.bind(text.as_deref()),
    })
}

impl Conn {
    fn new(link: Link, database: &Database) -> Self {
        Self {
            link,
            writers: database.writers.clone(),
            mail_committed: database.mail_committed.clone(),
            mail_in_transaction: false,
        }
    }

    /// A writer's turn for `query` when it writes outside a transaction on SQLite.
    async fn turn_for(&mut self, query: &Query<'_>) -> Result<Option<tokio::sync::OwnedMutexGuard<()>>, Error> {
        let needed = match &self.link {
            Link::Sqlite(lease) => !lease.in_transaction() && lease.writes(query)?,
            _ => false,
        };
        Ok(match needed {
            true => Some(self.writers.clone().lock_owned().await),
            false => None,
        })
    }

    fn in_transaction(&self) -> bool {
        matches!(self.link, Link::PostgresTransaction(_))
            || matches!(&self.link, Link::Sqlite(lease) if lease.in_transaction())
    }

    /// Says that this connection gave the mail worker work (queued mail, or a request the worker
    /// writes mail for): the worker is woken when it is committed (at once outside a
    /// transaction), so no caller has to remember to.
    pub fn mail_queued(&mut self) {
        if self.in_transaction() {
            self.mail_in_transaction = true;
        } else {
            self.mail_committed.notify_one();
        }
    }

    fn postgres(&mut self) -> Option<&mut PgConnection> {
        match &mut self.link {
            Link::Sqlite(_) => None,
            Link::Postgres(conn) => Some(conn),
            Link::PostgresTransaction(tx) => Some(tx),
        }
    }

    async fn execute(&mut self, query: &Query<'_>) -> Result<Done, Error> {
        let _turn = self.turn_for(query).await?;
        if let Link::Sqlite(lease) = &self.link {
            return lease.execute(query);
        }
        let conn = self.postgres().expect("not SQLite");
        Ok(Done::new(postgres_query(query).execute(conn).await?.rows_affected()))
    }

    async fn rows<T>(
        &mut self,
        query: &Query<'_>,
        wanted: Wanted,
        read: fn(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let _turn = self.turn_for(query).await?;
        if let Link::Sqlite(lease) = &self.link {
            return lease.rows(query, wanted, read);
        }
        let conn = self.postgres().expect("not SQLite");
        let rows = match wanted {
            Wanted::All => postgres_query(query).fetch_all(conn).await?,
            Wanted::AtMostOne => postgres_query(query).fetch_optional(conn).await?.into_iter().collect(),
        };
        rows.iter().map(|row| read(&Row::Postgres(row))).collect()
    }
}

/// A transaction that may write; on SQLite it also holds this process's writer turn until it
/// commits or rolls back (or is dropped, which rolls back).
pub struct WriteTransaction {
    // Declared first so it is dropped (rolled back) before the turn is given up.
    conn: Conn,
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
    pub async fn hold(&mut self, lock: InstanceLock) -> Result<(), Error> {
        if let Some(conn) = self.conn.postgres() {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(lock as i64).execute(conn).await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), Error> {
        let woken = self.conn.mail_in_transaction.then(|| self.conn.mail_committed.clone());
        self.end("COMMIT").await?;
        if let Some(worker) = woken {
            worker.notify_one();
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), Error> {
        self.end("ROLLBACK").await
    }

    async fn end(self, how: &str) -> Result<(), Error> {
        match self.conn.link {
            Link::Sqlite(ref lease) => lease.execute_batch(how)?,
            Link::PostgresTransaction(tx) if how == "COMMIT" => tx.commit().await?,
            Link::PostgresTransaction(tx) => tx.rollback().await?,
            Link::Postgres(_) => unreachable!("a write transaction's PostgreSQL link is a transaction"),
        }
        Ok(())
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

/// Copies SQLite's write-ahead log into its file every second while the pool lives, on a
/// blocking thread: the copy writes and syncs the file.
fn spawn_checkpoints(pool: Weak<sqlite::Pool>, writers: Arc<tokio::sync::Mutex<()>>) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(CHECKPOINT_EVERY).await;
            let Some(pool) = pool.upgrade() else { return };
            let writers = writers.clone();
            let checkpoint = async move {
                let lease = pool.lease().await?;
                // As much of the log as readers allow while writers go on. Under steady writes
                // that never reaches the log's end, and only a log copied whole is started
                // over: once it is long, the rest is copied with writers held back (without
                // that, the log grew without bound: 3.6 GB after seeding 20,000 orgs).
                let (lease, pages) = tokio::task::spawn_blocking(move || {
                    lease.checkpoint(Checkpoint::Passive).map(|pages| (lease, pages))
                })
                .await
                .expect("checkpoint thread")?;
                if pages < RESTART_AT_PAGES {
                    return Ok(());
                }
                let _turn = writers.lock_owned().await;
                tokio::task::spawn_blocking(move || lease.checkpoint(Checkpoint::Restart).map(drop))
                    .await
                    .expect("checkpoint thread")
            };
            if let Err(error) = checkpoint.await {
                tracing::warn!(%error, "checkpointing the write-ahead log failed");
            }
        }
    });
}

impl Database {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        let (engine, writers) = match Backend::from_url(url)? {
            Backend::Sqlite => {
                let path = sqlite_file(url).ok_or(OpenError::InMemory)?;
                create_private_file(path)?;
                migrate_sqlite(url, path).await?;
                let pool = sqlite::Pool::new(path, 16, ACQUIRE_TIMEOUT);
                let writers = Arc::default();
                spawn_checkpoints(Arc::downgrade(&pool), Arc::clone(&writers));
                (Engine::Sqlite(pool), writers)
            }
            Backend::Postgres => {
                // No ping on every acquire: a connection that broke fails its statement, which
                // fails the request as a ping would have.
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .connect(url)
                    .await?;
                MIGRATOR.run(&pool).await?;
                (Engine::Postgres(pool), Arc::default())
            }
        };
        Ok(Self { engine, mail_committed: Arc::default(), writers })
    }

    pub async fn conn(&self) -> Result<Conn, Error> {
        let link = match &self.engine {
            Engine::Sqlite(pool) => Link::Sqlite(pool.lease().await?),
            Engine::Postgres(pool) => Link::Postgres(pool.acquire().await?),
        };
        Ok(Conn::new(link, self))
    }

    /// Starts a transaction that may write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails outright
    /// when another writer got in between, where this one waits its turn (busy_timeout).
    pub async fn begin(&self) -> Result<WriteTransaction, Error> {
        match &self.engine {
            Engine::Sqlite(pool) => {
                let turn = self.writers.clone().lock_owned().await;
                let lease = pool.lease().await?;
                lease.execute_batch("BEGIN IMMEDIATE")?;
                Ok(WriteTransaction { conn: Conn::new(Link::Sqlite(lease), self), _turn: Some(turn) })
            }
            Engine::Postgres(pool) => {
                let link = Link::PostgresTransaction(pool.begin().await?);
                Ok(WriteTransaction { conn: Conn::new(link, self), _turn: None })
            }
        }
    }

    /// Notified each time mail is committed to the outbox, by any connection of this database.
    pub fn mail_committed(&self) -> Arc<tokio::sync::Notify> {
        self.mail_committed.clone()
    }

    /// The pool's size: this many requests can use the database at once.
    pub fn max_connections(&self) -> u32 {
        match &self.engine {
            Engine::Sqlite(pool) => pool.max(),
            Engine::Postgres(pool) => pool.options().get_max_connections(),
        }
    }

    /// The pool's connections now, for the metrics.
    pub fn pool_use(&self) -> PoolUse {
        let (open, idle) = match &self.engine {
            Engine::Sqlite(pool) => (pool.opened(), pool.idle()),
            Engine::Postgres(pool) => (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(u32::MAX)),
        };
        PoolUse { open, idle, max: self.max_connections() }
    }

    pub fn backend(&self) -> Backend {
        match self.engine {
            Engine::Sqlite(_) => Backend::Sqlite,
            Engine::Postgres(_) => Backend::Postgres,
        }
    }

    /// True when the database answers a trivial query.
    pub async fn is_reachable(&self) -> bool {
        match self.conn().await {
            Ok(mut conn) => query("SELECT 1").execute(&mut conn).await.is_ok(),
            Err(_) => false,
        }
    }

    pub async fn close(&self) {
        match &self.engine {
            Engine::Sqlite(pool) => pool.close(),
            Engine::Postgres(pool) => pool.close().await,
        }
    }
}
