use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::child_org::{ChildOrgSort, ChildOrgSummary};
use partner_center_domain::pages;
use partner_center_domain::trial::TrialStatus;
use stylers::style;
use wasm_bindgen::JsCast;

use crate::components::{copy_shown_text, SortHeader, StatusBadge, Toasts};
use crate::format;
use crate::org_switch::use_org_switch;
use crate::session::use_session;

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

/// One org; a click anywhere on the row outside its controls opens it.
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
    let href = pages::org(&org.id);
    let open = {
        let href = href.clone();
        move |ev: leptos::ev::MouseEvent| {
            // Links and buttons do their own thing; the row covers clicks elsewhere.
            let on_control = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a, button").ok().flatten())
                .is_some();
            if !on_control {
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
    let namespace_ref = NodeRef::<leptos::html::Span>::new();
    let actions =
        view! { <RowActions org_id=org.id name=org.name.clone() namespace=org.namespace.clone() namespace_ref /> };
    view! { class=class_name,
        <tr on:click=open>
            <td data-label="Name">
                <A href=href>{org.name}</A>
                // For screen readers, and selected for copying by hand where the clipboard
                // cannot be written; the table has no width to spare for it on a laptop.
                <span class="visually-hidden" node_ref=namespace_ref>
                    {org.namespace}
                </span>
                {actions}
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

/// What saves a trip from the row, under the org's name: copying its namespace (to link a
/// login, or for a support ticket) and, for an org the person is a member of, switching into it.
#[component]
fn RowActions(
    org_id: String,
    name: String,
    namespace: String,
    /// The namespace in the row, selected for copying by hand where the clipboard cannot be
    /// written.
    namespace_ref: NodeRef<leptos::html::Span>,
) -> impl IntoView {
    let class_name = style! {
        .row-actions {
            display: flex;
            gap: var(--space-2);
            margin-top: var(--space-1);
        }
    };
    let session = use_session();
    let toasts = Toasts::use_context();
    let member = session.me().is_some_and(|me| me.orgs.iter().any(|org| org.id == org_id));
    let copy = move |_| copy_shown_text(namespace.clone(), namespace_ref.get_untracked().map(Into::into), toasts);
    view! { class=class_name,
        <div class="row-actions">
            <button
                type="button"
                class="button secondary icon"
                aria-label=format!("Copy namespace of {name}")
                title="Copy namespace"
                on:click=copy
            >
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                    <rect x="5" y="5" width="9" height="9" rx="1.5" />
                    <path d="M2.5 11V3.5a1 1 0 0 1 1-1H11" />
                </svg>
            </button>
            {member.then(|| view! { <SwitchButton org_id name /> })}
        </div>
    }
}

/// Switches into the org (the same as choosing it in the header) and opens its overview.
#[component]
fn SwitchButton(org_id: String, name: String) -> impl IntoView {
    let switch = use_org_switch();
    view! {
        <button
            type="button"
            class="button secondary icon"
            aria-label=format!("Switch to {name}")
            title="Switch to this organization"
            disabled=switch.pending()
            on:click=move |_| switch.to(org_id.clone())
        >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <path d="M1.5 8h8M6.5 5l3 3-3 3" />
                <path d="M9.5 2.5h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-3" />
            </svg>
        </button>
        <span role="alert">{move || switch.error().get()}</span>
    }
}
