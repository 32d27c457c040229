//! A result row of either database, and how a column's value becomes a Rust value.

use sqlx::postgres::PgRow;
use sqlx::Row as _;

use super::Error;

/// One row of a result, read by column name (or position, for scalars).
pub enum Row<'r> {
    /// With the statement's column names, read once for all its rows: asking SQLite for each
    /// field's column by name costs more than reading the value.
    Sqlite(&'r rusqlite::Row<'r>, &'r [String]),
    Postgres(&'r PgRow),
}

/// A struct built from a row; `#[derive(FromRow)]` writes it from the field names.
pub trait FromRow: Sized {
    fn from_row(row: &Row<'_>) -> Result<Self, Error>;
}

/// Where a column is in the row: its name, or its position.
pub trait Column: Copy + std::fmt::Display {
    fn sqlite_index(self, names: &[String]) -> Result<usize, Error>;
    fn postgres_index(self, row: &PgRow) -> Result<usize, Error>;
}

impl Column for &str {
    fn sqlite_index(self, names: &[String]) -> Result<usize, Error> {
        names
            .iter()
            .position(|name| name == self)
            .ok_or_else(|| Error::Sqlite(rusqlite::Error::InvalidColumnName(self.to_owned())))
    }

    fn postgres_index(self, row: &PgRow) -> Result<usize, Error> {
        Ok(sqlx::ColumnIndex::index(&self, row)?)
    }
}

impl Column for usize {
    fn sqlite_index(self, _names: &[String]) -> Result<usize, Error> {
        Ok(self)
    }

    fn postgres_index(self, _row: &PgRow) -> Result<usize, Error> {
        Ok(self)
    }
}

impl Row<'_> {
    pub fn get<T: Decode>(&self, column: impl Column) -> Result<T, Error> {
        match self {
            Self::Sqlite(row, names) => {
                let index = column.sqlite_index(names)?;
                T::from_sqlite(row.get_ref(index)?).map_err(|message| Error::decode(column.to_string(), message))
            }
            Self::Postgres(row) => T::from_postgres(row, column.postgres_index(row)?),
        }
    }

    /// Reads the column as `S` and converts it, failing the read when the stored value is not
    /// a valid `T`.
    pub fn get_try_from<S: Decode, T: TryFrom<S>>(&self, column: &str) -> Result<T, Error>
    where
        T::Error: std::fmt::Display,
    {
        T::try_from(self.get::<S>(column)?).map_err(|error| Error::decode(column, error))
    }
}

/// A Rust value a column can be read as, from either database.
pub trait Decode: Sized {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Result<Self, String>;
    fn from_postgres(row: &PgRow, index: usize) -> Result<Self, Error>;
}

fn not_null<T>(value: Option<T>) -> Result<T, String> {
    value.ok_or_else(|| "NULL where a value must be".to_owned())
}

impl Decode for i64 {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        not_null(Option::<i64>::from_sqlite(value)?)
    }

    fn from_postgres(row: &PgRow, index: usize) -> Result<Self, Error> {
        not_null(Option::<i64>::from_postgres(row, index)?).map_err(|message| Error::decode(index.to_string(), message))
    }
}

impl Decode for Option<i64> {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        match value {
            rusqlite::types::ValueRef::Null => Ok(None),
            rusqlite::types::ValueRef::Integer(number) => Ok(Some(number)),
            other => Err(format!("{} where an integer must be", other.data_type())),
        }
    }

    fn from_postgres(row: &PgRow, index: usize) -> Result<Self, Error> {
        Ok(row.try_get::<Option<i64>, _>(index)?)
    }
}

impl Decode for String {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        not_null(Option::<String>::from_sqlite(value)?)
    }

    fn from_postgres(row: &PgRow, index: usize) -> Result<Self, Error> {
        Ok(row.try_get::<String, _>(index)?)
    }
}

impl Decode for Option<String> {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        match value {
            rusqlite::types::ValueRef::Null => Ok(None),
            rusqlite::types::ValueRef::Text(text) => {
                std::str::from_utf8(text).map(|text| Some(text.to_owned())).map_err(|error| error.to_string())
            }
            other => Err(format!("{} where text must be", other.data_type())),
        }
    }

    fn from_postgres(row: &PgRow, index: usize) -> Result<Self, Error> {
        Ok(row.try_get::<Option<String>, _>(index)?)
    }
}

macro_rules! tuple_from_row {
    ($($index:tt: $name:ident),+) => {
        impl<$($name: Decode),+> FromRow for ($($name,)+) {
            fn from_row(row: &Row<'_>) -> Result<Self, Error> {
                Ok(($(row.get::<$name>($index as usize)?,)+))
            }
        }
    };
}

tuple_from_row!(0: A);
tuple_from_row!(0: A, 1: B);
tuple_from_row!(0: A, 1: B, 2: C);
tuple_from_row!(0: A, 1: B, 2: C, 3: D);
