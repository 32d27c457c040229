//! Requests from other orgs to join them, awaiting the signed-in login's answer: shown above
//! every signed-in page (beside the page, not in it) until answered, with *Accept* and
//! *Decline*.

use leptos::prelude::*;
use partner_center_domain::access_request::IncomingAccessRequest;
use stylers::style;

use super::FormAlert;
use crate::api::{self, RequestAnswer};
use crate::format;
use crate::session::use_session;

/// Counts the answers given, so pages that list memberships (My organizations) reload after one.
#[derive(Clone, Copy)]
pub struct RequestsAnswered(RwSignal<u32>);

impl RequestsAnswered {
    pub fn provide() {
        provide_context(Self(RwSignal::new(0)));
    }

    /// How many answers so far; reading it tracks new ones.
    pub fn count() -> u32 {
        use_context::<Self>().map_or(0, |answered| answered.0.get())
    }

    fn one_more() {
        if let Some(answered) = use_context::<Self>() {
            answered.0.update(|count| *count += 1);
        }
    }
}

#[component]
pub fn AccessRequestNotices() -> impl IntoView {
    let class_name = style! {
        .notices {
            width: 100%;
            max-width: 80rem;
            padding: 0 var(--space-8);
        }
        .outcome {
            margin: var(--space-6) 0 0;
        }
        .requests {
            display: grid;
            gap: var(--space-3);
            margin-top: var(--space-6);
        }
        @media (max-width: 48rem) {
            .notices {
                padding: 0 var(--space-4);
            }
        }
    };
    let requests = LocalResource::new(api::incoming_access_requests);
    let outcome = RwSignal::new(None::<String>);
    let on_answered = Callback::new(move |message: String| {
        outcome.set(Some(message));
        requests.refetch();
    });
    // A failed load shows nothing: the notice is news, not the page.
    let listed = move || {
        requests.get().and_then(Result::ok).filter(|found| !found.is_empty()).map(|found| {
            view! { class=class_name,
                <section class="requests" aria-label="Requests to join other organizations">
                    {found.into_iter().map(|request| view! { <RequestNotice request on_answered /> }).collect_view()}
                </section>
            }
        })
    };
    view! { class=class_name,
        <div class="notices">
            <div role="status">
                {move || {
                    outcome.get().map(|text| view! { class=class_name, <p class="notice-line outcome">{text}</p> })
                }}
            </div>
            <Transition fallback=|| ()>{listed}</Transition>
        </div>
    }
}

#[component]
fn RequestNotice(request: IncomingAccessRequest, on_answered: Callback<String>) -> impl IntoView {
    let class_name = style! {
        .request {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: var(--space-3);
            padding: var(--space-3) var(--space-4);
            border: 1px solid var(--color-border);
            border-left: 4px solid var(--color-primary);
            border-radius: var(--radius-sm);
            background: var(--color-surface);
        }
        .question {
            margin: 0;
            font-weight: 600;
        }
        .detail {
            margin: 0;
            color: var(--color-text-muted);
            font-size: var(--text-sm);
        }
        .answers {
            display: flex;
            gap: var(--space-2);
        }
    };
    let session = use_session();
    let problem = RwSignal::new(None::<String>);
    let org_name = request.org_name.clone();
    let id = request.id.clone();
    let answer = Action::new_local(move |given: &RequestAnswer| {
        let (id, given) = (id.clone(), *given);
        async move { api::answer_access_request(&id, given).await.map(|()| given) }
    });
    Effect::new(move |_| match answer.value().get() {
        Some(Ok(given)) => {
            RequestsAnswered::one_more();
            let message = match given {
                RequestAnswer::Accept => {
                    // The org switcher offers the org from now on.
                    session.refresh();
                    format!("You joined {org_name}. Choose it in the organization switcher to work there.")
                }
                RequestAnswer::Decline => format!("You declined the request from {org_name}."),
            };
            on_answered.run(message);
        }
        Some(Err(error)) => problem.set(Some(error.to_string())),
        None => {}
    });
    let question = request.question();
    let detail = format!(
        "Sent by {}. Unanswered, it ends on {}.",
        request.requested_by,
        format::local_date(&request.expires_at)
    );
    let pending = answer.pending();
    view! { class=class_name,
        <section class="request" aria-label=format!("Request from {}", request.org_name)>
            <div>
                <p class="question">{question}</p>
                <p class="detail">{detail}</p>
                <FormAlert message=problem />
            </div>
            <div class="answers">
                <button
                    type="button"
                    class="button"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        answer.dispatch(RequestAnswer::Accept);
                    }
                >
                    "Accept"
                </button>
                <button
                    type="button"
                    class="button secondary"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        answer.dispatch(RequestAnswer::Decline);
                    }
                >
                    "Decline"
                </button>
            </div>
        </section>
    }
}
