use leptos::prelude::*;
use stylers::style;

/// An on/off switch (`role="switch"`), labelled by its visible text; Space and Enter toggle it.
#[component]
pub fn Switch(
    /// The visible label, which is the switch's accessible name.
    label: &'static str,
    id: &'static str,
    checked: RwSignal<bool>,
    /// A line saying what the switch does.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let class_name = style! {
        .switch-field {
            display: flex;
            align-items: center;
            gap: var(--space-3);
            margin-bottom: var(--space-4);
        }
        .switch {
            position: relative;
            width: 2.75rem;
            height: 1.5rem;
            padding: 0;
            border-radius: 999px;
            border: 1px solid var(--color-border);
            background: var(--color-border);
            cursor: pointer;
        }
        .switch[aria-checked="true"] {
            background: var(--color-primary);
            border-color: var(--color-primary);
        }
        .knob {
            position: absolute;
            top: 2px;
            left: 2px;
            width: 1.1rem;
            height: 1.1rem;
            border-radius: 50%;
            background: var(--color-surface);
            transition: left 120ms;
        }
        .switch[aria-checked="true"] .knob {
            left: 1.45rem;
        }
        label {
            font-weight: 600;
        }
        .hint {
            font-size: var(--text-sm);
            color: var(--color-text-muted);
        }
    };
    let hint_id = format!("{id}-hint");
    view! { class=class_name,
        <div class="switch-field">
            <button
                type="button"
                class="switch"
                role="switch"
                id=id
                aria-checked=move || if checked.get() { "true" } else { "false" }
                aria-describedby=hint.map(|_| hint_id.clone())
                on:click=move |_| checked.update(|on| *on = !*on)
            >
                <span class="knob" aria-hidden="true"></span>
            </button>
            <label for=id>{label}</label>
            {hint
                .map(|text| {
                    view! { class=class_name,
                        <span class="hint" id=hint_id.clone()>
                            {text}
                        </span>
                    }
                })}
        </div>
    }
}
