//! Bounded inputs and the one error shape: whatever a client sends, the answer is a JSON
//! `ErrorBody` with a status that says what was wrong, and nothing is stored.

use partner_center_domain::api::ErrorBody;
use reqwest::{header, Method, Response};
use serde_json::{json, Value};

use crate::partner_orgs::{form, partner};

/// Asserts the response is the JSON error body with `status`, and returns it.
async fn error_body(response: Response, status: u16) -> ErrorBody {
    assert_eq!(response.status(), status);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let body: ErrorBody = response.json().await.expect("the ErrorBody shape");
    assert_eq!(body.status, status);
    assert!(!body.message.is_empty());
    body
}

/// `count` distinct one-term words ("wa", "wb", …), joined for a query string.
fn words(count: u8) -> String {
    (0..count).map(|n| format!("w{}", char::from(b'a' + n))).collect::<Vec<_>>().join("+")
}

#[tokio::test]
async fn a_search_of_more_than_ten_words_or_two_hundred_characters_is_refused_with_a_reason() {
    let a = partner().await;
    let eleven_words = words(11);
    let body = error_body(a.app.get(&a.client, &format!("/api/v1/partner/orgs?q={eleven_words}")).await, 400).await;
    assert_eq!(body.message, "Search with at most 10 words.");
    let long = "x".repeat(201);
    let body = error_body(a.app.get(&a.client, &format!("/api/v1/users?q={long}")).await, 400).await;
    assert_eq!(body.message, "Search with at most 200 characters.");

    let ten_words = words(10);
    assert_eq!(a.app.get(&a.client, &format!("/api/v1/partner/orgs?q={ten_words}")).await.status(), 200);
    assert_eq!(a.app.get(&a.client, &format!("/api/v1/users?q={}", "x".repeat(200))).await.status(), 200);
}

#[tokio::test]
async fn six_hundred_distinct_words_are_a_clear_refusal_not_a_server_error() {
    let a = partner().await;
    let words = (1..=600).map(|n| format!("w{n}")).collect::<Vec<_>>().join("+");
    for path in ["/api/v1/partner/orgs", "/api/v1/users"] {
        let response = a.app.get(&a.client, &format!("{path}?q={words}")).await;
        error_body(response, 400).await;
    }
}

#[tokio::test]
async fn the_largest_offset_is_an_empty_page_in_every_order_never_an_overflow() {
    // Found by schemathesis: `offset + limit` overflowed in the "needs attention" order.
    let a = partner().await;
    a.app.org("Harbor View Dental", Some(&a.org), false).await;
    let last = i64::MAX;
    for view in ["", "sort=status&order=desc", "sort=name", "currency=USD", "q=harbor", "q=harbor&order=desc"] {
        let response = a.app.get(&a.client, &format!("/api/v1/partner/orgs?{view}&limit=100&offset={last}")).await;
        assert_eq!(response.status(), 200, "{view}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["data"], json!([]), "{view}");
        assert_eq!(page["totalCount"], 1, "{view}");
    }
}

#[tokio::test]
async fn extractor_rejections_answer_the_json_error_body() {
    let a = partner().await;
    for query in ["limit=-9223372036854775809", "limit=0", "limit=101", "offset=-1", "limit=ten", "sort=nope"] {
        let response = a.app.get(&a.client, &format!("/api/v1/users?{query}")).await;
        error_body(response, 400).await;
    }
    let malformed = a
        .app
        .client_request(&a.client, Method::POST, "/api/v1/users")
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"firstName\": ")
        .send()
        .await
        .unwrap();
    error_body(malformed, 400).await;
    // serde would fill a struct from an array by position; the API takes objects only.
    let before = a.count("users").await;
    let positional = a
        .app
        .send(&a.client, Method::POST, "/api/v1/users", json!(["Priya", "Raman", "priya@northwind.example"]))
        .await;
    error_body(positional, 422).await;
    assert_eq!(a.count("users").await, before);
    let wrong_type = a
        .app
        .client_request(&a.client, Method::POST, "/api/v1/users")
        .header(header::CONTENT_TYPE, "text/plain")
        .body("firstName=Priya")
        .send()
        .await
        .unwrap();
    error_body(wrong_type, 415).await;
    // A path parameter that is not even UTF-8.
    error_body(a.app.get(&a.client, "/api/v1/users/%FF%FE").await, 400).await;
    let wrong_method = a.app.client_request(&a.client, Method::PUT, "/api/v1/users").send().await.unwrap();
    error_body(wrong_method, 405).await;
}

#[tokio::test]
async fn a_body_over_the_size_limit_answers_413_and_creates_nothing() {
    let a = partner().await;
    let before = a.count("orgs").await;
    let mut body = form("Harbor View Dental");
    body["referenceNumber"] = json!("r".repeat(3 * 1024 * 1024));
    error_body(a.create(body).await, 413).await;
    assert_eq!(a.count("orgs").await, before);
}

#[tokio::test]
async fn every_api_answer_is_marked_never_to_be_cached() {
    let a = partner().await;
    let anonymous = reqwest::Client::new();
    let answers = [
        a.app.get(&a.client, "/api/v1/me").await,
        a.app.get(&a.client, "/api/v1/partner/orgs").await,
        a.app.get(&a.client, &format!("/api/v1/orgs/{}", a.org)).await,
        a.app.get(&a.client, "/api/v1/no-such-thing").await,
        a.app.get(&anonymous, "/api/v1/me").await,
        a.app.get(&anonymous, "/api/v1/health").await,
    ];
    for response in answers {
        let url = response.url().to_string();
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{url}");
    }
}

#[tokio::test]
async fn names_with_text_direction_overrides_or_control_characters_are_refused_and_not_stored() {
    let a = partner().await;
    let before = a.count("orgs").await;
    for name in ["Acme\u{202E}cod.exe", "Acme\u{2066}Corp", "Acme\u{0007}"] {
        let body = error_body(a.create(form(name)).await, 422).await;
        let field = &body.field_errors[0];
        assert_eq!(field.field, "name");
        assert_eq!(field.message, "Use printable characters only (no control or text-direction characters).");
    }
    let mut person = form("Harbor View Dental");
    person["adminLastName"] = json!("Raman\u{202D}");
    let body = error_body(a.create(person).await, 422).await;
    assert_eq!(body.field_errors[0].field, "adminLastName");
    assert_eq!(a.count("orgs").await, before);

    let user = json!({ "firstName": "Eve\u{202E}", "lastName": "Lynn", "email": "eve@northwind.example",
        "portalAccess": true, "roles": ["super_admin"] });
    let refused = a.app.send(&a.client, Method::POST, "/api/v1/users", user).await;
    assert_eq!(error_body(refused, 422).await.field_errors[0].field, "firstName");
}
