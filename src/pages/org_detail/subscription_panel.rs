use leptos::prelude::*;
use partner_center_domain::child_org::ChildOrgDetail;

/// Subscriptions: the current plan. Changing it comes with billing.
#[component]
pub fn SubscriptionPanel(org: ChildOrgDetail) -> impl IntoView {
    let subscription = org.subscription;
    view! {
        <dl class="facts">
            <dt>"Package Plan"</dt>
            <dd>{subscription.plan.label()}</dd>
            <dt>"Currency"</dt>
            <dd>{subscription.currency.code()}</dd>
            <dt>"Plan Length"</dt>
            <dd>{subscription.length.label()}</dd>
            <dt>"Status"</dt>
            <dd>{org.billing.status.label()}</dd>
        </dl>
    }
}
