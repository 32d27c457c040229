//! The JSON API under `/api/v1`. Handlers stay thin: they resolve the caller, check the rules
//! in the domain crate, call the data layer, and map the outcome to a response.

mod access_requests;
mod api_tokens;
mod audit_trail;
mod failed_sign_ins;
mod health;
mod invitation_acceptance;
mod invoice_views;
mod my_orgs;
mod org_export;
mod org_profile;
mod org_users;
mod partner;
mod partner_access;
mod partner_home;
mod password_reset_links;
pub mod routes;
mod signing_in;
mod statements;
mod subscriptions;
mod test_clock;
mod trial_extensions;
mod unlock_reports;

use axum::http::{Method, StatusCode};
use partner_center_domain::access_request::{AccessRequest, IncomingAccessRequest};
use partner_center_domain::api::{
    AcceptInvitationRequest, ChooseNewPassword, HealthReport, InvitationInfo, Me, OrgDetail, Page, PasswordResetInfo,
    PasswordResetRequest, SignInRequest, SignInResponse, SwitchOrgRequest,
};
use partner_center_domain::audit::{AuditEntry, AuditFilterQuery, AuditQuery};
use partner_center_domain::child_org::{
    BillingUpdate, ChildOrgDetail, ChildOrgSort, ChildOrgSummary, NewChildOrg, OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::org_filter::OrgFilterQuery;
use partner_center_domain::partner_access::OutsideGroup;
use partner_center_domain::partner_home::PartnerHome;
use partner_center_domain::search;
use partner_center_domain::statement::{PartnerStatement, StatementMonths, MONTH_PATTERN};
use partner_center_domain::subscription::{
    ApiTokenSummary, CatalogEntry, CreatedApiToken, InvoiceView, NewApiToken, SubscriptionChange, SubscriptionView,
    UnlockRecorded, UnlockReport,
};
use partner_center_domain::trial_extension::{TrialExtensionRequest, TrialExtensionView};
use partner_center_domain::users::{Membership, NewUserForm, SignInFailures, UserSort, UserSummary, UserUpdate};
use serde::Deserialize;

use self::routes::{route, RouteBuilder};
pub use self::routes::{router, Auth, Doc, Route, SchemaOf};
use crate::error::AppError;

/// The query of every list endpoint: `limit`, `offset`, `sort`, `order`, `q`.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub q: Option<String>,
}

impl ListParams {
    /// Page size: 1 to 100, 50 unless asked.
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit {
            None => Ok(50),
            Some(limit @ 1..=100) => Ok(limit),
            Some(_) => Err(bad_request("limit must be a whole number from 1 to 100.")),
        }
    }

    pub fn offset(&self) -> Result<i64, AppError> {
        match self.offset {
            None => Ok(0),
            Some(offset @ 0..) => Ok(offset),
            Some(_) => Err(bad_request("offset must be zero or more.")),
        }
    }

    /// True for `order=desc`; `asc` or nothing is ascending; anything else is refused.
    pub fn descending(&self) -> Result<bool, AppError> {
        match self.order.as_deref() {
            None | Some("asc") => Ok(false),
            Some("desc") => Ok(true),
            Some(_) => Err(bad_request("order must be asc or desc.")),
        }
    }

    /// The `sort` column, one of `keys` (`default` when not asked).
    pub fn sort<T>(&self, default: T, from_key: fn(&str) -> Option<T>, keys: &[&str]) -> Result<T, AppError> {
        match self.sort.as_deref() {
            None => Ok(default),
            Some(key) => from_key(key).ok_or_else(|| bad_request(format!("sort must be one of {}.", keys.join(", ")))),
        }
    }

    /// The search text, trimmed, once it is within the bounds every search keeps.
    pub fn search(&self) -> Result<&str, AppError> {
        let q = self.q.as_deref().unwrap_or_default().trim();
        search::query_terms(q).map_err(|error| bad_request(error.to_string()))?;
        Ok(q)
    }

    /// The search words.
    pub fn search_terms(&self) -> Result<Vec<String>, AppError> {
        search::query_terms(self.q.as_deref().unwrap_or_default()).map_err(|error| bad_request(error.to_string()))
    }
}

fn bad_request(message: impl Into<String>) -> AppError {
    AppError::refused(StatusCode::BAD_REQUEST, message)
}

/// The `{month}` of the statement routes: `YYYY-MM`.
const MONTH_PATH: &[(&str, &str)] = &[("month", MONTH_PATTERN)];

