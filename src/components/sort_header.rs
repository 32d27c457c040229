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
    /// What the ascending order means when it is not obvious ("needs attention first"), shown
    /// while the table is sorted so.
    #[prop(optional)]
    ascending_means: Option<&'static str>,
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
            text-align: start;
        }
        .means {
            display: block;
            font-size: var(--text-sm);
            font-weight: 400;
            color: var(--color-text-muted);
            white-space: nowrap;
        }
    };
    let means = (sorted_by == column && !descending).then_some(ascending_means).flatten();
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
                {means.map(|text| view! { class=class_name, <span class="means">{text}</span> })}
            </button>
        </th>
    }
}
