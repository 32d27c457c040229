use leptos::prelude::*;
use stylers::style;

/// Whether the main navigation is shown on a narrow screen, where it hides behind the header's
/// Menu button (on wider screens it is always shown and this is ignored).
#[derive(Clone, Copy)]
pub struct NavMenu {
    pub open: RwSignal<bool>,
    /// The Menu button, which takes focus back when Escape closes the menu.
    pub button: NodeRef<leptos::html::Button>,
}

impl NavMenu {
    pub fn provide() -> Self {
        let menu = NavMenu { open: RwSignal::new(false), button: NodeRef::new() };
        provide_context(menu);
        menu
    }

    pub fn use_context() -> Self {
        expect_context::<NavMenu>()
    }

    /// Closes the menu and gives focus back to its button.
    pub fn close_to_button(&self) {
        self.open.set(false);
        if let Some(button) = self.button.get_untracked() {
            let _ = button.focus();
        }
    }
}

/// The header's disclosure button for the main navigation, shown below 48rem only.
#[component]
pub fn MenuButton() -> impl IntoView {
    let class_name = style! {
        .menu-button {
            display: none;
            align-items: center;
            gap: var(--space-2);
            padding: var(--space-1) var(--space-3);
            border: 1px solid var(--color-header-text);
            border-radius: var(--radius-sm);
            background: transparent;
            color: var(--color-header-text);
            min-height: 2.25rem;
        }
        .bars {
            width: 1rem;
            height: 2px;
            background: currentColor;
            box-shadow: 0 -5px 0 currentColor, 0 5px 0 currentColor;
        }
        @media (max-width: 48rem) {
            .menu-button {
                display: inline-flex;
                grid-column: 1;
                grid-row: 1;
            }
        }
    };
    let menu = NavMenu::use_context();
    view! { class=class_name,
        <button
            type="button"
            class="menu-button"
            aria-controls="main-nav"
            aria-expanded=move || menu.open.get().to_string()
            node_ref=menu.button
            on:click=move |_| menu.open.update(|open| *open = !*open)
        >
            <span class="bars" aria-hidden="true"></span>
            "Menu"
        </button>
    }
}
