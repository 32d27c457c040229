//! Users of an org: their standing, the Add User form, edits, and the Users page's shapes.

use serde::{Deserialize, Serialize};

use crate::api::{FieldError, FieldErrors};
use crate::audit::FieldChange;
use crate::roles::Role;
use crate::validation::{Email, Namespace, PersonName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Invited, has not signed in yet.
    Inactive,
    Active,
    /// Cannot sign in to this org.
    Suspended,
}

impl UserStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Inactive => "inactive",
            Self::Active => "active",
            Self::Suspended => "suspended",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Inactive, Self::Active, Self::Suspended].into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Inactive => "Invited",
            Self::Active => "Active",
            Self::Suspended => "Suspended",
        }
    }

    /// Whether a user in this state may sign in (given Portal Access). An invited user becomes
    /// active by accepting the invitation, which signs them in.
    pub fn may_sign_in(self) -> bool {
        self == Self::Active
    }
}

crate::decode_stored_key!(UserStatus, "user status", UserStatus::from_key);

/// What an edit of a user decides: their status, Portal Access and roles in the org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub status: UserStatus,
    pub portal_access: bool,
    pub roles: Vec<Role>,
}

/// What an edit does to the invitation that lets a person set their password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationChange {
    /// A pending invitation must not outlive the access it was sent for.
    Revoke,
    /// Back to waiting for an invitation after a suspension or without Portal Access: the old
    /// one was revoked, so a fresh one goes out.
    SendAgain,
    Keep,
}

impl Standing {
    /// Someone who can run the org: an active Super Admin with Portal Access.
    pub fn runs_the_org(&self) -> bool {
        self.status == UserStatus::Active && self.portal_access && self.roles.contains(&Role::SuperAdmin)
    }

    /// The standing `update` asks for. Reactivating returns a user to where they were: active
    /// when their login has a password, else still invited.
    pub fn after(&self, update: &UserUpdate, has_password: bool) -> Self {
        let status = match (update.suspended, self.status) {
            (true, _) => UserStatus::Suspended,
            (false, UserStatus::Suspended) if has_password => UserStatus::Active,
            (false, UserStatus::Suspended) => UserStatus::Inactive,
            (false, unchanged) => unchanged,
        };
        let mut roles = update.roles.clone();
        roles.sort();
        roles.dedup();
        Self { status, portal_access: update.portal_access, roles }
    }

    /// What the audit log records of going from `self` to `after`.
    pub fn changes_to(&self, after: &Self) -> [Option<FieldChange>; 3] {
        let roles = |standing: &Self| standing.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
        let access = |standing: &Self| if standing.portal_access { "On" } else { "Off" };
        [
            FieldChange::of("status", self.status.label(), after.status.label()),
            FieldChange::of("portalAccess", access(self), access(after)),
            FieldChange::of("roles", roles(self), roles(after)),
        ]
    }

    /// Going from `self` to `after`.
    pub fn invitation_change(&self, after: &Self) -> InvitationChange {
        if after.status == UserStatus::Suspended || !after.portal_access {
            InvitationChange::Revoke
        } else if after.status == UserStatus::Inactive && (self.status == UserStatus::Suspended || !self.portal_access)
        {
            InvitationChange::SendAgain
        } else {
            InvitationChange::Keep
        }
    }

    /// A new invitation (whose link replaces the last one's) goes only to a user still waiting
    /// to accept one, and only with Portal Access, without which there is nothing to sign in to.
    pub fn check_may_resend_invitation(&self) -> Result<(), &'static str> {
        if self.status != UserStatus::Inactive {
            return Err("Only a user who has not accepted an invitation yet can be sent a new one.");
        }
        if !self.portal_access {
            return Err(
                "This user has no Portal Access, so there is no invitation to send. Turn Portal Access on first.",
            );
        }
        Ok(())
    }
}

/// Leaving an org: never by the last one who runs it (`is_last`), who would leave it without
/// anyone to run it.
pub fn check_may_leave(is_last: bool, org_name: &str) -> Result<(), String> {
    if is_last {
        return Err(format!(
            "You are the last active Super Admin of {org_name}. Make someone else a Super Admin before you leave."
        ));
    }
    Ok(())
}

/// One org a login belongs to, as My organizations lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub org: crate::api::OrgRef,
    pub roles: Vec<Role>,
    pub status: UserStatus,
    pub portal_access: bool,
    /// The org this session acts in.
    pub acting: bool,
}

