use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style;
use wasm_bindgen::JsCast;

use super::Toasts;

/// Text with a copy button. The Clipboard API puts exactly the text on the clipboard and a
/// toast confirms it (so the row does not grow); where the API is missing or refused, the text
/// is selected and the person is told to copy it with the keyboard. The text stays on one line
/// where there is room (a namespace is one token); a phone may break it at its hyphens.
#[component]
pub fn CopyableText(
    /// What is shown and copied.
    #[prop(into)]
    text: Signal<String>,
    /// The button's accessible name, e.g. "Copy namespace".
    label: &'static str,
) -> impl IntoView {
    let class_name = style! {
        .copyable {
            display: inline-flex;
            align-items: center;
            flex-wrap: wrap;
            gap: var(--space-2);
        }
        code {
            white-space: nowrap;
            font-family: var(--font-mono);
            padding: var(--space-1) var(--space-2);
            border-radius: var(--radius-sm);
            background: var(--color-bg);
            border: 1px solid var(--color-border);
        }
        @media (max-width: 48rem) {
            code {
                white-space: normal;
            }
        }
        .copy {
            padding: var(--space-1) var(--space-2);
            font-size: var(--text-sm);
        }
    };
    let code_ref = NodeRef::<leptos::html::Code>::new();
    let toasts = Toasts::use_context();
    let copy = move |_| copy_shown_text(text.get_untracked(), code_ref.get_untracked().map(Into::into), toasts);
    view! { class=class_name,
        <span class="copyable">
            <code node_ref=code_ref>{text}</code>
            <button type="button" class="button secondary copy" aria-label=label on:click=copy>
                "Copy"
            </button>
        </span>
    }
}

/// Puts `value` on the clipboard and confirms it with a toast; where that is not possible, selects
/// the element that shows the value and tells the person to copy it with the keyboard.
pub fn copy_shown_text(value: String, shown_in: Option<web_sys::Node>, toasts: Toasts) {
    spawn_local(async move {
        let message = if write_to_clipboard(&value).await {
            format!("Copied {value}")
        } else {
            if let Some(node) = shown_in {
                select_contents(&node);
            }
            "Selected: press Ctrl+C (⌘C on a Mac) to copy.".to_owned()
        };
        toasts.show(message);
    });
}

/// True when the browser confirmed the write; false where there is no Clipboard API (an
/// insecure page, an old browser) or it refused.
async fn write_to_clipboard(text: &str) -> bool {
    let Some(clipboard) =
        js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).ok().filter(|value| value.is_object())
    else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

fn select_contents(node: &web_sys::Node) {
    let document = document();
    let (Ok(range), Ok(Some(selection))) = (document.create_range(), window().get_selection()) else {
        return;
    };
    if range.select_node_contents(node).is_ok() {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}
