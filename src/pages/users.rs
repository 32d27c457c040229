use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The acting organization's users.
#[component]
pub fn Users() -> impl IntoView {
    view! {
        <PageHeader
            title="Users"
            description="Who can sign in to this organization, their roles and their namespaces."
        />
        <EmptyState title="No users to show yet">
            <p>"Users of the organization you are working in are listed here."</p>
        </EmptyState>
    }
}
