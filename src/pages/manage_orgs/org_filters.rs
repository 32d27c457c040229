//! Manage Organizations' filters: state, plan, currency and when the trial ends. Each choice
//! applies at once and lives in the URL, with the search and sort.

use leptos::prelude::*;
use partner_center_domain::catalog::{Currency, PackagePlan};
use partner_center_domain::org_filter::{OrgFilter, TrialPhase};
use stylers::style;

/// "Trial ends within" choices, in days.
const TRIAL_END_WINDOWS: [u32; 3] = [7, 14, 30];

#[component]
pub fn OrgFilters(
    /// The filters the list shows now.
    #[prop(into)]
    current: Signal<OrgFilter>,
    /// Called with the filters chosen.
    on_change: Callback<OrgFilter>,
) -> impl IntoView {
    let class_name = style! {
        .filters {
            display: flex;
            flex-wrap: wrap;
            align-items: flex-end;
            gap: var(--space-3);
            margin: 0 0 var(--space-4);
            padding: 0;
            border: 0;
        }
    };
    let states: Vec<(String, String)> =
        TrialPhase::ALL.iter().map(|phase| (phase.key().to_owned(), phase.label().to_owned())).collect();
    let plans: Vec<(String, String)> =
        PackagePlan::ALL.iter().map(|plan| (plan.key().to_owned(), plan.label().to_owned())).collect();
    let currencies: Vec<(String, String)> =
        Currency::ALL.iter().map(|currency| (currency.code().to_owned(), currency.code().to_owned())).collect();
    let windows: Vec<(String, String)> =
        TRIAL_END_WINDOWS.iter().map(|days| (days.to_string(), format!("Within {days} days"))).collect();
    let change = move |edit: fn(&mut OrgFilter, &str), value: String| {
        let mut next = current.get_untracked();
        edit(&mut next, &value);
        on_change.run(next);
    };
    view! { class=class_name,
        <fieldset class="filters">
            <legend class="visually-hidden">"Filter organizations"</legend>
            <FilterSelect
                label="State"
                any="All states"
                options=states
                value=Signal::derive(move || current.get().state.map(|s| s.key().to_owned()).unwrap_or_default())
                on_change=Callback::new(move |value| { change(|f, v| f.state = TrialPhase::from_key(v), value) })
            />
            <FilterSelect
                label="Plan"
                any="All plans"
                options=plans
                value=Signal::derive(move || current.get().plan.map(|p| p.key().to_owned()).unwrap_or_default())
                on_change=Callback::new(move |value| { change(|f, v| f.plan = PackagePlan::from_key(v), value) })
            />
            <FilterSelect
                label="Currency"
                any="All currencies"
                options=currencies
                value=Signal::derive(move || current.get().currency.map(|c| c.code().to_owned()).unwrap_or_default())
                on_change=Callback::new(move |value| { change(|f, v| f.currency = Currency::from_code(v), value) })
            />
            <FilterSelect
                label="Trial ends"
                any="Any time"
                options=windows
                value=Signal::derive(move || {
                    current.get().trial_ends_within.map(|days| days.to_string()).unwrap_or_default()
                })
                on_change=Callback::new(move |value| { change(|f, v| f.trial_ends_within = v.parse().ok(), value) })
            />
            {move || {
                (!current.get().is_empty())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button secondary"
                                on:click=move |_| on_change.run(OrgFilter::default())
                            >
                                "Clear filters"
                            </button>
                        }
                    })
            }}
        </fieldset>
    }
}

/// One labelled choice whose first option means "no filter".
#[component]
fn FilterSelect(
    label: &'static str,
    /// The text of the no-filter option.
    any: &'static str,
    /// (value, text) pairs.
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let class_name = style! {
        label {
            display: grid;
            gap: var(--space-1);
            font-size: var(--text-sm);
            font-weight: 600;
        }
        select {
            font-weight: normal;
        }
    };
    view! { class=class_name,
        <label>
            {label} <select prop:value=move || value.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
                <option value="">{any}</option>
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        let chosen = option.clone();
                        view! {
                            <option value=option selected=move || value.get() == chosen>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
