//! The one client of the server's `/api/v1`. Every request the app makes goes through here, so
//! URLs, headers and error handling live in one place.

use std::cell::RefCell;
use std::fmt;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use partner_center_domain::access_request::{AccessRequest, IncomingAccessRequest};
use partner_center_domain::api::{
    AcceptInvitationRequest, ChooseNewPassword, ErrorBody, HealthReport, InvitationInfo, Me, Page, PasswordResetInfo,
    PasswordResetRequest, SignInRequest, SignInResponse, SwitchOrgRequest,
};
use partner_center_domain::audit::AuditEntry;
use partner_center_domain::child_org::{
    BillingUpdate, ChildOrgDetail, ChildOrgSort, ChildOrgSummary, NewChildOrg, OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::partner_access::OutsideGroup;
use partner_center_domain::partner_home::PartnerHome;
use partner_center_domain::statement::{PartnerStatement, StatementMonth, StatementMonths};
use partner_center_domain::subscription::{
    ApiTokenSummary, CreatedApiToken, InvoiceView, NewApiToken, SubscriptionChange, SubscriptionView, UnlockRecorded,
};
use partner_center_domain::trial_extension::{TrialExtensionRequest, TrialExtensionView};
use partner_center_domain::users::{Membership, NewUserForm, SignInFailures, UserSort, UserSummary, UserUpdate};
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::JsFuture;

use crate::audit_view::AuditView;
use crate::early_fetch;
use crate::list_state::ListState;
use crate::statement_view::StatementView;
use send_wrapper::SendWrapper;
use serde::Serialize;

const BASE: &str = "/api/v1";
/// The server refuses writes without it: a page on another site cannot set it (see the server's
/// `auth::csrf`).
const CSRF_HEADER: &str = "x-csrf-protection";

/// Why a call to the server did not give what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: the server is down or the network is gone.
    Unreachable,
    /// The server answered with its structured error.
    Server(ErrorBody),
    /// The server answered something we could not read (a proxy's error page, say).
    UnexpectedResponse { status: u16 },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unreachable => None,
            Self::Server(body) => Some(body.status),
            Self::UnexpectedResponse { status } => Some(*status),
        }
    }

    /// The server's message for one field, if it gave one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Server(body) => body.field_errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    pub fn has_field_errors(&self) -> bool {
        matches!(self, Self::Server(body) if !body.field_errors.is_empty())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable => f.write_str("The server cannot be reached. Check your connection and try again."),
            Self::Server(body) => f.write_str(&body.message),
            Self::UnexpectedResponse { status } => {
                write!(f, "The server gave an unexpected answer (HTTP {status}). Try again in a moment.")
            }
        }
    }
}

impl std::error::Error for ApiError {}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Reads a JSON body with the browser's own parser into `T` (serde-wasm-bindgen), so the app
/// carries no JSON text parser of its own.
async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let raw: web_sys::Response = response.into();
    let parsed = match raw.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    parsed.and_then(|value| serde_wasm_bindgen::from_value(value).ok()).ok_or(ApiError::UnexpectedResponse { status })
}

