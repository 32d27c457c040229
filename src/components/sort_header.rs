use leptos::prelude::*;
use stylers::style;

/// A column header that sorts its table: says how the table is sorted (`aria-sort`, an arrow)
/// and asks for `column` when pressed.
#[component]
pub fn SortHeader<S>(
    label: &'static str,
    /// The column this header sorts by.
    column: S,
    /// The column the table is sorted by now.
    sorted_by: S,
    descending: bool,
    on_sort: Callback<S>,
) -> impl IntoView
where
    S: Copy + PartialEq + Send + Sync + 'static,
{
    let class_name = style! {
        .sort {
            font: inherit;
            font-weight: 700;
            color: inherit;
            background: none;
            border: none;
            padding: 0;
            cursor: pointer;
        }
    };
    let (aria_sort, arrow) = match (sorted_by == column, descending) {
        (false, _) => ("none", ""),
        (true, false) => ("ascending", "▲"),
        (true, true) => ("descending", "▼"),
    };
    view! { class=class_name,
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=move |_| on_sort.run(column)>
                {label}
                " "
                <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
