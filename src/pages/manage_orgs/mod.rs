//! Partner Center › Manage Organizations: the partner's child orgs, searchable, sortable and
//! paged, with the view kept in the URL.

mod list_state;
mod org_table;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use stylers::style;

use crate::api;
use crate::components::{EmptyState, PageHeader, Pager, SearchForm};
pub use list_state::{ListState, PAGE_SIZES};
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
    };
    let query = use_query_map();
    let navigate = use_navigate();
    let state = Memo::new(move |_| query.with(|q| ListState::from_params(|key| q.get(key))));
    let orgs = LocalResource::new(move || {
        let request = state.get().query();
        async move { api::child_orgs(&request).await }
    });
    let go = {
        let navigate = navigate.clone();
        move |next: ListState| navigate(&next.href(), Default::default())
    };
    let on_search = Callback::new({
        let go = go.clone();
        move |q: String| go(state.get_untracked().searching(&q))
    });
    let on_sort = Callback::new({
        let go = go.clone();
        move |column| go(state.get_untracked().sorted_by(column))
    });

    let results = move || {
        let go = go.clone();
        orgs.get().map(move |result| match result {
            Err(error) => view! { class=class_name,
                <div role="alert">
                    <p>{format!("The organizations could not be loaded. {error}")}</p>
                    <button type="button" class="button" on:click=move |_| orgs.refetch()>
                        "Try again"
                    </button>
                </div>
            }
            .into_any(),
            Ok(page) if page.total_count == 0 => view! {
                <EmptyState title="No child organizations yet">
                    <p>
                        "Add an organization for each customer you serve: it gets its own Super Admin, billing and trial."
                    </p>
                    <A href="/partner/orgs/new" attr:class="button">
                        "Add your first organization"
                    </A>
                </EmptyState>
            }
            .into_any(),
            Ok(page) if page.data.is_empty() => {
                let current = state.get_untracked();
                let cleared = current.searching("").href();
                let message = if current.q.is_empty() {
                    "This page is past the last organization.".to_owned()
                } else {
                    format!("No organizations match “{}”.", current.q)
                };
                view! {
                    <EmptyState title="Nothing to show">
                        <p>{message}</p>
                        <A href=cleared>"Show all organizations"</A>
                    </EmptyState>
                }
                .into_any()
            }
            Ok(page) => {
                let current = state.get_untracked();
                let (go_step, go_size) = (go.clone(), go.clone());
                let on_step = Callback::new(move |step: i32| {
                    let now = state.get_untracked();
                    go_step(now.on_page(now.page.saturating_add_signed(step)));
                });
                let on_size = Callback::new(move |size: u32| go_size(state.get_untracked().with_size(size)));
                view! {
                    <OrgTable orgs=page.data.clone() sort=current.sort descending=current.descending on_sort />
                    <Pager
                        first=i64::from(current.query().offset) + 1
                        shown=page.data.len() as i64
                        filtered=page.filtered_count
                        total=page.total_count
                        size=current.size
                        sizes=&PAGE_SIZES
                        on_step
                        on_size
                    />
                }
                .into_any()
            }
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
            <A href="/partner/orgs/new" attr:class="button">
                <span aria-hidden="true">"+"</span>
                " Add Org"
            </A>
        </div>
        <Transition fallback=|| {
            view! { <p role="status">"Loading organizations…"</p> }
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
