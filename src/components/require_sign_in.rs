use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;
use partner_center_domain::roles::Permission;

use super::{LoadingSkeleton, RetryBlock};
use crate::pages::NotFound;
use crate::session::{use_session, SessionState};

/// The parent route of every signed-in page: renders the matched child route for a signed-in
/// person; sends anyone else to sign in, and back here afterwards.
#[component]
pub fn RequireSignIn() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Why the pages are closed, or `None` when they are open. Only a change of that re-renders
    // the page: news about the signed-in person (another org to switch to, say) must not throw
    // away what the page shows.
    let closed = Memo::new(move |_| match session.state() {
        SessionState::SignedIn(_) => None,
        other => Some(other),
    });
    // Opened from a page anyone may use: ask now.
    Effect::new(move |_| {
        if closed.get() == Some(SessionState::NotAsked) {
            session.refresh();
        }
    });
    move || match closed.get() {
        None => view! { <Outlet /> }.into_any(),
        Some(SessionState::NotAsked | SessionState::Checking) => {
            view! { <LoadingSkeleton what="Loading…" /> }.into_any()
        }
        Some(SessionState::Unknown(error)) => view! {
            <RetryBlock
                what="Your session could not be checked."
                error
                on_retry=Callback::new(move |()| session.refresh())
            />
        }
        .into_any(),
        Some(state) => {
            let here = return_path(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
                &location.hash.get_untracked(),
            );
            let next = js_sys::encode_uri_component(&here).as_string().unwrap_or_default();
            let ended = if state == SessionState::Ended { "&ended=1" } else { "" };
            view! { <Redirect path=format!("/sign-in?next={next}{ended}") /> }.into_any()
        }
    }
}

/// The parent route of the pages that need `permission` in the acting org (inside
/// `RequireSignIn`). A page the person's role does not reach looks like a page that does not
/// exist, as the API answers 404 for it.
#[component]
pub fn RequirePermission(permission: Permission) -> impl IntoView {
    let session = use_session();
    let allowed = Memo::new(move |_| session.can(permission));
    move || if allowed.get() { view! { <Outlet /> }.into_any() } else { view! { <NotFound /> }.into_any() }
}

/// The address to come back to after signing in, exactly: path, query and fragment. The
/// router's `search` has no `?`; its `hash` keeps its `#`.
fn return_path(pathname: &str, search: &str, hash: &str) -> String {
    let query = if search.is_empty() { String::new() } else { format!("?{search}") };
    format!("{pathname}{query}{hash}")
}

/// Where to go after signing in: the `next` the sign-in page was given, resolved as the browser
/// would resolve it against this page's origin, when it stays on this origin; else the overview.
/// The browser's own parser decides, so nothing it reads differently (tabs and newlines it drops,
/// `\\` it takes for `/`, schemes) can lead elsewhere.
pub fn safe_next(next: Option<String>) -> String {
    next.and_then(|next| same_origin_path(&next)).unwrap_or_else(|| "/".to_owned())
}

/// `next`'s path, query and fragment when it resolves to this page's origin.
fn same_origin_path(next: &str) -> Option<String> {
    let origin = window().location().origin().ok()?;
    let url = web_sys::Url::new_with_base(next, &origin).ok()?;
    (url.origin() == origin).then(|| format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn the_way_back_keeps_the_query_and_the_fragment() {
        assert_eq!(return_path("/partner/orgs", "order=desc&page=2", ""), "/partner/orgs?order=desc&page=2");
        assert_eq!(return_path("/users", "", ""), "/users");
        assert_eq!(return_path("/audit", "page=2", "#entry-7"), "/audit?page=2#entry-7");
    }
}
