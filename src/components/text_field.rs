use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled input with its error message beside it. The message is tied to the input
/// (`aria-describedby`, `aria-invalid`) so screen readers read it with the field.
#[component]
pub fn TextField(
    /// The visible label, which is also the input's accessible name.
    #[prop(into)]
    label: String,
    /// The input's id, unique on the page.
    #[prop(into)]
    id: String,
    /// The text, two-way.
    value: RwSignal<String>,
    /// The message to show beside the field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// `type` of the input.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` hint for browsers and password managers.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A line of help under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Checks the field on its own: when it loses focus, and while a message shows, as it is
    /// typed in.
    #[prop(optional)]
    on_blur: Option<Callback<()>>,
    /// `inputmode`, e.g. "numeric" for a number typed as text.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// A password field with a Show password toggle, for checking what was typed.
    #[prop(optional)]
    revealable: bool,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let current_type = move || if shown.get() { "text" } else { input_type };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [hint.map(|_| hint_id.as_str()), error.get().map(|_| error_id.as_str())]
                .into_iter()
                .flatten()
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {field_hint(hint, &hint_id)}
            <input
                id=id.clone()
                name=id
                type=current_type
                autocomplete=autocomplete
                inputmode=inputmode
                bind:value=value
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                // Once a message shows, each keystroke checks again, so it goes as soon as the
                // text is right: gone by the time focus leaves, it cannot shift the page under a
                // click on the next button.
                on:input=move |_| {
                    if let (Some(check), true) = (on_blur, error.get_untracked().is_some()) {
                        check.run(());
                    }
                }
                on:blur=move |ev: leptos::ev::FocusEvent| {
                    if let (Some(on_blur), false) = (on_blur, leaving_for_submit(&ev)) {
                        on_blur.run(());
                    }
                }
            />
            {revealable
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="reveal"
                            aria-pressed=move || shown.get().to_string()
                            on:click=move |_| shown.update(|shown| *shown = !*shown)
                        >
                            "Show password"
                        </button>
                    }
                })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Whether focus leaves the field for a submit button: the save checks every field then, so
/// checking this one on its own first would only flash its message.
fn leaving_for_submit(ev: &leptos::ev::FocusEvent) -> bool {
    ev.related_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| element.get_attribute("type").as_deref() == Some("submit"))
}

/// The line of help under a field's label, which the field names as its description.
pub(super) fn field_hint(hint: Option<&'static str>, id: &str) -> Option<impl IntoView> {
    hint.map(|text| {
        view! {
            <p class="field-hint" id=id.to_owned()>
                {text}
            </p>
        }
    })
}
