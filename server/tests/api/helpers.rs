//! `spawn_app()` and the fixtures the tests share.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_domain::validation::{Namespace, Slug};
use partner_center_server::db::billing::{self, NewBilling};
use partner_center_server::db::identities::{self, NewIdentity};
use partner_center_server::db::orgs::{self, NewOrg};
use partner_center_server::db::users::{self, NewUser};
use partner_center_server::db::Database;
use partner_center_server::http::spa::SpaAssets;
use partner_center_server::infra::clock::Clock;
use partner_center_server::infra::mail::{Mailer, Transport};
use partner_center_server::infra::secrets::{hash_password_beside, new_id, Passwords};
use partner_center_server::services::org_listing;
use partner_center_server::AppState;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use sqlx::Connection;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const HASHED_JS: &str = "/partner-center-0123456789abcdef.js";
/// The bundle a first visit to the organization pages fetches, in the test build's `modules.json`.
pub const ORGS_BUNDLE: &str = "/bundle_orgs-0123456789abcdef.bundle";
pub const PASSWORD: &str = "correct horse battery staple";
/// 2027-01-15T08:00:00Z: tests start their clock here and move it by hand.
pub const START: i64 = 1_800_000_000_000;

pub struct TestApp {
    pub base: String,
    /// Counts the password hashes the server ran.
    pub passwords: Passwords,
    pub db: Database,
    pub database_url: String,
    pub expected_backend: &'static str,
    pub clock: Clock,
    pub public_url: String,
    pub stop: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    pub dir: tempfile::TempDir,
}

/// A database URL nobody else uses: a file in `dir`, or a new PostgreSQL database.
pub async fn fresh_database_url(dir: &Path) -> (String, &'static str) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) => {
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "pc_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000
            );
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
            let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
            (format!("{base}/{name}"), "postgres")
        }
        Err(_) => (format!("sqlite://{}?mode=rwc", dir.join("test.db").display()), "sqlite"),
    }
}

