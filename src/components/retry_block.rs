use leptos::prelude::*;

use crate::api::ApiError;

/// Why something could not be loaded, with *Try again*.
#[component]
pub fn RetryBlock(
    /// What failed, as a sentence: "The users could not be loaded."
    what: &'static str,
    error: ApiError,
    /// Loads it again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div role="alert">
            <p>{format!("{what} {error}")}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
        </div>
    }
}
