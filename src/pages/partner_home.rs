//! The partner's part of the home page: what needs them today. Every figure comes from one
//! request (`GET /api/v1/partner/home`).

use leptos::prelude::*;
use leptos_router::components::A;
use partner_center_domain::child_org::ChildOrgSort;
use partner_center_domain::org_filter::{OrgFilter, TrialPhase};
use partner_center_domain::pages;
use partner_center_domain::partner_home::{
    PartnerHome, TrialEnding, AWAITING_LONGER_THAN_DAYS, TRIALS_ENDING_WITHIN_DAYS,
};
use stylers::style;

use crate::api;
use crate::components::{LoadingSkeleton, RetryBlock, TitledSection};
use crate::format;
use crate::list_state::ListState;

/// Manage Organizations under `filter`, sorted by `sort`.
fn orgs_href(filter: OrgFilter, sort: ChildOrgSort) -> String {
    ListState::<ChildOrgSort> { sort, ..ListState::default() }.filtered(filter).href()
}

#[component]
pub fn PartnerHomePanel() -> impl IntoView {
    let home = LocalResource::new(api::partner_home);
    let shown = move || {
        home.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="Your overview could not be loaded."
                    error
                    on_retry=Callback::new(move |()| home.refetch())
                />
            }
            .into_any(),
            Ok(home) => view! { <HomeFigures home /> }.into_any(),
        })
    };
    view! { <Transition fallback=|| view! { <LoadingSkeleton what="Loading your overview…" /> }>{shown}</Transition> }
}

#[component]
fn HomeFigures(home: PartnerHome) -> impl IntoView {
    let class_name = style! {
        .counts {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
            gap: var(--space-3);
            margin: 0 0 var(--space-6);
            padding: 0;
            list-style: none;
        }
        .count {
            display: block;
            padding: var(--space-4);
            border: 1px solid var(--color-border);
            border-radius: var(--radius-sm);
            background: var(--color-surface);
            text-decoration: none;
        }
        .figure {
            display: block;
            font-size: 2rem;
            font-weight: 700;
            color: var(--color-text);
        }
    };
    let counts = home.counts;
    let count_card = move |label: &'static str, figure: i64, phase: TrialPhase| {
        let href = orgs_href(OrgFilter { state: Some(phase), ..OrgFilter::default() }, ChildOrgSort::Status);
        view! { class=class_name,
            <li>
                <A href=href attr:class="count" attr:aria-label=format!("{label}: {figure}")>
                    <span class="figure">{format::count(figure)}</span>
                    {label}
                </A>
            </li>
        }
    };
    view! { class=class_name,
        <TitledSection id="counts-heading" title="Your customers">
            <ul class="counts">
                {count_card("Awaiting first unlock", counts.awaiting_first_unlock, TrialPhase::AwaitingFirstUnlock)}
                {count_card("Trialing", counts.trialing, TrialPhase::Trialing)}
                {count_card("Billing", counts.billing, TrialPhase::Billing)}
            </ul>
        </TitledSection>
        <TrialsEnding trials=home.trials_ending count=home.trials_ending_count />
        <TitledSection
            id="awaiting-heading"
            title=format!("Awaiting first unlock for over {AWAITING_LONGER_THAN_DAYS} days")
        >
            {if home.awaiting_long.is_empty() {
                view! { <p>"None: every organization older than two weeks has started its trial."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {home
                            .awaiting_long
                            .into_iter()
                            .map(|org| {
                                view! {
                                    <li>
                                        <A href=pages::org(&org.org_id)>{org.name}</A>
                                        {format!(
                                            " — waiting {} days, since {}",
                                            org.days_waiting,
                                            format::local_date(&org.created_at),
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {(home.awaiting_long_count > 10)
                        .then(|| {
                            let all = orgs_href(
                                OrgFilter {
                                    state: Some(TrialPhase::AwaitingFirstUnlock),
                                    ..OrgFilter::default()
                                },
                                ChildOrgSort::Created,
                            );
                            view! { <A href=all>{format!("All {} awaiting", home.awaiting_long_count)}</A> }
                        })}
                }
                    .into_any()
            }}
        </TitledSection>
        <TitledSection id="invoices-heading" title="Recent invoices">
            {if home.recent_invoices.is_empty() {
                view! { <p>"No invoices yet: the first goes out when a trial ends."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">"Recent invoices"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Number"</th>
                                    <th scope="col">"Organization"</th>
                                    <th scope="col">"Amount"</th>
                                    <th scope="col">"Issued"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {home
                                    .recent_invoices
                                    .into_iter()
                                    .map(|invoice| {
                                        view! {
                                            <tr>
                                                <td data-label="Number">
                                                    <A href=pages::invoice(&invoice.id)>{invoice.number}</A>
                                                </td>
                                                <td data-label="Organization">{invoice.org_name}</td>
                                                <td data-label="Amount">{format::money(&invoice.total)}</td>
                                                <td data-label="Issued">{format::local_date(&invoice.issued_at)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </TitledSection>
        <TitledSection id="activity-heading" title="Recent activity">
            {if home.recent_activity.is_empty() {
                view! { <p>"Nothing yet."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {home
                            .recent_activity
                            .into_iter()
                            .map(|entry| {
                                view! {
                                    <li>
                                        {format!(
                                            "{} — {} {}: {}",
                                            format::local_date_time(&entry.at),
                                            entry.actor,
                                            entry.action_label.to_lowercase(),
                                            entry.target,
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <A href="/partner/activity">"All activity"</A>
        </TitledSection>
    }
}

/// Trials ending within the week, soonest first, with what billing will start at.
#[component]
fn TrialsEnding(trials: Vec<TrialEnding>, count: i64) -> impl IntoView {
    let heading = format!("Trials ending in the next {TRIALS_ENDING_WITHIN_DAYS} days");
    let body = if trials.is_empty() {
        view! { <p>"No trial ends this week."</p> }.into_any()
    } else {
        let all = orgs_href(
            OrgFilter { trial_ends_within: Some(TRIALS_ENDING_WITHIN_DAYS), ..OrgFilter::default() },
            ChildOrgSort::Status,
        );
        let more = (count > trials.len() as i64).then(|| view! { <A href=all>{format!("All {count}")}</A> });
        view! {
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">"Trials ending soon"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Organization"</th>
                            <th scope="col">"Trial ends"</th>
                            <th scope="col">"Plan"</th>
                            <th scope="col">"Billing starts at"</th>
                            <th scope="col">"Accounts Payable"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {trials
                            .into_iter()
                            .map(|trial| {
                                let left = format!("in {}", format::days(trial.days_left));
                                view! {
                                    <tr>
                                        <td data-label="Organization">
                                            <A href=pages::org(&trial.org_id)>{trial.name}</A>
                                        </td>
                                        <td data-label="Trial ends">
                                            {format!("{} ({left})", format::local_date(&trial.ends_at))}
                                        </td>
                                        <td data-label="Plan">{trial.plan.label()}</td>
                                        <td data-label="Billing starts at">
                                            {format!("{} {}", format::money(&trial.price), trial.length.per_period())}
                                        </td>
                                        <td data-label="Accounts Payable">{trial.ap_email}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {more}
        }
        .into_any()
    };
    view! {
        <TitledSection id="ending-heading" title=heading>
            {body}
        </TitledSection>
    }
}
