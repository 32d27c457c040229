use super::Conn;
use crate::auth::throttle::Failures;
use crate::infra::clock::Millis;

/// Takes the bucket's lock row until the transaction ends, so the count and the reservation
/// that follow are one step for every instance (PostgreSQL locks the row; SQLite's write
/// transaction already holds the whole database).
pub async fn lock(conn: &mut Conn, bucket: &str) -> Result<(), super::Error> {
    super::query("INSERT INTO throttle_locks (bucket) VALUES ($1) ON CONFLICT (bucket) DO NOTHING")
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    super::query("UPDATE throttle_locks SET bucket = bucket WHERE bucket = $1").bind(bucket).execute(conn).await?;
    Ok(())
}

/// Counts a failure in `bucket`; `email` names the login's email for buckets that concern one.
pub async fn record(
    conn: &mut Conn,
    bucket: &str,
    email: Option<&str>,
    attempt_id: &str,
    at: Millis,
) -> Result<(), super::Error> {
    super::query("INSERT INTO sign_in_failures (bucket, failed_at, attempt_id, email) VALUES ($1, $2, $3, $4)")
        .bind(bucket)
        .bind(at)
        .bind(attempt_id)
        .bind(email)
        .execute(conn)
        .await?;
    Ok(())
}

/// The bucket's failures after `after`.
pub async fn after(conn: &mut Conn, bucket: &str, after: Millis) -> Result<Failures, super::Error> {
    let (count, oldest, newest) = super::query_as(
        "SELECT COUNT(*), MIN(failed_at), MAX(failed_at) FROM sign_in_failures WHERE bucket = $1 AND failed_at > $2",
    )
    .bind(bucket)
    .bind(after)
    .fetch_one(conn)
    .await?;
    Ok(Failures { count, oldest, newest })
}

/// Forgets every failure counted for `email`, from anywhere and from each client.
pub async fn clear_email(conn: &mut Conn, email: &str) -> Result<u64, super::Error> {
    let cleared = super::query("DELETE FROM sign_in_failures WHERE email = $1").bind(email).execute(conn).await?;
    Ok(cleared.rows_affected())
}

/// Takes back what one attempt reserved.
pub async fn forget_attempt(conn: &mut Conn, attempt_id: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM sign_in_failures WHERE attempt_id = $1").bind(attempt_id).execute(conn).await?;
    Ok(())
}

pub async fn clear(conn: &mut Conn, bucket: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM sign_in_failures WHERE bucket = $1").bind(bucket).execute(conn).await?;
    Ok(())
}

/// Forgets failures older than `before`, and the lock rows of buckets left empty.
pub async fn purge(conn: &mut Conn, before: Millis) -> Result<u64, super::Error> {
    let failures =
        super::query("DELETE FROM sign_in_failures WHERE failed_at < $1").bind(before).execute(&mut *conn).await?;
    super::query("DELETE FROM throttle_locks WHERE bucket NOT IN (SELECT bucket FROM sign_in_failures)")
        .execute(conn)
        .await?;
    Ok(failures.rows_affected())
}
