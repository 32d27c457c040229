//! "Failed sign-ins" on a user's page: how often someone got this login's password wrong in the
//! last hour, and whether that now keeps the person out of new devices, with the way to clear
//! it. Shown to the org's Super Admins for logins of the org's own namespace only; for any other
//! login the server answers 404 and nothing is shown.

use leptos::prelude::*;

use crate::api;
use crate::format;

#[component]
pub fn SignInFailuresPanel(
    /// The user whose login it is.
    user_id: String,
    /// The person's name, for the confirmation.
    name: String,
) -> impl IntoView {
    let id = user_id.clone();
    let failures = LocalResource::new(move || {
        let id = id.clone();
        async move { api::sign_in_failures(&id).await }
    });
    let clear = Action::new_local(move |(): &()| {
        let id = user_id.clone();
        async move { api::clear_sign_in_failures(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = clear.value().get() {
            failures.refetch();
        }
    });
    let outcome = move || {
        clear.value().get().map(|result| match result {
            Ok(()) => view! { <p class="notice-line">{format!("Cleared. {name} can sign in again.")}</p> }.into_any(),
            Err(error) => view! { <p class="problem-line">{error.to_string()}</p> }.into_any(),
        })
    };
    move || {
        // A login of another namespace (404) is not this org's to look after: nothing to show.
        // Nor is anything shown while it loads or when it cannot: the page's own parts go on.
        failures.get().and_then(Result::ok).map(|found| {
            let outcome = outcome.clone();
            let summary = match &found.last_failed_at {
                None => "No failed sign-ins in the last hour.".to_owned(),
                Some(last) => format!(
                    "{} failed sign-in{} in the last hour, the last on {}.",
                    found.last_hour,
                    if found.last_hour == 1 { "" } else { "s" },
                    format::local_date_time(last)
                ),
            };
            let blocked = found.blocked_until.as_deref().map(|until| {
                format!(
                    "Because of them, sign-in from devices not used before is refused until {}.",
                    format::local_date_time(until)
                )
            });
            let any = found.last_hour > 0;
            view! {
                <section aria-labelledby="failures-heading" class="form-section">
                    <h2 id="failures-heading">"Failed sign-ins"</h2>
                    <p>{summary}</p>
                    {blocked.map(|text| view! { <p class="problem-line">{text}</p> })}
                    {any
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button secondary"
                                    disabled=move || clear.pending().get()
                                    on:click=move |_| {
                                        clear.dispatch(());
                                    }
                                >
                                    {move || {
                                        if clear.pending().get() { "Clearing…" } else { "Clear failed sign-ins" }
                                    }}
                                </button>
                            }
                        })}
                    <div role="status">{outcome}</div>
                </section>
            }
        })
    }
}
