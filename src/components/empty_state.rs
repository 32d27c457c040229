use leptos::prelude::*;
use stylers::style;

/// What a page shows when it has nothing to list: a headline and what will fill the space.
#[component]
pub fn EmptyState(
    /// A short headline, e.g. "No child organizations yet".
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let class_name = style! {
        .empty-state {
            padding: var(--space-8);
            border: 1px dashed var(--color-border);
            border-radius: var(--radius-md);
            background: var(--color-surface);
            text-align: center;
        }
        h2 {
            font-size: var(--text-lg);
        }
        .body {
            color: var(--color-text-muted);
        }
    };
    view! { class=class_name,
        <section class="empty-state" aria-labelledby="empty-state-title">
            <h2 id="empty-state-title">{title}</h2>
            <div class="body">{children()}</div>
        </section>
    }
}
