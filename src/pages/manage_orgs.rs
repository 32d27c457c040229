use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// Partner Center › Manage Organizations: the partner's child orgs.
#[component]
pub fn ManageOrgs() -> impl IntoView {
    view! {
        <PageHeader
            title="Manage Organizations"
            description="Your customers' organizations (child orgs): their trial and billing state at a glance."
        />
        <EmptyState title="No child organizations yet">
            <p>"Organizations you add for your customers are listed here."</p>
        </EmptyState>
    }
}
