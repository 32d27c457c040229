use leptos::prelude::*;
use leptos_router::components::A;
use partner_center_domain::roles::Permission;
use stylers::style;

use crate::session::use_session;

/// The side navigation. The router marks the current page's link with `aria-current="page"`;
/// the Partner Center appears only to those who may use it.
#[component]
pub fn MainNav() -> impl IntoView {
    let session = use_session();
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
                flex-basis: auto;
                border-right: none;
                border-bottom: 1px solid var(--color-border);
            }
        }
    };
    view! { class=class_name,
        <nav class="main-nav" aria-label="Main">
            <ul>
                {move || {
                    session
                        .can(Permission::PartnerCenter)
                        .then(|| {
                            view! { class=class_name,
                                <li>
                                    <span class="group-label" id="nav-partner-center">
                                        "Partner Center"
                                    </span>
                                    <ul aria-labelledby="nav-partner-center">
                                        <li>
                                            <A href="/partner/orgs">"Manage Organizations"</A>
                                        </li>
                                    </ul>
                                </li>
                            }
                        })
                }} <li>
                    <span class="group-label" id="nav-organization">
                        "Organization"
                    </span>
                    <ul aria-labelledby="nav-organization">
                        <li>
                            <A href="/users">"Users"</A>
                        </li>
                        {move || {
                            session
                                .can(Permission::ManageOrg)
                                .then(|| {
                                    view! {
                                        <li>
                                            <A href="/settings/api-tokens">"API Tokens"</A>
                                        </li>
                                    }
                                })
                        }}
                    </ul>
                </li>
            </ul>
        </nav>
    }
}
