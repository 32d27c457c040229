use leptos::prelude::*;
use partner_center_domain::roles::Role;
use stylers::style;

/// Checkboxes for the roles a person may give (never one above their own).
#[component]
pub fn RoleChecklist(
    /// The roles offered.
    offered: Vec<Role>,
    /// The chosen roles, two-way.
    chosen: RwSignal<Vec<Role>>,
) -> impl IntoView {
    let class_name = style! {
        label {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            padding: var(--space-1) 0;
        }
    };
    view! { class=class_name,
        <fieldset>
            <legend>"Roles"</legend>
            {offered
                .into_iter()
                .map(|role| {
                    view! { class=class_name,
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || chosen.with(|roles| roles.contains(&role))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen
                                        .update(|roles| {
                                            roles.retain(|r| *r != role);
                                            if on {
                                                roles.push(role);
                                                roles.sort();
                                            }
                                        });
                                }
                            />
                            {role.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
