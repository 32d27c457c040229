use leptos::prelude::*;

/// A form's submit button: says what it is doing while the save runs, and cannot be pressed
/// twice meanwhile.
#[component]
pub fn SubmitButton(
    /// The label at rest, e.g. "Save".
    label: &'static str,
    /// The label while `pending`, e.g. "Saving…".
    pending_label: &'static str,
    /// Whether the form's request is in flight.
    #[prop(into)]
    pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button" disabled=pending>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
