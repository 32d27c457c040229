use leptos::prelude::*;
use stylers::style;

use crate::api;
use crate::session::use_session;

/// The signed-in person's name and the way out.
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
                    <span title=me
                        .email
                        .clone()>{partner_center_domain::users::full_name(&me.first_name, &me.last_name)}</span>
                    <a href="/my-orgs" class="button secondary sign-out">
                        "My organizations"
                    </a>
                    <button
                        type="button"
                        class="button secondary sign-out"
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
