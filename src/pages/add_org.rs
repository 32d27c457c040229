use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::child_org::{field, ChildOrgDetail, NewChildOrg, PartnerInfo};
use partner_center_domain::pages;
use stylers::style;

use crate::api;
use crate::components::{
    ApEmailInputs, ApEmailsField, ErrorSummary, ExistingNamespaceField, FormAlert, LoadingSkeleton, PageHeader,
    ReadOnlyField, RetryBlock, SubmitButton, TextField,
};
use crate::created_org::use_created_org;
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
            view! { <LoadingSkeleton what="Loading…" /> }
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

/// The Add Org form's fields, as typed.
#[derive(Clone, Copy)]
struct AddOrgFields {
    name: RwSignal<String>,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    use_namespace: RwSignal<bool>,
    namespace: RwSignal<String>,
    ap_emails: ApEmailInputs,
    trial_days: RwSignal<String>,
    reference: RwSignal<String>,
    errors: FieldErrors,
}

impl AddOrgFields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            name: text(),
            first_name: text(),
            last_name: text(),
            email: text(),
            use_namespace: RwSignal::new(false),
            namespace: text(),
            ap_emails: ApEmailInputs::new(String::new(), Vec::new()),
            trial_days: text(),
            reference: text(),
            errors: FieldErrors::default(),
        }
    }

    fn form(&self) -> NewChildOrg {
        NewChildOrg {
            name: self.name.get_untracked(),
            admin_first_name: self.first_name.get_untracked(),
            admin_last_name: self.last_name.get_untracked(),
            admin_email: self.email.get_untracked(),
            use_existing_namespace: self.use_namespace.get_untracked(),
            namespace: self.namespace.get_untracked(),
            ap_email: self.ap_emails.first.get_untracked(),
            additional_ap_emails: self.ap_emails.more_values(),
            trial_days: self.trial_days.get_untracked(),
            reference_number: self.reference.get_untracked(),
        }
    }

    /// Checks one field when the person leaves it.
    fn check(self, field: &'static str) -> Callback<()> {
        let named = self.check_named();
        Callback::new(move |()| named.run(field.to_owned()))
    }

    /// Checks the field named when it is called (fields that come and go).
    fn check_named(self) -> Callback<String> {
        Callback::new(move |field: String| self.errors.set(&field, self.form().field_error(&field)))
    }
}

/// What Save did for the Super Admin: a new login was invited to set a password; a login of
/// the partner's namespace was linked and can sign in now; any other was asked to join.
fn created_notice(org: &ChildOrgDetail, linked_existing: bool, email: &str) -> String {
    match (&org.super_admin, linked_existing) {
        (Some(admin), false) => format!(
            "{} was created. Its Super Admin, {}, was invited by mail to set a password and sign in.",
            org.name, admin.email
        ),
        (Some(admin), true) => {
            format!("{} was created. Its Super Admin, {}, can now sign in to it.", org.name, admin.email)
        }
        (None, _) => format!("{} was created. {} was asked to join it as its Super Admin.", org.name, email.trim()),
    }
}

