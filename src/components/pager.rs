use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use stylers::style;

use crate::format;
use crate::list_state::{PagedView, PAGE_SIZES};

/// Where a page is in its list.
struct Rows {
    first: i64,
    last: i64,
    filtered: i64,
    capped: bool,
    total: i64,
}

/// "Showing 1–50 of 1,234"; with a search, "of 12 matching (1,234 in all)", and "of 10,000+
/// matching" once the server stopped counting.
fn summary(rows: Rows, count: impl Fn(i64) -> String) -> String {
    let Rows { first, last, filtered, capped, total } = rows;
    if filtered == total && !capped {
        return format!("Showing {}–{} of {}", count(first), count(last), count(total));
    }
    let plus = if capped { "+" } else { "" };
    format!("Showing {}–{} of {}{plus} matching ({} in all)", count(first), count(last), count(filtered), count(total))
}

/// "Showing 1–50 of 1,234", the page size, and previous/next, for a list kept in its URL.
#[component]
pub fn Pager<V: PagedView>(
    /// The list's view, as in its URL.
    state: V,
    /// How many rows this page shows.
    shown: i64,
    /// Rows matching the search.
    filtered: i64,
    /// More rows match than `filtered`: the server stopped counting there.
    #[prop(optional)]
    capped: bool,
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
    let summary = summary(Rows { first, last, filtered, capped, total }, format::count);
    // Named, so the view! formatter never has to split a comparison inside an attribute. Past a
    // capped count, a page shorter than the page size is the last.
    let on_last_page = if capped { shown < i64::from(state.size()) } else { last >= filtered };
    let on_first_page = first <= 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(n: i64) -> String {
        n.to_string()
    }

    #[test]
    fn an_unsearched_list_shows_its_total() {
        let rows = Rows { first: 1, last: 50, filtered: 120, capped: false, total: 120 };
        assert_eq!(summary(rows, plain), "Showing 1–50 of 120");
    }

    #[test]
    fn a_search_shows_its_matches_and_the_total() {
        let rows = Rows { first: 1, last: 12, filtered: 12, capped: false, total: 120 };
        assert_eq!(summary(rows, plain), "Showing 1–12 of 12 matching (120 in all)");
    }

    #[test]
    fn a_capped_count_says_there_are_more() {
        let rows = Rows { first: 51, last: 100, filtered: 10_000, capped: true, total: 100_000 };
        assert_eq!(summary(rows, plain), "Showing 51–100 of 10000+ matching (100000 in all)");
    }
}