/// An org always keeps someone who can run it: the last one (`is_last`) cannot be demoted,
/// suspended or cut off. The message names them.
pub fn check_keeps_someone_running_the_org(is_last: bool, after: &Standing, name: &str) -> Result<(), String> {
    if is_last && !after.runs_the_org() {
        return Err(format!(
            "{name} is the last active Super Admin of this organization. Make someone else a Super Admin first."
        ));
    }
    Ok(())
}

/// How a person is named wherever one name is shown: "Priya Raman".
pub fn full_name(first_name: &str, last_name: &str) -> String {
    format!("{first_name} {last_name}")
}

/// Field names of the user forms, as in request bodies and `FieldError::field`.
pub mod field {
    pub const FIRST_NAME: &str = "firstName";
    pub const LAST_NAME: &str = "lastName";
    pub const EMAIL: &str = "email";
    pub const NAMESPACE: &str = "namespace";
    pub const ROLES: &str = "roles";
}

/// `POST /api/v1/users`: Add User, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(transform = crate::schema::namespace_when_linking))]
pub struct NewUserForm {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::PERSON_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub first_name: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::PERSON_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub last_name: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub email: String,
    /// "Add a user from an existing namespace": link the login `email` has in `namespace`.
    #[serde(default)]
    pub use_existing_namespace: bool,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub portal_access: bool,
    #[serde(default)]
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewUser {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub existing_namespace: Option<Namespace>,
    pub portal_access: bool,
    pub roles: Vec<Role>,
}

impl NewUserForm {
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.validate().err()?.into_iter().find(|e| e.field == name).map(|e| e.message)
    }

    pub fn validate(&self) -> Result<ValidNewUser, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let first_name = errors.check(field::FIRST_NAME, PersonName::parse(&self.first_name));
        let last_name = errors.check(field::LAST_NAME, PersonName::parse(&self.last_name));
        let email = errors.check(field::EMAIL, Email::parse(&self.email));
        let existing_namespace = if self.use_existing_namespace {
            errors.check(field::NAMESPACE, Namespace::parse(&self.namespace)).map(Some)
        } else {
            Some(None)
        };
        let mut roles = self.roles.clone();
        roles.sort();
        roles.dedup();
        let valid = (|| {
            Some(ValidNewUser {
                first_name: first_name?,
                last_name: last_name?,
                email: email?,
                existing_namespace: existing_namespace?,
                portal_access: self.portal_access,
                roles,
            })
        })();
        errors.or(valid)
    }
}

/// `PATCH /api/v1/users/{id}`: roles, Portal Access, suspension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    pub roles: Vec<Role>,
    pub portal_access: bool,
    /// `true` suspends, `false` reactivates.
    pub suspended: bool,
    /// The version the edit started from.
    pub version: i64,
}

/// One row of the Users page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: UserStatus,
    pub portal_access: bool,
    pub roles: Vec<Role>,
    /// The namespace of the login, e.g. `org:parent-org`: what a partner pastes to link it.
    pub namespace: String,
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
    pub version: i64,
    /// For an invited user: why their latest invitation mail could not be delivered (the
    /// recipient's server refused it, or every attempt failed). Resending tries again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_undelivered: Option<String>,
}

/// `GET /api/v1/users/{id}/sign-in-failures`: the failed sign-ins of a login of the org's own
/// namespace in the last hour, from every client, as its Super Admins see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInFailures {
    pub last_hour: i64,
    pub last_failed_at: Option<String>,
    /// While the login's hourly limit is reached: until when a sign-in from a client without
    /// earlier failures is refused too. Clearing the failures ends it at once.
    pub blocked_until: Option<String>,
}

/// The columns of the Users page, in order; Filter Columns chooses which are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserColumn {
    Name,
    Email,
    Status,
    PortalAccess,
    Roles,
    Namespace,
    Created,
    LastSignIn,
}

