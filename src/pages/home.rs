use leptos::prelude::*;
use leptos_router::components::A;
use partner_center_domain::roles::Permission;

use crate::components::PageHeader;
use crate::lazy_pages::partner_home_panel;
use crate::session::use_session;

/// The landing page: where one is working; for a partner, what needs them today; for anyone
/// else, where each part of the console is.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let working_in = move || {
        session.me().map(|me| {
            let roles: Vec<&str> = me.roles.iter().map(|role| role.label()).collect();
            view! { <p>"You are working in " <strong>{me.acting_org.name}</strong> " as " {roles.join(", ")} "."</p> }
        })
    };
    // A partner's Super Admin starts the day here: what needs them today.
    let is_partner = Memo::new(move |_| session.can(Permission::PartnerCenter));
    // A customer's people read about their own organization, not the partner's business.
    let description = Signal::derive(move || {
        if is_partner.get() {
            "Create and run your customers' organizations from one login."
        } else {
            "Your organization in Partner Center: its users, its partner's access and its activity."
        }
    });
    let body = move || {
        if is_partner.get() {
            partner_home_panel().into_any()
        } else {
            view! {
                <ul>
                    <li>
                        <A href="/users">"Users"</A>
                        " — who can sign in to the current organization, and their namespaces."
                    </li>
                    <li>
                        <A href="/my-orgs">"My organizations"</A>
                        " — every organization your login belongs to."
                    </li>
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title="Overview" description=description />
        {working_in}
        {body}
    }
}
