//! Access requests: how an org reaches a login that lives in a namespace unrelated to it.
//!
//! A login from the org's own namespace, or from its partner's, is linked at once (the guide's
//! flow). Any other namespace belongs to someone else, so the org only *asks*: the login's
//! holder accepts or declines, and until then the org learns nothing about that login, not
//! even whether it exists.

use serde::{Deserialize, Serialize};

use crate::roles::Role;

/// Days a request waits for an answer before it ends.
pub const LIFETIME_DAYS: i64 = 14;

/// What adding a login from `namespace` does, for an org that owns `own` and whose partner
/// (if any) owns `partner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linking {
    /// The caller's own namespaces: link the login now, and say so if there is none.
    Immediate,
    /// Someone else's namespace: send a request, and say the same whatever exists there.
    Request,
}

impl Linking {
    pub fn of(namespace: &str, own: &str, partner: Option<&str>) -> Self {
        if namespace == own || partner == Some(namespace) {
            Self::Immediate
        } else {
            Self::Request
        }
    }
}

/// A request as the org that sent it sees it: only what it typed, nothing of the login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessRequest {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub namespace: String,
    pub roles: Vec<Role>,
    pub portal_access: bool,
    /// The name of the person who sent it.
    pub requested_by: String,
    /// RFC 3339.
    pub requested_at: String,
    /// RFC 3339: unanswered by then, the request ends.
    pub expires_at: String,
}

/// A request as the login it asks sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct IncomingAccessRequest {
    pub id: String,
    pub org_name: String,
    pub roles: Vec<Role>,
    pub requested_by: String,
    /// RFC 3339.
    pub expires_at: String,
}

impl IncomingAccessRequest {
    /// "Harbor View Dental asks you to join as Super Admin", in the app and in the mail.
    pub fn question(&self) -> String {
        asks_to_join(&self.org_name, &self.roles)
    }
}

pub fn asks_to_join(org_name: &str, roles: &[Role]) -> String {
    format!("{org_name} asks you to join as {}", Role::describe(roles))
}

/// The answer to every request, whatever exists in that namespace.
pub fn request_sent(email: &str, namespace: &str) -> String {
    format!("Request sent to {email} in {namespace}. They appear as Pending acceptance until they accept.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orgs_own_and_its_partners_namespaces_link_at_once() {
        let partner = Some("org:northwind-security");
        assert_eq!(Linking::of("org:harbor-view-dental", "org:harbor-view-dental", partner), Linking::Immediate);
        assert_eq!(Linking::of("org:northwind-security", "org:harbor-view-dental", partner), Linking::Immediate);
    }

    #[test]
    fn any_other_namespace_is_asked() {
        let partner = Some("org:northwind-security");
        assert_eq!(Linking::of("org:brightline", "org:harbor-view-dental", partner), Linking::Request);
        assert_eq!(Linking::of("org:northwind-security", "org:harbor-view-dental", None), Linking::Request);
    }

    #[test]
    fn the_question_names_the_org_and_the_roles() {
        assert_eq!(
            asks_to_join("Harbor View Dental", &[Role::SuperAdmin, Role::DashboardReadOnly]),
            "Harbor View Dental asks you to join as Super Admin, Dashboard Read-Only"
        );
        assert_eq!(
            asks_to_join("Harbor View Dental", &[]),
            "Harbor View Dental asks you to join as a user without roles"
        );
    }
}
