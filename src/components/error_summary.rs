use leptos::prelude::*;
use partner_center_domain::api::FieldError;
use stylers::style;
use wasm_bindgen::JsCast;

use crate::forms::{focus_by_id, FieldErrors};

/// At the top of a long form, after a refused Save: how many fields need attention, each a
/// link that takes focus to its field. A field drops out as it is fixed, and the summary goes
/// when none is left. Focus itself goes to the first field (see `FieldErrors::refused`), so the
/// person can start fixing at once; the summary is for seeing the whole list.
#[component]
pub fn ErrorSummary(
    /// The form's messages.
    errors: FieldErrors,
) -> impl IntoView {
    let class_name = style! {
        .error-summary {
            margin-bottom: var(--space-4);
            padding: var(--space-3) var(--space-4);
            border: 2px solid var(--color-danger);
            border-radius: var(--radius-sm);
        }
        h2 {
            margin: 0 0 var(--space-2);
            font-size: var(--text-base);
            color: var(--color-danger);
        }
        ul {
            margin: 0;
            padding-left: var(--space-4);
        }
    };
    let count = Memo::new(move |_| errors.summary().len());
    let heading = move || match count.get() {
        1 => "1 field needs attention".to_owned(),
        n => format!("{n} fields need attention"),
    };
    let shown = Memo::new(move |_| count.get() > 0);
    // Keyed, so a link stays put while the others change around it.
    move || {
        shown.get().then(|| {
            view! { class=class_name,
                <div class="error-summary" role="region" aria-labelledby="error-summary-heading">
                    <h2 id="error-summary-heading">{heading}</h2>
                    <ul>
                        <For
                            each=move || errors.summary()
                            key=|error| (error.field.clone(), error.message.clone())
                            let:error
                        >
                            <SummaryLink error />
                        </For>
                    </ul>
                </div>
            }
        })
    }
}

/// One problem: "Initial Trial Period: Enter a whole number of days from 1 to 21."
#[component]
fn SummaryLink(error: FieldError) -> impl IntoView {
    let text = match label_of(&error.field) {
        Some(label) => format!("{label}: {}", error.message),
        None => error.message.clone(),
    };
    let field = error.field.clone();
    view! {
        <li>
            <a
                href=format!("#{}", error.field)
                on:click=move |ev| {
                    ev.prevent_default();
                    focus_by_id(&field);
                }
            >
                {text}
            </a>
        </li>
    }
}

/// The visible label of the field with this id, read from the form itself so the summary names
/// each field exactly as the form does.
fn label_of(id: &str) -> Option<String> {
    let input = document().get_element_by_id(id)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let label = input.labels()?.item(0)?.text_content()?;
    Some(label.trim().to_owned()).filter(|label| !label.is_empty())
}
