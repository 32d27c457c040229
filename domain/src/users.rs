//! Users of an org: their standing, the Add User form, edits, and the Users page's shapes.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::roles::Role;
use crate::validation::{Email, Namespace, PersonName, ValidationError};

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
            Self::Inactive => "Inactive",
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
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), ValidationError>| {
            if let Err(error) = result {
                errors.push(FieldError { field: field.to_owned(), message: error.to_string() });
            }
        };
        let first_name = PersonName::parse(&self.first_name);
        check(field::FIRST_NAME, first_name.as_ref().map(|_| ()).map_err(|e| *e));
        let last_name = PersonName::parse(&self.last_name);
        check(field::LAST_NAME, last_name.as_ref().map(|_| ()).map_err(|e| *e));
        let email = Email::parse(&self.email);
        check(field::EMAIL, email.as_ref().map(|_| ()).map_err(|e| *e));
        let namespace = self.use_existing_namespace.then(|| Namespace::parse(&self.namespace));
        if let Some(result) = &namespace {
            check(field::NAMESPACE, result.as_ref().map(|_| ()).map_err(|e| *e));
        }
        match (first_name, last_name, email, namespace.transpose()) {
            (Ok(first_name), Ok(last_name), Ok(email), Ok(existing_namespace)) if errors.is_empty() => {
                let mut roles = self.roles.clone();
                roles.sort();
                roles.dedup();
                Ok(ValidNewUser {
                    first_name,
                    last_name,
                    email,
                    existing_namespace,
                    portal_access: self.portal_access,
                    roles,
                })
            }
            _ => Err(errors),
        }
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
}
