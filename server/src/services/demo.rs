//! Demo data: on the first start with an empty database, a channel partner with a Super Admin
//! who can sign in, three customer orgs with invited Super Admins, and the partner's login
//! linked into one of them, so the org switcher has somewhere to go. A consultant has two
//! separate logins under one email (the situation the guide warns about), so sign-in asks
//! which namespace to use.

use std::path::Path;

use partner_center_domain::billing::BillingMode;
use partner_center_domain::child_org::NewChildOrg;
use partner_center_domain::roles::Role;
use partner_center_domain::users::{full_name, UserStatus};
use partner_center_domain::validation::{Email, Namespace, Slug};

use crate::db::identities::{self, NewIdentity};
use crate::db::orgs::{self, NewOrg};
use crate::db::users::{self, NewUser};
use crate::db::{Conn, Database, InstanceLock};
use crate::infra::clock::Millis;
use crate::infra::mail::{Sender, DEFAULT_PER_ORG_HOUR};
use crate::infra::secrets::{hash_password, new_id, new_token, verify_password};
use crate::services::accounts::Adder;
use crate::services::child_orgs;

pub const EMAIL: &str = "demo@northwind-security.example";
/// Has a login in the partner's namespace and another in a customer's, same demo password.
pub const CONSULTANT_EMAIL: &str = "alex.morgan@brightline-consulting.example";
const PARTNER: &str = "Northwind Security";
/// File in the data directory keeping a generated demo password, so later starts can print it.
const PASSWORD_FILE: &str = "demo-password.txt";

