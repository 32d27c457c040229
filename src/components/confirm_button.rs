use leptos::prelude::*;

use super::{FormAlert, ModalDialog};
use crate::api::ApiError;

/// A button for something that cannot be undone. It asks first, in a modal dialog that names
/// the consequence, with a danger-styled button; a refusal from the server shows inside the
/// dialog, and success closes it.
#[component]
pub fn ConfirmButton(
    /// The button's text, e.g. "Leave".
    label: &'static str,
    /// Its accessible name when the text alone is ambiguous (one per row): "Leave Harbor View".
    #[prop(into)]
    aria_label: String,
    /// The dialog's question: "Leave this organization?"
    title: &'static str,
    /// What will happen, in a sentence.
    #[prop(into)]
    consequence: String,
    /// The danger button's text: "Leave organization".
    confirm_label: &'static str,
    /// The request the confirmation sends.
    action: Action<(), Result<(), ApiError>>,
    /// Runs once the request succeeded (the dialog has closed).
    #[prop(optional)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            open.set(false);
            if let Some(on_done) = on_done {
                on_done.run(());
            }
        }
        Some(Err(error)) => problem.set(Some(error.to_string())),
        None => {}
    });
    view! {
        <button
            type="button"
            class="button secondary"
            node_ref=opener
            aria-label=aria_label
            on:click=move |_| {
                problem.set(None);
                open.set(true);
            }
        >
            {label}
        </button>
        <ModalDialog title open return_focus=opener>
            <FormAlert message=problem />
            <p>{consequence.clone()}</p>
            <div class="actions">
                <button
                    type="button"
                    class="button danger"
                    disabled=move || action.pending().get()
                    on:click=move |_| {
                        action.dispatch(());
                    }
                >
                    {confirm_label}
                </button>
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
            </div>
        </ModalDialog>
    }
}
