//! `partner-center-server backup FILE`: a consistent copy of the SQLite database, taken with
//! `VACUUM INTO` inside one read transaction, so a server may keep writing meanwhile. The copy is
//! a complete database: restoring is putting it where the server's database file was.

use std::path::Path;

use crate::db::{Backend, Database};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see the README)")]
    NotSqlite,
    #[error("{0} exists already; the backup goes to a new file")]
    Exists(String),
    #[error("the backup file's path must be UTF-8")]
    PathNotUtf8,
    #[error("creating the backup file: {0}")]
    File(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

/// Copies `db` into the new file `target`, readable by its owner only (it holds what the
/// database does).
pub async fn sqlite_copy(db: &Database, target: &Path) -> Result<(), BackupError> {
    if db.backend() != Backend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    let path = target.to_str().ok_or(BackupError::PathNotUtf8)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // VACUUM INTO accepts an empty file: made first, it has the mode chosen here.
    options.open(target).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(path.to_owned()),
        _ => BackupError::File(error),
    })?;
    let mut conn = db.conn().await?;
    if let Err(error) = crate::db::query("VACUUM INTO $1").bind(path).execute(&mut conn).await {
        let _ = std::fs::remove_file(target);
        return Err(error.into());
    }
    Ok(())
}