/// `body` as JSON text, through the browser's own `JSON.stringify`.
fn json_text(body: &impl Serialize) -> Option<String> {
    let value = body.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

async fn into_error(response: Response) -> ApiError {
    let status = response.status();
    match read_json::<ErrorBody>(response).await {
        Ok(body) => ApiError::Server(body),
        Err(_) => ApiError::UnexpectedResponse { status },
    }
}

thread_local! {
    static ON_SESSION_ENDED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when a request finds the session gone (expired, ended elsewhere, or
/// the user suspended): the app then asks the person to sign in again.
pub fn on_session_ended(callback: impl Fn() + 'static) {
    ON_SESSION_ENDED.with(|slot| *slot.borrow_mut() = Some(Box::new(callback)));
}

/// Ties the request to the reactive owner running it (a page's resource or action): when the
/// page goes away or the resource reloads, the browser cancels it, as nobody is left to read
/// the answer.
fn cancelled_with_owner(request: RequestBuilder) -> RequestBuilder {
    let Ok(controller) = web_sys::AbortController::new() else {
        return request;
    };
    let request = request.abort_signal(Some(&controller.signal()));
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    request
}

async fn send_raw(request: RequestBuilder, body: Option<&impl Serialize>) -> Result<Response, ApiError> {
    let request = cancelled_with_owner(request);
    let sent = match body {
        Some(body) => {
            let text = json_text(body).ok_or(ApiError::Unreachable)?;
            request
                .header("content-type", "application/json")
                .body(text)
                .map_err(|_| ApiError::Unreachable)?
                .send()
                .await
        }
        None => request.send().await,
    };
    checked(sent.map_err(|_| ApiError::Unreachable)?).await
}

/// The answer when it is a success, else the error it carries.
async fn checked(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        Ok(response)
    } else {
        Err(into_error(response).await)
    }
}

/// A request made within a session: a 401 means the session has ended.
async fn send(request: RequestBuilder, body: Option<&impl Serialize>) -> Result<Response, ApiError> {
    within_session(send_raw(request, body).await)
}

fn within_session(result: Result<Response, ApiError>) -> Result<Response, ApiError> {
    if matches!(&result, Err(error) if error.status() == Some(401)) {
        ON_SESSION_ENDED.with(|slot| {
            if let Some(callback) = slot.borrow().as_ref() {
                callback();
            }
        });
    }
    result
}

/// A read within a session; the answer to the same request started with the page
/// (`early_fetch`) when there is one.
async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = url(path);
    let response = match early_fetch::take(&url) {
        Some(early) => match early.await {
            Some(response) => within_session(checked(response).await),
            None => Err(ApiError::Unreachable),
        },
        None => send(RequestBuilder::new(&url), None::<&()>).await,
    };
    read_json(response?).await
}

/// Starts, as a page's address matches, the read `path` that the page will make.
pub fn start_early(path: &str) {
    early_fetch::start(url(path));
}

/// A state-changing request, with the CSRF header.
fn write(method: Method, path: &str) -> RequestBuilder {
    RequestBuilder::new(&url(path)).method(method).header(CSRF_HEADER, "1")
}

/// The server's health. A degraded server answers 503 with the same report, which is still a
/// report worth showing.
pub async fn health() -> Result<HealthReport, ApiError> {
    let response = RequestBuilder::new(&url("/health")).send().await.map_err(|_| ApiError::Unreachable)?;
    if response.ok() || response.status() == 503 {
        read_json(response).await
    } else {
        Err(into_error(response).await)
    }
}

/// Signing in is the one request where a 401 means a wrong password, not an ended session.
pub async fn sign_in(request: &SignInRequest) -> Result<SignInResponse, ApiError> {
    read_json(send_raw(write(Method::POST, "/session"), Some(request)).await?).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    send(write(Method::DELETE, "/session"), None::<&()>).await.map(|_| ())
}

/// Who is signed in; `Ok(None)` when nobody is.
pub async fn me() -> Result<Option<Me>, ApiError> {
    // Here a 401 is an answer (nobody is signed in), not news of an ended session.
    let asked = async { read_json::<Me>(send_raw(RequestBuilder::new(&url("/me")), None::<&()>).await?).await };
    match asked.await {
        Ok(me) => Ok(Some(me)),
        Err(error) if error.status() == Some(401) => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn switch_org(org_id: &str) -> Result<Me, ApiError> {
    let request = SwitchOrgRequest { org_id: org_id.to_owned() };
    read_json(send(write(Method::PUT, "/session/org"), Some(&request)).await?).await
}

pub async fn invitation(token: &str) -> Result<InvitationInfo, ApiError> {
    get(&format!("/invitations/{token}")).await
}

pub async fn accept_invitation(token: &str, password: &str) -> Result<Me, ApiError> {
    let request = AcceptInvitationRequest { password: password.to_owned() };
    read_json(send(write(Method::POST, &format!("/invitations/{token}/accept")), Some(&request)).await?).await
}

/// "Forgot password?": the server answers the same whether or not a login uses `email`.
pub async fn request_password_reset(email: &str) -> Result<(), ApiError> {
    let request = PasswordResetRequest { email: email.to_owned() };
    send(write(Method::POST, "/password-resets"), Some(&request)).await.map(|_| ())
}

pub async fn password_reset(token: &str) -> Result<PasswordResetInfo, ApiError> {
    get(&format!("/password-resets/{}", encode(token))).await
}

pub async fn choose_new_password(token: &str, password: &str) -> Result<(), ApiError> {
    let request = ChooseNewPassword { password: password.to_owned() };
    send(write(Method::POST, &format!("/password-resets/{}", encode(token))), Some(&request)).await.map(|_| ())
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).as_string().unwrap_or_default()
}

pub async fn partner_info() -> Result<PartnerInfo, ApiError> {
    get("/partner").await
}

/// Everything the partner home shows, in one request.
pub async fn partner_home() -> Result<PartnerHome, ApiError> {
    get("/partner/home").await
}

pub fn child_orgs_path(view: &ListState<ChildOrgSort>) -> String {
    format!("/partner/orgs?{}", view.api_query())
}

pub async fn child_orgs(view: &ListState<ChildOrgSort>) -> Result<Page<ChildOrgSummary>, ApiError> {
    get(&child_orgs_path(view)).await
}

/// The CSV of every page of `view`, for a plain download link (the session cookie goes along).
pub fn child_orgs_export_href(view: &ListState<ChildOrgSort>) -> String {
    format!("{BASE}/partner/orgs/export?{}", view.view_query())
}

/// Add Org. `idempotency_key` stays the same for every retry of one form.
pub async fn create_child_org(form: &NewChildOrg, idempotency_key: &str) -> Result<ChildOrgDetail, ApiError> {
    let request = write(Method::POST, "/partner/orgs").header("idempotency-key", idempotency_key);
    read_json(send(request, Some(form)).await?).await
}

pub fn child_org_path(id: &str) -> String {
    format!("/partner/orgs/{}", encode(id))
}

pub async fn child_org(id: &str) -> Result<ChildOrgDetail, ApiError> {
    get(&child_org_path(id)).await
}

pub async fn update_org_info(id: &str, update: &OrgInfoUpdate) -> Result<ChildOrgDetail, ApiError> {
    read_json(send(write(Method::PATCH, &format!("/partner/orgs/{}", encode(id))), Some(update)).await?).await
}

pub async fn update_billing(id: &str, update: &BillingUpdate) -> Result<ChildOrgDetail, ApiError> {
    read_json(send(write(Method::PATCH, &format!("/partner/orgs/{}/billing", encode(id))), Some(update)).await?).await
}

/// One page of the acting org's users.
/// A page of the audit log the view's page shows: the org's own, or the partner's activity.
pub async fn audit_entries(view: &AuditView) -> Result<Page<AuditEntry>, ApiError> {
    get(&format!("{}?{}", view.endpoint(), view.api_query())).await
}

pub fn users_path(view: &ListState<UserSort>) -> String {
    format!("/users?{}", view.api_query())
}

pub async fn users(view: &ListState<UserSort>) -> Result<Page<UserSummary>, ApiError> {
    get(&users_path(view)).await
}

pub async fn user(id: &str) -> Result<UserSummary, ApiError> {
    get(&format!("/users/{}", encode(id))).await
}

/// What Add User did.
#[derive(Debug, Clone)]
pub enum AddedUser {
    Added(UserSummary),
    /// The login lives in an unrelated namespace: it was asked to join.
    Requested(AccessRequest),
}

pub async fn create_user(form: &NewUserForm) -> Result<AddedUser, ApiError> {
    let response = send(write(Method::POST, "/users"), Some(form)).await?;
    if response.status() == 202 {
        read_json(response).await.map(AddedUser::Requested)
    } else {
        read_json(response).await.map(AddedUser::Added)
    }
}

/// The acting org's requests awaiting an answer.
pub async fn access_requests() -> Result<Vec<AccessRequest>, ApiError> {
    get("/access-requests").await
}

pub async fn cancel_access_request(id: &str) -> Result<(), ApiError> {
    send(write(Method::DELETE, &format!("/access-requests/{}", encode(id))), None::<&()>).await.map(|_| ())
}

/// Requests from other orgs awaiting the signed-in login's answer.
pub async fn incoming_access_requests() -> Result<Vec<IncomingAccessRequest>, ApiError> {
    get("/me/access-requests").await
}

/// How the signed-in login answers a request to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAnswer {
    Accept,
    Decline,
}

pub async fn answer_access_request(id: &str, answer: RequestAnswer) -> Result<(), ApiError> {
    let verb = match answer {
        RequestAnswer::Accept => "accept",
        RequestAnswer::Decline => "decline",
    };
    let path = format!("/me/access-requests/{}/{verb}", encode(id));
    send(write(Method::POST, &path), None::<&()>).await.map(|_| ())
}

pub async fn update_user(id: &str, update: &UserUpdate) -> Result<UserSummary, ApiError> {
    read_json(send(write(Method::PATCH, &format!("/users/{}", encode(id))), Some(update)).await?).await
}

/// Sends an invited user a new invitation; the link sent before stops working.
/// A login's failed sign-ins in the last hour (its org's Super Admins; 404 for a login of
/// another namespace).
pub async fn sign_in_failures(user_id: &str) -> Result<SignInFailures, ApiError> {
    get(&format!("/users/{}/sign-in-failures", encode(user_id))).await
}

pub async fn clear_sign_in_failures(user_id: &str) -> Result<(), ApiError> {
    send(write(Method::DELETE, &format!("/users/{}/sign-in-failures", encode(user_id))), None::<&()>).await.map(|_| ())
}

pub async fn resend_invitation(user_id: &str) -> Result<UserSummary, ApiError> {
    read_json(send(write(Method::POST, &format!("/users/{}/invitation", encode(user_id))), None::<&()>).await?).await
}

pub async fn subscription(org_id: &str) -> Result<SubscriptionView, ApiError> {
    get(&format!("/partner/orgs/{}/subscription", encode(org_id))).await
}

pub async fn change_subscription(org_id: &str, change: &SubscriptionChange) -> Result<SubscriptionView, ApiError> {
    read_json(send(write(Method::PUT, &format!("/partner/orgs/{}/subscription", encode(org_id))), Some(change)).await?)
        .await
}

/// Extends a child org's running trial (once).
pub async fn extend_trial(org_id: &str, request: &TrialExtensionRequest) -> Result<TrialExtensionView, ApiError> {
    let path = format!("/partner/orgs/{}/trial-extension", encode(org_id));
    read_json(send(write(Method::POST, &path), Some(request)).await?).await
}

/// Produces a real unlock event for a child org, as a door would.
pub async fn bench_unlock(org_id: &str) -> Result<UnlockRecorded, ApiError> {
    read_json(send(write(Method::POST, &format!("/partner/orgs/{}/bench-unlock", encode(org_id))), None::<&()>).await?)
        .await
}

pub async fn org_invoices(org_id: &str) -> Result<Vec<InvoiceView>, ApiError> {
    get(&format!("/partner/orgs/{}/invoices", encode(org_id))).await
}

pub async fn invoice(id: &str) -> Result<InvoiceView, ApiError> {
    get(&format!("/partner/invoices/{}", encode(id))).await
}

/// The months that have a partner statement, newest first.
pub async fn statement_months() -> Result<StatementMonths, ApiError> {
    get("/partner/statements").await
}

/// The month's totals and the page of its lines `view` shows.
pub async fn statement(month: StatementMonth, view: &StatementView) -> Result<PartnerStatement, ApiError> {
    get(&format!("/partner/statements/{}?{}", month.key(), view.api_query())).await
}

/// The CSV of every line of the month, for a plain download link.
pub fn statement_export_href(month: StatementMonth) -> String {
    format!("{BASE}/partner/statements/{}/export", month.key())
}

pub async fn api_tokens() -> Result<Vec<ApiTokenSummary>, ApiError> {
    get("/api-tokens").await
}

pub async fn create_api_token(name: &str) -> Result<CreatedApiToken, ApiError> {
    read_json(send(write(Method::POST, "/api-tokens"), Some(&NewApiToken { name: name.to_owned() })).await?).await
}

pub async fn my_orgs() -> Result<Vec<Membership>, ApiError> {
    get("/me/orgs").await
}

/// Leaves an org the signed-in login belongs to.
pub async fn leave_org(org_id: &str) -> Result<(), ApiError> {
    send(write(Method::DELETE, &format!("/me/orgs/{}", encode(org_id))), None::<&()>).await.map(|_| ())
}

pub async fn partner_access() -> Result<Vec<OutsideGroup>, ApiError> {
    get("/partner-access").await
}

/// Removes an outside member's access to the acting org.
pub async fn remove_partner_access(user_id: &str) -> Result<(), ApiError> {
    send(write(Method::DELETE, &format!("/partner-access/{}", encode(user_id))), None::<&()>).await.map(|_| ())
}

pub async fn revoke_api_token(id: &str) -> Result<(), ApiError> {
    send(write(Method::DELETE, &format!("/api-tokens/{}", encode(id))), None::<&()>).await.map(|_| ())
}
