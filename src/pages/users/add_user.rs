use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::access_request::request_sent;
use partner_center_domain::roles::{grantable, Role};
use partner_center_domain::users::{field, full_name, NewUserForm, UserStatus, UserSummary};

use crate::api::{self, AddedUser};
use crate::components::{
    ErrorSummary, ExistingNamespaceField, FormAlert, PageHeader, RoleChecklist, SubmitButton, Switch, TextField,
};
use crate::flash::use_flash;
use crate::forms::{show_save_error, FieldErrors};
use crate::session::use_session;

/// The Add User form's fields, as typed.
#[derive(Clone, Copy)]
struct NewUserFields {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    use_namespace: RwSignal<bool>,
    namespace: RwSignal<String>,
    portal_access: RwSignal<bool>,
    roles: RwSignal<Vec<Role>>,
    errors: FieldErrors,
}

impl NewUserFields {
    fn new() -> Self {
        Self {
            first_name: RwSignal::new(String::new()),
            last_name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            use_namespace: RwSignal::new(false),
            namespace: RwSignal::new(String::new()),
            portal_access: RwSignal::new(true),
            roles: RwSignal::new(Vec::new()),
            errors: FieldErrors::default(),
        }
    }

    fn form(&self) -> NewUserForm {
        NewUserForm {
            first_name: self.first_name.get_untracked(),
            last_name: self.last_name.get_untracked(),
            email: self.email.get_untracked(),
            use_existing_namespace: self.use_namespace.get_untracked(),
            namespace: self.namespace.get_untracked(),
            portal_access: self.portal_access.get_untracked(),
            roles: self.roles.get_untracked(),
        }
    }

    /// Checks one field when the person leaves it.
    fn check(self, field: &'static str) -> Callback<()> {
        Callback::new(move |()| self.errors.set(field, self.form().field_error(field)))
    }
}

/// Add User: a new login invited by mail, a login of the org's own or its partner's namespace
/// linked in (how a partner's one login comes to reach a customer's org), or a login of any
/// other namespace asked to join.
#[component]
pub fn AddUser() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let flash = use_flash();
    let fields = NewUserFields::new();
    let errors = fields.errors;
    let check = move |name: &'static str| fields.check(name);
    let alert = RwSignal::new(None::<String>);
    let offered = session.me().map(|me| grantable(&me.roles)).unwrap_or_default();
    let save = Action::new_local(|form: &NewUserForm| {
        let form = form.clone();
        async move { api::create_user(&form).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(AddedUser::Added(user))) => {
            flash.set(added(&user));
            navigate("/users", Default::default());
        }
        Some(Ok(AddedUser::Requested(request))) => {
            flash.set(request_sent(&request.email, &request.namespace));
            navigate("/users", Default::default());
        }
        Some(Err(error)) => show_save_error(&error, errors, alert),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let form = fields.form();
        if errors.passed(form.validate()) {
            save.dispatch(form);
        }
    };

    view! {
        <PageHeader
            title="Add User"
            description="Invite someone to this organization, or add a login they already have elsewhere."
        />
        <FormAlert message=alert />
        <ErrorSummary errors />
        <form class="panel-form" on:submit=on_submit novalidate>
            <TextField
                label="First Name"
                id=field::FIRST_NAME
                value=fields.first_name
                error=errors.of(field::FIRST_NAME)
                on_blur=check(field::FIRST_NAME)
            />
            <TextField
                label="Last Name"
                id=field::LAST_NAME
                value=fields.last_name
                error=errors.of(field::LAST_NAME)
                on_blur=check(field::LAST_NAME)
            />
            <TextField
                label="Email"
                id=field::EMAIL
                value=fields.email
                input_type="email"
                error=errors.of(field::EMAIL)
                on_blur=check(field::EMAIL)
            />
            <ExistingNamespaceField
                linking=fields.use_namespace
                namespace=fields.namespace
                id=field::NAMESPACE
                error=errors.of(field::NAMESPACE)
                hint="The namespace this email signs in with, e.g. org:parent-org (their Users page › Filter Columns › Namespace). Logins of this organization's or its partner's namespace are added at once; anyone else is asked to accept first."
                on_blur=check(field::NAMESPACE)
            />
            <Switch
                label="Portal Access"
                id="portalAccess"
                checked=fields.portal_access
                hint="May sign in to the console for this organization."
            />
            <RoleChecklist offered chosen=fields.roles />
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                <A href="/users" attr:class="button secondary">
                    "Cancel"
                </A>
            </div>
        </form>
    }
}

/// What the Users page says after Add User: who was added, and how they get in.
fn added(user: &UserSummary) -> String {
    let how = if user.status == UserStatus::Active {
        "They can sign in with their existing login."
    } else if user.portal_access {
        "An invitation was sent."
    } else {
        "They have no Portal Access."
    };
    format!("{} was added. {how}", full_name(&user.first_name, &user.last_name))
}
