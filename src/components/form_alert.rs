use leptos::prelude::*;
use stylers::style;

/// A form-level message (not tied to one field), announced when it appears.
#[component]
pub fn FormAlert(
    /// The message; nothing is shown while it is `None`.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    let class_name = style! {
        .form-alert {
            margin-bottom: var(--space-4);
            padding: var(--space-3) var(--space-4);
            border: 1px solid var(--color-danger);
            border-radius: var(--radius-sm);
            background: var(--color-danger-bg);
            color: var(--color-danger);
        }
    };
    view! { class=class_name,
        <div role="alert">
            {move || message.get().map(|text| view! { class=class_name, <p class="form-alert">{text}</p> })}
        </div>
    }
}
