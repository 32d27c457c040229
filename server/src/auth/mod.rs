//! Who is calling and what they may do: session cookies, the `Actor` every protected handler
//! takes, the one authorization check, CSRF refusal and sign-in throttling.

pub mod actor;
pub mod csrf;
pub mod partner_reach;
pub mod session;
pub mod throttle;

pub use actor::{Actor, Reach};