#[component]
fn AddOrgForm(partner: PartnerInfo) -> impl IntoView {
    let class_name = style! {
        form {
            max-width: 40rem;
        }
    };
    let navigate = use_navigate();
    let flash = use_flash();
    let created = use_created_org();
    let fields = AddOrgFields::new();
    let errors = fields.errors;
    let alert = RwSignal::new(None::<String>);
    // One key for every retry of this form: a double click or a resend never makes two orgs.
    let key = idempotency_key();
    let save = Action::new_local(move |form: &NewChildOrg| {
        let (form, key) = (form.clone(), key.clone());
        async move { api::create_child_org(&form, &key).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(org)) => {
            let form = fields.form();
            flash.set(created_notice(&org, form.use_existing_namespace, &form.admin_email));
            let href = pages::org(&org.id);
            created.hand_over(org);
            navigate(&href, Default::default());
        }
        Some(Err(error)) => show_save_error(&error, errors, alert),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let current = fields.form();
        if errors.passed(current.validate()) {
            save.dispatch(current);
        }
    };
    view! { class=class_name,
        <FormAlert message=alert />
        <ErrorSummary errors />
        <form on:submit=on_submit novalidate>
            <OrgInfoSection fields />
            <fieldset class="form-section">
                <legend>"Hierarchy"</legend>
                <ReadOnlyField
                    label="Parent Org"
                    id="parentOrg"
                    value=partner.org.name.clone()
                    hint="Your organization is the parent of every organization you add."
                />
            </fieldset>
            <BillingSection fields billing_mode=partner.billing_mode.label() />
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                <A href="/partner/orgs" attr:class="button secondary">
                    "Cancel"
                </A>
            </div>
        </form>
    }
}

/// Organization Information: the name, and the Super Admin (new, or a login linked from an
/// existing namespace).
#[component]
fn OrgInfoSection(fields: AddOrgFields) -> impl IntoView {
    let errors = fields.errors;
    view! {
        <fieldset class="form-section">
            <legend>"Organization Information"</legend>
            <TextField
                label="Organization Name"
                id=field::NAME
                value=fields.name
                error=errors.of(field::NAME)
                on_blur=fields.check(field::NAME)
            />
            <TextField
                label="First Name"
                id=field::ADMIN_FIRST_NAME
                value=fields.first_name
                error=errors.of(field::ADMIN_FIRST_NAME)
                hint="The Super Admin of the new organization."
                on_blur=fields.check(field::ADMIN_FIRST_NAME)
            />
            <TextField
                label="Last Name"
                id=field::ADMIN_LAST_NAME
                value=fields.last_name
                error=errors.of(field::ADMIN_LAST_NAME)
                on_blur=fields.check(field::ADMIN_LAST_NAME)
            />
            <TextField
                label="Email"
                id=field::ADMIN_EMAIL
                value=fields.email
                input_type="email"
                error=errors.of(field::ADMIN_EMAIL)
                on_blur=fields.check(field::ADMIN_EMAIL)
            />
            <ExistingNamespaceField
                linking=fields.use_namespace
                namespace=fields.namespace
                id=field::NAMESPACE
                error=errors.of(field::NAMESPACE)
                hint="The namespace this email already signs in with, e.g. org:parent-org (Users › Filter Columns › Namespace)."
                on_blur=fields.check(field::NAMESPACE)
            />
        </fieldset>
    }
}

/// Billing: the mode the partner's settings choose, the AP email, the trial and the reference.
#[component]
fn BillingSection(fields: AddOrgFields, billing_mode: &'static str) -> impl IntoView {
    let errors = fields.errors;
    view! {
        <fieldset class="form-section">
            <legend>"Billing"</legend>
            <ReadOnlyField
                label="Billing Mode"
                id="billingMode"
                value=billing_mode
                hint="Selected automatically from your organization's billing settings."
            />
            <ApEmailsField
                inputs=fields.ap_emails
                errors
                check=fields.check_named()
                hint="Invoices are sent here; add up to 4 more addresses to send each invoice to them too."
            />
            <TextField
                label="Initial Trial Period"
                id=field::TRIAL_DAYS
                value=fields.trial_days
                inputmode="numeric"
                error=errors.of(field::TRIAL_DAYS)
                hint="Days, from 1 to 21. The first unlock (bench-testing included) starts the trial; billing follows it."
                on_blur=fields.check(field::TRIAL_DAYS)
            />
            <TextField
                label="Reference Number"
                id=field::REFERENCE_NUMBER
                value=fields.reference
                error=errors.of(field::REFERENCE_NUMBER)
                hint="Optional. Printed on every invoice."
                on_blur=fields.check(field::REFERENCE_NUMBER)
            />
        </fieldset>
    }
}
