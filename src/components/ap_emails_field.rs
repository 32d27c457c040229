use leptos::prelude::*;
use partner_center_domain::ap_emails::{additional_field, additional_label, ADDITIONAL_FIELD, MAX_AP_EMAILS};
use partner_center_domain::child_org::field;

use crate::components::TextField;
use crate::forms::{focus_by_id, FieldErrors};

const ADD_BUTTON_ID: &str = "add-ap-email";

/// The Accounts Payable addresses as a form holds them: the required first one and up to
/// four more, each with a key of its own so that removing one keeps the others' text. The
/// added ones are reference-counted signals: one made in a click handler would belong to the
/// view that held the button, and go with it (the Add button hides at five).
#[derive(Clone, Copy)]
pub struct ApEmailInputs {
    pub first: RwSignal<String>,
    more: RwSignal<Vec<(usize, ArcRwSignal<String>)>>,
    next_key: StoredValue<usize>,
}

impl ApEmailInputs {
    pub fn new(first: String, more: Vec<String>) -> Self {
        let next_key = more.len();
        Self {
            first: RwSignal::new(first),
            more: RwSignal::new(more.into_iter().map(ArcRwSignal::new).enumerate().collect()),
            next_key: StoredValue::new(next_key),
        }
    }

    /// The addresses after the first, as typed, for the request body.
    pub fn more_values(&self) -> Vec<String> {
        self.more.with_untracked(|more| more.iter().map(|(_, value)| value.get_untracked()).collect())
    }

    fn add(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.more.update(|more| more.push((key, ArcRwSignal::new(String::new()))));
    }

    fn remove(&self, key: usize) {
        self.more.update(|more| more.retain(|(k, _)| *k != key));
    }
}

/// The Accounts Payable Email field and up to four more below it, each with its message
/// beside it, added with "Add another AP email" and removed with its own Remove button.
#[component]
pub fn ApEmailsField(
    inputs: ApEmailInputs,
    /// The form's messages, keyed by field name (`apEmail`, `additionalApEmails.N`).
    errors: FieldErrors,
    /// Checks the named field on its own, when focus leaves it.
    check: Callback<String>,
    /// What the addresses are for, under the first field's label.
    hint: &'static str,
) -> impl IntoView {
    let count = move || inputs.more.with(Vec::len);
    let add = move |_| {
        inputs.add();
        let id = additional_field(count() - 1);
        // The new input is on the page once this turn's rendering has run.
        request_animation_frame(move || focus_by_id(&id));
    };
    let rows = move || inputs.more.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <TextField
            label="Accounts Payable Email"
            id=field::AP_EMAIL
            value=inputs.first
            input_type="email"
            error=errors.of(field::AP_EMAIL)
            hint=hint
            on_blur=Callback::new(move |()| check.run(field::AP_EMAIL.to_owned()))
        />
        <For each=rows key=|(index, (key, _))| (*index, *key) let:((index, (key, value)))>
            <div class="ap-email-row">
                <TextField
                    label=additional_label(index)
                    id=additional_field(index)
                    value=RwSignal::from(value)
                    input_type="email"
                    error=errors.of(additional_field(index))
                    on_blur=Callback::new(move |()| check.run(additional_field(index)))
                />
                <button
                    type="button"
                    class="button secondary"
                    aria-label=format!("Remove {}", additional_label(index))
                    on:click=move |_| {
                        inputs.remove(key);
                        errors.clear_where(|name| name.starts_with(ADDITIONAL_FIELD));
                        request_animation_frame(|| focus_by_id(ADD_BUTTON_ID));
                    }
                >
                    "Remove"
                </button>
            </div>
        </For>
        <Show when=move || { count() + 1 < MAX_AP_EMAILS }>
            <p class="ap-email-add">
                <button type="button" class="button secondary" id=ADD_BUTTON_ID on:click=add>
                    "Add another AP email"
                </button>
            </p>
        </Show>
    }
}
