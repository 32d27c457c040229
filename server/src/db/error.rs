//! What a statement can fail with, whichever database ran it.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] sqlx::Error),
    #[error("the query returned no row")]
    RowNotFound,
    /// A stored value that is not what its column must hold: never guessed around.
    #[error("column {column}: {message}")]
    Decode { column: String, message: String },
    #[error("encoding a stored value: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("the database was closed")]
    Closed,
    #[error("no database connection came free within {0:?}")]
    PoolTimedOut(std::time::Duration),
}

impl Error {
    pub fn decode(column: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Self::Decode { column: column.into(), message: message.to_string() }
    }

    /// True when a unique index refused the write: the value is taken.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Self::Sqlite(rusqlite::Error::SqliteFailure(error, _)) => {
                error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            }
            Self::Postgres(sqlx::Error::Database(error)) => error.is_unique_violation(),
            _ => false,
        }
    }
}
