//! One component per route.

mod accept_invitation;
mod home;
mod manage_orgs;
mod not_found;
mod sign_in;
mod users;

pub use accept_invitation::AcceptInvitation;
pub use home::Home;
pub use manage_orgs::ManageOrgs;
pub use not_found::NotFound;
pub use sign_in::SignIn;
pub use users::Users;
