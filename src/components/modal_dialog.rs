use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use stylers::style;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), select:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert and
/// closes it on Escape. It is labelled by its title, focus moves in when it opens and stays
/// inside (Tab and Shift+Tab wrap rather than leave for the browser's toolbar), and focus
/// returns to the control that opened it.
#[component]
pub fn ModalDialog(
    /// The dialog's heading and accessible name.
    title: &'static str,
    /// Whether it is open: set it to open or close the dialog; Escape sets it false.
    open: RwSignal<bool>,
    /// The control to give focus back to on closing.
    return_focus: NodeRef<leptos::html::Button>,
    children: ChildrenFn,
) -> impl IntoView {
    let class_name = style! {
        dialog {
            width: calc(100% - 2 * var(--space-4));
            max-width: 30rem;
            padding: var(--space-6);
            border: none;
            border-radius: var(--radius-md);
            background: var(--color-surface-raised);
            color: var(--color-text);
            box-shadow: var(--shadow-1);
        }
    };
    // Several dialogs may share a page (one per row): each needs its own title id.
    static DIALOGS: AtomicUsize = AtomicUsize::new(0);
    let title_id = format!("dialog-title-{}", DIALOGS.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        let Some(element) = dialog.get() else {
            return is_open;
        };
        if is_open && !element.open() {
            // The browser moves focus to the first focusable control inside.
            let _ = element.show_modal();
        } else if !is_open && element.open() {
            element.close();
        }
        if !is_open && was_open == Some(true) {
            if let Some(button) = return_focus.get_untracked() {
                let _ = button.focus();
            }
        }
        is_open
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Tab" {
            if let Some(element) = dialog.get_untracked() {
                keep_tab_inside(&element, &ev);
            }
        }
    };
    view! { class=class_name,
        <dialog aria-labelledby=labelled_by node_ref=dialog on:keydown=on_keydown on:close=move |_| open.set(false)>
            <h2 id=title_id>{title}</h2>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

/// Wraps Tab from the last control to the first and Shift+Tab from the first to the last.
fn keep_tab_inside(root: &web_sys::HtmlElement, ev: &leptos::ev::KeyboardEvent) {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return;
    };
    let all: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
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
