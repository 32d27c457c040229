use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;

use super::Conn;
use crate::clock::Millis;

/// A user joined with its org: what sign-in, the org switcher and authorization read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub user_id: String,
    pub identity_id: String,
    pub first_name: String,
    pub last_name: String,
    pub status: String,
    portal_access: i64,
    pub org_id: String,
    pub org_name: String,
    pub org_slug: String,
    pub org_parent_id: Option<String>,
    org_is_partner: i64,
}

impl MembershipRow {
    pub fn status(&self) -> UserStatus {
        UserStatus::from_key(&self.status).unwrap_or(UserStatus::Suspended)
    }

    pub fn portal_access(&self) -> bool {
        self.portal_access != 0
    }

    pub fn org_is_partner(&self) -> bool {
        self.org_is_partner != 0
    }

    /// May this user act in its org through the console?
    pub fn may_sign_in(&self) -> bool {
        self.portal_access() && self.status().may_sign_in()
    }
}

const MEMBERSHIP: &str = "SELECT u.id AS user_id, u.identity_id, u.first_name, u.last_name, u.status, \
    u.portal_access, o.id AS org_id, o.name AS org_name, o.slug AS org_slug, \
    o.parent_id AS org_parent_id, o.is_partner AS org_is_partner \
    FROM users u JOIN orgs o ON o.id = u.org_id";

pub struct NewUser<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub identity_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub status: UserStatus,
    pub portal_access: bool,
    pub roles: &'a [Role],
    pub created_at: Millis,
}

pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, org_id, identity_id, first_name, last_name, status, portal_access, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user.id)
    .bind(user.org_id)
    .bind(user.identity_id)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.status.key())
    .bind(i64::from(user.portal_access))
    .bind(user.created_at)
    .execute(&mut *conn)
    .await?;
    for role in user.roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user.id)
            .bind(role.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every org membership of one identity, by org name.
pub async fn memberships_of(conn: &mut Conn, identity_id: &str) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MEMBERSHIP} WHERE u.identity_id = $1 ORDER BY o.name, o.id"))
        .bind(identity_id)
        .fetch_all(conn)
        .await
}

pub async fn membership(conn: &mut Conn, identity_id: &str, org_id: &str) -> Result<Option<MembershipRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MEMBERSHIP} WHERE u.identity_id = $1 AND u.org_id = $2"))
        .bind(identity_id)
        .bind(org_id)
        .fetch_optional(conn)
        .await
}

pub async fn roles(conn: &mut Conn, user_id: &str) -> Result<Vec<Role>, sqlx::Error> {
    let keys: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    let mut roles: Vec<Role> = keys.iter().filter_map(|key| Role::from_key(key)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn set_status(conn: &mut Conn, user_id: &str, status: UserStatus) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
        .bind(status.key())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_sign_in(conn: &mut Conn, user_id: &str, at: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2")
        .bind(at)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The org's first Super Admin: the one Manage Organizations names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdminRow {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

pub async fn first_super_admin(conn: &mut Conn, org_id: &str) -> Result<Option<AdminRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.first_name, u.last_name, i.email FROM users u \
         JOIN user_roles r ON r.user_id = u.id AND r.role = 'super_admin' \
         JOIN identities i ON i.id = u.identity_id \
         WHERE u.org_id = $1 ORDER BY u.created_at, u.id LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await
}
