//! The acting org's users: search, pages, Filter Columns (Namespace among them) and a copy
//! control on every namespace.

mod add_user;
mod columns;
mod edit_user;
mod filter_columns;
mod pending_requests;
mod sign_in_failures;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::roles::Permission;
use partner_center_domain::users::{UserColumn, UserSort, UserSummary};
use stylers::style;

use crate::api;
use crate::components::{
    CopyableText, EmptyState, LoadingSkeleton, PageHeader, Pager, RetryBlock, SearchForm, SortHeader, SuccessNotice,
};
use crate::flash::use_flash;
use crate::format;
use crate::list_state::use_list_state;
use crate::session::use_session;
pub use add_user::AddUser;
pub use edit_user::EditUser;
use filter_columns::FilterColumns;
use pending_requests::PendingRequests;

#[component]
pub fn Users() -> impl IntoView {
    let class_name = style! {
        .toolbar {
            display: flex;
            flex-wrap: wrap;
            align-items: flex-end;
            gap: var(--space-3);
            margin-bottom: var(--space-4);
        }
        .grow {
            margin-right: auto;
        }
    };
    let session = use_session();
    let navigate = use_navigate();
    let view_state = use_list_state::<UserSort>();
    let users = LocalResource::new(move || {
        let view = view_state.get();
        async move { api::users(&view).await }
    });
    let visible = RwSignal::new(columns::load());
    let notice = RwSignal::new(use_flash().take());
    let on_search = {
        let navigate = navigate.clone();
        Callback::new(move |q: String| navigate(&view_state.get_untracked().searching(&q).href(), Default::default()))
    };
    let on_sort = Callback::new(move |column: UserSort| {
        navigate(&view_state.get_untracked().sorted_by(column).href(), Default::default());
    });
    let results = move || {
        users.get().map(move |result| match result {
            Err(error) => view! { <RetryBlock what="The users could not be loaded." error on_retry=Callback::new(move |()| users.refetch()) /> }
            .into_any(),
            Ok(page) if page.data.is_empty() => view! {
                <EmptyState title="No users match">
                    <p>{format!("No user matches “{}”.", view_state.get_untracked().q)}</p>
                    <A href="/users">"Show all users"</A>
                </EmptyState>
            }
            .into_any(),
            Ok(page) => view! {
                <UserTable
                    users=page.data.clone()
                    visible
                    sort=view_state.get_untracked().sort
                    descending=view_state.get_untracked().descending
                    on_sort
                />
                <Pager
                    state=view_state.get_untracked()
                    shown=page.data.len() as i64
                    filtered=page.filtered_count
                    total=page.total_count
                />
            }
            .into_any(),
        })
    };

    view! { class=class_name,
        <PageHeader
            title="Users"
            description="Who can sign in to this organization, their roles and their namespaces."
        />
        <SuccessNotice message=notice />
        <div class="toolbar">
            <div class="grow">
                <SearchForm
                    label="Search users"
                    placeholder="Name, email or namespace"
                    current=Signal::derive(move || view_state.get().q)
                    on_search
                />
            </div>
            <FilterColumns visible />
            {move || {
                session
                    .can(Permission::ManageOrg)
                    .then(|| {
                        view! {
                            <A href="/users/new" attr:class="button">
                                <span aria-hidden="true">"+"</span>
                                " Add User"
                            </A>
                        }
                    })
            }}
        </div>
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading users…" /> }>{results}</Transition>
        <PendingRequests />
    }
}

/// The users of one page, in the chosen columns; the headers of sortable columns sort.
#[component]
fn UserTable(
    users: Vec<UserSummary>,
    visible: RwSignal<Vec<UserColumn>>,
    sort: UserSort,
    descending: bool,
    /// Called with the column the person asked to sort by.
    on_sort: Callback<UserSort>,
) -> impl IntoView {
    let session = use_session();
    let cell = move |column: UserColumn, user: &UserSummary| -> AnyView {
        match column {
            UserColumn::Name => {
                let name = partner_center_domain::users::full_name(&user.first_name, &user.last_name);
                if session.can(Permission::ManageOrg) {
                    view! { <A href=format!("/users/{}", user.id)>{name}</A> }.into_any()
                } else {
                    name.into_any()
                }
            }
            UserColumn::Email => user.email.clone().into_any(),
            UserColumn::Status => match &user.invitation_undelivered {
                Some(reason) => view! {
                    {user.status.label()}
                    <span class="problem-line" title=reason.clone()>
                        " · invitation not delivered"
                    </span>
                }
                .into_any(),
                None => user.status.label().into_any(),
            },
            UserColumn::PortalAccess => (if user.portal_access { "On" } else { "Off" }).into_any(),
            UserColumn::Roles => user.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ").into_any(),
            UserColumn::Namespace => {
                view! { <CopyableText text=user.namespace.clone() label="Copy namespace" /> }.into_any()
            }
            UserColumn::Created => format::local_date(&user.created_at).into_any(),
            UserColumn::LastSignIn => {
                user.last_sign_in_at.as_deref().map_or_else(|| "Never".to_owned(), format::local_date).into_any()
            }
        }
    };
    move || {
        let columns = visible.get();
        let header = columns
            .iter()
            .map(|c| match c.sort() {
                Some(column) => {
                    view! { <SortHeader label=c.label() column sorted_by=sort descending on_sort /> }.into_any()
                }
                None => view! { <th scope="col">{c.label()}</th> }.into_any(),
            })
            .collect_view();
        let rows = users
            .iter()
            .map(|user| {
                let cells = columns
                    .iter()
                    .map(|&c| {
                        view! {
                            <td data-label=c.label() class:nowrap=columns::is_date(c)>
                                {cell(c, user)}
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">"Users of this organization"</caption>
                    <thead>
                        <tr>{header}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}
