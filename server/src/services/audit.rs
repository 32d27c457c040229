//! Recording changes in the audit log, in the caller's transaction, so an entry exists exactly
//! when its change does.

use std::sync::atomic::{AtomicU64, Ordering};

use partner_center_domain::audit::{AuditAction, FieldChange};

use crate::auth::Actor;
use crate::db::audit_log::{self, NewEntry};
use crate::db::Conn;
use crate::infra::clock::Millis;
use crate::infra::secrets::new_id;

/// Who acted: a signed-in person (in the org they acted in), a login that is not signed in
/// yet (a sign-in, an accepted invitation), or an org's API token.
#[derive(Debug, Clone)]
pub struct Doer {
    identity_id: Option<String>,
    label: String,
    namespace: Option<String>,
    acting_org_id: Option<String>,
}

impl Doer {
    pub fn signed_in(actor: &Actor) -> Self {
        Self {
            identity_id: Some(actor.identity_id.clone()),
            label: actor.user.login_email.clone(),
            namespace: Some(actor.user.login_namespace.clone()),
            acting_org_id: Some(actor.user.org_id.clone()),
        }
    }

    /// A login acting on its own, in `org_id` (the org it signs in to or joins).
    pub fn login(identity_id: &str, email: &str, namespace: &str, org_id: &str) -> Self {
        Self {
            identity_id: Some(identity_id.to_owned()),
            label: email.to_owned(),
            namespace: Some(namespace.to_owned()),
            acting_org_id: Some(org_id.to_owned()),
        }
    }

    /// Somebody who is not signed in, asking for something anyone may ask for (a reset link):
    /// nobody in particular, and never the person it concerns.
    pub fn anonymous() -> Self {
        Self { identity_id: None, label: ANONYMOUS.to_owned(), namespace: None, acting_org_id: None }
    }

    /// An org's API token, by its name.
    pub fn api_token(name: &str, org_id: &str) -> Self {
        Self {
            identity_id: None,
            label: format!("API token “{name}”"),
            namespace: None,
            acting_org_id: Some(org_id.to_owned()),
        }
    }
}

/// How the log names a caller who was not signed in.
pub const ANONYMOUS: &str = "Someone not signed in";

/// What was done to what, in which org.
pub struct Change<'a> {
    pub org_id: &'a str,
    pub action: AuditAction,
    /// What was acted on, as a person reads it.
    pub target: &'a str,
    pub fields: Vec<FieldChange>,
}

impl<'a> Change<'a> {
    pub fn new(org_id: &'a str, action: AuditAction, target: &'a str) -> Self {
        Self { org_id, action, target, fields: Vec::new() }
    }

    /// With the fields an edit changed (those that kept their value are left out).
    pub fn with(mut self, fields: impl IntoIterator<Item = Option<FieldChange>>) -> Self {
        self.fields = fields.into_iter().flatten().collect();
        self
    }
}

/// An entry id that sorts in the order entries were written: the time, then a counter for
/// entries of the same millisecond on this server, then randomness against other servers'.
fn entry_id(now: Millis) -> String {
    static WRITTEN: AtomicU64 = AtomicU64::new(0);
    let count = WRITTEN.fetch_add(1, Ordering::Relaxed);
    format!("{:015}{count:012}{}", now.max(0), &new_id()[..8])
}

pub async fn record(conn: &mut Conn, doer: &Doer, change: &Change<'_>, now: Millis) -> Result<(), crate::db::Error> {
    let entry = NewEntry {
        id: &entry_id(now),
        at: now,
        org_id: change.org_id,
        acting_org_id: doer.acting_org_id.as_deref(),
        actor_identity_id: doer.identity_id.as_deref(),
        actor: &doer.label,
        actor_namespace: doer.namespace.as_deref(),
        action: change.action,
        target: change.target,
        changes: &change.fields,
    };
    audit_log::append(conn, &entry).await
}
