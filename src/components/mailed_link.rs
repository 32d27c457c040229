use std::future::Future;

use leptos::prelude::*;
use leptos_router::components::A;

use super::LoadingSkeleton;
use crate::api::ApiError;
use crate::route_params::use_link_token;

/// The body of a page a mailed link opens (an invitation, a password reset): what the link is
/// for, loaded by the token in the address, then the form that uses it; or why the link cannot
/// be used, with a way on.
#[component]
pub fn MailedLink<T, L, Fut, F, V>(
    /// Announced while loading, e.g. "Loading your invitation…".
    loading: &'static str,
    /// Asks the server what the token is for.
    load: L,
    /// The form, given the token and what it is for.
    form: F,
    /// Where to go when the link cannot be used, and the link's text.
    way_on: (&'static str, &'static str),
) -> impl IntoView
where
    T: Clone + 'static,
    L: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    F: Fn(String, T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let token = use_link_token();
    let found = LocalResource::new(move || load(token.get()));
    let (href, text) = way_on;
    view! {
        <Suspense fallback=move || {
            view! { <LoadingSkeleton what=loading rows=3 /> }
        }>
            {move || {
                found
                    .get()
                    .map(|result| match result {
                        Ok(info) => form(token.get_untracked(), info).into_any(),
                        Err(error) => {
                            view! {
                                <div role="alert">
                                    <p>{error.to_string()}</p>
                                </div>
                                <p>
                                    <A href=href>{text}</A>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
