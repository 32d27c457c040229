use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use stylers::style;

use crate::format;
use crate::list_state::{PagedView, PAGE_SIZES};

/// "Showing 1–50 of 1,234", the page size, and previous/next, for a list kept in its URL.
#[component]
pub fn Pager<V: PagedView>(
    /// The list's view, as in its URL.
    state: V,
    /// How many rows this page shows.
    shown: i64,
    /// Rows matching the search.
    filtered: i64,
    /// Rows in all.
    total: i64,
) -> impl IntoView {
    let class_name = style! {
        .pager {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: var(--space-4);
            margin-top: var(--space-4);
        }
        .buttons {
            display: flex;
            gap: var(--space-2);
        }
    };
    let first = i64::from(state.first_row());
    let last = first + shown - 1;
    let summary = if filtered == total {
        format!("Showing {}–{} of {}", format::count(first), format::count(last), format::count(total))
    } else {
        format!(
            "Showing {}–{} of {} matching ({} in all)",
            format::count(first),
            format::count(last),
            format::count(filtered),
            format::count(total)
        )
    };
    // Named, so the view! formatter never has to split a comparison inside an attribute.
    let (on_first_page, on_last_page) = (first <= 1, last >= filtered);
    let navigate = use_navigate();
    let go = move |next: V| navigate(&next.href(), Default::default());
    let size = state.size();
    let (previous, next, resized) = (state.stepped(-1), state.stepped(1), state.clone());
    let (go_previous, go_next) = (go.clone(), go.clone());
    view! { class=class_name,
        <nav class="pager" aria-label="Pagination">
            <p role="status">{summary}</p>
            <label>
                "Rows per page "
                <select on:change=move |ev| {
                    go(resized.with_size(event_target_value(&ev).parse().unwrap_or(size)))
                }>
                    {PAGE_SIZES
                        .iter()
                        .map(|&choice| {
                            view! {
                                <option value=choice.to_string() selected=choice == size>
                                    {choice.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="buttons">
                <button
                    type="button"
                    class="button secondary"
                    disabled=on_first_page
                    on:click=move |_| go_previous(previous.clone())
                >
                    "Previous page"
                </button>
                <button
                    type="button"
                    class="button secondary"
                    disabled=on_last_page
                    on:click=move |_| go_next(next.clone())
                >
                    "Next page"
                </button>
            </div>
        </nav>
    }
}
