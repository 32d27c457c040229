use leptos::prelude::*;
use leptos_router::components::A;
use partner_center_domain::pages::{self, OrgTab};
use partner_center_domain::subscription::InvoiceView;
use stylers::style;

use crate::api;
use crate::components::{LoadingSkeleton, PrintButton};
use crate::format;
use crate::page_focus::heading_focus;
use crate::route_params::use_id;

/// An invoice as a printable page.
#[component]
pub fn Invoice() -> impl IntoView {
    let id = use_id();
    let invoice = LocalResource::new(move || {
        let id = id.get();
        async move { api::invoice(&id).await }
    });
    view! {
        <Transition fallback=|| {
            view! { <LoadingSkeleton what="Loading invoice…" /> }
        }>
            {move || {
                invoice
                    .get()
                    .map(|result| match result {
                        Ok(found) => view! { <InvoiceDocument invoice=found /> }.into_any(),
                        Err(error) => {
                            view! {
                                <div role="alert">
                                    <p>{error.to_string()}</p>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn InvoiceDocument(invoice: InvoiceView) -> impl IntoView {
    let class_name = style! {
        .invoice {
            max-width: 48rem;
            padding: var(--space-8);
            border: 1px solid var(--color-border);
            border-radius: var(--radius-md);
            background: var(--color-surface);
        }
        .head {
            display: flex;
            flex-wrap: wrap;
            justify-content: space-between;
            gap: var(--space-6);
            margin-bottom: var(--space-6);
        }
        h1 {
            white-space: nowrap;
        }
        .tools {
            display: flex;
            gap: var(--space-3);
            align-items: center;
        }
    };
    document().set_title(&format!("Invoice {} · Partner Center", invoice.number));
    let period = format!(
        "Period: {} to {}",
        format::local_date(&invoice.period_start),
        format::local_date(&invoice.period_end),
    );
    view! { class=class_name,
        <p class="no-print tools">
            <A href=pages::org_tab(&invoice.org_id, OrgTab::Billing)>{format!("Back to {}", invoice.org_name)}</A>
            <PrintButton />
        </p>
        <article class="invoice" aria-labelledby="invoice-title">
            <div class="head">
                <div>
                    <h1 id="invoice-title" tabindex="-1" node_ref=heading_focus()>
                        {format!("Invoice {}", invoice.number)}
                    </h1>
                    <p>{format!("Issued {}", format::local_date(&invoice.issued_at))}</p>
                </div>
                <dl class="facts">
                    <dt>"Bill to"</dt>
                    <dd>{invoice.bill_to.clone()}</dd>
                    <dt>"Accounts Payable"</dt>
                    <dd>
                        {std::iter::once(invoice.ap_email.clone())
                            .chain(invoice.additional_ap_emails.iter().cloned())
                            .collect::<Vec<_>>()
                            .join(", ")}
                    </dd>
                    <dt>"Reference Number"</dt>
                    <dd>{invoice.reference_number.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                    <dt>"Organization"</dt>
                    <dd>{invoice.org_name.clone()}</dd>
                </dl>
            </div>
            <p>{period}</p>
            <InvoiceLines invoice />
        </article>
    }
}

/// What the invoice charges, line by line, and its total.
#[component]
fn InvoiceLines(invoice: InvoiceView) -> impl IntoView {
    let class_name = style! {
        table {
            width: 100%;
            border-collapse: collapse;
            margin: var(--space-6) 0;
        }
        th, td {
            padding: var(--space-2) 0;
            text-align: left;
            border-bottom: 1px solid var(--color-border);
        }
        .amount {
            text-align: right;
        }
        .total td {
            font-weight: 700;
            border-bottom: none;
        }
    };
    let line = move |description: String, amount: String| {
        view! { class=class_name,
            <tr>
                <td>{description}</td>
                <td class="amount">{amount}</td>
            </tr>
        }
    };
    view! { class=class_name,
        <table>
            <caption class="visually-hidden">"Invoice lines"</caption>
            <thead>
                <tr>
                    <th scope="col">"Description"</th>
                    <th scope="col" class="amount">
                        "Amount"
                    </th>
                </tr>
            </thead>
            <tbody>
                {invoice.lines.into_iter().map(|l| line(l.description, format::money(&l.amount))).collect_view()}
                <tr class="total">
                    <td>"Total"</td>
                    <td class="amount">{format::money(&invoice.total)}</td>
                </tr>
            </tbody>
        </table>
    }
}
