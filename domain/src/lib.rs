//! The rules and shapes that the Partner Center browser app and its server share.
//!
//! Both sides compile this crate, so a rule written here gives the same answer and the same
//! message in the browser (before any request) and on the server (per field, in the response).

pub mod api;
pub mod billing;
pub mod catalog;
pub mod child_org;
pub mod roles;
pub mod search;
pub mod subscription;
pub mod trial;
pub mod users;
pub mod validation;
