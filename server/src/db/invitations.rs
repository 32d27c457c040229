use partner_center_domain::users::UserStatus;

use super::Conn;
use crate::infra::clock::Millis;

/// An invitation with what its page shows: whose it is and for which org.
#[derive(Debug, Clone, super::FromRow)]
pub struct InvitationRow {
    pub identity_id: String,
    pub org_id: String,
    pub expires_at: Millis,
    pub used_at: Option<Millis>,
    pub email: String,
    pub namespace: String,
    pub org_name: String,
    pub user_id: String,
    pub first_name: String,
    /// The membership's status: only a user still waiting (`inactive`) can be activated.
    #[row(try_from = "String")]
    pub user_status: UserStatus,
    has_password: i64,
}

impl InvitationRow {
    /// The login has a password already (set through another invitation).
    pub fn has_password(&self) -> bool {
        self.has_password != 0
    }
}

pub async fn insert(
    conn: &mut Conn,
    digest: &str,
    identity_id: &str,
    org_id: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO invitations (token_hash, identity_id, org_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(digest)
    .bind(identity_id)
    .bind(org_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, digest: &str) -> Result<Option<InvitationRow>, super::Error> {
    super::query_as(
        "SELECT i.identity_id, i.org_id, i.expires_at, i.used_at, d.email, d.namespace, \
         o.name AS org_name, u.id AS user_id, u.first_name, u.status AS user_status, \
         CAST(CASE WHEN d.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password \
         FROM invitations i \
         JOIN identities d ON d.id = i.identity_id \
         JOIN orgs o ON o.id = i.org_id \
         JOIN users u ON u.identity_id = i.identity_id AND u.org_id = i.org_id \
         WHERE i.token_hash = $1",
    )
    .bind(digest)
    .fetch_optional(conn)
    .await
}

/// Marks the invitation used; false when it already was (a second, concurrent use loses).
pub async fn mark_used(conn: &mut Conn, digest: &str, now: Millis) -> Result<bool, super::Error> {
    let result = super::query("UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Deletes the unused invitations of one membership: its link stops working at once.
pub async fn revoke_pending(conn: &mut Conn, identity_id: &str, org_id: &str) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM invitations WHERE identity_id = $1 AND org_id = $2 AND used_at IS NULL")
        .bind(identity_id)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes invitations that were used or have expired; returns how many.
pub async fn purge(conn: &mut Conn, now: Millis) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM invitations WHERE used_at IS NOT NULL OR expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
