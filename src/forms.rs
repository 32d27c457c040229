//! Per-field messages of a form, from the shared rules in the browser or from the server.

use leptos::prelude::*;
use partner_center_domain::api::FieldError;

use crate::api::ApiError;

/// The messages beside a form's fields, keyed by the API's field names.
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<FieldError>>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self(RwSignal::new(Vec::new()))
    }
}

impl FieldErrors {
    /// The message for `field`, as a signal for a `TextField`'s `error`.
    pub fn of(&self, field: impl Into<String>) -> Signal<Option<String>> {
        let (errors, field) = (self.0, field.into());
        Signal::derive(move || errors.with(|all| all.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    }

    /// Sets or clears one field's message (when the person leaves the field).
    pub fn set(&self, field: &str, message: Option<String>) {
        self.0.update(|all| {
            all.retain(|e| e.field != field);
            if let Some(message) = message {
                all.push(FieldError::new(field, message));
            }
        });
    }

    /// Clears the messages of the fields `field_of` picks (fields that moved or went away).
    pub fn clear_where(&self, field_of: impl Fn(&str) -> bool) {
        self.0.update(|all| all.retain(|e| !field_of(&e.field)));
    }

    /// Replaces every message (on save).
    pub fn replace(&self, errors: Vec<FieldError>) {
        self.0.set(errors);
    }

    /// Before sending a form: whether every field passed its rule. If not, every message is
    /// shown beside its field and focus moves to the first.
    pub fn passed<T>(&self, checked: Result<T, Vec<FieldError>>) -> bool {
        match checked {
            Ok(_) => {
                self.replace(Vec::new());
                true
            }
            Err(found) => {
                self.replace(found);
                self.focus_first();
                false
            }
        }
    }

    /// Moves focus to the input of the first failing field, whose id is the field name.
    pub fn focus_first(&self) {
        if let Some(id) = self.0.with_untracked(|all| all.first().map(|e| e.field.clone())) {
            focus_by_id(&id);
        }
    }
}

/// Moves focus to the element with `id`, if it is on the page.
pub fn focus_by_id(id: &str) {
    if let Some(element) = document().get_element_by_id(id) {
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = element.focus();
        }
    }
}

/// Shows why a save failed: the server's per-field messages beside their fields (focus on the
/// first), or else one message for the whole form.
pub fn show_save_error(error: &ApiError, errors: FieldErrors, alert: RwSignal<Option<String>>) {
    match error {
        ApiError::Server(body) if !body.field_errors.is_empty() => {
            errors.replace(body.field_errors.clone());
            errors.focus_first();
        }
        other => alert.set(Some(other.to_string())),
    }
}

/// A fresh random key for one form's create request (see the server's idempotency keys).
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        // Without randomness, fall back on the clock: still unique for one person's saves.
        return format!("t{}", js_sys::Date::now());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
