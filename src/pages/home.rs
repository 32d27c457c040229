use leptos::prelude::*;
use leptos_router::components::A;
use partner_center_domain::roles::Permission;

use crate::components::PageHeader;
use crate::session::use_session;

/// The landing page: where one is working, and where each part of the console is.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let working_in = move || {
        session.me().map(|me| {
            let roles: Vec<&str> = me.roles.iter().map(|role| role.label()).collect();
            view! { <p>"You are working in " <strong>{me.acting_org.name}</strong> " as " {roles.join(", ")} "."</p> }
        })
    };
    view! {
        <PageHeader title="Overview" description="Create and run your customers' organizations from one login." />
        {working_in}
        <ul>
            {move || {
                session
                    .can(Permission::PartnerCenter)
                    .then(|| {
                        view! {
                            <li>
                                <A href="/partner/orgs">"Manage Organizations"</A>
                                " — your customers' organizations (child orgs), their trials and billing."
                            </li>
                        }
                    })
            }} <li>
                <A href="/users">"Users"</A>
                " — who can sign in to the current organization, and their namespaces."
            </li>
        </ul>
    }
}
