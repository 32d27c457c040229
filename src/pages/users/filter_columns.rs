use leptos::prelude::*;
use partner_center_domain::users::UserColumn;
use stylers::style;
use wasm_bindgen::JsCast;

/// "Filter Columns": a button that opens a list of checkboxes choosing the visible columns.
/// Tab moves through the boxes, Space ticks one, Escape closes the list and returns focus to
/// the button.
#[component]
pub fn FilterColumns(visible: RwSignal<Vec<UserColumn>>) -> impl IntoView {
    let class_name = style! {
        .filter {
            position: relative;
        }
        .menu {
            position: absolute;
            right: 0;
            z-index: 5;
            min-width: 14rem;
            margin-top: var(--space-1);
            padding: var(--space-3) var(--space-4);
            border: 1px solid var(--color-border);
            border-radius: var(--radius-md);
            background: var(--color-surface-raised);
            box-shadow: var(--shadow-1);
        }
        @media (max-width: 48rem) {
            .menu {
                left: 0;
                right: auto;
            }
        }
    };
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    };
    // Opening moves focus into the list, at its first box.
    Effect::new(move |_| {
        if open.get() {
            if let Some(first) = document().query_selector("#column-menu input").ok().flatten() {
                if let Ok(first) = first.dyn_into::<web_sys::HtmlElement>() {
                    let _ = first.focus();
                }
            }
        }
    });
    view! { class=class_name,
        <div class="filter" on:keydown=on_keydown>
            <button
                type="button"
                class="button secondary"
                node_ref=button
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="column-menu"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Filter Columns"
            </button>
            <Show when=move || open.get()>
                <div class="menu" id="column-menu" role="group" aria-label="Visible columns">
                    {UserColumn::ALL.into_iter().map(|column| view! { <ColumnChoice column visible /> }).collect_view()}
                </div>
            </Show>
        </div>
    }
}

/// One column's checkbox; the choice is remembered in this browser.
#[component]
fn ColumnChoice(column: UserColumn, visible: RwSignal<Vec<UserColumn>>) -> impl IntoView {
    let class_name = style! {
        label {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            padding: var(--space-1) 0;
        }
    };
    let on_change = move |ev| {
        let on = event_target_checked(&ev);
        visible.update(|shown| *shown = super::columns::toggled(shown, column, on));
        super::columns::save(&visible.get_untracked());
    };
    view! { class=class_name,
        <label>
            <input type="checkbox" prop:checked=move || visible.with(|v| v.contains(&column)) on:change=on_change />
            {column.label()}
        </label>
    }
}
