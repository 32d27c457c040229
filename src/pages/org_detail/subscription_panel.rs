use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::{PlanChoice, SubscriptionChange, SubscriptionView};
use stylers::style;

use crate::api;
use crate::components::{close_dialog, FormAlert, ModalDialog};
use crate::format;

/// Subscriptions: the current plan, its next invoice, its history, and Change Your
/// Subscription Plan.
#[component]
pub fn SubscriptionPanel(org_id: String) -> impl IntoView {
    let view_state = RwSignal::new(None::<SubscriptionView>);
    let load_error = RwSignal::new(None::<String>);
    let loader = LocalResource::new({
        let org_id = org_id.clone();
        move || {
            let org_id = org_id.clone();
            async move { api::subscription(&org_id).await }
        }
    });
    Effect::new(move |_| match loader.get() {
        Some(Ok(view)) => view_state.set(Some(view)),
        Some(Err(error)) => load_error.set(Some(error.to_string())),
        None => {}
    });
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let saved_notice = RwSignal::new(None::<String>);

    view! {
        <FormAlert message=load_error />
        <div role="status">{move || saved_notice.get().map(|text| view! { <p class="notice-line">{text}</p> })}</div>
        {move || {
            view_state
                .get()
                .map(|view| {
                    let next = match &view.next_invoice_at {
                        Some(at) => {
                            format!("{} · {}", format::local_date(at), format::money(&view.next_invoice_amount))
                        }
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
                            <dd>{format!("{} per period", format::money(&view.price))}</dd>
                            <dt>"Status"</dt>
                            <dd>{view.status.label()}</dd>
                            <dt>"Next invoice"</dt>
                            <dd>{next}</dd>
                        </dl>
                        <HistoryTable view=view.clone() />
                    }
                })
        }}
        <p class="form-gap">
            <button
                type="button"
                class="button"
                node_ref=opener
                on:click=move |_| open.set(true)
                disabled=move || view_state.with(Option::is_none)
            >
                "Change Your Subscription Plan"
            </button>
        </p>
        <ModalDialog title="Change Your Subscription Plan" open return_focus=opener>
            {
                let org_id = org_id.clone();
                move || {
                    view_state
                        .get()
                        .map(|current| {
                            view! {
                                <ChangePlanForm
                                    org_id=org_id.clone()
                                    current
                                    on_saved=Callback::new(move |saved: SubscriptionView| {
                                        saved_notice
                                            .set(
                                                Some(format!("Subscription changed to {}.", saved.current.describe())),
                                            );
                                        view_state.set(Some(saved));
                                        close_dialog(open, opener);
                                    })
                                    on_cancel=Callback::new(move |()| close_dialog(open, opener))
                                />
                            }
                        })
                }
            }
        </ModalDialog>
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
                        view! {
                            <tr>
                                <td>{format::local_date(&entry.changed_at)}</td>
                                <td>{entry.changed_by}</td>
                                <td>{entry.from.describe()}</td>
                                <td>{entry.to.describe()}</td>
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
        label {
            display: flex;
            flex-direction: column;
            gap: var(--space-1);
            margin-bottom: var(--space-4);
            font-weight: 600;
        }
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
    view! { class=class_name,
        <form on:submit=on_submit>
            <FormAlert message=alert />
            <label>
                "Package Plan"
                <select on:change=move |ev| {
                    if let Some(p) = PackagePlan::from_key(&event_target_value(&ev)) {
                        plan.set(p)
                    }
                }>
                    {PackagePlan::ALL
                        .map(|p| {
                            view! {
                                <option value=p.key() selected=p == plan.get_untracked()>
                                    {p.label()}
                                </option>
                            }
                        })}
                </select>
            </label>
            <label>
                "Currency"
                <select on:change=move |ev| {
                    if let Some(c) = Currency::from_code(&event_target_value(&ev)) {
                        currency.set(c)
                    }
                }>
                    {Currency::ALL
                        .map(|c| {
                            view! {
                                <option value=c.code() selected=c == currency.get_untracked()>
                                    {c.code()}
                                </option>
                            }
                        })}
                </select>
            </label>
            <label>
                "Plan Length"
                <select on:change=move |ev| {
                    if let Some(l) = PlanLength::from_key(&event_target_value(&ev)) {
                        length.set(l)
                    }
                }>
                    {PlanLength::ALL
                        .map(|l| {
                            view! {
                                <option value=l.key() selected=l == length.get_untracked()>
                                    {l.label()}
                                </option>
                            }
                        })}
                </select>
            </label>
            <p class="price" role="status">
                {move || format!("New price: {} per period", format::money(&choice().price()))}
            </p>
            <div class="actions">
                <button type="submit" class="button" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
