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
/// (if any) owns `partner`, when the person adding it has a login in `adder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linking {
    /// The org's own namespace, or the partner's when the person adding lives there too (a
    /// partner's people linking a colleague, whose logins they know): link the login now, and
    /// say so if there is none.
    Immediate,
    /// Anyone else's namespace, the partner's included for someone who does not live there:
    /// send a request, and say the same whatever exists there (a login or none, a password set
    /// or not).
    Request,
}

impl Linking {
    pub fn of(namespace: &str, own: &str, partner: Option<&str>, adder: &str) -> Self {
        if namespace == own || (partner == Some(namespace) && adder == namespace) {
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
    fn the_orgs_own_namespace_links_at_once_and_the_partners_for_the_partners_people() {
        let (partner, harbor, northwind) =
            (Some("org:northwind-security"), "org:harbor-view-dental", "org:northwind-security");
        assert_eq!(Linking::of(harbor, harbor, partner, harbor), Linking::Immediate);
        assert_eq!(Linking::of(harbor, harbor, partner, northwind), Linking::Immediate);
        assert_eq!(Linking::of(northwind, harbor, partner, northwind), Linking::Immediate);
    }

    #[test]
    fn any_other_namespace_is_asked_and_so_is_the_partners_by_someone_outside_it() {
        let (partner, harbor, northwind) =
            (Some("org:northwind-security"), "org:harbor-view-dental", "org:northwind-security");
        assert_eq!(Linking::of("org:brightline", harbor, partner, northwind), Linking::Request);
        assert_eq!(Linking::of(northwind, harbor, None, northwind), Linking::Request);
        assert_eq!(Linking::of(northwind, harbor, partner, harbor), Linking::Request, "a customer's admin");
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
