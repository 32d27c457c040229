use super::Conn;
use crate::clock::Millis;

pub async fn record(conn: &mut Conn, bucket: &str, at: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sign_in_failures (bucket, failed_at) VALUES ($1, $2)")
        .bind(bucket)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many failures the bucket has had after `after`, and when the oldest of them was.
pub async fn after(conn: &mut Conn, bucket: &str, after: Millis) -> Result<(i64, Option<Millis>), sqlx::Error> {
    sqlx::query_as("SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE bucket = $1 AND failed_at > $2")
        .bind(bucket)
        .bind(after)
        .fetch_one(conn)
        .await
}

pub async fn clear(conn: &mut Conn, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE bucket = $1").bind(bucket).execute(conn).await?;
    Ok(())
}

pub async fn prune(conn: &mut Conn, before: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1").bind(before).execute(conn).await?;
    Ok(())
}
