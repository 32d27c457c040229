//! "Pending acceptance": the people this org asked to join from other namespaces. Only what the
//! org typed is shown; the login itself stays unknown until its holder accepts.

use leptos::prelude::*;
use partner_center_domain::access_request::AccessRequest;
use partner_center_domain::roles::{Permission, Role};
use partner_center_domain::users::full_name;

use crate::api;
use crate::components::{ConfirmButton, RetryBlock, SuccessNotice};
use crate::format;
use crate::session::use_session;

#[component]
pub fn PendingRequests() -> impl IntoView {
    let requests = LocalResource::new(api::access_requests);
    let notice = RwSignal::new(None::<String>);
    let on_cancelled = Callback::new(move |name: String| {
        notice.set(Some(format!("The request to {name} was cancelled.")));
        requests.refetch();
    });
    let listed = move || {
        requests.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="The pending requests could not be loaded."
                    error
                    on_retry=Callback::new(move |()| requests.refetch())
                />
            }
            .into_any(),
            Ok(found) if found.is_empty() => ().into_any(),
            Ok(found) => view! {
                <section aria-labelledby="pending-heading" class="form-section">
                    <h2 id="pending-heading">"Pending acceptance"</h2>
                    <p class="hint">
                        "Asked to join from other namespaces. They become users when they accept; unanswered requests end after 14 days."
                    </p>
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">"Requests awaiting acceptance"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Email"</th>
                                    <th scope="col">"Namespace"</th>
                                    <th scope="col">"Roles"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Asked by"</th>
                                    <th scope="col">"Ends"</th>
                                    <th scope="col">
                                        <span class="visually-hidden">"Actions"</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {found
                                    .into_iter()
                                    .map(|request| view! { <RequestRow request on_cancelled /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any(),
        })
    };
    view! {
        <SuccessNotice message=notice />
        <Transition fallback=|| ()>{listed}</Transition>
    }
}

#[component]
fn RequestRow(request: AccessRequest, on_cancelled: Callback<String>) -> impl IntoView {
    let session = use_session();
    let name = full_name(&request.first_name, &request.last_name);
    let roles = request.roles.iter().map(|role: &Role| role.label()).collect::<Vec<_>>().join(", ");
    let asked = format!("{}, {}", request.requested_by, format::local_date(&request.requested_at));
    let cancel = session.can(Permission::ManageOrg).then(|| {
        let id = request.id.clone();
        let action = Action::new_local(move |(): &()| {
            let id = id.clone();
            async move { api::cancel_access_request(&id).await }
        });
        let cancelled = name.clone();
        view! {
            <ConfirmButton
                label="Cancel request"
                aria_label=format!("Cancel the request to {name}")
                title="Cancel this request?"
                consequence=format!("{name} can no longer accept it. You can send a new request later.")
                confirm_label="Cancel request"
                action
                on_done=Callback::new(move |()| on_cancelled.run(cancelled.clone()))
            />
        }
    });
    view! {
        <tr>
            <td data-label="Name">{name.clone()}</td>
            <td data-label="Email">{request.email.clone()}</td>
            <td data-label="Namespace">
                <code>{request.namespace.clone()}</code>
            </td>
            <td data-label="Roles">{roles}</td>
            <td data-label="Status">"Pending acceptance"</td>
            <td data-label="Asked by">{asked}</td>
            <td data-label="Ends">{format::local_date(&request.expires_at)}</td>
            <td>{cancel}</td>
        </tr>
    }
}
