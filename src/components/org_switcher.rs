use leptos::prelude::*;
use stylers::style;

use partner_center_domain::api::OrgRef;

use crate::org_switch::use_org_switch;
use crate::session::use_session;

/// The acting org's name, and a menu of the other orgs one may switch to.
#[component]
pub fn OrgSwitcher() -> impl IntoView {
    let class_name = style! {
        .org-switcher {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            font-size: var(--text-sm);
        }
        .acting {
            font-weight: 600;
            overflow: hidden;
            text-overflow: ellipsis;
            white-space: nowrap;
        }
        @media (max-width: 48rem) {
            .org-switcher {
                min-width: 0;
                width: 100%;
            }
        }
        .error {
            color: var(--color-header-text);
            background: var(--color-danger);
            padding: var(--space-1) var(--space-2);
            border-radius: var(--radius-sm);
        }
    };
    let session = use_session();
    let switch = use_org_switch();
    let on_choose = Callback::new(move |org_id: String| switch.to(org_id));
    let pending = switch.pending();
    let error = switch.error();
    move || {
        session.me().map(|me| {
            let chooser = if me.orgs.len() > 1 {
                view! { <OrgChooser orgs=me.orgs acting=me.acting_org.id pending on_choose /> }.into_any()
            } else {
                view! { class=class_name,
                    <span class="visually-hidden">"Organization"</span>
                    <span class="acting">{me.acting_org.name}</span>
                }
                .into_any()
            };
            view! { class=class_name,
                <div class="org-switcher">
                    {chooser}
                    <span role="alert">
                        {move || error.get().map(|e| view! { class=class_name, <span class="error">{e}</span> })}
                    </span>
                </div>
            }
        })
    }
}

/// The orgs one may act in, the acting one selected.
#[component]
fn OrgChooser(orgs: Vec<OrgRef>, acting: String, pending: Memo<bool>, on_choose: Callback<String>) -> impl IntoView {
    let class_name = style! {
        label {
            color: var(--color-header-text);
            opacity: 0.85;
        }
        select {
            font: inherit;
            padding: var(--space-1) var(--space-2);
            border-radius: var(--radius-sm);
            border: 1px solid var(--color-border);
            background: var(--color-surface);
            color: var(--color-text);
            max-width: 18rem;
        }
        @media (max-width: 48rem) {
            label {
                position: absolute;
                width: 1px;
                height: 1px;
                overflow: hidden;
                clip: rect(0 0 0 0);
                white-space: nowrap;
            }
            select {
                width: 100%;
                max-width: none;
                min-width: 0;
            }
        }
    };
    let options = orgs
        .into_iter()
        .map(|org| {
            let selected = org.id == acting;
            view! {
                <option value=org.id selected=selected>
                    {org.name}
                </option>
            }
        })
        .collect_view();
    view! { class=class_name,
        <label for="org-switcher">"Organization"</label>
        <select id="org-switcher" disabled=pending on:change=move |ev| on_choose.run(event_target_value(&ev))>
            {options}
        </select>
    }
}
