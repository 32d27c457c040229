use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use stylers::style;

/// A list's search box: a labelled search field and a Search button; Enter searches too.
#[component]
pub fn SearchForm(
    /// The field's label, e.g. "Search organizations".
    label: &'static str,
    placeholder: &'static str,
    /// The search the list currently shows (from its URL); the field follows it.
    #[prop(into)]
    current: Signal<String>,
    /// Called with the text to search for.
    on_search: Callback<String>,
) -> impl IntoView {
    let class_name = style! {
        .search {
            display: flex;
            align-items: flex-end;
            gap: var(--space-2);
        }
        label {
            display: flex;
            flex-direction: column;
            gap: var(--space-1);
            font-weight: 600;
        }
        input {
            min-width: 18rem;
        }
        @media (max-width: 48rem) {
            label {
                flex: 1;
                min-width: 0;
            }
            input {
                min-width: 0;
                width: 100%;
            }
        }
    };
    let text = RwSignal::new(current.get_untracked());
    Effect::new(move |_| text.set(current.get()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_search.run(text.get_untracked().trim().to_owned());
    };
    view! { class=class_name,
        <form class="search" role="search" on:submit=on_submit>
            <label>{label} <input type="search" bind:value=text placeholder=placeholder /></label>
            <button type="submit" class="button secondary">
                "Search"
            </button>
        </form>
    }
}
