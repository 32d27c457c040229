use leptos::prelude::*;
use stylers::style;

use crate::api;
use crate::session::use_session;

/// The signed-in person's name and the way out. On a narrow screen the name gives way, My
/// organizations moves into the main navigation, and the header places Sign out (`AppHeader`).
#[component]
pub fn UserMenu() -> impl IntoView {
    let class_name = style! {
        .user-menu {
            display: flex;
            align-items: center;
            gap: var(--space-3);
            font-size: var(--text-sm);
        }
        .sign-out {
            padding: var(--space-1) var(--space-3);
            white-space: nowrap;
        }
        @media (max-width: 48rem) {
            .user-menu {
                display: contents;
            }
            .name {
                display: none;
            }
            .my-orgs {
                display: none;
            }
            .leave {
                grid-column: 3;
                grid-row: 1;
            }
        }
    };
    let session = use_session();
    let sign_out = Action::new_local(|(): &()| api::sign_out());
    Effect::new(move |_| {
        // Whatever the server said, this browser is done with the session. A full page load,
        // not a route change, so nothing of the signed-out person stays in memory.
        if sign_out.value().get().is_some() {
            let _ = window().location().set_href("/sign-in");
        }
    });
    move || {
        session.me().map(|me| {
            view! { class=class_name,
                <div class="user-menu">
                    <span class="name" title=me.email.clone()>
                        {partner_center_domain::users::full_name(&me.first_name, &me.last_name)}
                    </span>
                    <a href="/my-orgs" class="button secondary sign-out my-orgs">
                        "My organizations"
                    </a>
                    <button
                        type="button"
                        class="button secondary sign-out leave"
                        disabled=move || sign_out.pending().get()
                        on:click=move |_| {
                            sign_out.dispatch(());
                        }
                    >
                        "Sign out"
                    </button>
                </div>
            }
        })
    }
}
