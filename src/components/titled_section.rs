use leptos::prelude::*;

/// A section of a page under its own heading, which names it for assistive technology (a
/// `region` landmark labelled by the `h2`).
#[component]
pub fn TitledSection(
    /// The heading's id, unique on the page.
    #[prop(into)]
    id: String,
    /// The heading's text.
    #[prop(into)]
    title: String,
    children: Children,
) -> impl IntoView {
    let labelled_by = id.clone();
    view! {
        <section class="form-gap" aria-labelledby=labelled_by>
            <h2 id=id>{title}</h2>
            {children()}
        </section>
    }
}
