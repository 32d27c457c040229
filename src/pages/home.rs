use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageHeader;

/// The landing page: where each part of the console is.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <PageHeader
            title="Overview"
            description="Create and run your customers' organizations from one login."
        />
        <ul>
            <li>
                <A href="/partner/orgs">"Manage Organizations"</A>
                " — your customers' organizations (child orgs), their trials and billing."
            </li>
            <li>
                <A href="/users">"Users"</A>
                " — who can sign in to the current organization, and their namespaces."
            </li>
        </ul>
    }
}
