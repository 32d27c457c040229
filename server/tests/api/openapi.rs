//! The published OpenAPI document describes every route the server has, and only those.

use std::collections::BTreeSet;

use partner_center_server::http::api::{self, Auth};
use serde_json::Value;

use crate::helpers::{browser, spawn_app};

/// (method, path) of every route in the route table the router is built from, but the test
/// clock (not a product route).
fn routed() -> BTreeSet<(String, String)> {
    api::routes(false).iter().map(|route| (route.method.as_str().to_ascii_lowercase(), route.path.to_owned())).collect()
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_every_schema_it_names() {
    let app = spawn_app().await;
    let response = app.get(&browser(), "/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.0.3");

    let mut described = BTreeSet::new();
    for (path, methods) in document["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            described.insert((method.clone(), path.clone()));
        }
    }
    assert_eq!(described, routed());

    let text = document.to_string();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is referenced but not defined");
    }
    let page_of = |path: &str| {
        document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    assert_eq!(page_of("/api/v1/partner/orgs"), "#/components/schemas/PageOfChildOrgSummary");
    assert_eq!(page_of("/api/v1/users"), "#/components/schemas/PageOfUserSummary");
    for name in ["ErrorBody", "NewChildOrg", "ChildOrgDetail", "SubscriptionView", "UserSummary"] {
        assert!(schemas.contains_key(name), "{name}");
    }
}

#[tokio::test]
async fn every_operation_names_its_callers_and_its_error_answers() {
    let app = spawn_app().await;
    let document: Value = app.get(&browser(), "/api/v1/openapi.json").await.json().await.unwrap();
    for route in api::routes(false) {
        let operation = &document["paths"][route.path][route.method.as_str().to_ascii_lowercase()];
        let security = operation["security"].to_string();
        match route.auth {
            Auth::Session => assert_eq!(security, r#"[{"session":[]}]"#, "{}", route.path),
            Auth::OrgToken => assert_eq!(security, r#"[{"orgToken":[]}]"#, "{}", route.path),
            Auth::Public | Auth::LinkToken => assert_eq!(security, "[]", "{}", route.path),
        }
        let parameters = operation["parameters"].as_array().unwrap();
        assert!(
            parameters.iter().all(|p| p["in"] != "cookie"),
            "{} {}: the session cookie is a security scheme, not a parameter",
            route.method,
            route.path
        );
        let csrf = parameters.iter().any(|p| p["name"] == "X-CSRF-Protection" && p["required"] == true);
        assert_eq!(csrf, route.csrf(), "{} {}", route.method, route.path);
        for status in route.error_statuses() {
            let schema = &operation["responses"][status.to_string()]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(schema, "#/components/schemas/ErrorBody", "{} {} {status}", route.method, route.path);
        }
    }
    let list = &document["paths"]["/api/v1/partner/orgs"]["get"]["parameters"];
    let limit = list.as_array().unwrap().iter().find(|p| p["name"] == "limit").unwrap();
    assert_eq!((limit["schema"]["minimum"].as_i64(), limit["schema"]["maximum"].as_i64()), (Some(1), Some(100)));
}

#[tokio::test]
async fn the_test_clock_is_not_routed_on_a_normally_started_server() {
    let app = spawn_app().await;
    let response = app
        .send(&browser(), reqwest::Method::POST, "/api/v1/test/clock", serde_json::json!({ "advanceMs": 1000 }))
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.text().await.unwrap(), r#"{"status":404,"message":"Not found."}"#);
}

#[tokio::test]
async fn the_document_publishes_the_limits_the_server_enforces_on_free_text() {
    let app = spawn_app().await;
    let document: Value = app.get(&browser(), "/api/v1/openapi.json").await.json().await.unwrap();
    let schemas = &document["components"]["schemas"];
    let printable = partner_center_domain::validation::patterns::PRINTABLE_TEXT;
    let required = partner_center_domain::validation::patterns::REQUIRED_TEXT;
    for (schema, field, max, pattern) in [
        ("NewChildOrg", "name", 100, Some(required)),
        ("NewChildOrg", "adminFirstName", 100, Some(required)),
        ("NewChildOrg", "adminEmail", 254, None),
        ("NewChildOrg", "referenceNumber", 64, Some(printable)),
        ("OrgInfoUpdate", "name", 100, Some(required)),
        ("BillingUpdate", "apEmail", 254, None),
        ("NewUserForm", "lastName", 100, Some(required)),
        ("NewApiToken", "name", 100, Some(required)),
        ("UnlockReport", "door", 100, Some(printable)),
        ("SignInRequest", "password", 256, None),
        ("AcceptInvitationRequest", "password", 256, None),
    ] {
        let property = &schemas[schema]["properties"][field];
        assert_eq!(property["maxLength"], max, "{schema}.{field}: {property}");
        if let Some(pattern) = pattern {
            assert_eq!(property["pattern"], pattern, "{schema}.{field}");
        }
    }
    let search = document["paths"]["/api/v1/users"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap()
        .clone();
    assert_eq!(search["schema"]["maxLength"], 200);
}
