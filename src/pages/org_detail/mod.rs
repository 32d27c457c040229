//! A child org's page: Organization Information, Billing and Subscriptions tabs.

mod billing_panel;
mod info_panel;
mod subscription_panel;
mod trial_extension_form;
mod trial_reminders;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::pages::{self, OrgTab};
use stylers::style;

use crate::api::{self, ApiError};
use crate::components::{LoadingSkeleton, RetryBlock, StatusBadge, SuccessNotice, TabList};
use crate::created_org::use_created_org;
use crate::flash::use_flash;
use crate::page_focus::heading_focus;
use crate::pages::NotFound;
use crate::route_params::{use_id, use_org_tab};
use billing_panel::BillingPanel;
use info_panel::InfoPanel;
use subscription_panel::SubscriptionPanel;

/// What a panel reports: the new state after a save, why a save failed, or that something
/// else changed the org (the page reloads it and shows the message).
#[derive(Clone, Copy)]
pub struct PanelEvents {
    pub saved: Callback<ChildOrgDetail>,
    pub failed: Callback<ApiError>,
    pub changed: Callback<String>,
}

#[component]
pub fn OrgDetail() -> impl IntoView {
    let class_name = style! {
        .crumbs {
            margin-bottom: var(--space-2);
            font-size: var(--text-sm);
        }
    };
    let id = use_id();
    let created = use_created_org();
    let org = LocalResource::new(move || {
        let id = id.get();
        // Straight from Add Org: its answer is this page's data.
        let handed_over = created.take(&id);
        async move {
            match handed_over {
                Some(detail) => Ok(detail),
                None => api::child_org(&id).await,
            }
        }
    });
    let notice = RwSignal::new(use_flash().take());
    let problem = RwSignal::new(None::<String>);
    let events = PanelEvents {
        saved: Callback::new(move |detail: ChildOrgDetail| {
            problem.set(None);
            notice.set(Some(format!("Saved changes to {}.", detail.name)));
            org.set(Some(Ok(detail)));
        }),
        failed: Callback::new(move |error: ApiError| {
            notice.set(None);
            problem.set(Some(error.to_string()));
            if error.status() == Some(409) {
                // Show what is there now; the person makes their change again from it.
                org.refetch();
            }
        }),
        changed: Callback::new(move |message: String| {
            problem.set(None);
            notice.set(Some(message));
            org.refetch();
        }),
    };
    let page = move || match org.get() {
        None => view! { <LoadingSkeleton what="Loading organization…" /> }.into_any(),
        Some(Err(error)) if error.status() == Some(404) => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => view! {
            <RetryBlock
                what="This organization could not be loaded."
                error
                on_retry=Callback::new(move |()| org.refetch())
            />
        }
        .into_any(),
        Some(Ok(detail)) => view! { <OrgSections detail events /> }.into_any(),
    };
    view! { class=class_name,
        <p class="crumbs">
            <A href="/partner/orgs">"Manage Organizations"</A>
        </p>
        <SuccessNotice message=notice />
        <div role="alert">{move || problem.get().map(|text| view! { <p class="problem-line">{text}</p> })}</div>
        {page}
    }
}

/// The org's name and state, and its sections as tabs kept in the URL.
#[component]
fn OrgSections(detail: ChildOrgDetail, events: PanelEvents) -> impl IntoView {
    let class_name = style! {
        .title {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--space-3);
            margin-bottom: var(--space-4);
        }
        h1 {
            margin: 0;
        }
    };
    let navigate = use_navigate();
    let wanted = use_org_tab();
    let tab = Memo::new(move |_| {
        wanted.with(|wanted| wanted.as_deref().and_then(OrgTab::from_key)).unwrap_or(OrgTab::Info).key()
    });
    let select_tab = Callback::new({
        let id = detail.id.clone();
        move |key: &'static str| {
            let href = pages::org_tab(&id, OrgTab::from_key(key).unwrap_or(OrgTab::Info));
            navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
        }
    });
    document().set_title(&format!("{} · Partner Center", detail.name));
    let (name, status) = (detail.name.clone(), detail.billing.status);
    let panel = move || match tab.get() {
        "billing" => view! { <BillingPanel org=detail.clone() events /> }.into_any(),
        "subscriptions" => view! { <SubscriptionPanel org_id=detail.id.clone() /> }.into_any(),
        _ => view! { <InfoPanel org=detail.clone() events /> }.into_any(),
    };
    view! { class=class_name,
        <div class="title">
            <h1 tabindex="-1" node_ref=heading_focus()>
                {name}
            </h1>
            <StatusBadge status />
        </div>
        <TabList
            label="Organization sections"
            tabs=OrgTab::ALL.iter().map(|tab| (tab.key(), tab.label())).collect()
            selected=tab
            on_select=select_tab
        />
        <div
            role="tabpanel"
            id=move || format!("panel-{}", tab.get())
            aria-labelledby=move || format!("tab-{}", tab.get())
        >
            {panel}
        </div>
    }
}
