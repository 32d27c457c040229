//! Requests to join an org, addressed to a login by namespace and email. Every read leaves out
//! requests past their expiry: an expired request is gone, whether or not the purge has run.

use partner_center_domain::roles::Role;
use partner_center_domain::UnknownKey;

use super::Conn;
use crate::infra::clock::Millis;

/// A request's roles, stored as comma-separated role keys. An unknown key fails the read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRoles(pub Vec<Role>);

impl StoredRoles {
    fn encode(roles: &[Role]) -> String {
        roles.iter().map(|role| role.key()).collect::<Vec<_>>().join(",")
    }
}

impl TryFrom<String> for StoredRoles {
    type Error = UnknownKey;

    fn try_from(keys: String) -> Result<Self, Self::Error> {
        keys.split(',')
            .filter(|key| !key.is_empty())
            .map(|key| Role::from_key(key).ok_or_else(|| UnknownKey { kind: "role", key: key.to_owned() }))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}

/// A request with the name of the org it is from.
#[derive(Debug, Clone, super::FromRow)]
pub struct RequestRow {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub org_parent_id: Option<String>,
    pub namespace: String,
    pub email: String,
    pub email_normalized: String,
    pub first_name: String,
    pub last_name: String,
    portal_access: i64,
    #[row(try_from = "String")]
    pub roles: StoredRoles,
    pub requested_by: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

impl RequestRow {
    pub fn portal_access(&self) -> bool {
        self.portal_access != 0
    }
}

const REQUEST: &str = "SELECT r.id, r.org_id, o.name AS org_name, o.parent_id AS org_parent_id, r.namespace, \
    r.email, r.email_normalized, r.first_name, r.last_name, r.portal_access, r.roles, r.requested_by, \
    r.created_at, r.expires_at FROM access_requests r JOIN orgs o ON o.id = r.org_id";

pub struct NewRequest<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub namespace: &'a str,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub portal_access: bool,
    pub roles: &'a [Role],
    pub requested_by: &'a str,
    pub created_at: Millis,
    pub expires_at: Millis,
}

pub async fn insert(conn: &mut Conn, request: &NewRequest<'_>) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO access_requests (id, org_id, namespace, email, email_normalized, first_name, last_name, \
         portal_access, roles, requested_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(request.id)
    .bind(request.org_id)
    .bind(request.namespace)
    .bind(request.email)
    .bind(request.email_normalized)
    .bind(request.first_name)
    .bind(request.last_name)
    .bind(i64::from(request.portal_access))
    .bind(StoredRoles::encode(request.roles))
    .bind(request.requested_by)
    .bind(request.created_at)
    .bind(request.expires_at)
    .execute(&mut *conn)
    .await?;
    // The mail worker writes to the login the request is for.
    conn.mail_queued();
    Ok(())
}

/// The org's request to this login, pending or expired (a new one replaces an expired one).
pub async fn find_to(
    conn: &mut Conn,
    org_id: &str,
    namespace: &str,
    email_normalized: &str,
) -> Result<Option<RequestRow>, super::Error> {
    super::query_as(&format!("{REQUEST} WHERE r.org_id = $1 AND r.namespace = $2 AND r.email_normalized = $3"))
        .bind(org_id)
        .bind(namespace)
        .bind(email_normalized)
        .fetch_optional(conn)
        .await
}

/// The org's pending requests, newest first.
pub async fn pending_of_org(conn: &mut Conn, org_id: &str, now: Millis) -> Result<Vec<RequestRow>, super::Error> {
    super::query_as(&format!("{REQUEST} WHERE r.org_id = $1 AND r.expires_at > $2 ORDER BY r.created_at DESC, r.id"))
        .bind(org_id)
        .bind(now)
        .fetch_all(conn)
        .await
}

/// The pending requests addressed to a login, oldest first.
pub async fn pending_to_login(
    conn: &mut Conn,
    namespace: &str,
    email_normalized: &str,
    now: Millis,
) -> Result<Vec<RequestRow>, super::Error> {
    super::query_as(&format!(
        "{REQUEST} WHERE r.namespace = $1 AND r.email_normalized = $2 AND r.expires_at > $3 \
         ORDER BY r.created_at, r.id"
    ))
    .bind(namespace)
    .bind(email_normalized)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Requests the mail worker has not looked at yet, oldest first.
pub async fn unmailed(conn: &mut Conn, now: Millis, limit: i64) -> Result<Vec<RequestRow>, super::Error> {
    super::query_as(&format!(
        "{REQUEST} WHERE r.mailed_at IS NULL AND r.expires_at > $1 ORDER BY r.created_at, r.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks a request as looked at; `false` when another worker got there first.
pub async fn mark_mailed(conn: &mut Conn, id: &str, now: Millis) -> Result<bool, super::Error> {
    let done = super::query("UPDATE access_requests SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a request; `false` when it was gone already.
pub async fn delete(conn: &mut Conn, id: &str) -> Result<bool, super::Error> {
    let done = super::query("DELETE FROM access_requests WHERE id = $1").bind(id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes requests past their expiry.
pub async fn purge(conn: &mut Conn, now: Millis) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM access_requests WHERE expires_at <= $1").bind(now).execute(conn).await?;
    Ok(done.rows_affected())
}

/// When `org_id` last asked the login (`namespace`, `email_normalized`), if ever; from now on,
/// `now`. In the caller's write transaction (a refused ask rolls it back).
pub async fn record_ask(
    conn: &mut Conn,
    org_id: &str,
    namespace: &str,
    email_normalized: &str,
    now: Millis,
) -> Result<Option<Millis>, super::Error> {
    let previous: Option<Millis> = super::query_scalar(
        "SELECT asked_at FROM access_request_asks WHERE org_id = $1 AND namespace = $2 AND email_normalized = $3",
    )
    .bind(org_id)
    .bind(namespace)
    .bind(email_normalized)
    .fetch_optional(&mut *conn)
    .await?;
    super::query(
        "INSERT INTO access_request_asks (org_id, namespace, email_normalized, asked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, namespace, email_normalized) DO UPDATE SET asked_at = excluded.asked_at",
    )
    .bind(org_id)
    .bind(namespace)
    .bind(email_normalized)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_survive_storage_and_an_unknown_one_fails_the_read() {
        let roles = vec![Role::SuperAdmin, Role::DashboardReadOnly];
        assert_eq!(StoredRoles::try_from(StoredRoles::encode(&roles)).unwrap(), StoredRoles(roles));
        assert_eq!(StoredRoles::try_from(String::new()).unwrap(), StoredRoles(Vec::new()));
        assert!(StoredRoles::try_from("super_admin,owner".to_owned()).is_err());
    }
}
