use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use partner_center_domain::roles::Permission;
use stylers::style;

use super::NavMenu;
use crate::session::use_session;

/// The side navigation. The router marks the current page's link with `aria-current="page"`;
/// the Partner Center appears only to those who may use it. Below 48rem it is hidden until the
/// header's Menu button opens it, and following a link (or Escape) closes it again.
#[component]
pub fn MainNav() -> impl IntoView {
    let session = use_session();
    let menu = NavMenu::use_context();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu.open.set(false);
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu.open.get_untracked() {
            menu.close_to_button();
        }
    };
    let class_name = style! {
        .main-nav {
            flex: 0 0 var(--nav-width);
            padding: var(--space-4);
            background: var(--color-surface);
            border-right: 1px solid var(--color-border);
        }
        ul {
            list-style: none;
            margin: 0;
            padding: 0;
        }
        .main-nav :deep(a) {
            display: block;
            padding: var(--space-2) var(--space-3);
            border-radius: var(--radius-sm);
            color: var(--color-text);
            text-decoration: none;
        }
        .main-nav :deep(a:hover) {
            background: var(--color-bg);
        }
        .main-nav :deep(a[aria-current]) {
            background: var(--color-nav-active-bg);
            color: var(--color-nav-active-text);
            font-weight: 600;
        }
        @media (max-width: 48rem) {
            .main-nav {
                display: none;
                flex-basis: auto;
                border-right: none;
                border-bottom: 1px solid var(--color-border);
                box-shadow: var(--shadow-1);
            }
            .main-nav.open {
                display: block;
            }
        }
    };
    let partner_center = move || {
        session.can(Permission::PartnerCenter).then(|| {
            view! {
                <NavGroup label="Partner Center" id="nav-partner-center">
                    <li>
                        <A href="/partner/orgs">"Manage Organizations"</A>
                    </li>
                    <li>
                        <A href="/partner/statements">"Statements"</A>
                    </li>
                    <li>
                        <A href="/partner/activity">"Activity"</A>
                    </li>
                </NavGroup>
            }
        })
    };
    let audit_log = move || {
        session.can(Permission::ReadOrg).then(|| {
            view! {
                <li>
                    <A href="/audit">"Audit log"</A>
                </li>
            }
        })
    };
    let api_tokens = move || {
        session.can(Permission::ManageOrg).then(|| {
            view! {
                <li>
                    <A href="/partner-access">"Partner access"</A>
                </li>
                <li>
                    <A href="/settings/api-tokens">"API Tokens"</A>
                </li>
            }
        })
    };
    view! { class=class_name,
        <nav id="main-nav" class="main-nav" class:open=move || menu.open.get() aria-label="Main" on:keydown=on_keydown>
            <ul>
                {partner_center} <NavGroup label="Organization" id="nav-organization">
                    <li>
                        <A href="/users">"Users"</A>
                    </li>
                    {audit_log}
                    {api_tokens}
                </NavGroup> <NavGroup label="You" id="nav-you" class="phone-only">
                    <li>
                        <A href="/my-orgs">"My organizations"</A>
                    </li>
                </NavGroup>
            </ul>
        </nav>
    }
}

/// A titled group of links in the navigation.
#[component]
fn NavGroup(
    label: &'static str,
    id: &'static str,
    /// Extra classes of the group's item (`phone-only`: where the header has no room for it).
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let class_name = style! {
        ul {
            list-style: none;
            margin: 0;
            padding: 0;
        }
        .group-label {
            display: block;
            margin: var(--space-4) 0 var(--space-1);
            padding: 0 var(--space-3);
            font-size: var(--text-xs);
            font-weight: 700;
            letter-spacing: 0.06rem;
            text-transform: uppercase;
            color: var(--color-text-muted);
        }
        .phone-only {
            display: none;
        }
        @media (max-width: 48rem) {
            .phone-only {
                display: list-item;
            }
        }
    };
    view! { class=class_name,
        <li class=class>
            <span class="group-label" id=id>
                {label}
            </span>
            <ul aria-labelledby=id>{children()}</ul>
        </li>
    }
}
