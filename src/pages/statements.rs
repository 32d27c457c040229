//! Partner Center › Statements: a month's invoices of the partner's partner-invoiced orgs, with
//! totals per currency, to print or export for reconciliation. Month, page and size live in
//! the URL. Months are UTC calendar months, as the server counts them, so dates show in UTC.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::pages;
use partner_center_domain::statement::{CurrencyTotal, PartnerStatement, StatementLine, StatementMonth};
use stylers::style;

use crate::api;
use crate::components::{EmptyState, LoadingSkeleton, PageHeader, Pager, PrintButton, RetryBlock};
use crate::format;
use crate::list_state::PagedView;
use crate::statement_view::{use_statement_view, StatementView};

#[component]
pub fn Statements() -> impl IntoView {
    let months = LocalResource::new(api::statement_months);
    let shown = move || {
        months.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="The statements could not be loaded."
                    error
                    on_retry=Callback::new(move |()| months.refetch())
                />
            }
            .into_any(),
            Ok(found) => {
                let months: Vec<StatementMonth> =
                    found.months.iter().filter_map(|key| StatementMonth::parse(key).ok()).collect();
                match months.first() {
                    None => view! {
                        <EmptyState title="No statements yet">
                            <p>
                                "A statement lists the invoices of your partner-invoiced organizations. The first comes when one of their trials ends."
                            </p>
                        </EmptyState>
                    }
                    .into_any(),
                    Some(&newest) => view! { <MonthStatement months=months.clone() newest /> }.into_any(),
                }
            }
        })
    };
    view! {
        <PageHeader
            title="Statements"
            description="The invoices of your partner-invoiced organizations, month by month, with totals per currency."
        />
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading statements…" /> }>{shown}</Transition>
    }
}

/// The month picker, Print and Export CSV, and the chosen month's statement.
#[component]
fn MonthStatement(
    /// The months with a statement, newest first.
    months: Vec<StatementMonth>,
    /// The month shown when the URL names none.
    newest: StatementMonth,
) -> impl IntoView {
    let class_name = style! {
        .tools {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--space-3);
            margin-bottom: var(--space-6);
        }
    };
    let navigate = use_navigate();
    let view_state = use_statement_view();
    let month = Memo::new(move |_| view_state.get().month.unwrap_or(newest));
    let statement = LocalResource::new(move || {
        let (month, view) = (month.get(), view_state.get());
        async move { api::statement(month, &view).await }
    });
    // A month named in the URL is offered even when it has no invoices (a shared link).
    let options = move || {
        let mut all = months.clone();
        if !all.contains(&month.get()) {
            all.push(month.get());
            all.sort_by(|a, b| b.cmp(a));
        }
        all.into_iter().map(|m| view! { <option value=m.key()>{m.label()}</option> }).collect_view()
    };
    let on_month = move |ev| {
        if let Ok(chosen) = StatementMonth::parse(&event_target_value(&ev)) {
            navigate(&view_state.get_untracked().of_month(chosen).href(), Default::default());
        }
    };
    let shown = move || {
        statement.get().map(|result| match result {
            Err(error) => view! {
                <RetryBlock
                    what="This statement could not be loaded."
                    error
                    on_retry=Callback::new(move |()| statement.refetch())
                />
            }
            .into_any(),
            Ok(found) => view! { <StatementDocument statement=found view=view_state.get_untracked() /> }.into_any(),
        })
    };
    view! { class=class_name,
        <div class="tools no-print">
            <label for="statement-month">"Month"</label>
            <select id="statement-month" on:change=on_month prop:value=move || month.get().key()>
                {options}
            </select>
            <PrintButton />
            // A plain link: the browser downloads the file with the session cookie.
            <a class="button secondary" href=move || api::statement_export_href(month.get()) rel="external" download>
                "Export CSV"
            </a>
        </div>
        <Transition fallback=|| {
            view! { <LoadingSkeleton what="Loading the statement…" /> }
        }>{shown}</Transition>
    }
}

/// The statement itself: who and which month, the totals, and the page of invoices.
#[component]
fn StatementDocument(statement: PartnerStatement, view: StatementView) -> impl IntoView {
    let label = StatementMonth::parse(&statement.month).map(StatementMonth::label).unwrap_or_default();
    let count = statement.lines.total_count;
    let summary = format!(
        "{} · {} issued in {label} (UTC) to your partner-invoiced organizations",
        statement.partner_name,
        match count {
            1 => "1 invoice".to_owned(),
            n => format!("{} invoices", format::count(n)),
        },
    );
    let body = if count == 0 {
        view! { <p>"No invoices were issued this month."</p> }.into_any()
    } else {
        view! {
            <Totals totals=statement.totals />
            <Lines lines=statement.lines.data.clone() />
            <Pager
                state=view
                shown=statement.lines.data.len() as i64
                filtered=statement.lines.filtered_count
                total=statement.lines.total_count
            />
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="statement-title">
            <h2 id="statement-title">{format!("Statement for {label}")}</h2>
            <p>{summary}</p>
            {body}
        </section>
    }
}

#[component]
fn Totals(totals: Vec<CurrencyTotal>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>"Totals by currency"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Currency"</th>
                        <th scope="col">"Invoices"</th>
                        <th scope="col">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {totals
                        .into_iter()
                        .map(|total| {
                            view! {
                                <tr>
                                    <th scope="row" data-label="Currency">
                                        {total.currency.code()}
                                    </th>
                                    <td data-label="Invoices">{format::count(total.invoices)}</td>
                                    <td data-label="Total">{format::money(&total.amount)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The date part of an RFC 3339 time, in UTC like the statement's month.
fn utc_date(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

#[component]
fn Lines(lines: Vec<StatementLine>) -> impl IntoView {
    view! {
        <div class="table-wrap form-gap">
            <table class="data-table">
                <caption>"Invoices"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Invoice"</th>
                        <th scope="col">"Issued"</th>
                        <th scope="col">"Organization"</th>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Period"</th>
                        <th scope="col">"Amount"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|line| {
                            let period = format!("{} to {}", utc_date(&line.period_start), utc_date(&line.period_end));
                            view! {
                                <tr>
                                    <td data-label="Invoice">
                                        <A href=pages::invoice(&line.invoice_id)>{line.number}</A>
                                    </td>
                                    <td data-label="Issued">{utc_date(&line.issued_at).to_owned()}</td>
                                    <td data-label="Organization">
                                        <A href=pages::org(&line.org_id)>{line.org_name}</A>
                                    </td>
                                    <td data-label="Reference">
                                        {line.reference_number.unwrap_or_else(|| "—".to_owned())}
                                    </td>
                                    <td data-label="Plan">
                                        {format!("{}, {}", line.plan.label(), line.length.label())}
                                    </td>
                                    <td data-label="Period">{period}</td>
                                    <td data-label="Amount">{format::money(&line.amount)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
