use leptos::prelude::*;

use super::TextField;

/// "Add a user from an existing namespace": a checkbox, and when ticked the namespace whose
/// login to link instead of inviting a new one.
#[component]
pub fn ExistingNamespaceField(
    /// Whether the box is ticked.
    linking: RwSignal<bool>,
    /// The namespace typed.
    namespace: RwSignal<String>,
    /// The input's id, which is the form's field name.
    id: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// Where the person finds the namespace.
    hint: &'static str,
    on_blur: Callback<()>,
) -> impl IntoView {
    view! {
        <label class="checkbox-line">
            <input type="checkbox" bind:checked=linking />
            "Add a user from an existing namespace"
        </label>
        <Show when=move || linking.get()>
            <TextField label="Namespace" id value=namespace error hint on_blur />
        </Show>
    }
}
