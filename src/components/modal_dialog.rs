use leptos::prelude::*;
use stylers::style;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), select:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// A modal dialog: labelled by its title, focus moves in when it opens and stays inside
/// (Tab and Shift+Tab wrap), Escape closes it, and focus returns to the control that opened it.
#[component]
pub fn ModalDialog(
    /// The dialog's heading and accessible name.
    title: &'static str,
    /// Whether it is open; closing sets it false.
    open: RwSignal<bool>,
    /// The control to give focus back to on closing.
    return_focus: NodeRef<leptos::html::Button>,
    children: ChildrenFn,
) -> impl IntoView {
    let class_name = style! {
        .backdrop {
            position: fixed;
            inset: 0;
            z-index: 20;
            display: flex;
            align-items: center;
            justify-content: center;
            padding: var(--space-4);
            background: rgb(0 0 0 / 0.45);
        }
        .dialog {
            width: 100%;
            max-width: 30rem;
            padding: var(--space-6);
            border-radius: var(--radius-md);
            background: var(--color-surface-raised);
            color: var(--color-text);
            box-shadow: var(--shadow-1);
        }
    };
    let dialog = NodeRef::<leptos::html::Div>::new();
    let focusables = move || -> Vec<web_sys::HtmlElement> {
        let Some(root) = dialog.get_untracked() else {
            return Vec::new();
        };
        let Ok(list) = root.query_selector_all(FOCUSABLE) else {
            return Vec::new();
        };
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect()
    };
    let close = move || close_dialog(open, return_focus);
    Effect::new(move |_| {
        if open.get() && dialog.get().is_some() {
            if let Some(first) = focusables().first() {
                let _ = first.focus();
            }
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            let all = focusables();
            let (Some(first), Some(last)) = (all.first(), all.last()) else {
                return;
            };
            let active = document().active_element();
            let at = |element: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(element)));
            if ev.shift_key() && at(first) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && at(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    view! { class=class_name,
        <Show when=move || open.get()>
            <div class="backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    node_ref=dialog
                    on:keydown=on_keydown
                >
                    <h2 id="dialog-title">{title}</h2>
                    {children()}
                </div>
            </div>
        </Show>
    }
}

/// Closes a dialog from inside it (Cancel, or after a save), returning focus.
pub fn close_dialog(open: RwSignal<bool>, return_focus: NodeRef<leptos::html::Button>) {
    open.set(false);
    if let Some(button) = return_focus.get_untracked() {
        let _ = button.focus();
    }
}
