use partner_center_domain::roles::Role;
use partner_center_domain::users::{Standing, UserSort, UserStatus};
use partner_center_domain::validation::{Namespace, Slug};

use super::Conn;
use crate::infra::clock::Millis;

/// A user joined with its org: what sign-in, the org switcher and authorization read.
#[derive(Debug, Clone, super::FromRow)]
pub struct MembershipRow {
    pub user_id: String,
    pub identity_id: String,
    pub first_name: String,
    pub last_name: String,
    #[row(try_from = "String")]
    status: UserStatus,
    portal_access: i64,
    pub org_id: String,
    pub org_name: String,
    #[row(try_from = "String")]
    pub org_slug: Slug,
    pub org_parent_id: Option<String>,
    org_is_partner: i64,
    /// The login behind the user: its email and namespace.
    pub login_email: String,
    pub login_namespace: String,
}

impl MembershipRow {
    pub fn status(&self) -> UserStatus {
        self.status
    }

    pub fn portal_access(&self) -> bool {
        self.portal_access != 0
    }

    pub fn org_is_partner(&self) -> bool {
        self.org_is_partner != 0
    }

    /// The namespace its org owns.
    pub fn namespace(&self) -> String {
        Namespace::of_slug(&self.org_slug).as_str().to_owned()
    }

    /// May this user act in its org through the console?
    pub fn may_sign_in(&self) -> bool {
        self.portal_access() && self.status().may_sign_in()
    }
}

/// A `MembershipRow`'s columns, from users `u` joined to orgs `o` and identities `i`.
pub(super) const MEMBERSHIP_COLUMNS: &str = "u.id AS user_id, u.identity_id, u.first_name, u.last_name, u.status, \
    u.portal_access, o.id AS org_id, o.name AS org_name, o.slug AS org_slug, \
    o.parent_id AS org_parent_id, o.is_partner AS org_is_partner, \
    i.email AS login_email, i.namespace AS login_namespace";
/// Joins `MEMBERSHIP_COLUMNS` needs after users `u`.
pub(super) const MEMBERSHIP_JOINS: &str = "JOIN orgs o ON o.id = u.org_id JOIN identities i ON i.id = u.identity_id";

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
    /// Who added them; `None` for what the system itself creates (demo data).
    pub added_by: Option<&'a str>,
}

pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO users (id, org_id, identity_id, first_name, last_name, status, portal_access, created_at, added_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(user.id)
    .bind(user.org_id)
    .bind(user.identity_id)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.status.key())
    .bind(i64::from(user.portal_access))
    .bind(user.created_at)
    .bind(user.added_by)
    .execute(&mut *conn)
    .await?;
    for role in user.roles {
        super::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user.id)
            .bind(role.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every org membership of one identity, by org name.
pub async fn memberships_of(conn: &mut Conn, identity_id: &str) -> Result<Vec<MembershipRow>, super::Error> {
    super::query_as(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM users u {MEMBERSHIP_JOINS} WHERE u.identity_id = $1 ORDER BY o.name, o.id"
    ))
    .bind(identity_id)
    .fetch_all(conn)
    .await
}

pub async fn membership(
    conn: &mut Conn,
    identity_id: &str,
    org_id: &str,
) -> Result<Option<MembershipRow>, super::Error> {
    super::query_as(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM users u {MEMBERSHIP_JOINS} WHERE u.identity_id = $1 AND u.org_id = $2"
    ))
    .bind(identity_id)
    .bind(org_id)
    .fetch_optional(conn)
    .await
}

/// A `user_roles.role` value; one this version does not know fails the read.
pub(super) fn stored_role(key: String) -> Result<Role, super::Error> {
    Role::try_from(key).map_err(|error| super::Error::decode("user_roles.role", error))
}

pub async fn roles(conn: &mut Conn, user_id: &str) -> Result<Vec<Role>, super::Error> {
    let keys: Vec<String> =
        super::query_scalar("SELECT role FROM user_roles WHERE user_id = $1").bind(user_id).fetch_all(conn).await?;
    let mut roles = keys.into_iter().map(stored_role).collect::<Result<Vec<Role>, _>>()?;
    roles.sort();
    Ok(roles)
}

