use leptos::html::P;
use leptos::prelude::*;

use crate::page_focus::use_focus_taken;

/// A confirmation above a page's content ("Saved changes to Harbor View Dental."), in a live
/// region that screen readers announce. Every new message takes focus, since it is the outcome
/// of what the person just did: after a Save on this page the control that was used (a Save
/// button re-rendered with new data, a row's button whose row is gone) may no longer be there
/// to keep it, and a message the page arrived with is the outcome of a Save on the page before
/// (Add Org opens the new org), which matters more than the heading.
#[component]
pub fn SuccessNotice(
    /// The message, or none.
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let shown = NodeRef::<P>::new();
    let focus_taken = use_focus_taken();
    Effect::new(move |previous: Option<Option<String>>| {
        let current = message.get();
        if current.is_some() && previous.as_ref() != Some(&current) {
            focus_taken();
            // After the frame, so it also comes after the new page's heading took focus.
            request_animation_frame(move || {
                if let Some(element) = shown.get_untracked() {
                    let _ = element.focus();
                }
            });
        }
        current
    });
    view! {
        <div role="status">
            {move || {
                message
                    .get()
                    .map(|text| {
                        view! {
                            <p class="notice-line" tabindex="-1" node_ref=shown>
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
