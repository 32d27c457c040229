//! Partner Center › Manage Organizations: the partner's child orgs, searchable, filterable,
//! sortable and paged, with the view kept in the URL.

mod org_filters;
mod org_table;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::Page;
use partner_center_domain::child_org::{ChildOrgSort, ChildOrgSummary};
use stylers::style;

use crate::api;
use crate::components::{EmptyState, LoadingSkeleton, PageHeader, Pager, RetryBlock, SearchForm};
use crate::list_state::{use_list_state, ListState};
use org_filters::OrgFilters;
use org_table::OrgTable;

#[component]
pub fn ManageOrgs() -> impl IntoView {
    let class_name = style! {
        .toolbar {
            display: flex;
            flex-wrap: wrap;
            align-items: flex-end;
            justify-content: space-between;
            gap: var(--space-4);
            margin-bottom: var(--space-4);
        }
        .loading {
            color: var(--color-text-muted);
        }
        .actions {
            display: flex;
            gap: var(--space-3);
        }
    };
    let navigate = use_navigate();
    let state = use_list_state::<ChildOrgSort>();
    let orgs = LocalResource::new(move || {
        let view = state.get();
        async move { api::child_orgs(&view).await }
    });
    let go = move |next: ListState<ChildOrgSort>| navigate(&next.href(), Default::default());
    let on_search = Callback::new({
        let go = go.clone();
        move |q: String| go(state.get_untracked().searching(&q))
    });
    let on_sort = Callback::new({
        let go = go.clone();
        move |column| go(state.get_untracked().sorted_by(column))
    });
    let on_filter = Callback::new(move |filter| go(state.get_untracked().filtered(filter)));

    let results = move || {
        orgs.get().map(move |result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="The organizations could not be loaded."
                    error
                    on_retry=Callback::new(move |()| orgs.refetch())
                />
            }
            .into_any(),
            Ok(page) => view! { <OrgResults page state=state.get_untracked() on_sort /> }.into_any(),
        })
    };

    view! { class=class_name,
        <PageHeader
            title="Manage Organizations"
            description="Your customers' organizations (child orgs): their trial and billing state at a glance."
        />
        <div class="toolbar">
            <SearchForm
                label="Search organizations"
                placeholder="Name, Super Admin or reference number"
                current=Signal::derive(move || state.get().q)
                on_search
            />
            <div class="actions">
                // A plain link: the browser downloads the file with the session cookie.
                <a
                    class="button secondary"
                    href=move || api::child_orgs_export_href(&state.get())
                    rel="external"
                    download
                >
                    "Export CSV"
                </a>
                <A href="/partner/orgs/new" attr:class="button">
                    <span aria-hidden="true">"+"</span>
                    " Add Org"
                </A>
            </div>
        </div>
        <OrgFilters current=Signal::derive(move || state.get().filter) on_change=on_filter />
        <Transition fallback=|| {
            view! { <LoadingSkeleton what="Loading organizations…" /> }
        }>
            {move || {
                orgs.get()
                    .is_none()
                    .then(|| {
                        view! { class=class_name,
                            <p class="loading" role="status">
                                "Loading…"
                            </p>
                        }
                    })
            }} {results}
        </Transition>
    }
}

/// One page of orgs with its pager, or why there is nothing to show.
#[component]
fn OrgResults(
    page: Page<ChildOrgSummary>,
    state: ListState<ChildOrgSort>,
    on_sort: Callback<ChildOrgSort>,
) -> impl IntoView {
    if page.total_count == 0 {
        return view! {
            <EmptyState title="No child organizations yet">
                <p>
                    "Add an organization for each customer you serve: it gets its own Super Admin, billing and trial."
                </p>
                <A href="/partner/orgs/new" attr:class="button">
                    "Add your first organization"
                </A>
            </EmptyState>
        }
        .into_any();
    }
    if page.data.is_empty() {
        let message = match (state.q.is_empty(), state.filter.is_empty()) {
            (true, true) => "This page is past the last organization.".to_owned(),
            (true, false) => "No organizations match these filters.".to_owned(),
            (false, true) => format!("No organizations match “{}”.", state.q),
            (false, false) => format!("No organizations match “{}” with these filters.", state.q),
        };
        let everything = state.searching("").filtered(Default::default()).href();
        return view! {
            <EmptyState title="Nothing to show">
                <p>{message}</p>
                <A href=everything>"Show all organizations"</A>
            </EmptyState>
        }
        .into_any();
    }
    let shown = page.data.len() as i64;
    view! {
        <OrgTable orgs=page.data sort=state.sort descending=state.descending on_sort />
        <Pager state shown filtered=page.filtered_count capped=page.filtered_count_capped total=page.total_count />
    }
    .into_any()
}
