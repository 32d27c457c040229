//! A user's standing in one org.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

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
