use std::time::Duration;

use leptos::prelude::*;
use stylers::style;

/// How long a toast stays on screen.
const SHOWN_FOR: Duration = Duration::from_secs(5);

/// Short confirmations ("Copied org:acme") shown at the foot of the screen for a few seconds
/// and announced by screen readers, without moving anything on the page.
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<(u64, String)>>);

impl Toasts {
    pub fn provide() -> Self {
        let toasts = Toasts(RwSignal::new(None));
        provide_context(toasts);
        toasts
    }

    pub fn use_context() -> Self {
        expect_context::<Toasts>()
    }

    /// Shows `text` in place of any toast still on screen.
    pub fn show(&self, text: impl Into<String>) {
        let current = self.0;
        let id = current.with_untracked(|shown| shown.as_ref().map_or(0, |(id, _)| id + 1));
        current.set(Some((id, text.into())));
        // Only this toast's own timer hides it: a newer one gets its full time.
        set_timeout(
            move || {
                if current.with_untracked(|shown| shown.as_ref().is_some_and(|(shown, _)| *shown == id)) {
                    current.set(None);
                }
            },
            SHOWN_FOR,
        );
    }
}

/// Where toasts appear: a live region that is always in the page, so that what is put in it
/// is announced.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let class_name = style! {
        .toasts {
            position: fixed;
            left: 50%;
            bottom: var(--space-6);
            transform: translateX(-50%);
            z-index: 20;
            max-width: calc(100vw - 2 * var(--space-4));
            pointer-events: none;
        }
        .toast {
            padding: var(--space-2) var(--space-4);
            border-radius: var(--radius-md);
            background: var(--color-header-bg);
            color: var(--color-header-text);
            box-shadow: var(--shadow-1);
            font-size: var(--text-sm);
            overflow-wrap: anywhere;
        }
    };
    let Toasts(current) = Toasts::use_context();
    view! { class=class_name,
        <div class="toasts" role="status" aria-label="Notifications">
            {move || current.get().map(|(_, text)| view! { class=class_name, <p class="toast">{text}</p> })}
        </div>
    }
}
