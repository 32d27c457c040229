use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::child_org::{field, ChildOrgDetail, OrgInfoUpdate};
use partner_center_domain::validation::OrgName;

use super::PanelEvents;
use crate::api;
use crate::components::{CopyableText, SubmitButton, TextField};
use crate::format;
use crate::forms::FieldErrors;

/// Organization Information: the name (editable), namespace, parent org and Super Admin.
#[component]
pub fn InfoPanel(org: ChildOrgDetail, events: PanelEvents) -> impl IntoView {
    let name = RwSignal::new(org.name.clone());
    let errors = FieldErrors::default();
    let (id, version) = (org.id.clone(), org.version);
    let save = Action::new_local(move |update: &OrgInfoUpdate| {
        let (id, update) = (id.clone(), update.clone());
        async move { api::update_org_info(&id, &update).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(detail)) => events.saved.run(detail),
        Some(Err(error)) => match error.field_message(field::NAME) {
            Some(message) => errors.set(field::NAME, Some(message)),
            None => events.failed.run(error),
        },
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let problem = OrgName::parse(&name.get_untracked()).err().map(|e| e.to_string());
        errors.set(field::NAME, problem.clone());
        if problem.is_none() {
            save.dispatch(OrgInfoUpdate { name: name.get_untracked(), version });
        }
    };
    let admin = org.super_admin.map_or_else(|| "—".to_owned(), |a| format!("{} ({})", a.name, a.email));
    view! {
        <form class="panel-form" on:submit=on_submit novalidate>
            <TextField
                label="Organization Name"
                id=field::NAME
                value=name
                error=errors.of(field::NAME)
                on_blur=Callback::new(move |()| {
                    errors.set(field::NAME, OrgName::parse(&name.get_untracked()).err().map(|e| e.to_string()))
                })
            />
            <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
        </form>
        <dl class="facts">
            <dt>"Namespace"</dt>
            <dd>
                <CopyableText text=org.namespace label="Copy namespace" />
            </dd>
            <dt>"Parent Org"</dt>
            <dd>{org.parent.name}</dd>
            <dt>"Super Admin"</dt>
            <dd>{admin}</dd>
            <dt>"Created"</dt>
            <dd>{format::local_date(&org.created_at)}</dd>
        </dl>
    }
}
