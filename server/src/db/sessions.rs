use partner_center_domain::roles::Role;

use super::users::{stored_role, MembershipRow, MEMBERSHIP_COLUMNS, MEMBERSHIP_JOINS};
use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct SessionRow {
    pub identity_id: String,
    pub acting_org_id: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
}

/// A session with the user it acts through and that user's roles.
pub struct Resolved {
    pub session: SessionRow,
    pub user: MembershipRow,
    pub roles: Vec<Role>,
}

#[derive(super::FromRow)]
struct ResolvedRow {
    acting_org_id: String,
    created_at: Millis,
    last_seen_at: Millis,
    #[row(flatten)]
    user: MembershipRow,
    role: Option<String>,
}

/// The session of `digest` with its acting user and roles, in one query (every signed-in
/// request asks). `None` when there is no such session or its acting user is gone.
pub async fn resolve(conn: &mut Conn, digest: &str) -> Result<Option<Resolved>, super::Error> {
    let rows: Vec<ResolvedRow> = super::query_as(&format!(
        "SELECT s.acting_org_id, s.created_at, s.last_seen_at, {MEMBERSHIP_COLUMNS}, r.role \
         FROM sessions s JOIN users u ON u.identity_id = s.identity_id AND u.org_id = s.acting_org_id \
         {MEMBERSHIP_JOINS} LEFT JOIN user_roles r ON r.user_id = u.id WHERE s.token_hash = $1"
    ))
    .bind(digest)
    .fetch_all(conn)
    .await?;
    let mut roles = rows.iter().filter_map(|row| row.role.clone()).map(stored_role).collect::<Result<Vec<_>, _>>()?;
    roles.sort();
    Ok(rows.into_iter().next().map(|row| Resolved {
        session: SessionRow {
            identity_id: row.user.identity_id.clone(),
            acting_org_id: row.acting_org_id,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        },
        user: row.user,
        roles,
    }))
}

pub async fn insert(
    conn: &mut Conn,
    digest: &str,
    identity_id: &str,
    org_id: &str,
    now: Millis,
) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO sessions (token_hash, identity_id, acting_org_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(digest)
    .bind(identity_id)
    .bind(org_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, digest: &str) -> Result<Option<SessionRow>, super::Error> {
    super::query_as("SELECT identity_id, acting_org_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
        .bind(digest)
        .fetch_optional(conn)
        .await
}

pub async fn touch(conn: &mut Conn, digest: &str, now: Millis) -> Result<(), super::Error> {
    super::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_acting_org(conn: &mut Conn, digest: &str, org_id: &str) -> Result<(), super::Error> {
    super::query("UPDATE sessions SET acting_org_id = $1 WHERE token_hash = $2")
        .bind(org_id)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, digest: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest).execute(conn).await?;
    Ok(())
}

/// Ends every session of a login (its password changed).
pub async fn delete_all_of(conn: &mut Conn, identity_id: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM sessions WHERE identity_id = $1").bind(identity_id).execute(conn).await?;
    Ok(())
}

/// Deletes sessions past their idle or absolute limit; returns how many.
pub async fn purge(conn: &mut Conn, idle_before: Millis, created_before: Millis) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
        .bind(idle_before)
        .bind(created_before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
