use leptos::prelude::*;
use stylers::style;

use crate::format;

/// "Showing 1–50 of 1,234", the page size, and previous/next, for any paged list.
#[component]
pub fn Pager(
    /// 1-based index of the first row shown.
    first: i64,
    /// How many rows this page shows.
    shown: i64,
    /// Rows matching the search.
    filtered: i64,
    /// Rows in all.
    total: i64,
    /// Current page size and the choices.
    size: u32,
    sizes: &'static [u32],
    /// Called with -1 or +1.
    on_step: Callback<i32>,
    on_size: Callback<u32>,
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
    view! { class=class_name,
        <nav class="pager" aria-label="Pagination">
            <p role="status">{summary}</p>
            <label>
                "Rows per page "
                <select on:change=move |ev| {
                    on_size.run(event_target_value(&ev).parse().unwrap_or(size))
                }>
                    {sizes
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
                <button type="button" class="button secondary" disabled=on_first_page on:click=move |_| on_step.run(-1)>
                    "Previous page"
                </button>
                <button type="button" class="button secondary" disabled=on_last_page on:click=move |_| on_step.run(1)>
                    "Next page"
                </button>
            </div>
        </nav>
    }
}
