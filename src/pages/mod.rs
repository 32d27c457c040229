//! One component per route.

mod accept_invitation;
mod add_org;
mod api_tokens;
mod audit_log;
mod forgot_password;
mod home;
mod invoice;
mod manage_orgs;
mod my_orgs;
mod not_found;
mod org_detail;
mod partner_access;
mod partner_home;
mod reset_password;
mod sign_in;
mod statements;
mod users;

pub use accept_invitation::AcceptInvitation;
pub use add_org::AddOrg;
pub use api_tokens::ApiTokens;
pub use audit_log::{AuditLog, PartnerActivity};
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use invoice::Invoice;
pub use manage_orgs::ManageOrgs;
pub use my_orgs::MyOrgs;
pub use not_found::NotFound;
pub use org_detail::OrgDetail;
pub use partner_access::PartnerAccess;
pub use partner_home::PartnerHomePanel;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use statements::Statements;
pub use users::{AddUser, EditUser, Users};
