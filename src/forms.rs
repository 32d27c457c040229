//! Per-field messages of a form, from the shared rules in the browser or from the server.

use leptos::prelude::*;
use partner_center_domain::api::FieldError;

use crate::api::ApiError;

/// The messages beside a form's fields, keyed by the API's field names, and whether a Save was
/// refused for them (which shows them together in the form's `ErrorSummary` too).
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<FieldError>>, RwSignal<bool>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self(RwSignal::new(Vec::new()), RwSignal::new(false))
    }
}

impl FieldErrors {
    /// The message for `field`, as a signal for a `TextField`'s `error`.
    pub fn of(&self, field: impl Into<String>) -> Signal<Option<String>> {
        let (errors, field) = (self.0, field.into());
        Signal::derive(move || errors.with(|all| all.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    }

    /// Sets or clears one field's message (when the person leaves the field). A message that
    /// stays the same changes nothing: leaving a field for a link of the error summary must not
    /// redraw the summary under the click. A changed one keeps its place in the summary.
    pub fn set(&self, field: &str, message: Option<String>) {
        let (at, unchanged) = self.0.with_untracked(|all| {
            let at = all.iter().position(|e| e.field == field);
            (at, at.map(|i| &all[i].message) == message.as_ref())
        });
        if unchanged {
            return;
        }
        self.0.update(|all| match (at, message) {
            (Some(i), Some(message)) => all[i].message = message,
            (Some(i), None) => {
                all.remove(i);
            }
            (None, Some(message)) => all.push(FieldError::new(field, message)),
            (None, None) => {}
        });
        // Every field is right again: the summary waits for the next refused Save.
        if self.0.with_untracked(Vec::is_empty) {
            self.1.set(false);
        }
    }

    /// Clears the messages of the fields `field_of` picks (fields that moved or went away).
    pub fn clear_where(&self, field_of: impl Fn(&str) -> bool) {
        self.0.update(|all| all.retain(|e| !field_of(&e.field)));
    }

    /// A Save refused for these fields (by the shared rules or by the server): every message
    /// is shown beside its field and in the summary, and focus moves to the first field.
    pub fn refused(&self, errors: Vec<FieldError>) {
        self.0.set(errors);
        self.1.set(true);
        self.focus_first();
    }

    /// The form's messages from a refused Save until every field is right, for the form's
    /// summary; none before that, after a Save that passed, or once all are fixed.
    pub fn summary(&self) -> Vec<FieldError> {
        if self.1.get() {
            self.0.get()
        } else {
            Vec::new()
        }
    }

    /// Before sending a form: whether every field passed its rule. If not, the Save is
    /// `refused` for the failing fields.
    pub fn passed<T>(&self, checked: Result<T, Vec<FieldError>>) -> bool {
        match checked {
            Ok(_) => {
                self.0.set(Vec::new());
                self.1.set(false);
                true
            }
            Err(found) => {
                self.refused(found);
                false
            }
        }
    }

    /// Moves focus to the input of the first failing field, whose id is the field name.
    fn focus_first(&self) {
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
        ApiError::Server(body) if !body.field_errors.is_empty() => errors.refused(body.field_errors.clone()),
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
