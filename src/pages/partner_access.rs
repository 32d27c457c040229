//! Organization › Partner access: everyone from outside this org's namespace who reaches it
//! (the partner's staff, consultants), grouped by where their login lives, and *Remove access*.

use leptos::prelude::*;
use partner_center_domain::partner_access::{OutsideGroup, OutsideMember};
use partner_center_domain::roles::Role;

use crate::api;
use crate::components::{
    ConfirmButton, EmptyState, LoadingSkeleton, PageHeader, RetryBlock, SuccessNotice, TitledSection,
};
use crate::format;

#[component]
pub fn PartnerAccess() -> impl IntoView {
    let groups = LocalResource::new(api::partner_access);
    let notice = RwSignal::new(None::<String>);
    let on_removed = Callback::new(move |name: String| {
        notice.set(Some(format!("{name} no longer has access to this organization.")));
        groups.refetch();
    });
    let shown = move || {
        groups.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="Partner access could not be loaded."
                    error
                    on_retry=Callback::new(move |()| groups.refetch())
                />
            }
            .into_any(),
            Ok(found) if found.is_empty() => view! {
                <EmptyState title="Nobody from outside">
                    <p>"Only logins of this organization's own namespace can sign in to it."</p>
                </EmptyState>
            }
            .into_any(),
            Ok(found) => {
                found.into_iter().map(|group| view! { <GroupSection group on_removed /> }).collect_view().into_any()
            }
        })
    };
    view! {
        <PageHeader
            title="Partner access"
            description="People whose login belongs to another organization — your partner's staff, consultants — and can sign in to this one."
        />
        <SuccessNotice message=notice />
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading partner access…" /> }>{shown}</Transition>
    }
}

#[component]
fn GroupSection(group: OutsideGroup, on_removed: Callback<String>) -> impl IntoView {
    let heading_id = format!("group-{}", group.namespace.replace(':', "-"));
    view! {
        <TitledSection id=heading_id title=group.label.clone()>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{format!("People from {}", group.namespace)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Roles"</th>
                            <th scope="col">"Last sign-in"</th>
                            <th scope="col">"Added"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {group
                            .members
                            .into_iter()
                            .map(|member| view! { <MemberRow member on_removed /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </TitledSection>
    }
}

#[component]
fn MemberRow(member: OutsideMember, on_removed: Callback<String>) -> impl IntoView {
    let roles = member.roles.iter().map(|role: &Role| role.label()).collect::<Vec<_>>().join(", ");
    let last = member.last_sign_in_at.as_deref().map_or_else(|| "Never".to_owned(), format::local_date);
    let added = match &member.added_by {
        Some(by) => format!("{} by {by}", format::local_date(&member.added_at)),
        None => format::local_date(&member.added_at),
    };
    view! {
        <tr>
            <td data-label="Name">{member.name.clone()}</td>
            <td data-label="Email">{member.email.clone()}</td>
            <td data-label="Roles">{roles}</td>
            <td data-label="Last sign-in">{last}</td>
            <td data-label="Added">{added}</td>
            <td>
                <RemoveAccess user_id=member.user_id.clone() name=member.name.clone() on_removed />
            </td>
        </tr>
    }
}

/// *Remove access*, asking first.
#[component]
fn RemoveAccess(user_id: String, name: String, on_removed: Callback<String>) -> impl IntoView {
    let remove = Action::new_local(move |(): &()| {
        let user_id = user_id.clone();
        async move { api::remove_partner_access(&user_id).await }
    });
    let removed_name = name.clone();
    view! {
        <ConfirmButton
            label="Remove access"
            aria_label=format!("Remove access of {name}")
            title="Remove access?"
            consequence=format!(
                "{name} can no longer sign in to this organization, and their sessions here end now. Only someone in this organization can add them again.",
            )
            confirm_label="Remove access"
            action=remove
            on_done=Callback::new(move |()| on_removed.run(removed_name.clone()))
        />
    }
}
