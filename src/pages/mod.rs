//! One component per route.

mod home;
mod manage_orgs;
mod not_found;
mod users;

pub use home::Home;
pub use manage_orgs::ManageOrgs;
pub use not_found::NotFound;
pub use users::Users;
