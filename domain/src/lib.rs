//! The rules and shapes that the Partner Center browser app and its server share.
//!
//! Both sides compile this crate, so a rule written here gives the same answer and the same
//! message in the browser (before any request) and on the server (per field, in the response).

/// A stored or sent key that names no value of its type: data that must not be guessed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub kind: &'static str,
    pub key: String,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a {}", self.key, self.kind)
    }
}

impl std::error::Error for UnknownKey {}

/// `TryFrom<String>` through the type's own key parser: how the data layer decodes a stored
/// key (`#[sqlx(try_from = "String")]`). An unknown key is an error, never a guess.
macro_rules! decode_stored_key {
    ($type:ty, $kind:literal, $parse:path) => {
        impl TryFrom<String> for $type {
            type Error = $crate::UnknownKey;

            fn try_from(key: String) -> Result<Self, Self::Error> {
                $parse(&key).ok_or($crate::UnknownKey { kind: $kind, key })
            }
        }
    };
}
pub(crate) use decode_stored_key;

pub mod access_request;
pub mod ap_emails;
pub mod api;
pub mod audit;
pub mod billing;
pub mod catalog;
pub mod child_org;
pub mod org_filter;
pub mod pages;
pub mod partner_access;
pub mod partner_home;
pub mod roles;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod search;
pub mod statement;
pub mod subscription;
pub mod trial;
pub mod trial_extension;
pub mod trial_reminder;
pub mod users;
pub mod validation;