fn write_dist(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!doctype html><head><title>Partner Center</title><script type=\"module\">start()</script>\
             <link rel=\"modulepreload\" href=\"{HASHED_JS}\" crossorigin=\"anonymous\"></head><body></body>"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("modules.json"), format!(r#"{{"orgs": ["{}"]}}"#, &ORGS_BUNDLE[1..])).unwrap();
    std::fs::write(dir.join(&ORGS_BUNDLE[1..]), b"\0asm".repeat(500)).unwrap();
    std::fs::write(dir.join(&HASHED_JS[1..]), "export function start() { return 1; }\n".repeat(100)).unwrap();
    std::fs::write(dir.join("stylers.css"), ".a { color: red; }\n".repeat(50)).unwrap();
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// `spawn_app`, with the state adjusted first (trusted proxies, the test clock route).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut AppState)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let (database_url, expected_backend) = fresh_database_url(dir.path()).await;
    let db = Database::connect(&database_url).await.expect("connect and migrate");
    let clock = Clock::manual(START);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let public_url = "https://partners.example.test".to_owned();
    let mut state = AppState::new(db.clone(), clock.clone(), SpaAssets::load(&dist).unwrap(), &public_url);
    adjust(&mut state);
    let passwords = state.passwords.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(partner_center_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    TestApp { base, passwords, db, database_url, expected_backend, clock, public_url, stop: Some(stop), server, dir }
}

/// A browser-like client: keeps cookies, sends the CSRF header on writes through `Session`.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).no_gzip().no_brotli().build().unwrap()
}

/// A fixture login: an identity and its user in one org.
#[derive(Debug, Clone)]
pub struct Login {
    pub email: String,
    pub identity_id: String,
    pub user_id: String,
    pub org_id: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("request failed")
    }

    pub async fn send(&self, client: &Client, method: reqwest::Method, path: &str, body: Value) -> Response {
        client
            .request(method, self.url(path))
            .header("x-csrf-protection", "1")
            .json(&body)
            .send()
            .await
            .expect("request failed")
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        self.send(client, reqwest::Method::POST, "/api/v1/session", json!({ "email": email, "password": password }))
            .await
    }

    /// A client signed in as `login` (who must have a password and Portal Access somewhere).
    pub async fn signed_in(&self, login: &Login) -> Client {
        let client = browser();
        let response = self.sign_in(&client, &login.email, PASSWORD).await;
        assert_eq!(response.status(), 200, "sign in as {}", login.email);
        client
    }

    pub async fn org(&self, name: &str, parent_id: Option<&str>, is_partner: bool) -> String {
        let id = new_id();
        let slug = Slug::from_name(name).unwrap();
        let mut conn = self.db.conn().await.unwrap();
        let org = NewOrg {
            id: &id,
            name,
            slug: &slug,
            parent_id,
            is_partner,
            billing_mode: partner_center_domain::billing::BillingMode::PartnerInvoiced,
            created_at: START,
        };
        orgs::insert(&mut conn, &org).await.unwrap();
        if parent_id.is_some() {
            // A child org has what Add Org gives it: billing, a subscription, a list row.
            let billing = NewBilling {
                org_id: &id,
                billing_mode: org.billing_mode,
                ap_email: "ap@example.test",
                additional_ap_emails: &Default::default(),
                trial_days: 14,
                reference_number: None,
            };
            billing::insert_profile(&mut conn, &billing).await.unwrap();
            billing::insert_subscription(&mut conn, &id, "essentials", "USD", "monthly", START).await.unwrap();
            org_listing::refresh(&mut conn, &id).await.unwrap();
        }
        id
    }

    /// A login in `org_id`'s own namespace, active with Portal Access and `roles`, password `PASSWORD`.
    pub async fn login(&self, org_id: &str, email: &str, roles: &[Role]) -> Login {
        self.login_with(org_id, email, roles, Some(PASSWORD), UserStatus::Active).await
    }

    pub async fn login_with(
        &self,
        org_id: &str,
        email: &str,
        roles: &[Role],
        password: Option<&str>,
        status: UserStatus,
    ) -> Login {
        let mut conn = self.db.conn().await.unwrap();
        let org = orgs::find(&mut conn, org_id).await.unwrap().unwrap();
        let identity_id = new_id();
        // As the server sets passwords: beside the email's other logins (one salt for them all).
        let sibling = identities::find_by_email(&mut conn, &email.to_ascii_lowercase())
            .await
            .unwrap()
            .into_iter()
            .find_map(|login| login.password_hash);
        let hash = password.map(|p| hash_password_beside(p, sibling.as_deref()).unwrap());
        let namespace = Namespace::parse(&org.namespace()).unwrap();
        let identity = NewIdentity {
            id: &identity_id,
            namespace: namespace.as_str(),
            email,
            email_normalized: &email.to_ascii_lowercase(),
            password_hash: hash.as_deref(),
            created_at: START,
        };
        identities::insert(&mut conn, &identity).await.unwrap();
        drop(conn);
        let user_id = self.link(&identity_id, org_id, roles, true, status).await;
        Login { email: email.to_owned(), identity_id, user_id, org_id: org_id.to_owned() }
    }

    /// Adds an existing identity to another org (what "Add a user from an existing namespace" does).
    pub async fn link(
        &self,
        identity_id: &str,
        org_id: &str,
        roles: &[Role],
        portal_access: bool,
        status: UserStatus,
    ) -> String {
        let mut conn = self.db.conn().await.unwrap();
        let user_id = new_id();
        let user = NewUser {
            added_by: None,
            id: &user_id,
            org_id,
            identity_id,
            first_name: "Test",
            last_name: "User",
            status,
            portal_access,
            roles,
            created_at: START,
        };
        users::insert(&mut conn, &user).await.unwrap();
        user_id
    }

    /// A Super Admin adds a person through the API: one invitation mail, delivered. Returns the
    /// raw token from the link.
    pub async fn invite_someone(&self) -> String {
        let org = self.org("Harbor View Dental", None, false).await;
        let admin = self.login(&org, "admin@harborview.example", &[Role::SuperAdmin]).await;
        let client = self.signed_in(&admin).await;
        let user = json!({ "firstName": "Priya", "lastName": "Raman", "email": "priya@harborview.example",
            "portalAccess": true, "roles": ["super_admin"] });
        assert_eq!(self.send(&client, reqwest::Method::POST, "/api/v1/users", user).await.status(), 201);
        let mail = self.deliver_mail().await;
        assert_eq!(mail.len(), 1);
        invitation_token(&mail[0])
    }

    /// Delivers queued mail to the outbox directory and returns each message's text.
    pub async fn deliver_mail(&self) -> Vec<String> {
        let mailer = Mailer {
            db: self.db.clone(),
            clock: self.clock.clone(),
            transport: Transport::Directory(self.outbox_dir()),
            from: "Partner Center <no-reply@partner-center.invalid>".parse().unwrap(),
            public_url: self.public_url.clone(),
            producers: &partner_center_server::MAIL_PRODUCERS,
        };
        mailer.deliver_pending().await.unwrap();
        let mut files: Vec<_> = std::fs::read_dir(self.outbox_dir())
            .map(|dir| dir.map(|entry| entry.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().map(|path| decode_quoted_printable(&std::fs::read_to_string(path).unwrap())).collect()
    }
}

/// Undoes quoted-printable soft line breaks and escapes, enough to read links in test mail.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let mut out = String::new();
    let mut chars = joined.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '=' {
            let hex: String = chars.clone().take(2).collect();
            if let Ok(byte) = u8::from_str_radix(&hex, 16) {
                out.push(byte as char);
                chars.next();
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The invitation token in a mail's link.
pub fn invitation_token(mail: &str) -> String {
    let start = mail.find("/invitations/").expect("an invitation link") + "/invitations/".len();
    mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}
