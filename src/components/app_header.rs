use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use stylers::style;

use crate::route_params::is_public_page;
use crate::session::{use_session, SessionState};
use crate::signed_in_chrome::{chrome, ChromePart};

/// The bar across the top: the product's name, then the org switcher and the user menu. Below
/// 48rem it is two rows that fit 360 px: Menu, name and Sign out, then the switcher (the user
/// menu's parts take their places in the bar; My organizations moves into the menu).
#[component]
pub fn AppHeader() -> impl IntoView {
    let class_name = style! {
        .app-header {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--space-2) var(--space-4);
            min-height: var(--header-height);
            padding: var(--space-2) var(--space-6);
            background: var(--color-header-bg);
            color: var(--color-header-text);
        }
        .app-header :deep(.brand) {
            color: var(--color-header-text);
            font-weight: 700;
            font-size: var(--text-lg);
            text-decoration: none;
            white-space: nowrap;
        }
        .org-region {
            margin-left: auto;
            min-width: 0;
        }
        @media (max-width: 48rem) {
            .app-header {
                display: grid;
                grid-template-columns: auto 1fr auto;
                gap: var(--space-2) var(--space-3);
                padding: var(--space-2) var(--space-4);
            }
            .app-header :deep(.brand) {
                grid-column: 2;
                grid-row: 1;
                font-size: var(--text-md);
            }
            .org-region {
                grid-column: span 3;
                grid-row: 2;
                margin-left: 0;
            }
            .app-header.expects-session {
                grid-template-rows: 2.25rem 2.25rem;
            }
        }
    };
    let session = use_session();
    let location = use_location();
    let signed_in = Memo::new(move |_| session.me().is_some());
    // Its two rows on a phone are there from the first paint of a signed-in page, so the page
    // does not move down when the session arrives.
    let expects_session = Memo::new(move |_| match session.state() {
        SessionState::SignedIn(_) => true,
        SessionState::NotAsked | SessionState::Checking => !is_public_page(&location.pathname.get()),
        _ => false,
    });
    view! { class=class_name,
        <header class="app-header" class:expects-session=move || expects_session.get()>
            {move || signed_in.get().then(|| chrome(ChromePart::MenuButton, nothing))}
            <A href="/" attr:class="brand">
                "Partner Center"
            </A>
            <div class="org-region">{move || signed_in.get().then(|| chrome(ChromePart::OrgSwitcher, nothing))}</div>
            {move || signed_in.get().then(|| chrome(ChromePart::UserMenu, nothing))}
        </header>
    }
}

fn nothing() -> AnyView {
    ().into_any()
}
