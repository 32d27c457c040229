//! Statements with their arguments, run on a [`Conn`] of either database. The SQL text is the
//! same for both (`$1`-style parameters, which SQLite reads as named parameters).

use std::marker::PhantomData;

use super::row::{Decode, FromRow, Row};
use super::{Conn, Error};

/// An argument. A NULL keeps its type: PostgreSQL must know what the parameter is.
#[derive(Debug, Clone)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Int(Some(value))
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(Some(value.to_owned()))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(Some(value))
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Self::Text(Some(value.clone()))
    }
}

impl From<&Option<String>> for Value {
    fn from(value: &Option<String>) -> Self {
        Self::Text(value.clone())
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Self::Int(value)
    }
}

impl From<Option<&str>> for Value {
    fn from(value: Option<&str>) -> Self {
        Self::Text(value.map(str::to_owned))
    }
}

impl From<Option<String>> for Value {
    fn from(value: Option<String>) -> Self {
        Self::Text(value)
    }
}

impl From<Option<&String>> for Value {
    fn from(value: Option<&String>) -> Self {
        Self::Text(value.cloned())
    }
}

/// What a statement that returns no rows did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub(super) fn new(rows_affected: u64) -> Self {
        Self { rows_affected }
    }

    pub fn rows_affected(self) -> u64 {
        self.rows_affected
    }
}

/// How many rows a read wants: it stops stepping once it has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    AtMostOne,
    All,
}

/// A statement and its arguments.
#[must_use = "a query does nothing until it is run on a connection"]
pub struct Query<'q> {
    pub(super) sql: &'q str,
    pub(super) args: Vec<Value>,
}

pub fn query(sql: &str) -> Query<'_> {
    Query { sql, args: Vec::new() }
}

impl<'q> Query<'q> {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    pub async fn execute(self, conn: &mut Conn) -> Result<Done, Error> {
        conn.execute(&self).await
    }

    async fn rows<T>(
        self,
        conn: &mut Conn,
        wanted: Wanted,
        read: fn(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        conn.rows(&self, wanted, read).await
    }
}

/// A read whose rows become `T`s.
#[must_use = "a query does nothing until it is run on a connection"]
pub struct QueryAs<'q, T> {
    query: Query<'q>,
    row: PhantomData<fn() -> T>,
}

pub fn query_as<T: FromRow>(sql: &str) -> QueryAs<'_, T> {
    QueryAs { query: query(sql), row: PhantomData }
}

/// A read of one column, each row's value a `T`.
#[must_use = "a query does nothing until it is run on a connection"]
pub struct QueryScalar<'q, T> {
    query: Query<'q>,
    value: PhantomData<fn() -> T>,
}

pub fn query_scalar<T: Decode>(sql: &str) -> QueryScalar<'_, T> {
    QueryScalar { query: query(sql), value: PhantomData }
}

fn first_column<T: Decode>(row: &Row<'_>) -> Result<T, Error> {
    row.get::<T>(0usize)
}

/// The reads both typed queries offer, from how each turns a row into its output.
macro_rules! reads {
    ($query:ident, $bound:ident, $read:expr) => {
        impl<'q, T: $bound> $query<'q, T> {
            pub fn bind(mut self, value: impl Into<Value>) -> Self {
                self.query = self.query.bind(value);
                self
            }

            pub async fn fetch_all(self, conn: &mut Conn) -> Result<Vec<T>, Error> {
                self.query.rows(conn, Wanted::All, $read).await
            }

            pub async fn fetch_optional(self, conn: &mut Conn) -> Result<Option<T>, Error> {
                Ok(self.query.rows(conn, Wanted::AtMostOne, $read).await?.pop())
            }

            pub async fn fetch_one(self, conn: &mut Conn) -> Result<T, Error> {
                self.fetch_optional(conn).await?.ok_or(Error::RowNotFound)
            }
        }
    };
}

reads!(QueryAs, FromRow, T::from_row);
reads!(QueryScalar, Decode, first_column::<T>);
