use leptos::prelude::*;
use stylers::style;

use crate::page_focus::heading_focus;

/// A page's heading and one line on what the page is for; it also names the browser tab.
#[component]
pub fn PageHeader(
    /// The page's name: the `<h1>` and the start of the document title.
    title: &'static str,
    /// One sentence under the heading.
    #[prop(into)]
    description: Signal<&'static str>,
) -> impl IntoView {
    document().set_title(&format!("{title} · Partner Center"));
    let class_name = style! {
        .page-header {
            margin-bottom: var(--space-6);
        }
        .description {
            color: var(--color-text-muted);
            margin: 0;
        }
    };
    view! { class=class_name,
        <div class="page-header">
            <h1 tabindex="-1" node_ref=heading_focus()>
                {title}
            </h1>
            <p class="description">{description}</p>
        </div>
    }
}
