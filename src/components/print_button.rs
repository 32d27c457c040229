use leptos::prelude::*;

/// Opens the browser's print dialog; the print styles leave out the console around the page
/// and anything marked `no-print`.
#[component]
pub fn PrintButton() -> impl IntoView {
    view! {
        <button
            type="button"
            class="button secondary"
            on:click=move |_| {
                let _ = window().print();
            }
        >
            "Print"
        </button>
    }
}
