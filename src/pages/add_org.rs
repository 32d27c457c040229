use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::child_org::{field, NewChildOrg, PartnerInfo};
use stylers::style;

use crate::api;
use crate::components::{FormAlert, PageHeader, RetryBlock, SubmitButton, TextField};
use crate::flash::use_flash;
use crate::forms::{idempotency_key, show_save_error, FieldErrors};

/// Partner Center › Manage Organizations › Add Org (+).
#[component]
pub fn AddOrg() -> impl IntoView {
    let partner = LocalResource::new(api::partner_info);
    view! {
        <PageHeader
            title="Add Org"
            description="Create an organization for a customer, with its Super Admin, billing and trial."
        />
        <Suspense fallback=|| {
            view! { <p role="status">"Loading…"</p> }
        }>
            {move || {
                partner
                    .get()
                    .map(|result| match result {
                        Ok(info) => view! { <AddOrgForm partner=info /> }.into_any(),
                        Err(error) => {
                            view! {
                                <RetryBlock
                                    what="The form could not be prepared."
                                    error
                                    on_retry=Callback::new(move |()| partner.refetch())
                                />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AddOrgForm(partner: PartnerInfo) -> impl IntoView {
    let class_name = style! {
        form {
            max-width: 40rem;
        }
        fieldset {
            margin: 0 0 var(--space-6);
            padding: var(--space-4) var(--space-6) 0;
            border: 1px solid var(--color-border);
            border-radius: var(--radius-md);
            background: var(--color-surface);
        }
        legend {
            font-weight: 700;
            font-size: var(--text-lg);
            padding: 0 var(--space-2);
        }
        .checkbox {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            margin: calc(var(--space-2) * -1) 0 var(--space-4);
        }
        .actions {
            display: flex;
            gap: var(--space-3);
        }
    };
    let navigate = use_navigate();
    let flash = use_flash();
    let name = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let use_namespace = RwSignal::new(false);
    let namespace = RwSignal::new(String::new());
    let ap_email = RwSignal::new(String::new());
    let trial_days = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let parent_org = RwSignal::new(partner.org.name.clone());
    let billing_mode = RwSignal::new(partner.billing_mode.label().to_owned());
    let errors = FieldErrors::default();
    let alert = RwSignal::new(None::<String>);
    // One key for every retry of this form: a double click or a resend never makes two orgs.
    let key = idempotency_key();

    let form = move || NewChildOrg {
        name: name.get_untracked(),
        admin_first_name: first_name.get_untracked(),
        admin_last_name: last_name.get_untracked(),
        admin_email: email.get_untracked(),
        use_existing_namespace: use_namespace.get_untracked(),
        namespace: namespace.get_untracked(),
        ap_email: ap_email.get_untracked(),
        trial_days: trial_days.get_untracked(),
        reference_number: reference.get_untracked(),
    };
    let check = move |field: &'static str| Callback::new(move |()| errors.set(field, form().field_error(field)));

    let save = Action::new_local(move |form: &NewChildOrg| {
        let (form, key) = (form.clone(), key.clone());
        async move { api::create_child_org(&form, &key).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(org)) => {
            let invited = org.super_admin.as_ref().map(|admin| admin.email.clone()).unwrap_or_default();
            flash.set(format!("{} was created. Its Super Admin, {invited}, can now sign in to it.", org.name));
            navigate(&format!("/partner/orgs/{}", org.id), Default::default());
        }
        Some(Err(error)) => show_save_error(&error, errors, alert),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let current = form();
        match current.validate() {
            Ok(_) => {
                errors.replace(Vec::new());
                save.dispatch(current);
            }
            Err(found) => {
                errors.replace(found);
                errors.focus_first();
            }
        }
    };

    view! { class=class_name,
        <FormAlert message=alert />
        <form on:submit=on_submit novalidate>
            <fieldset>
                <legend>"Organization Information"</legend>
                <TextField
                    label="Organization Name"
                    id=field::NAME
                    value=name
                    error=errors.of(field::NAME)
                    on_blur=check(field::NAME)
                />
                <TextField
                    label="First Name"
                    id=field::ADMIN_FIRST_NAME
                    value=first_name
                    error=errors.of(field::ADMIN_FIRST_NAME)
                    hint="The Super Admin of the new organization."
                    on_blur=check(field::ADMIN_FIRST_NAME)
                />
                <TextField
                    label="Last Name"
                    id=field::ADMIN_LAST_NAME
                    value=last_name
                    error=errors.of(field::ADMIN_LAST_NAME)
                    on_blur=check(field::ADMIN_LAST_NAME)
                />
                <TextField
                    label="Email"
                    id=field::ADMIN_EMAIL
                    value=email
                    input_type="email"
                    error=errors.of(field::ADMIN_EMAIL)
                    on_blur=check(field::ADMIN_EMAIL)
                />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=use_namespace />
                    "Add a user from an existing namespace"
                </label>
                <Show when=move || use_namespace.get()>
                    <TextField
                        label="Namespace"
                        id=field::NAMESPACE
                        value=namespace
                        error=errors.of(field::NAMESPACE)
                        hint="The namespace this email already signs in with, e.g. org:parent-org (Users › Filter Columns › Namespace)."
                        on_blur=check(field::NAMESPACE)
                    />
                </Show>
            </fieldset>
            <fieldset>
                <legend>"Hierarchy"</legend>
                <TextField
                    label="Parent Org"
                    id="parentOrg"
                    value=parent_org
                    readonly=true
                    hint="Your organization is the parent of every organization you add."
                />
            </fieldset>
            <fieldset>
                <legend>"Billing"</legend>
                <TextField
                    label="Billing Mode"
                    id="billingMode"
                    value=billing_mode
                    readonly=true
                    hint="Selected automatically from your organization's billing settings."
                />
                <TextField
                    label="Accounts Payable Email"
                    id=field::AP_EMAIL
                    value=ap_email
                    input_type="email"
                    error=errors.of(field::AP_EMAIL)
                    hint="Invoices are sent here."
                    on_blur=check(field::AP_EMAIL)
                />
                <TextField
                    label="Initial Trial Period"
                    id=field::TRIAL_DAYS
                    value=trial_days
                    inputmode="numeric"
                    error=errors.of(field::TRIAL_DAYS)
                    hint="Days, from 1 to 21. The first unlock (bench-testing included) starts the trial; billing follows it."
                    on_blur=check(field::TRIAL_DAYS)
                />
                <TextField
                    label="Reference Number"
                    id=field::REFERENCE_NUMBER
                    value=reference
                    error=errors.of(field::REFERENCE_NUMBER)
                    hint="Optional. Printed on every invoice."
                    on_blur=check(field::REFERENCE_NUMBER)
                />
            </fieldset>
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                <A href="/partner/orgs" attr:class="button secondary">
                    "Cancel"
                </A>
            </div>
        </form>
    }
}
