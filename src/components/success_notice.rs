use leptos::html::P;
use leptos::prelude::*;

/// A confirmation above a page's content ("Saved changes to Harbor View Dental."), in a live
/// region that screen readers announce. When a new message arrives after the page has shown,
/// focus moves to it: the control that was used (a Save button re-rendered with new data, a
/// row's button whose row is gone) may no longer be there to keep it.
#[component]
pub fn SuccessNotice(
    /// The message, or none.
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let shown = NodeRef::<P>::new();
    Effect::new(move |previous: Option<Option<String>>| {
        let current = message.get();
        // A message the page arrived with (a flash from the page before) leaves focus to the
        // page's heading.
        if previous.is_some_and(|before| before != current) && current.is_some() {
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