pub async fn set_status(conn: &mut Conn, user_id: &str, status: UserStatus) -> Result<(), super::Error> {
    super::query("UPDATE users SET status = $1 WHERE id = $2").bind(status.key()).bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn record_sign_in(conn: &mut Conn, user_id: &str, at: Millis) -> Result<(), super::Error> {
    super::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2").bind(at).bind(user_id).execute(conn).await?;
    Ok(())
}

/// The org's first Super Admin: the one Manage Organizations names.
#[derive(Debug, Clone, super::FromRow)]
pub struct AdminRow {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

pub async fn first_super_admin(conn: &mut Conn, org_id: &str) -> Result<Option<AdminRow>, super::Error> {
    super::query_as(
        "SELECT u.first_name, u.last_name, i.email FROM users u \
         JOIN user_roles r ON r.user_id = u.id AND r.role = 'super_admin' \
         JOIN identities i ON i.id = u.identity_id \
         WHERE u.org_id = $1 ORDER BY u.created_at, u.id LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await
}

/// A user with its login, as the Users page and its edits read it.
#[derive(Debug, Clone, super::FromRow)]
pub struct UserRow {
    pub id: String,
    pub org_id: String,
    pub identity_id: String,
    pub first_name: String,
    pub last_name: String,
    #[row(try_from = "String")]
    status: UserStatus,
    portal_access: i64,
    pub created_at: Millis,
    pub last_sign_in_at: Option<Millis>,
    pub version: i64,
    pub email: String,
    pub namespace: String,
    has_password: i64,
    /// Why the latest invitation mail to this user was given up, when it was.
    pub invitation_undelivered: Option<String>,
}

impl UserRow {
    pub fn status(&self) -> UserStatus {
        self.status
    }

    pub fn has_password(&self) -> bool {
        self.has_password != 0
    }

    pub fn portal_access(&self) -> bool {
        self.portal_access != 0
    }

    pub fn standing(&self, roles: Vec<Role>) -> Standing {
        Standing { status: self.status, portal_access: self.portal_access(), roles }
    }
}

const USER: &str = "SELECT u.id, u.org_id, u.identity_id, u.first_name, u.last_name, u.status, u.portal_access, \
    u.created_at, u.last_sign_in_at, u.version, i.email, i.namespace, \
    CAST(CASE WHEN i.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password, \
    (SELECT m.last_error FROM outbox m WHERE m.about_user_id = u.id AND m.failed_at IS NOT NULL) \
      AS invitation_undelivered \
    FROM users u JOIN identities i ON i.id = u.identity_id";

pub struct UserPage {
    pub total: i64,
    pub filtered: i64,
    pub rows: Vec<UserRow>,
}

/// `%text%` for LIKE, with LIKE's own wildcards in `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of an org's users; `q` matches names, email and namespace, ignoring case.
pub async fn page(
    conn: &mut Conn,
    org_id: &str,
    q: &str,
    order: UserSort,
    descending: bool,
    limit: i64,
    offset: i64,
) -> Result<UserPage, super::Error> {
    let total: i64 =
        super::query_scalar("SELECT COUNT(*) FROM users WHERE org_id = $1").bind(org_id).fetch_one(&mut *conn).await?;
    let filter = "u.org_id = $1 AND (LOWER(u.first_name || ' ' || u.last_name) LIKE $2 ESCAPE '\\' \
        OR LOWER(i.email) LIKE $2 ESCAPE '\\' OR LOWER(i.namespace) LIKE $2 ESCAPE '\\')";
    let pattern = contains_pattern(q.trim());
    let filtered: i64 = super::query_scalar(&format!(
        "SELECT COUNT(*) FROM users u JOIN identities i ON i.id = u.identity_id WHERE {filter}"
    ))
    .bind(org_id)
    .bind(&pattern)
    .fetch_one(&mut *conn)
    .await?;
    let direction = if descending { "DESC" } else { "ASC" };
    let columns = match order {
        UserSort::Name => {
            format!("LOWER(u.last_name) {direction}, LOWER(u.first_name) {direction}")
        }
        UserSort::Email => format!("LOWER(i.email) {direction}"),
        UserSort::Status => format!("u.status {direction}"),
        UserSort::Created => format!("u.created_at {direction}"),
        // Never-signed-in users sort as the oldest sign-ins, on both databases.
        UserSort::LastSignIn => format!("COALESCE(u.last_sign_in_at, 0) {direction}"),
    };
    let rows =
        super::query_as(&format!("{USER} WHERE {filter} ORDER BY {columns}, u.id {direction} LIMIT $3 OFFSET $4"))
            .bind(org_id)
            .bind(&pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?;
    Ok(UserPage { total, filtered, rows })
}

pub async fn find_in_org(conn: &mut Conn, org_id: &str, user_id: &str) -> Result<Option<UserRow>, super::Error> {
    super::query_as(&format!("{USER} WHERE u.org_id = $1 AND u.id = $2"))
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Every role of every user of an org, as (user id, role).
pub async fn roles_in_org(conn: &mut Conn, org_id: &str) -> Result<Vec<(String, Role)>, super::Error> {
    let pairs: Vec<(String, String)> = super::query_as(
        "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    pairs.into_iter().map(|(user, key)| Ok((user, stored_role(key)?))).collect()
}

/// Applies an edit made from `version`; false when someone else's edit came first.
pub async fn update(conn: &mut Conn, user_id: &str, version: i64, standing: &Standing) -> Result<bool, super::Error> {
    let changed = super::query(
        "UPDATE users SET status = $1, portal_access = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(standing.status.key())
    .bind(i64::from(standing.portal_access))
    .bind(user_id)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if changed {
        super::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
        for role in &standing.roles {
            super::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(user_id)
                .bind(role.key())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(changed)
}

/// A member of an org whose login lives in another namespace.
#[derive(Debug, Clone, super::FromRow)]
pub struct OutsideRow {
    pub id: String,
    pub identity_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub namespace: String,
    pub created_at: Millis,
    pub last_sign_in_at: Option<Millis>,
    pub added_by: Option<String>,
}

/// The org's members whose login is not in `own_namespace`, by namespace then name.
pub async fn outside_members(
    conn: &mut Conn,
    org_id: &str,
    own_namespace: &str,
) -> Result<Vec<OutsideRow>, super::Error> {
    super::query_as(
        "SELECT u.id, u.identity_id, u.first_name, u.last_name, i.email, i.namespace, u.created_at, \
         u.last_sign_in_at, u.added_by FROM users u JOIN identities i ON i.id = u.identity_id \
         WHERE u.org_id = $1 AND i.namespace <> $2 \
         ORDER BY i.namespace, LOWER(u.last_name), LOWER(u.first_name), u.id",
    )
    .bind(org_id)
    .bind(own_namespace)
    .fetch_all(conn)
    .await
}

/// Deletes a user (a login's membership of one org) with its roles.
pub async fn delete(conn: &mut Conn, user_id: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    super::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

/// Users of the org who are active, have Portal Access and hold Super Admin.
pub async fn active_super_admins(conn: &mut Conn, org_id: &str) -> Result<Vec<String>, super::Error> {
    super::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'super_admin' \
         WHERE u.org_id = $1 AND u.status = 'active' AND u.portal_access = 1",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await
}

/// The email addresses of the org's active Super Admins with Portal Access: who hears about
/// its customers' trials.
pub async fn active_super_admin_emails(conn: &mut Conn, org_id: &str) -> Result<Vec<String>, super::Error> {
    super::query_scalar(
        "SELECT i.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'super_admin' \
         JOIN identities i ON i.id = u.identity_id \
         WHERE u.org_id = $1 AND u.status = 'active' AND u.portal_access = 1 ORDER BY i.email",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await
}

/// Whether the login `email_normalized` of `namespace` is a user of the org.
pub async fn has_member_login(
    conn: &mut Conn,
    org_id: &str,
    namespace: &str,
    email_normalized: &str,
) -> Result<bool, super::Error> {
    let found: Option<String> = super::query_scalar(
        "SELECT u.id FROM users u JOIN identities i ON i.id = u.identity_id \
         WHERE u.org_id = $1 AND i.namespace = $2 AND i.email_normalized = $3",
    )
    .bind(org_id)
    .bind(namespace)
    .bind(email_normalized)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}
