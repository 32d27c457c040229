use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::{HistoryChange, PlanChoice, SubscriptionChange, SubscriptionView};
use stylers::style;

use crate::api;
use crate::components::{FormAlert, LoadingSkeleton, ModalDialog, RetryBlock, SubmitButton};
use crate::format;

/// Subscriptions: the current plan, its next invoice, its history, and Change Your
/// Subscription Plan.
#[component]
pub fn SubscriptionPanel(org_id: String) -> impl IntoView {
    let subscription = LocalResource::new({
        let org_id = org_id.clone();
        move || {
            let org_id = org_id.clone();
            async move { api::subscription(&org_id).await }
        }
    });
    let loaded = move || subscription.get().and_then(Result::ok);
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let saved_notice = RwSignal::new(None::<String>);
    let on_saved = Callback::new(move |saved: SubscriptionView| {
        saved_notice.set(Some(format!("Subscription changed to {}.", saved.current.describe())));
        subscription.set(Some(Ok(saved)));
        open.set(false);
    });
    let shown = move || match subscription.get() {
        None => view! { <LoadingSkeleton what="Loading subscription…" /> }.into_any(),
        Some(Err(error)) => view! {
            <RetryBlock
                what="The subscription could not be loaded."
                error
                on_retry=Callback::new(move |()| subscription.refetch())
            />
        }
        .into_any(),
        Some(Ok(view)) => view! {
            <SubscriptionFacts view=view.clone() />
            <HistoryTable view />
        }
        .into_any(),
    };
    view! {
        <div role="status">{move || saved_notice.get().map(|text| view! { <p class="notice-line">{text}</p> })}</div>
        {shown}
        <p class="form-gap">
            <button
                type="button"
                class="button"
                node_ref=opener
                on:click=move |_| open.set(true)
                disabled=move || loaded().is_none()
            >
                "Change Your Subscription Plan"
            </button>
        </p>
        <ModalDialog title="Change Your Subscription Plan" open return_focus=opener>
            {
                let org_id = org_id.clone();
                move || {
                    loaded()
                        .map(|current| {
                            view! {
                                <ChangePlanForm
                                    org_id=org_id.clone()
                                    current
                                    on_saved
                                    on_cancel=Callback::new(move |()| open.set(false))
                                />
                            }
                        })
                }
            }
        </ModalDialog>
    }
}

/// The current plan, its price and status, and when the next invoice comes.
#[component]
fn SubscriptionFacts(view: SubscriptionView) -> impl IntoView {
    let next = match &view.next_invoice_at {
        Some(at) => format!("{} · {}", format::local_date(at), format::money(&view.next_invoice_amount)),
        None => "After the trial, which starts at the first unlock".to_owned(),
    };
    view! {
        <dl class="facts">
            <dt>"Package Plan"</dt>
            <dd>{view.current.plan.label()}</dd>
            <dt>"Currency"</dt>
            <dd>{view.current.currency.code()}</dd>
            <dt>"Plan Length"</dt>
            <dd>{view.current.length.label()}</dd>
            <dt>"Price"</dt>
            <dd>{format!("{} {}", format::money(&view.price), view.current.length.per_period())}</dd>
            <dt>"Status"</dt>
            <dd>{view.status.label()}</dd>
            <dt>"Next invoice"</dt>
            <dd>{next}</dd>
        </dl>
    }
}

#[component]
fn HistoryTable(view: SubscriptionView) -> impl IntoView {
    if view.history.is_empty() {
        return view! { <p class="form-gap">"No changes yet: this is the plan the organization started on."</p> }
            .into_any();
    }
    view! {
        <table class="data-table form-gap">
            <caption class="visually-hidden">"Subscription changes"</caption>
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"From"</th>
                    <th scope="col">"To"</th>
                </tr>
            </thead>
            <tbody>
                {view
                    .history
                    .into_iter()
                    .map(|entry| {
                        let (from, to) = match entry.change {
                            HistoryChange::Plan { from, to } => (from.describe(), to.describe()),
                            HistoryChange::TrialExtended { days, reason, previous_end, new_end } => {
                                (
                                    format!("Trial ends {}", format::local_date(&previous_end)),
                                    format!(
                                        "Trial ends {} (extended by {}: {reason})",
                                        format::local_date(&new_end),
                                        format::days(days),
                                    ),
                                )
                            }
                        };
                        view! {
                            <tr>
                                <td data-label="When">{format::local_date(&entry.changed_at)}</td>
                                <td data-label="Who">{entry.changed_by}</td>
                                <td data-label="From">{from}</td>
                                <td data-label="To">{to}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The dialog's form: Package Plan, Currency, Plan Length, and the price before saving.
#[component]
fn ChangePlanForm(
    org_id: String,
    current: SubscriptionView,
    on_saved: Callback<SubscriptionView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let class_name = style! {
        .price {
            margin: 0 0 var(--space-4);
            font-size: var(--text-lg);
        }
    };
    let plan = RwSignal::new(current.current.plan);
    let currency = RwSignal::new(current.current.currency);
    let length = RwSignal::new(current.current.length);
    let alert = RwSignal::new(None::<String>);
    let choice = move || PlanChoice { plan: plan.get(), currency: currency.get(), length: length.get() };
    let version = current.version;
    let save = Action::new_local(move |change: &SubscriptionChange| {
        let (org_id, change) = (org_id.clone(), change.clone());
        async move { api::change_subscription(&org_id, &change).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => on_saved.run(saved),
        Some(Err(error)) => alert.set(Some(match &error {
            api::ApiError::Server(body) if !body.field_errors.is_empty() => body.field_errors[0].message.clone(),
            _ => error.to_string(),
        })),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        save.dispatch(SubscriptionChange { choice: choice(), version });
    };
    let plans = PackagePlan::ALL.map(|p| (p.key(), p.label(), p)).to_vec();
    let currencies = Currency::ALL.map(|c| (c.code(), c.code(), c)).to_vec();
    let lengths = PlanLength::ALL.map(|l| (l.key(), l.label(), l)).to_vec();
    view! { class=class_name,
        <form on:submit=on_submit>
            <FormAlert message=alert />
            <ChoiceSelect label="Package Plan" options=plans value=plan />
            <ChoiceSelect label="Currency" options=currencies value=currency />
            <ChoiceSelect label="Plan Length" options=lengths value=length />
            <p class="price" role="status">
                {move || {
                    let choice = choice();
                    format!("New price: {} {}", format::money(&choice.price()), choice.length.per_period())
                }}
            </p>
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// A labelled `<select>` of `options` (key, label, value) bound to `value`.
#[component]
fn ChoiceSelect<T>(
    label: &'static str,
    options: Vec<(&'static str, &'static str, T)>,
    value: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let class_name = style! {
        label {
            display: flex;
            flex-direction: column;
            gap: var(--space-1);
            margin-bottom: var(--space-4);
            font-weight: 600;
        }
    };
    let chosen = value.get_untracked();
    let choices = options.clone();
    view! { class=class_name,
        <label>
            {label}
            <select on:change=move |ev| {
                let key = event_target_value(&ev);
                if let Some((_, _, picked)) = choices.iter().find(|(k, _, _)| *k == key) {
                    value.set(*picked);
                }
            }>
                {options
                    .into_iter()
                    .map(|(key, text, option)| {
                        view! {
                            <option value=key selected=option == chosen>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