/// Every route of the API; `POST /api/v1/test/clock` only on a server started with
/// `--test-clock`. The order is the OpenAPI document's.
pub fn routes(test_clock: bool) -> Vec<Route> {
    use Auth::{LinkToken, OrgToken, Public, Session};
    // 409: a stale version, or well-formed input that what is stored refuses (a name taken).
    const CONFLICTS: &[u16] = &[409];
    // Writes that mail someone: 429 once the acting org has sent its hourly volume.
    const MAILS: &[u16] = &[409, 429];
    let mut all = vec![
        route(Method::GET, "/api/v1/health", Public, health::health)
            .summary("Health: whether the server is up (503 when degraded); version and database to a signed-in caller")
            .ok::<HealthReport>(200)
            .errors(&[503]),
        route(Method::GET, "/api/v1/health/live", Public, health::live)
            .summary("Liveness: 204 while the process answers; asks nothing else")
            .no_content(),
        route(Method::GET, "/api/v1/health/ready", Public, health::ready)
            .summary("Readiness: 200 when the database answers; 503 when it does not or once the server is stopping")
            .ok::<HealthReport>(200)
            .errors(&[503]),
        route(Method::GET, "/api/v1/openapi.json", Public, openapi_document)
            .summary("This document")
            .ok::<serde_json::Value>(200),
        route(Method::POST, "/api/v1/session", Public, signing_in::sign_in)
            .summary("Sign in; answers a namespace choice when the email has several logins")
            .request::<SignInRequest>()
            .ok::<SignInResponse>(200)
            .errors(&[401, 403, 429]),
        route(Method::POST, "/api/v1/password-resets", Public, password_reset_links::request)
            .summary(
                "Forgot password: mails each login of the email a link to choose a new password (the same 204 \
                 whether or not any login uses the email)",
            )
            .request::<PasswordResetRequest>()
            .no_content()
            .errors(&[429]),
        route(Method::GET, "/api/v1/password-resets/{token}", LinkToken, password_reset_links::show)
            .summary("Whose password a reset link chooses (the token is the credential)")
            .ok::<PasswordResetInfo>(200),
        route(Method::POST, "/api/v1/password-resets/{token}", LinkToken, password_reset_links::choose)
            .summary("Choose the new password; every session of the login ends, and the person signs in with it next")
            .request::<ChooseNewPassword>()
            .no_content()
            .errors(&[429]),
        route(Method::DELETE, "/api/v1/session", Public, signing_in::sign_out)
            .summary("Sign out: ends the session on the server")
            .no_content(),
        route(Method::PUT, "/api/v1/session/org", Session, signing_in::switch_org)
            .summary("Switch the acting org")
            .request::<SwitchOrgRequest>()
            .ok::<Me>(200),
        route(Method::GET, "/api/v1/me", Session, signing_in::me)
            .summary("The signed-in person, acting org, roles and reachable orgs")
            .ok::<Me>(200),
        route(Method::GET, "/api/v1/me/orgs", Session, my_orgs::list)
            .summary("Every org the signed-in login belongs to, with its roles and standing")
            .ok::<Vec<Membership>>(200),
        route(Method::DELETE, "/api/v1/me/orgs/{id}", Session, my_orgs::leave)
            .summary("Leave an org (409 for the org this session acts in, or for its last active Super Admin)")
            .no_content()
            .errors(CONFLICTS),
        route(Method::GET, "/api/v1/me/access-requests", Session, access_requests::list_received)
            .summary("Requests to join other orgs that await the signed-in login's answer")
            .ok::<Vec<IncomingAccessRequest>>(200),
        route(Method::POST, "/api/v1/me/access-requests/{id}/accept", Session, access_requests::accept)
            .summary("Accept a request: the login becomes a user of the org that asked")
            .no_content()
            .errors(MAILS),
        route(Method::POST, "/api/v1/me/access-requests/{id}/decline", Session, access_requests::decline)
            .summary("Decline a request to join")
            .no_content(),
        route(Method::GET, "/api/v1/orgs/{id}", Session, org_profile::get_org)
            .summary("An org's information (own org, or a partner's child)")
            .ok::<OrgDetail>(200),
        route(Method::GET, "/api/v1/partner", Session, partner::info)
            .summary("The partner org and the settings new child orgs inherit")
            .ok::<PartnerInfo>(200),
        route(Method::GET, "/api/v1/partner/home", Session, partner_home::home)
            .summary(
                "The partner home: child orgs by state, trials ending within 7 days, orgs awaiting their first \
                 unlock for over 14 days, recent invoices and the partner's recent activity",
            )
            .ok::<PartnerHome>(200),
        route(Method::GET, "/api/v1/partner/orgs", Session, partner::list)
            .summary("Manage Organizations: one page of child orgs, searched, filtered (state, plan, currency, trial ends within N days) and sorted")
            .list(ChildOrgSort::KEYS)
            .query::<OrgFilterQuery>()
            .ok::<Page<ChildOrgSummary>>(200),
        route(Method::GET, "/api/v1/partner/orgs/export", Session, org_export::export)
            .summary(
                "Manage Organizations as CSV: exactly the view the same query lists (search, filters, sort), \
                 every page, plus namespace, AP emails and reference number",
            )
            .list(ChildOrgSort::KEYS)
            .query::<OrgFilterQuery>()
            .csv(),
        route(Method::POST, "/api/v1/partner/orgs", Session, partner::create)
            .summary("Add Org; needs an Idempotency-Key header")
            .request::<NewChildOrg>()
            .idempotency_key()
            .ok::<ChildOrgDetail>(201)
            .errors(MAILS),
        route(Method::GET, "/api/v1/partner/orgs/{id}", Session, partner::get)
            .summary("A child org")
            .ok::<ChildOrgDetail>(200),
        route(Method::PATCH, "/api/v1/partner/orgs/{id}", Session, partner::update_info)
            .summary("Rename a child org (409 when stale)")
            .request::<OrgInfoUpdate>()
            .ok::<ChildOrgDetail>(200)
            .errors(CONFLICTS),
        route(Method::PATCH, "/api/v1/partner/orgs/{id}/billing", Session, partner::update_billing)
            .summary("Edit a child org's billing (409 when stale)")
            .request::<BillingUpdate>()
            .ok::<ChildOrgDetail>(200)
            .errors(CONFLICTS),
        route(Method::GET, "/api/v1/partner/orgs/{id}/subscription", Session, subscriptions::subscription)
            .summary("A child org's subscription, next invoice and history")
            .ok::<SubscriptionView>(200),
        route(Method::PUT, "/api/v1/partner/orgs/{id}/subscription", Session, subscriptions::change_subscription)
            .summary("Change the subscription plan (409 when stale)")
            .request::<SubscriptionChange>()
            .ok::<SubscriptionView>(200)
            .errors(CONFLICTS),
        route(Method::POST, "/api/v1/partner/orgs/{id}/bench-unlock", Session, unlock_reports::bench_unlock)
            .summary("Record a bench-test unlock (the first starts the trial)")
            .ok::<UnlockRecorded>(200),
        route(Method::POST, "/api/v1/partner/orgs/{id}/trial-extension", Session, trial_extensions::extend)
            .summary("Extend a running trial by 1 to 14 days, with a reason; once per org (409 after that)")
            .request::<TrialExtensionRequest>()
            .ok::<TrialExtensionView>(200)
            .errors(CONFLICTS),
        route(Method::GET, "/api/v1/partner/orgs/{id}/invoices", Session, invoice_views::org_invoices)
            .summary("A child org's invoices, newest first")
            .ok::<Vec<InvoiceView>>(200),
        route(Method::GET, "/api/v1/partner/invoices/{id}", Session, invoice_views::invoice)
            .summary("One invoice of a child org")
            .ok::<InvoiceView>(200),
        route(Method::GET, "/api/v1/partner/statements", Session, statements::months)
            .summary(
                "The months with a partner statement, newest first: from the first invoice of a \
                 partner-invoiced child org to the current month (UTC)",
            )
            .ok::<StatementMonths>(200),
        route(Method::GET, "/api/v1/partner/statements/{month}", Session, statements::statement)
            .summary(
                "The partner statement of a month (YYYY-MM, UTC): totals per currency and one page of the \
                 partner-invoiced child invoices issued in it, oldest first",
            )
            .path_patterns(MONTH_PATH)
            .paged()
            .ok::<PartnerStatement>(200),
        route(Method::GET, "/api/v1/partner/statements/{month}/export", Session, statements::export)
            .summary("The partner statement of a month as CSV: every invoice, with its currency and amount")
            .path_patterns(MONTH_PATH)
            .csv(),
        route(Method::GET, "/api/v1/catalog", Session, subscriptions::catalog)
            .summary("Every plan, currency and length with its price")
            .ok::<Vec<CatalogEntry>>(200),
        route(Method::GET, "/api/v1/users", Session, org_users::list)
            .summary("One page of the acting org's users")
            .list(UserSort::KEYS)
            .ok::<Page<UserSummary>>(200),
        route(Method::POST, "/api/v1/users", Session, org_users::create)
            .summary(
                "Add a user to the acting org: a new login, or one of the org's own or its partner's namespace \
                 (201); a login of any other namespace is asked to join instead (202, the same answer whether \
                 or not that login exists)",
            )
            .request::<NewUserForm>()
            .ok::<UserSummary>(201)
            .or::<AccessRequest>(202)
            .errors(MAILS),
        route(Method::GET, "/api/v1/access-requests", Session, access_requests::list_sent)
            .summary("The acting org's pending requests to logins of other namespaces")
            .ok::<Vec<AccessRequest>>(200),
        route(Method::DELETE, "/api/v1/access-requests/{id}", Session, access_requests::cancel_sent)
            .summary("Cancel a pending request")
            .no_content(),
        route(Method::GET, "/api/v1/users/{id}", Session, org_users::get)
            .summary("A user of the acting org")
            .ok::<UserSummary>(200),
        route(Method::PATCH, "/api/v1/users/{id}", Session, org_users::update)
            .summary("Roles, Portal Access, suspension (409 when stale)")
            .request::<UserUpdate>()
            .ok::<UserSummary>(200)
            .errors(MAILS),
        route(Method::POST, "/api/v1/users/{id}/invitation", Session, org_users::resend_invitation)
            .summary("Send an invited user a new invitation; the link sent before stops working (409 once accepted)")
            .ok::<UserSummary>(200)
            .errors(MAILS),
        route(Method::GET, "/api/v1/users/{id}/sign-in-failures", Session, failed_sign_ins::get)
            .summary(
                "A login of the org's own namespace: its failed sign-ins in the last hour, from every client, and \
                 whether they now refuse sign-ins from new clients",
            )
            .ok::<SignInFailures>(200),
        route(Method::DELETE, "/api/v1/users/{id}/sign-in-failures", Session, failed_sign_ins::clear)
            .summary("Forget a login's failed sign-ins, so a person others' guesses locked out can sign in again")
            .no_content(),
        route(Method::GET, "/api/v1/audit", Session, audit_trail::org_log)
            .summary("The acting org's audit log, newest first: every change made in it, by anyone")
            .query::<AuditQuery>()
            .ok::<Page<AuditEntry>>(200),
        route(Method::GET, "/api/v1/partner/activity", Session, audit_trail::partner_activity)
            .summary("What the partner's people did in its child orgs, newest first")
            .query::<AuditQuery>()
            .ok::<Page<AuditEntry>>(200),
        route(Method::GET, "/api/v1/audit/export", Session, audit_trail::org_log_csv)
            .summary("The acting org's filtered audit log as CSV, every page of it")
            .query::<AuditFilterQuery>()
            .csv(),
        route(Method::GET, "/api/v1/partner/activity/export", Session, audit_trail::partner_activity_csv)
            .summary("The partner's filtered activity as CSV, every page of it")
            .query::<AuditFilterQuery>()
            .csv(),
        route(Method::GET, "/api/v1/partner-access", Session, partner_access::list)
            .summary("The acting org's members from outside its namespace (partner staff, consultants), by namespace")
            .ok::<Vec<OutsideGroup>>(200),
        route(Method::DELETE, "/api/v1/partner-access/{id}", Session, partner_access::remove)
            .summary("Remove an outside member's access to the acting org; their sessions there end")
            .no_content()
            .errors(CONFLICTS),
        route(Method::GET, "/api/v1/api-tokens", Session, api_tokens::list_tokens)
            .summary("The acting org's API tokens (never the tokens themselves)")
            .ok::<Vec<ApiTokenSummary>>(200),
        route(Method::POST, "/api/v1/api-tokens", Session, api_tokens::create_token)
            .summary("Create an API token, shown in this answer only")
            .request::<NewApiToken>()
            .ok::<CreatedApiToken>(201),
        route(Method::DELETE, "/api/v1/api-tokens/{id}", Session, api_tokens::revoke_token)
            .summary("Revoke an API token")
            .no_content(),
        route(Method::POST, "/api/v1/unlocks", OrgToken, unlock_reports::report_unlock)
            .summary("Report an unlock with an org API token (the first starts the trial)")
            .request::<UnlockReport>()
            .ok::<UnlockRecorded>(200),
        route(Method::GET, "/api/v1/invitations/{token}", LinkToken, invitation_acceptance::show)
            .summary("What an invitation is for (the token is the credential)")
            .ok::<InvitationInfo>(200)
            .errors(&[429]),
        route(Method::POST, "/api/v1/invitations/{token}/accept", LinkToken, invitation_acceptance::accept)
            .summary("Set a password and sign in")
            .request::<AcceptInvitationRequest>()
            .ok::<Me>(200)
            .errors(&[403, 409, 429]),
    ];
    if test_clock {
        all.push(
            route(Method::POST, "/api/v1/test/clock", Public, test_clock::advance_clock)
                .summary("Test servers only: move the clock and run billing")
                .request::<test_clock::ClockAdvance>()
                .ok::<serde_json::Value>(200),
        );
    }
    all.into_iter().map(RouteBuilder::done).collect()
}

/// The document's bytes, built and serialised once: it never changes while the server runs.
static OPENAPI_JSON: std::sync::LazyLock<Vec<u8>> =
    std::sync::LazyLock::new(|| crate::http::openapi::document_json(routes(false)));

async fn openapi_document() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI_JSON.as_slice())
}
