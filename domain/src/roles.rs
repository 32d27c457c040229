//! Built-in roles and what they allow. Roles add up: a user holds the union of their roles'
//! permissions in one org.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub enum Role {
    #[serde(rename = "super_admin")]
    SuperAdmin,
    #[serde(rename = "super_admin_read_only")]
    SuperAdminReadOnly,
    #[serde(rename = "dashboard_read_only")]
    DashboardReadOnly,
}

/// Something a handler may need the caller to be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See the org's dashboard.
    ViewDashboard,
    /// See the org's information, users and settings.
    ReadOrg,
    /// Change the org's information, users and settings.
    ManageOrg,
    /// Use the Partner Center: see and manage the org's child orgs. Only in partner orgs.
    PartnerCenter,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::SuperAdmin, Role::SuperAdminReadOnly, Role::DashboardReadOnly];

    /// The name people see.
    pub fn label(self) -> &'static str {
        match self {
            Role::SuperAdmin => "Super Admin",
            Role::SuperAdminReadOnly => "Super Admin Read-Only",
            Role::DashboardReadOnly => "Dashboard Read-Only",
        }
    }

    /// The name stored in the database and sent over the API.
    pub fn key(self) -> &'static str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::SuperAdminReadOnly => "super_admin_read_only",
            Role::DashboardReadOnly => "dashboard_read_only",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.key() == key)
    }

    /// Roles as a sentence reads them: "Super Admin, Dashboard Read-Only".
    pub fn describe(roles: &[Role]) -> String {
        if roles.is_empty() {
            return "a user without roles".to_owned();
        }
        roles.iter().map(|role| role.label()).collect::<Vec<_>>().join(", ")
    }

    /// Rank for "nobody grants a role above their own": a higher rank can do everything a lower
    /// one can.
    pub fn rank(self) -> u8 {
        match self {
            Role::SuperAdmin => 3,
            Role::SuperAdminReadOnly => 2,
            Role::DashboardReadOnly => 1,
        }
    }

    /// Whether this role allows `permission` in an org; `is_partner` tells whether that org is
    /// a channel partner (only there does the Partner Center exist).
    pub fn allows(self, permission: Permission, is_partner: bool) -> bool {
        match (self, permission) {
            (Role::SuperAdmin, Permission::PartnerCenter) => is_partner,
            (Role::SuperAdmin, _) => true,
            (Role::SuperAdminReadOnly, Permission::ViewDashboard | Permission::ReadOrg) => true,
            (Role::DashboardReadOnly, Permission::ViewDashboard) => true,
            _ => false,
        }
    }
}

/// The roles someone holding `own` may give others: none above their highest.
pub fn grantable(own: &[Role]) -> Vec<Role> {
    let highest = own.iter().map(|role| role.rank()).max().unwrap_or(0);
    Role::ALL.into_iter().filter(|role| role.rank() <= highest).collect()
}

/// Whether someone holding `own` may change a user's roles from `from` to `to`: they may
/// neither give nor take a role above their own.
pub fn may_change_roles(own: &[Role], from: &[Role], to: &[Role]) -> bool {
    let allowed = grantable(own);
    from.iter().chain(to).all(|role| allowed.contains(role))
}

/// The permissions a set of roles gives in one org.
pub fn permissions(roles: &[Role], is_partner: bool) -> Vec<Permission> {
    [Permission::ViewDashboard, Permission::ReadOrg, Permission::ManageOrg, Permission::PartnerCenter]
        .into_iter()
        .filter(|&permission| roles.iter().any(|role| role.allows(permission, is_partner)))
        .collect()
}

crate::decode_stored_key!(Role, "role", Role::from_key);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_roles_never_write() {
        for role in [Role::SuperAdminReadOnly, Role::DashboardReadOnly] {
            for is_partner in [false, true] {
                assert!(!role.allows(Permission::ManageOrg, is_partner), "{role:?}");
                assert!(!role.allows(Permission::PartnerCenter, is_partner), "{role:?}");
            }
        }
    }

    #[test]
    fn the_partner_center_is_for_super_admins_of_partner_orgs_only() {
        assert!(Role::SuperAdmin.allows(Permission::PartnerCenter, true));
        assert!(!Role::SuperAdmin.allows(Permission::PartnerCenter, false));
    }

    #[test]
    fn roles_add_up() {
        assert_eq!(permissions(&[Role::DashboardReadOnly], false), vec![Permission::ViewDashboard]);
        assert_eq!(
            permissions(&[Role::DashboardReadOnly, Role::SuperAdminReadOnly], false),
            vec![Permission::ViewDashboard, Permission::ReadOrg]
        );
        assert_eq!(permissions(&[], true), vec![]);
    }

    #[test]
    fn nobody_grants_a_role_above_their_own() {
        assert_eq!(grantable(&[Role::SuperAdmin]), Role::ALL.to_vec());
        assert_eq!(grantable(&[Role::SuperAdminReadOnly]), vec![Role::SuperAdminReadOnly, Role::DashboardReadOnly]);
        assert_eq!(grantable(&[Role::DashboardReadOnly]), vec![Role::DashboardReadOnly]);
        assert_eq!(grantable(&[]), vec![]);
    }

    #[test]
    fn nobody_gives_or_takes_a_role_above_their_own() {
        let (admin, read_only, dashboard) = (Role::SuperAdmin, Role::SuperAdminReadOnly, Role::DashboardReadOnly);
        assert!(may_change_roles(&[admin], &[dashboard], &[admin]));
        assert!(may_change_roles(&[read_only], &[dashboard], &[read_only]));
        assert!(!may_change_roles(&[read_only], &[], &[admin]), "give");
        assert!(!may_change_roles(&[read_only], &[admin], &[read_only]), "take");
    }

    #[test]
    fn role_keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.key());
        }
        assert_eq!(Role::from_key("owner"), None);
    }
}