impl UserColumn {
    pub const ALL: [Self; 8] = [
        Self::Name,
        Self::Email,
        Self::Status,
        Self::PortalAccess,
        Self::Roles,
        Self::Namespace,
        Self::Created,
        Self::LastSignIn,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Email => "Email",
            Self::Status => "Status",
            Self::PortalAccess => "Portal Access",
            Self::Roles => "Roles",
            Self::Namespace => "Namespace",
            Self::Created => "Created",
            Self::LastSignIn => "Last sign-in",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Status => "status",
            Self::PortalAccess => "portalAccess",
            Self::Roles => "roles",
            Self::Namespace => "namespace",
            Self::Created => "created",
            Self::LastSignIn => "lastSignIn",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Shown until the person chooses otherwise; Namespace waits to be asked for.
    pub fn shown_by_default(self) -> bool {
        self != Self::Namespace
    }

    /// The order the column's header sorts by; `None` for the columns the list cannot sort.
    pub fn sort(self) -> Option<UserSort> {
        match self {
            Self::Name => Some(UserSort::Name),
            Self::Email => Some(UserSort::Email),
            Self::Status => Some(UserSort::Status),
            Self::Created => Some(UserSort::Created),
            Self::LastSignIn => Some(UserSort::LastSignIn),
            Self::PortalAccess | Self::Roles | Self::Namespace => None,
        }
    }
}

/// The columns the Users page sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSort {
    Name,
    Email,
    Status,
    Created,
    LastSignIn,
}