/// How to sign in to the demo.
pub struct DemoSignIn {
    pub email: &'static str,
    /// `None` when the password is not known to this process (set on an earlier start).
    pub password: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Db(#[from] crate::db::Error),
    #[error("hashing the demo password: {0}")]
    Hash(String),
    #[error("keeping the demo password in the data directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("creating a demo customer: {0}")]
    Create(String),
}

/// Seeds the demo on an empty database; on later starts, applies `fixed_password` (when given)
/// to the demo login. Returns how to sign in, or `None` when this database has no demo login.
pub async fn ensure(
    db: &Database,
    now: Millis,
    public_url: &str,
    fixed_password: Option<&str>,
    data_dir: &Path,
) -> Result<Option<DemoSignIn>, DemoError> {
    let mut tx = db.begin().await?;
    tx.hold(InstanceLock::DemoSeed).await?;
    if orgs::count(&mut tx).await? == 0 {
        let password = match fixed_password {
            Some(password) => password.to_owned(),
            None => {
                let generated: String = new_token().chars().take(20).collect();
                write_private(&data_dir.join(PASSWORD_FILE), &generated)?;
                generated
            }
        };
        seed(&mut tx, &password, public_url, now).await?;
        tx.commit().await?;
        return Ok(Some(DemoSignIn { email: EMAIL, password: Some(password) }));
    }
    let namespace = namespace_of(PARTNER);
    if !identities::find_by_email(&mut tx, EMAIL).await?.iter().any(|i| i.namespace == namespace) {
        return Ok(None);
    }
    let password = match fixed_password {
        Some(password) => {
            // Every demo login shares the demo password, and follows it when it changes.
            let mut logins = identities::find_by_email(&mut tx, EMAIL).await?;
            logins.extend(identities::find_by_email(&mut tx, CONSULTANT_EMAIL).await?);
            let stale: Vec<_> = logins
                .into_iter()
                .filter(|login| !login.password_hash.as_deref().is_some_and(|h| verify_password(password, h)))
                .collect();
            if !stale.is_empty() {
                let new_hash = hash(password)?;
                for login in stale {
                    identities::set_password_hash(&mut tx, &login.id, &new_hash).await?;
                }
            }
            Some(password.to_owned())
        }
        None => std::fs::read_to_string(data_dir.join(PASSWORD_FILE)).ok().map(|p| p.trim().to_owned()),
    };
    tx.commit().await?;
    Ok(Some(DemoSignIn { email: EMAIL, password }))
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

fn hash(password: &str) -> Result<String, DemoError> {
    hash_password(password).map_err(|error| DemoError::Hash(error.to_string()))
}

fn slug_of(name: &str) -> Slug {
    Slug::from_name(name).unwrap_or_else(|| unreachable!("demo org names have letters"))
}

fn namespace_of(name: &str) -> String {
    Namespace::of_slug(&slug_of(name)).as_str().to_owned()
}

struct Person<'a> {
    first: &'a str,
    last: &'a str,
}

async fn create_org(
    conn: &mut Conn,
    name: &str,
    parent_id: Option<&str>,
    now: Millis,
) -> Result<String, crate::db::Error> {
    let id = new_id();
    let org = NewOrg {
        id: &id,
        name,
        slug: &slug_of(name),
        parent_id,
        is_partner: parent_id.is_none(),
        billing_mode: BillingMode::PartnerInvoiced,
        created_at: now,
    };
    orgs::insert(conn, &org).await?;
    Ok(id)
}

async fn create_identity(
    conn: &mut Conn,
    namespace: &str,
    email: &str,
    password_hash: Option<&str>,
    now: Millis,
) -> Result<String, crate::db::Error> {
    let id = new_id();
    let normalized = Email::parse(email).map(|e| e.normalized()).unwrap_or_else(|_| email.to_ascii_lowercase());
    let identity =
        NewIdentity { id: &id, namespace, email, email_normalized: &normalized, password_hash, created_at: now };
    identities::insert(conn, &identity).await?;
    Ok(id)
}

async fn add_user(
    conn: &mut Conn,
    org_id: &str,
    identity_id: &str,
    person: &Person<'_>,
    status: UserStatus,
    now: Millis,
) -> Result<(), crate::db::Error> {
    add_user_with_role(conn, org_id, identity_id, person, status, Role::SuperAdmin, now).await
}

async fn add_user_with_role(
    conn: &mut Conn,
    org_id: &str,
    identity_id: &str,
    person: &Person<'_>,
    status: UserStatus,
    role: Role,
    now: Millis,
) -> Result<(), crate::db::Error> {
    let user = NewUser {
        added_by: None,
        id: &new_id(),
        org_id,
        identity_id,
        first_name: person.first,
        last_name: person.last,
        status,
        portal_access: true,
        roles: &[role],
        created_at: now,
    };
    users::insert(conn, &user).await
}

async fn seed(conn: &mut Conn, password: &str, public_url: &str, now: Millis) -> Result<(), DemoError> {
    let partner_id = create_org(conn, PARTNER, None, now).await?;
    let partner = orgs::find(conn, &partner_id).await?.ok_or(crate::db::Error::RowNotFound)?;
    let partner_admin = Person { first: "Dana", last: "Whitaker" };
    let added_by = full_name(partner_admin.first, partner_admin.last);
    let password_hash = hash(password)?;
    let partner_login = create_identity(conn, &namespace_of(PARTNER), EMAIL, Some(&password_hash), now).await?;
    add_user(conn, &partner_id, &partner_login, &partner_admin, UserStatus::Active, now).await?;
    let consultant = Person { first: "Alex", last: "Morgan" };
    let consultant_at_partner =
        create_identity(conn, &namespace_of(PARTNER), CONSULTANT_EMAIL, Some(&password_hash), now).await?;
    add_user_with_role(
        conn,
        &partner_id,
        &consultant_at_partner,
        &consultant,
        UserStatus::Active,
        Role::SuperAdminReadOnly,
        now,
    )
    .await?;

    let customers = [
        (
            "Harbor View Dental",
            ("Priya", "Raman", "priya.raman@harborviewdental.example"),
            "ap@harborviewdental.example",
            "14",
            "PO-4471",
        ),
        (
            "Summit Ridge Apartments",
            ("Marcus", "Lee", "marcus.lee@summitridge.example"),
            "accounts@summitridge.example",
            "21",
            "",
        ),
        (
            "Maple Street Library",
            ("Elena", "Torres", "elena.torres@maplestreetlibrary.example"),
            "finance@maplestreetlibrary.example",
            "7",
            "MSL-2027",
        ),
    ];
    for (index, (name, (first, last, email), ap_email, trial_days, reference)) in customers.into_iter().enumerate() {
        let form = NewChildOrg {
            name: name.to_owned(),
            admin_first_name: first.to_owned(),
            admin_last_name: last.to_owned(),
            admin_email: email.to_owned(),
            ap_email: ap_email.to_owned(),
            trial_days: trial_days.to_owned(),
            reference_number: reference.to_owned(),
            ..NewChildOrg::default()
        };
        let valid = form.validate().unwrap_or_else(|errors| unreachable!("demo customers are valid: {errors:?}"));
        let sender = Sender { org_id: &partner.id, per_hour: DEFAULT_PER_ORG_HOUR };
        let adder = Adder { name: &added_by, login_namespace: &namespace_of(PARTNER) };
        let org_id = child_orgs::create(conn, &partner, &valid, public_url, adder, sender, now + index as Millis)
            .await
            .map_err(|error| DemoError::Create(error.to_string()))?
            .id;
        // Added after each customer's own Super Admin, who stays the one the list names.
        let later = now + 1_000;
        if index == 0 {
            // As the guide's "link your namespace" steps leave it: the partner's own login,
            // added to the customer's org with Portal Access and the Super Admin role.
            add_user(conn, &org_id, &partner_login, &partner_admin, UserStatus::Active, later).await?;
        }
        if index == 2 {
            // The unlinked way: a second login, in the customer's namespace, same email.
            let separate =
                create_identity(conn, &namespace_of(name), CONSULTANT_EMAIL, Some(&password_hash), now).await?;
            add_user(conn, &org_id, &separate, &consultant, UserStatus::Active, later).await?;
        }
    }
    Ok(())
}
