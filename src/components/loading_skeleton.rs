use leptos::prelude::*;
use stylers::style;

/// What stands in for content still on its way: grey bars roughly the shape of what comes
/// (table rows by default), so the page does not jump when it arrives, and `what` for screen
/// readers ("Loading organizations…").
#[component]
pub fn LoadingSkeleton(
    /// Announced while loading, e.g. "Loading organizations…".
    what: &'static str,
    /// How many bars: the rows of the table, the lines of the text it stands for.
    #[prop(default = 5)]
    rows: usize,
) -> impl IntoView {
    let class_name = style! {
        .skeleton {
            display: flex;
            flex-direction: column;
            gap: var(--space-2);
        }
        .bar {
            height: 1.5rem;
            border-radius: var(--radius-sm);
            background: var(--color-border);
            opacity: 0.5;
        }
        .bar:nth-child(odd) {
            width: 92%;
        }
    };
    view! { class=class_name,
        <div class="skeleton" role="status">
            <span class="visually-hidden">{what}</span>
            {(0..rows).map(|_| view! { class=class_name, <div class="bar" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}
