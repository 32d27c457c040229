use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::audit::AuditAction;
use stylers::style;

use crate::audit_view::AuditFilters;
use crate::components::TextField;

/// The log's filters: who, what, on what, and between which days. *Apply* puts them in the
/// URL; the fields follow the URL (back, forward, a shared link).
#[component]
pub fn FilterForm(
    /// The filters the page shows now.
    current: Signal<AuditFilters>,
    on_filter: Callback<AuditFilters>,
) -> impl IntoView {
    let class_name = style! {
        .filters {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
            gap: 0 var(--space-4);
            align-items: end;
            margin-bottom: var(--space-4);
        }
        .action {
            display: flex;
            flex-direction: column;
            gap: var(--space-1);
            margin-bottom: var(--space-4);
            font-weight: 600;
        }
        .buttons {
            display: flex;
            gap: var(--space-2);
            margin-bottom: var(--space-4);
        }
    };
    let (actor, target, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let action = RwSignal::new(None::<AuditAction>);
    Effect::new(move |_| {
        let now = current.get();
        actor.set(now.actor);
        action.set(now.action);
        target.set(now.target);
        from.set(now.from);
        to.set(now.to);
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_filter.run(AuditFilters {
            actor: actor.get_untracked().trim().to_owned(),
            action: action.get_untracked(),
            target: target.get_untracked().trim().to_owned(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    view! { class=class_name,
        <form class="filters" role="search" aria-label="Filter the log" on:submit=on_submit>
            <TextField label="Who" id="filter-actor" value=actor hint="A part of the email." />
            <label class="action">
                "Action" <select on:change=move |ev| action.set(AuditAction::from_key(&event_target_value(&ev)))>
                    <option value="" selected=move || action.get().is_none()>
                        "Any action"
                    </option>
                    {AuditAction::ALL
                        .map(|choice| {
                            view! {
                                <option value=choice.key() selected=move || action.get() == Some(choice)>
                                    {choice.label()}
                                </option>
                            }
                        })}
                </select>
            </label>
            <TextField label="Target" id="filter-target" value=target hint="A person, org or token." />
            <TextField label="From" id="filter-from" value=from input_type="date" />
            <TextField label="To" id="filter-to" value=to input_type="date" />
            <div class="buttons">
                <button type="submit" class="button">
                    "Apply filters"
                </button>
                <button type="button" class="button secondary" on:click=move |_| on_filter.run(AuditFilters::default())>
                    "Clear"
                </button>
            </div>
        </form>
    }
}
