//! The audit log pages: Organization › Audit log (everything done in the acting org, by
//! anyone, the partner's people included) and Partner Center › Activity (what the partner's
//! people did in its child orgs). Filters, page and size live in the URL.

mod entry_table;
mod filters;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::audit_view::{use_audit_view, AuditFilters};
use crate::components::{EmptyState, LoadingSkeleton, PageHeader, Pager, RetryBlock};
use crate::list_state::PagedView;
use entry_table::EntryTable;
use filters::FilterForm;

/// Organization › Audit log.
#[component]
pub fn AuditLog() -> impl IntoView {
    view! {
        <PageHeader
            title="Audit log"
            description="Everything done in this organization, by anyone, including your partner's staff."
        />
        <AuditEntries path="/audit" show_org=false />
    }
}

/// Partner Center › Activity.
#[component]
pub fn PartnerActivity() -> impl IntoView {
    view! {
        <PageHeader title="Activity" description="What your people did in your customers' organizations." />
        <AuditEntries path="/partner/activity" show_org=true />
    }
}

/// The filters, one page of entries, and the pager.
#[component]
fn AuditEntries(
    /// The page's path, which also picks the log.
    path: &'static str,
    /// Whether to name each entry's org (the partner's activity spans many).
    show_org: bool,
) -> impl IntoView {
    let navigate = use_navigate();
    let view_state = use_audit_view(path);
    let entries = LocalResource::new(move || {
        let view = view_state.get();
        async move { api::audit_entries(&view).await }
    });
    let on_filter = Callback::new(move |filters: AuditFilters| {
        navigate(&view_state.get_untracked().filtered(filters).href(), Default::default());
    });
    let results = move || {
        entries.get().map(|result| match result {
            Err(error) => view! { <RetryBlock what="The log could not be loaded." error on_retry=Callback::new(move |()| entries.refetch()) /> }
            .into_any(),
            Ok(page) if page.data.is_empty() => view! {
                <EmptyState title="No entries">
                    <p>"Nothing recorded matches these filters."</p>
                </EmptyState>
            }
            .into_any(),
            Ok(page) => view! {
                <EntryTable entries=page.data.clone() show_org />
                <Pager
                    state=view_state.get_untracked()
                    shown=page.data.len() as i64
                    filtered=page.filtered_count
                    total=page.total_count
                />
            }
            .into_any(),
        })
    };
    view! {
        <FilterForm current=Signal::derive(move || view_state.get().filters) on_filter />
        <p>
            // A plain link: the browser downloads the file with the session cookie.
            <a class="button secondary" href=move || view_state.get().export_href() rel="external" download>
                "Export CSV"
            </a>
        </p>
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading the log…" /> }>{results}</Transition>
    }
}
