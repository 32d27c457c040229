use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::PageHeader;

/// Shown for any path the app has no page for.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <PageHeader title="Page not found" description="The address may be mistyped, or the page may have moved." />
        <p>"There is no page at " <code>{move || path.get()}</code> "."</p>
        <p>
            <A href="/">"Go to the overview"</A>
        </p>
    }
}
