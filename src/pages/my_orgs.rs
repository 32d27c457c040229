//! My organizations: every org the signed-in login belongs to, its roles and standing there,
//! and *Leave*.

use leptos::prelude::*;
use partner_center_domain::roles::Role;
use partner_center_domain::users::{Membership, UserStatus};

use crate::api;
use crate::components::{ConfirmButton, LoadingSkeleton, PageHeader, RequestsAnswered, RetryBlock, SuccessNotice};
use crate::session::use_session;

#[component]
pub fn MyOrgs() -> impl IntoView {
    // An answer to a request to join (above the page) may add a membership.
    let memberships = LocalResource::new(move || {
        RequestsAnswered::count();
        api::my_orgs()
    });
    let notice = RwSignal::new(None::<String>);
    let on_left = Callback::new(move |org_name: String| {
        notice.set(Some(format!("You left {org_name}.")));
        memberships.refetch();
    });
    let list = move || {
        memberships.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="Your organizations could not be loaded."
                    error
                    on_retry=Callback::new(move |()| memberships.refetch())
                />
            }
            .into_any(),
            Ok(found) => view! {
                <div class="table-wrap">
                    <table class="data-table">
                        <caption class="visually-hidden">"Your organizations"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Organization"</th>
                                <th scope="col">"Namespace"</th>
                                <th scope="col">"Roles"</th>
                                <th scope="col">"Standing"</th>
                                <th scope="col">
                                    <span class="visually-hidden">"Actions"</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            {found
                                .into_iter()
                                .map(|membership| view! { <MembershipRow membership on_left /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <PageHeader
            title="My organizations"
            description="Every organization your login belongs to. Requests to join others appear above, to accept or decline. Leave one you no longer work for."
        />
        <SuccessNotice message=notice />
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading your organizations…" /> }>{list}</Transition>
    }
}

/// "Active", "Invited", "Suspended", and whether the login may sign in there.
fn standing(membership: &Membership) -> String {
    let status = match membership.status {
        UserStatus::Inactive => "Invited",
        other => other.label(),
    };
    if membership.portal_access {
        status.to_owned()
    } else {
        format!("{status}, no Portal Access")
    }
}

#[component]
fn MembershipRow(membership: Membership, on_left: Callback<String>) -> impl IntoView {
    let roles = membership.roles.iter().map(|role: &Role| role.label()).collect::<Vec<_>>().join(", ");
    let action = if membership.acting {
        view! { <span>"Working here"</span> }.into_any()
    } else {
        view! { <LeaveOrg org_id=membership.org.id.clone() org_name=membership.org.name.clone() on_left /> }.into_any()
    };
    view! {
        <tr>
            <td data-label="Organization">{membership.org.name.clone()}</td>
            <td data-label="Namespace">
                <code>{membership.org.namespace.clone()}</code>
            </td>
            <td data-label="Roles">{roles}</td>
            <td data-label="Standing">{standing(&membership)}</td>
            <td>{action}</td>
        </tr>
    }
}

/// *Leave*, asking first.
#[component]
fn LeaveOrg(org_id: String, org_name: String, on_left: Callback<String>) -> impl IntoView {
    let session = use_session();
    let leave = Action::new_local(move |(): &()| {
        let org_id = org_id.clone();
        async move { api::leave_org(&org_id).await }
    });
    let name = org_name.clone();
    let on_done = Callback::new(move |()| {
        // The org switcher offers the org no more.
        session.refresh();
        on_left.run(name.clone());
    });
    view! {
        <ConfirmButton
            label="Leave"
            aria_label=format!("Leave {org_name}")
            title="Leave this organization?"
            consequence=format!("You lose access to {org_name} until someone there adds you again.")
            confirm_label="Leave organization"
            action=leave
            on_done
        />
    }
}
