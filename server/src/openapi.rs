//! The OpenAPI document of `/api/v1`, served at `GET /api/v1/openapi.json`. Schemas come from
//! the domain crate's types (the very ones both sides use), so they cannot drift from the
//! code; the API tests check that every route in `api::router` is described here.

use std::sync::LazyLock;

use partner_center_domain::api::{
    AcceptInvitationRequest, ErrorBody, HealthReport, InvitationInfo, Me, OrgDetail, Page, SignInRequest,
    SignInResponse, SwitchOrgRequest,
};
use partner_center_domain::child_org::{
    BillingUpdate, ChildOrgDetail, ChildOrgSummary, NewChildOrg, OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::subscription::{
    ApiTokenSummary, CatalogEntry, CreatedApiToken, InvoiceView, NewApiToken, SubscriptionChange, SubscriptionView,
    UnlockRecorded, UnlockReport,
};
use partner_center_domain::users::{NewUserForm, UserSummary, UserUpdate};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

type SchemaOf = fn(&mut SchemaGenerator) -> Schema;

fn of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// Who may call an operation.
#[derive(Clone, Copy)]
enum Auth {
    Public,
    /// The session cookie (and, for writes, the `X-CSRF-Protection` header).
    Session,
    /// An org API token as `Authorization: Bearer`.
    OrgToken,
}

struct Operation {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    auth: Auth,
    request: Option<SchemaOf>,
    /// Success status and body (`None`: no body).
    response: (u16, Option<SchemaOf>),
    /// Takes `limit`, `offset`, `sort`, `order`, `q`.
    list: bool,
}

const fn op(method: &'static str, path: &'static str, summary: &'static str, auth: Auth, request: Option<SchemaOf>, response: (u16, Option<SchemaOf>)) -> Operation {
    Operation { method, path, summary, auth, request, response, list: false }
}

/// Every operation of `/api/v1`.
fn operations() -> Vec<Operation> {
    use Auth::{OrgToken, Public, Session};
    let mut all = vec![
        op("get", "/api/v1/openapi.json", "This document", Public, None, (200, None)),
        op("get", "/api/v1/health", "Health: version and database reachability (503 when degraded)", Public, None, (200, Some(of::<HealthReport>))),
        op("post", "/api/v1/session", "Sign in; answers a namespace choice when the email has several logins", Public, Some(of::<SignInRequest>), (200, Some(of::<SignInResponse>))),
        op("delete", "/api/v1/session", "Sign out: ends the session on the server", Public, None, (204, None)),
        op("put", "/api/v1/session/org", "Switch the acting org", Session, Some(of::<SwitchOrgRequest>), (200, Some(of::<Me>))),
        op("get", "/api/v1/me", "The signed-in person, acting org, roles and reachable orgs", Session, None, (200, Some(of::<Me>))),
        op("get", "/api/v1/orgs/{id}", "An org's information (own org, or a partner's child)", Session, None, (200, Some(of::<OrgDetail>))),
        op("get", "/api/v1/partner", "The partner org and the settings new child orgs inherit", Session, None, (200, Some(of::<PartnerInfo>))),
        op("post", "/api/v1/partner/orgs", "Add Org; needs an Idempotency-Key header", Session, Some(of::<NewChildOrg>), (201, Some(of::<ChildOrgDetail>))),
        op("get", "/api/v1/partner/orgs/{id}", "A child org", Session, None, (200, Some(of::<ChildOrgDetail>))),
        op("patch", "/api/v1/partner/orgs/{id}", "Rename a child org (409 when stale)", Session, Some(of::<OrgInfoUpdate>), (200, Some(of::<ChildOrgDetail>))),
        op("patch", "/api/v1/partner/orgs/{id}/billing", "Edit a child org's billing (409 when stale)", Session, Some(of::<BillingUpdate>), (200, Some(of::<ChildOrgDetail>))),
        op("get", "/api/v1/partner/orgs/{id}/subscription", "A child org's subscription, next invoice and history", Session, None, (200, Some(of::<SubscriptionView>))),
        op("put", "/api/v1/partner/orgs/{id}/subscription", "Change the subscription plan", Session, Some(of::<SubscriptionChange>), (200, Some(of::<SubscriptionView>))),
        op("post", "/api/v1/partner/orgs/{id}/bench-unlock", "Record a bench-test unlock (the first starts the trial)", Session, None, (200, Some(of::<UnlockRecorded>))),
        op("get", "/api/v1/partner/orgs/{id}/invoices", "A child org's invoices, newest first", Session, None, (200, Some(of::<Vec<InvoiceView>>))),
        op("get", "/api/v1/partner/invoices/{id}", "One invoice of a child org", Session, None, (200, Some(of::<InvoiceView>))),
        op("get", "/api/v1/catalog", "Every plan, currency and length with its price", Session, None, (200, Some(of::<Vec<CatalogEntry>>))),
        op("post", "/api/v1/users", "Add a user to the acting org (a new login, or an existing namespace's)", Session, Some(of::<NewUserForm>), (201, Some(of::<UserSummary>))),
        op("get", "/api/v1/users/{id}", "A user of the acting org", Session, None, (200, Some(of::<UserSummary>))),
        op("patch", "/api/v1/users/{id}", "Roles, Portal Access, suspension (409 when stale)", Session, Some(of::<UserUpdate>), (200, Some(of::<UserSummary>))),
        op("get", "/api/v1/api-tokens", "The acting org's API tokens (never the tokens themselves)", Session, None, (200, Some(of::<Vec<ApiTokenSummary>>))),
        op("post", "/api/v1/api-tokens", "Create an API token, shown in this answer only", Session, Some(of::<NewApiToken>), (201, Some(of::<CreatedApiToken>))),
        op("delete", "/api/v1/api-tokens/{id}", "Revoke an API token", Session, None, (204, None)),
        op("post", "/api/v1/unlocks", "Report an unlock with an org API token (the first starts the trial)", OrgToken, Some(of::<UnlockReport>), (200, Some(of::<UnlockRecorded>))),
        op("get", "/api/v1/invitations/{token}", "What an invitation is for (the token is the credential)", Public, None, (200, Some(of::<InvitationInfo>))),
        op("post", "/api/v1/invitations/{token}/accept", "Set a password and sign in", Public, Some(of::<AcceptInvitationRequest>), (200, Some(of::<Me>))),
    ];
    all.push(Operation { list: true, ..op("get", "/api/v1/partner/orgs", "Manage Organizations: one page of child orgs", Session, None, (200, Some(of::<Page<ChildOrgSummary>>))) });
    all.push(Operation { list: true, ..op("get", "/api/v1/users", "One page of the acting org's users", Session, None, (200, Some(of::<Page<UserSummary>>))) });
    all
}

fn parameters(operation: &Operation) -> Vec<Value> {
    let mut found: Vec<Value> = operation
        .path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    if operation.list {
        for (name, kind, about) in [
            ("limit", "integer", "Page size, 1 to 100 (default 50)"),
            ("offset", "integer", "Rows to skip"),
            ("sort", "string", "Column to sort on"),
            ("order", "string", "asc or desc"),
            ("q", "string", "Search text (word prefixes)"),
        ] {
            found.push(json!({ "name": name, "in": "query", "required": false, "description": about, "schema": { "type": kind } }));
        }
    }
    if operation.path == "/api/v1/partner/orgs" && operation.method == "post" {
        found.push(json!({ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string" } }));
    }
    found
}

fn document() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let error = generator.subschema_for::<ErrorBody>();
    let mut paths: Map<String, Value> = Map::new();
    for operation in operations() {
        let mut responses = Map::new();
        let (status, body) = operation.response;
        responses.insert(
            status.to_string(),
            match body {
                Some(schema) => json!({ "description": "Success", "content": { "application/json": { "schema": schema(&mut generator) } } }),
                None => json!({ "description": "Success, no content" }),
            },
        );
        responses.insert("default".into(), json!({ "description": "An error", "content": { "application/json": { "schema": error } } }));
        let mut entry = json!({ "summary": operation.summary, "parameters": parameters(&operation), "responses": responses });
        if let Some(request) = operation.request {
            entry["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": request(&mut generator) } } });
        }
        entry["security"] = match operation.auth {
            Auth::Public => json!([]),
            Auth::Session => json!([{ "session": [] }]),
            Auth::OrgToken => json!([{ "orgToken": [] }]),
        };
        let methods = paths.entry(operation.path).or_insert_with(|| json!({}));
        methods[operation.method] = entry;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Partner Center API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Writes with the session cookie need the X-CSRF-Protection header. Errors share one shape: ErrorBody."
        },
        "paths": paths,
        "components": {
            "schemas": generator.take_definitions(true),
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "pc_session" },
                "orgToken": { "type": "http", "scheme": "bearer" }
            }
        }
    })
}

/// The document, built once.
pub static DOCUMENT: LazyLock<Value> = LazyLock::new(document);
