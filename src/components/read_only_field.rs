use leptos::prelude::*;

use super::text_field::field_hint;

/// A value the system sets, shown among a form's fields as text: labelled like a field, but not
/// an input, so it is neither a tab stop nor mistaken for something to edit.
#[component]
pub fn ReadOnlyField(
    /// The label, which names the group that holds the value.
    #[prop(into)]
    label: String,
    /// Unique on the page; the label's id derives from it.
    #[prop(into)]
    id: String,
    /// The value, as the person reads it.
    #[prop(into)]
    value: String,
    /// A line of help: why the value cannot be changed here.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let label_id = format!("{id}-label");
    let hint_id = format!("{id}-hint");
    view! {
        <div
            class="field read-only-field"
            role="group"
            id=id
            aria-labelledby=label_id
            aria-describedby=hint.map(|_| hint_id.clone())
        >
            <span class="field-label" id=label_id.clone()>
                {label}
            </span>
            {field_hint(hint, &hint_id)}
            <span class="read-only-value">{value}</span>
        </div>
    }
}
