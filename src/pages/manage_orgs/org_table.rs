use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::child_org::{ChildOrgSort, ChildOrgSummary};
use partner_center_domain::trial::TrialStatus;
use stylers::style;
use wasm_bindgen::JsCast;

use crate::components::{SortHeader, StatusBadge};
use crate::format;

/// The child orgs of one page. Column headers sort; a row (or its name link) opens the org.
#[component]
pub fn OrgTable(
    orgs: Vec<ChildOrgSummary>,
    sort: ChildOrgSort,
    descending: bool,
    /// Called with the column the person asked to sort by.
    on_sort: Callback<ChildOrgSort>,
) -> impl IntoView {
    let header = move |label: &'static str, column: ChildOrgSort| {
        view! { <SortHeader label column sorted_by=sort descending on_sort /> }
    };
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">"Child organizations"</caption>
                <thead>
                    <tr>
                        {header("Name", ChildOrgSort::Name)} {header("Super Admin", ChildOrgSort::SuperAdmin)}
                        <SortHeader
                            label="Status"
                            column=ChildOrgSort::Status
                            sorted_by=sort
                            descending
                            on_sort
                            ascending_means="needs attention first"
                        /> <th scope="col">"Trial ends"</th> {header("Package Plan", ChildOrgSort::Plan)}
                        {header("Created", ChildOrgSort::Created)}
                    </tr>
                </thead>
                <tbody>{orgs.into_iter().map(|org| view! { <OrgRow org /> }).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// One org; a click anywhere on the row opens it.
#[component]
fn OrgRow(org: ChildOrgSummary) -> impl IntoView {
    let class_name = style! {
        tr {
            cursor: pointer;
        }
        tr:hover {
            background: var(--color-bg);
        }
        .email {
            display: block;
            font-size: var(--text-sm);
            color: var(--color-text-muted);
        }
    };
    let navigate = use_navigate();
    let href = format!("/partner/orgs/{}", org.id);
    let open = {
        let href = href.clone();
        move |ev: leptos::ev::MouseEvent| {
            // The name link navigates by itself; the row covers clicks elsewhere.
            let on_link = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a").ok().flatten())
                .is_some();
            if !on_link {
                navigate(&href, Default::default());
            }
        }
    };
    let trial_end = match org.status {
        TrialStatus::AwaitingFirstUnlock => "Not started".to_owned(),
        TrialStatus::Trialing { ends_at, .. } => format::local_date_at(ends_at),
        TrialStatus::Billing { since } => format!("Ended {}", format::local_date_at(since)),
    };
    let (admin_name, admin_email) = org.super_admin.map_or((String::from("—"), String::new()), |a| (a.name, a.email));
    view! { class=class_name,
        <tr on:click=open>
            <td data-label="Name">
                <A href=href>{org.name}</A>
            </td>
            <td data-label="Super Admin">{admin_name}<span class="email">{admin_email}</span></td>
            <td data-label="Status">
                <StatusBadge status=org.status />
            </td>
            <td data-label="Trial ends" class="nowrap">
                {trial_end}
            </td>
            <td data-label="Package Plan">{org.plan.label()}</td>
            <td data-label="Created" class="nowrap">
                {format::local_date(&org.created_at)}
            </td>
        </tr>
    }
}
