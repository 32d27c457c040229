use leptos::prelude::*;
use stylers::style;
use wasm_bindgen::JsCast;

/// Tabs with the ARIA tabs pattern: one tab stop, arrow keys (and Home/End) move between tabs.
/// The panel (`role="tabpanel"`, `aria-labelledby="tab-<key>"`) is the caller's.
#[component]
pub fn TabList(
    /// The list's accessible name.
    label: &'static str,
    /// (key, visible name) of each tab, in order.
    tabs: Vec<(&'static str, &'static str)>,
    /// The key of the selected tab.
    #[prop(into)]
    selected: Signal<&'static str>,
    /// Called with the key of the tab the person chose.
    on_select: Callback<&'static str>,
) -> impl IntoView {
    let class_name = style! {
        .tabs {
            display: flex;
            gap: var(--space-1);
            border-bottom: 1px solid var(--color-border);
            margin-bottom: var(--space-6);
        }
        .tab {
            font: inherit;
            padding: var(--space-2) var(--space-4);
            border: none;
            border-bottom: 3px solid transparent;
            background: none;
            color: var(--color-text-muted);
            cursor: pointer;
        }
        .tab[aria-selected="true"] {
            color: var(--color-text);
            font-weight: 600;
            border-bottom-color: var(--color-primary);
        }
    };
    let keys: Vec<&'static str> = tabs.iter().map(|(key, _)| *key).collect();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = keys.iter().position(|k| *k == selected.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % keys.len(),
            "ArrowLeft" => (current + keys.len() - 1) % keys.len(),
            "Home" => 0,
            "End" => keys.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        on_select.run(keys[next]);
        if let Some(tab) = document().get_element_by_id(&format!("tab-{}", keys[next])) {
            if let Ok(tab) = tab.dyn_into::<web_sys::HtmlElement>() {
                let _ = tab.focus();
            }
        }
    };
    view! { class=class_name,
        <div class="tabs" role="tablist" aria-label=label on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|(key, name)| {
                    let is_selected = move || selected.get() == key;
                    view! { class=class_name,
                        <button
                            type="button"
                            class="tab"
                            role="tab"
                            id=format!("tab-{key}")
                            aria-controls=format!("panel-{key}")
                            aria-selected=move || if is_selected() { "true" } else { "false" }
                            tabindex=move || if is_selected() { "0" } else { "-1" }
                            on:click=move |_| on_select.run(key)
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
