//! The published OpenAPI document describes every route the server has, and only those.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{browser, spawn_app};

/// (method, path) of every route in the router's source, but the test clock (not a product
/// route).
fn routed() -> BTreeSet<(String, String)> {
    let source = include_str!("../../src/api/mod.rs");
    let mut found = BTreeSet::new();
    for line in source.lines().filter(|line| line.contains(".route(\"") && !line.contains("test/clock")) {
        let path = line.split('"').nth(1).unwrap().replace("/v1", "/api/v1");
        for method in ["get", "post", "put", "patch", "delete"] {
            if line.contains(&format!(" {method}(")) || line.contains(&format!(".{method}(")) {
                found.insert((method.to_owned(), path.clone()));
            }
        }
    }
    found
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
    let page_of = |path: &str| document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].clone();
    assert_eq!(page_of("/api/v1/partner/orgs"), "#/components/schemas/PageOfChildOrgSummary");
    assert_eq!(page_of("/api/v1/users"), "#/components/schemas/PageOfUserSummary");
    for name in ["ErrorBody", "NewChildOrg", "ChildOrgDetail", "SubscriptionView", "UserSummary"] {
        assert!(schemas.contains_key(name), "{name}");
    }
}
