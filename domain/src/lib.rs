//! The rules and shapes that the Partner Center browser app and its server share.
//!
//! Both sides compile this crate, so a rule written here gives the same answer and the same
//! message in the browser (before any request) and on the server (per field, in the response).

pub mod api;
pub mod billing;
pub mod catalog;
pub mod child_org;
pub mod roles;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod search;
pub mod subscription;
pub mod trial;
pub mod users;
pub mod validation;

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
