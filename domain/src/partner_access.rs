//! Organization › Partner access: the members of an org whose login lives outside its own
//! namespace (the partner's staff, consultants), grouped by the namespace they come from.

use serde::{Deserialize, Serialize};

use crate::roles::Role;

/// One outside member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutsideMember {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// RFC 3339; `None` when they never signed in here.
    pub last_sign_in_at: Option<String>,
    /// Who added them, when recorded.
    pub added_by: Option<String>,
    /// RFC 3339.
    pub added_at: String,
}

/// The outside members from one namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutsideGroup {
    pub namespace: String,
    /// "Northwind Security — your partner", or the namespace itself.
    pub label: String,
    pub is_partner: bool,
    pub members: Vec<OutsideMember>,
}

/// How a namespace reads on the panel: the org's partner by name, anyone else by namespace
/// (the name of an unrelated org is not this org's to see).
pub fn group_label(namespace: &str, partner: Option<(&str, &str)>) -> (String, bool) {
    match partner {
        Some((partner_namespace, partner_name)) if partner_namespace == namespace => {
            (format!("{partner_name} — your partner"), true)
        }
        _ => (namespace.to_owned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partner_is_named_and_anyone_else_shown_by_namespace() {
        let partner = Some(("org:northwind-security", "Northwind Security"));
        assert_eq!(
            group_label("org:northwind-security", partner),
            ("Northwind Security — your partner".to_owned(), true)
        );
        assert_eq!(group_label("org:brightline", partner), ("org:brightline".to_owned(), false));
        assert_eq!(group_label("org:brightline", None), ("org:brightline".to_owned(), false));
    }
}
