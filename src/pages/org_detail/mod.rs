//! A child org's page: Organization Information, Billing and Subscriptions tabs.

mod billing_panel;
mod info_panel;
mod subscription_panel;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use partner_center_domain::child_org::ChildOrgDetail;
use stylers::style;

use crate::api::{self, ApiError};
use crate::components::{StatusBadge, TabList};
use crate::flash::use_flash;
use crate::pages::NotFound;
use billing_panel::BillingPanel;
use info_panel::InfoPanel;
use subscription_panel::SubscriptionPanel;

const TABS: [(&str, &str); 3] =
    [("info", "Organization Information"), ("billing", "Billing"), ("subscriptions", "Subscriptions")];

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
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let tab = Memo::new(move |_| {
        let wanted = query.with(|q| q.get("tab")).unwrap_or_default();
        TABS.iter().map(|(key, _)| *key).find(|key| *key == wanted).unwrap_or("info")
    });
    let resource = LocalResource::new(move || {
        let id = id();
        async move { api::child_org(&id).await }
    });
    let org = RwSignal::new(None::<ChildOrgDetail>);
    let load_error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match resource.get() {
        Some(Ok(detail)) => org.set(Some(detail)),
        Some(Err(error)) => load_error.set(Some(error)),
        None => {}
    });
    let notice = RwSignal::new(use_flash().take());
    let problem = RwSignal::new(None::<String>);
    let events = PanelEvents {
        saved: Callback::new(move |detail: ChildOrgDetail| {
            problem.set(None);
            notice.set(Some(format!("Saved changes to {}.", detail.name)));
            org.set(Some(detail));
        }),
        failed: Callback::new(move |error: ApiError| {
            notice.set(None);
            problem.set(Some(error.to_string()));
            if error.status() == Some(409) {
                // Show what is there now; the person makes their change again from it.
                resource.refetch();
            }
        }),
        changed: Callback::new(move |message: String| {
            problem.set(None);
            notice.set(Some(message));
            resource.refetch();
        }),
    };
    let select_tab = Callback::new(move |key: &'static str| {
        let href = format!("/partner/orgs/{}?tab={key}", id());
        navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });

    let page = move || {
        if load_error.get().is_some_and(|e| e.status() == Some(404)) {
            return view! { <NotFound /> }.into_any();
        }
        if let Some(error) = load_error.get() {
            return view! {
                <div role="alert">
                    <p>{format!("This organization could not be loaded. {error}")}</p>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            load_error.set(None);
                            resource.refetch();
                        }
                    >
                        "Try again"
                    </button>
                </div>
            }
            .into_any();
        }
        let Some(detail) = org.get() else {
            return view! { <p role="status">"Loading organization…"</p> }.into_any();
        };
        leptos::prelude::document().set_title(&format!("{} · Partner Center", detail.name));
        let panel = match tab.get() {
            "billing" => view! { <BillingPanel org=detail.clone() events /> }.into_any(),
            "subscriptions" => view! { <SubscriptionPanel org_id=detail.id.clone() /> }.into_any(),
            _ => view! { <InfoPanel org=detail.clone() events /> }.into_any(),
        };
        view! { class=class_name,
            <div class="title">
                <h1>{detail.name.clone()}</h1>
                <StatusBadge status=detail.billing.status />
            </div>
            <TabList label="Organization sections" tabs=TABS.to_vec() selected=tab on_select=select_tab />
            <div role="tabpanel" id=format!("panel-{}", tab.get()) aria-labelledby=format!("tab-{}", tab.get())>
                {panel}
            </div>
        }
        .into_any()
    };

    view! { class=class_name,
        <p class="crumbs">
            <A href="/partner/orgs">"Manage Organizations"</A>
        </p>
        <div role="status">
            {move || notice.get().map(|text| view! { class=class_name, <p class="notice-line">{text}</p> })}
        </div>
        <div role="alert">
            {move || problem.get().map(|text| view! { class=class_name, <p class="problem-line">{text}</p> })}
        </div>
        {page}
    }
}
