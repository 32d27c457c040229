//! The embedded database's connections, and statements run on them on the caller's own thread.
//! A statement here takes microseconds; handing each to another thread and back, as an async
//! driver must, cost more than the statement (`server/examples/bench_sqlite_drivers.rs`).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::query::{Done, Query, Value, Wanted};
use super::row::Row;
use super::Error;

/// Prepared statements each connection keeps: more than the distinct SQL texts the server runs.
const STATEMENT_CACHE: usize = 256;

#[derive(Debug, Clone, Copy)]
pub(super) enum Checkpoint {
    Passive,
    Restart,
}

/// Connections opened as needed up to a bound, and lent one at a time.
pub(super) struct Pool {
    path: String,
    idle: Mutex<Vec<rusqlite::Connection>>,
    opened: Mutex<u32>,
    free: Arc<Semaphore>,
    max: u32,
    acquire_timeout: Duration,
}

/// A connection lent by the pool; it goes back when this is dropped.
pub(super) struct Lease {
    conn: Option<rusqlite::Connection>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while the lock was held left a plain list or count, still whole.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Pool {
    pub(super) fn new(path: &str, max: u32, acquire_timeout: Duration) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_owned(),
            idle: Mutex::default(),
            opened: Mutex::new(0),
            free: Arc::new(Semaphore::new(max as usize)),
            max,
            acquire_timeout,
        })
    }

    fn open(&self) -> Result<rusqlite::Connection, Error> {
        let conn = rusqlite::Connection::open(&self.path)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // WAL lets readers proceed during a write; NORMAL sync is durable in WAL mode across
        // application crashes, which is the guarantee we promise. Checkpoints run in the
        // background (`checkpoint`), not inside whichever commit crossed the threshold.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;",
        )?;
        Ok(conn)
    }

    pub(super) async fn lease(self: &Arc<Self>) -> Result<Lease, Error> {
        let permit = tokio::time::timeout(self.acquire_timeout, self.free.clone().acquire_owned())
            .await
            .map_err(|_| Error::PoolTimedOut(self.acquire_timeout))?
            .map_err(|_| Error::Closed)?;
        let idle = locked(&self.idle).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = self.open()?;
                *locked(&self.opened) += 1;
                conn
            }
        };
        Ok(Lease { conn: Some(conn), pool: self.clone(), _permit: permit })
    }

    /// Closes the idle connections; one lent out now closes when it is given back.
    pub(super) fn close(&self) {
        self.free.close();
        let closed = std::mem::take(&mut *locked(&self.idle));
        *locked(&self.opened) -= u32::try_from(closed.len()).unwrap_or(0);
    }

    pub(super) fn opened(&self) -> u32 {
        *locked(&self.opened)
    }

    pub(super) fn idle(&self) -> u32 {
        u32::try_from(locked(&self.idle).len()).unwrap_or(u32::MAX)
    }

    pub(super) fn max(&self) -> u32 {
        self.max
    }
}

impl Lease {
    pub(super) fn conn(&self) -> &rusqlite::Connection {
        self.conn.as_ref().expect("a lease holds its connection until dropped")
    }

    /// Whether `query` may change the database (SQLite knows once it is prepared).
    pub(super) fn writes(&self, query: &Query<'_>) -> Result<bool, Error> {
        Ok(!self.conn().prepare_cached(query.sql)?.readonly())
    }

    pub(super) fn in_transaction(&self) -> bool {
        !self.conn().is_autocommit()
    }

    /// Copies the write-ahead log into the database file: `Passive` as far as readers allow,
    /// without waiting; `Restart` all of it, waiting for readers of older pages, so that the
    /// next writer starts the log over. Run by a background task, so no request's commit pays.
    /// Answers how many pages the log holds.
    pub(super) fn checkpoint(&self, mode: Checkpoint) -> Result<i64, Error> {
        let sql = match mode {
            Checkpoint::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
            Checkpoint::Restart => "PRAGMA wal_checkpoint(RESTART)",
        };
        Ok(self.conn().query_row(sql, [], |row| row.get(1))?)
    }

    pub(super) fn execute_batch(&self, sql: &str) -> Result<(), Error> {
        Ok(self.conn().execute_batch(sql)?)
    }

    /// Prepares (or finds cached) the statement and binds its arguments: `$N` is the Nth.
    fn prepared(&self, query: &Query<'_>) -> Result<rusqlite::CachedStatement<'_>, Error> {
        let mut statement = self.conn().prepare_cached(query.sql)?;
        for index in 1..=statement.parameter_count() {
            let name = statement.parameter_name(index).unwrap_or_default();
            let position: usize = name
                .strip_prefix('$')
                .and_then(|number| number.parse().ok())
                .ok_or_else(|| Error::decode(name, "parameters are written $1, $2, …"))?;
            let value = query.args.get(position - 1).ok_or_else(|| Error::decode(name, "no argument bound for it"))?;
            match value {
                Value::Int(number) => statement.raw_bind_parameter(index, number)?,
                Value::Text(text) => statement.raw_bind_parameter(index, text)?,
            }
        }
        Ok(statement)
    }

    pub(super) fn execute(&self, query: &Query<'_>) -> Result<Done, Error> {
        let mut statement = self.prepared(query)?;
        // Stepped as a query: a statement that also returns rows (RETURNING) still runs whole.
        let mut rows = statement.raw_query();
        while rows.next()?.is_some() {}
        Ok(Done::new(self.conn().changes()))
    }

    pub(super) fn rows<T>(
        &self,
        query: &Query<'_>,
        wanted: Wanted,
        read: fn(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let mut statement = self.prepared(query)?;
        let names: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
        let mut rows = statement.raw_query();
        let mut read_rows = Vec::new();
        while let Some(row) = rows.next()? {
            read_rows.push(read(&Row::Sqlite(row, &names))?);
            if wanted == Wanted::AtMostOne {
                break;
            }
        }
        Ok(read_rows)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        // A transaction left open (its owner failed before ending it) must not reach the next
        // borrower; a connection that cannot roll back is closed instead of lent again.
        if !conn.is_autocommit() && conn.execute_batch("ROLLBACK").is_err() {
            *locked(&self.pool.opened) -= 1;
            return;
        }
        if self.pool.free.is_closed() {
            *locked(&self.pool.opened) -= 1;
            return;
        }
        locked(&self.pool.idle).push(conn);
    }
}
