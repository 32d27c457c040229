use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style;

use super::{OrgSwitcher, UserMenu};

/// The bar across the top: the product's name, then the org switcher and the user menu.
#[component]
pub fn AppHeader() -> impl IntoView {
    let class_name = style! {
        .app-header {
            display: flex;
            align-items: center;
            gap: var(--space-4);
            height: var(--header-height);
            padding: 0 var(--space-6);
            background: var(--color-header-bg);
            color: var(--color-header-text);
        }
        .app-header :deep(.brand) {
            color: var(--color-header-text);
            font-weight: 700;
            font-size: var(--text-lg);
            text-decoration: none;
        }
        .org-region {
            margin-left: auto;
        }
    };
    view! { class=class_name,
        <header class="app-header">
            <A href="/" attr:class="brand">
                "Partner Center"
            </A>
            <div class="org-region">
                <OrgSwitcher />
            </div>
            <UserMenu />
        </header>
    }
}