impl UserSort {
    pub const ALL: [Self; 5] = [Self::Name, Self::Email, Self::Status, Self::Created, Self::LastSignIn];
    /// Every `key()`, in the order of `ALL` (the API document lists them).
    pub const KEYS: &'static [&'static str] = &["name", "email", "status", "created", "lastSignIn"];

    /// The value of the `sort` query parameter.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Status => "status",
            Self::Created => "created",
            Self::LastSignIn => "lastSignIn",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::ValidationError;

    #[test]
    fn a_full_name_is_first_then_last() {
        assert_eq!(full_name("Priya", "Raman"), "Priya Raman");
    }

    #[test]
    fn the_sort_keys_list_every_column() {
        assert_eq!(UserSort::ALL.map(UserSort::key), UserSort::KEYS);
    }

    fn valid() -> NewUserForm {
        NewUserForm {
            first_name: "Dana".into(),
            last_name: "Whitaker".into(),
            email: "dana@northwind.example".into(),
            portal_access: true,
            roles: vec![Role::SuperAdmin, Role::SuperAdmin],
            ..NewUserForm::default()
        }
    }

    #[test]
    fn a_user_form_uses_the_same_rules_as_add_org() {
        assert_eq!(valid().validate().unwrap().roles, vec![Role::SuperAdmin]);
        let bad = NewUserForm { email: "dana".into(), first_name: " ".into(), ..valid() };
        let fields: Vec<String> = bad.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["firstName", "email"]);
        let linking = NewUserForm { use_existing_namespace: true, namespace: "parent-org".into(), ..valid() };
        assert_eq!(linking.field_error("namespace").unwrap(), ValidationError::InvalidNamespace.to_string());
        let linked = NewUserForm { use_existing_namespace: true, namespace: "org:parent-org".into(), ..valid() };
        assert_eq!(linked.validate().unwrap().existing_namespace.unwrap().as_str(), "org:parent-org");
    }

    #[test]
    fn namespace_is_the_one_column_hidden_by_default() {
        let hidden: Vec<_> = UserColumn::ALL.into_iter().filter(|c| !c.shown_by_default()).collect();
        assert_eq!(hidden, [UserColumn::Namespace]);
        for column in UserColumn::ALL {
            assert_eq!(column.sort().map(UserSort::key), UserSort::from_key(column.key()).map(UserSort::key));
            assert_eq!(UserColumn::from_key(column.key()), Some(column));
        }
    }

    #[test]
    fn only_active_users_sign_in() {
        assert!(UserStatus::Active.may_sign_in());
        assert!(!UserStatus::Inactive.may_sign_in());
        assert!(!UserStatus::Suspended.may_sign_in());
    }

    #[test]
    fn status_keys_round_trip() {
        for status in [UserStatus::Inactive, UserStatus::Active, UserStatus::Suspended] {
            assert_eq!(UserStatus::from_key(status.key()), Some(status));
        }
    }

    fn standing(status: UserStatus, portal_access: bool, roles: &[Role]) -> Standing {
        Standing { status, portal_access, roles: roles.to_vec() }
    }

    fn update(suspended: bool, portal_access: bool, roles: &[Role]) -> UserUpdate {
        UserUpdate { roles: roles.to_vec(), portal_access, suspended, version: 1 }
    }

    #[test]
    fn reactivating_returns_a_user_to_active_with_a_password_and_to_invited_without() {
        let suspended = standing(UserStatus::Suspended, true, &[Role::SuperAdminReadOnly]);
        let reactivate = update(false, true, &[Role::SuperAdminReadOnly]);
        assert_eq!(suspended.after(&reactivate, true).status, UserStatus::Active);
        assert_eq!(suspended.after(&reactivate, false).status, UserStatus::Inactive);
        for status in [UserStatus::Inactive, UserStatus::Active] {
            let user = standing(status, true, &[]);
            assert_eq!(user.after(&update(false, true, &[]), true).status, status, "unchanged");
            assert_eq!(user.after(&update(true, true, &[]), true).status, UserStatus::Suspended);
        }
    }

    #[test]
    fn an_edit_keeps_roles_sorted_without_repeats() {
        let user = standing(UserStatus::Active, true, &[]);
        let edit = update(false, true, &[Role::SuperAdmin, Role::SuperAdminReadOnly, Role::SuperAdmin]);
        let mut expected = vec![Role::SuperAdmin, Role::SuperAdminReadOnly];
        expected.sort();
        assert_eq!(user.after(&edit, true).roles, expected);
    }

    #[test]
    fn only_an_active_super_admin_with_portal_access_runs_the_org() {
        assert!(standing(UserStatus::Active, true, &[Role::SuperAdmin]).runs_the_org());
        assert!(!standing(UserStatus::Active, false, &[Role::SuperAdmin]).runs_the_org());
        assert!(!standing(UserStatus::Inactive, true, &[Role::SuperAdmin]).runs_the_org());
        assert!(!standing(UserStatus::Suspended, true, &[Role::SuperAdmin]).runs_the_org());
        assert!(!standing(UserStatus::Active, true, &[Role::SuperAdminReadOnly]).runs_the_org());
    }

    #[test]
    fn the_last_one_running_the_org_cannot_leave_it() {
        assert_eq!(check_may_leave(false, "Harbor View Dental"), Ok(()));
        assert_eq!(
            check_may_leave(true, "Harbor View Dental").unwrap_err(),
            "You are the last active Super Admin of Harbor View Dental. Make someone else a Super Admin before you leave."
        );
    }

    #[test]
    fn the_last_one_running_the_org_cannot_stop_but_anyone_else_can() {
        let demoted = standing(UserStatus::Active, true, &[Role::SuperAdminReadOnly]);
        let refused = check_keeps_someone_running_the_org(true, &demoted, "Priya Raman").unwrap_err();
        assert_eq!(
            refused,
            "Priya Raman is the last active Super Admin of this organization. Make someone else a Super Admin first."
        );
        assert_eq!(check_keeps_someone_running_the_org(false, &demoted, "Priya Raman"), Ok(()));
        let still_admin = standing(UserStatus::Active, true, &[Role::SuperAdmin]);
        assert_eq!(check_keeps_someone_running_the_org(true, &still_admin, "Priya Raman"), Ok(()));
    }

    #[test]
    fn losing_access_revokes_the_invitation_and_regaining_it_while_invited_sends_a_new_one() {
        let invited = standing(UserStatus::Inactive, true, &[]);
        let suspended = invited.after(&update(true, true, &[]), false);
        assert_eq!(invited.invitation_change(&suspended), InvitationChange::Revoke);
        let cut_off = invited.after(&update(false, false, &[]), false);
        assert_eq!(invited.invitation_change(&cut_off), InvitationChange::Revoke);
        let back = suspended.after(&update(false, true, &[]), false);
        assert_eq!(suspended.invitation_change(&back), InvitationChange::SendAgain);
        assert_eq!(
            cut_off.invitation_change(&cut_off.after(&update(false, true, &[]), false)),
            InvitationChange::SendAgain
        );
        assert_eq!(invited.invitation_change(&invited.clone()), InvitationChange::Keep, "nothing changed");
        assert_eq!(invited.check_may_resend_invitation(), Ok(()));
        assert!(suspended.check_may_resend_invitation().is_err(), "a suspended user is not waiting");
        assert!(cut_off.check_may_resend_invitation().is_err(), "no Portal Access, nothing to sign in to");
        assert!(standing(UserStatus::Active, true, &[]).check_may_resend_invitation().is_err(), "already accepted");
        let active = standing(UserStatus::Suspended, true, &[]).after(&update(false, true, &[]), true);
        assert_eq!(standing(UserStatus::Suspended, true, &[]).invitation_change(&active), InvitationChange::Keep);
    }
}
