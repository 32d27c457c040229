//! The typed parameters of the app's routes and queries (see `app.rs` for the routes).

use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::{use_params, use_query};
use leptos_router::params::Params;

/// `/partner/orgs/:id`, `/users/:id`, `/invoices/:id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct IdParams {
    pub id: Option<String>,
}

/// `/invitations/:token`, `/reset-password/:token`: the token of a mailed link.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct LinkParams {
    pub token: Option<String>,
}

/// `/sign-in?next=…&ended=1`: where to go afterwards, and whether a session just ended
/// (`ended`) or the password was just changed (`reset`).
#[derive(Params, Debug, Clone, Default, PartialEq)]
pub struct SignInQuery {
    pub next: Option<String>,
    pub ended: Option<String>,
    pub reset: Option<String>,
}

/// `/partner/orgs/:id?tab=…`.
#[derive(Params, Debug, Clone, Default, PartialEq)]
pub struct OrgTabQuery {
    pub tab: Option<String>,
}

/// The `:id` of the current route.
pub fn use_id() -> Memo<String> {
    let params = use_params::<IdParams>();
    Memo::new(move |_| params.with(|p| p.as_ref().ok().and_then(|p| p.id.clone()).unwrap_or_default()))
}

/// The `:token` of a mailed link's route (an invitation, a password reset).
pub fn use_link_token() -> Memo<String> {
    let params = use_params::<LinkParams>();
    Memo::new(move |_| params.with(|p| p.as_ref().ok().and_then(|p| p.token.clone()).unwrap_or_default()))
}

/// The sign-in page's query, read once: it is only ever arrived at.
pub fn sign_in_query() -> SignInQuery {
    use_query::<SignInQuery>().get_untracked().unwrap_or_default()
}

/// The org page's tab, as in its URL.
pub fn use_org_tab() -> Memo<Option<String>> {
    let query = use_query::<OrgTabQuery>();
    Memo::new(move |_| query.with(|q| q.as_ref().ok().and_then(|q| q.tab.clone())))
}

/// Pages open to anyone: no navigation beside them, no session expected.
pub fn is_public_page(path: &str) -> bool {
    ["/sign-in", "/forgot-password"].contains(&path)
        || path.starts_with("/invitations/")
        || path.starts_with("/reset-password/")
}
