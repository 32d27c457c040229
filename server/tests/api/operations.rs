//! What operators read: the request id on every answer, and the metrics on their own address.

use partner_center_server::infra::clock::SECOND;
use partner_center_server::infra::mail::{self, Mail};
use partner_center_server::infra::metrics;

use crate::helpers::{browser, spawn_app, spawn_app_with, TestApp};

#[tokio::test]
async fn every_answer_carries_a_request_id_the_callers_own_when_it_is_plain() {
    let app = spawn_app().await;
    let client = browser();
    let given = client.get(app.url("/api/v1/health")).header("x-request-id", "lb-7f3a.2_x").send().await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "lb-7f3a.2_x");
    for header in [None, Some("two words"), Some(&*"a".repeat(65))] {
        let mut request = client.get(app.url("/api/v1/nope"));
        if let Some(value) = header {
            request = request.header("x-request-id", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 404);
        let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 32, "a new id replaces {header:?}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

/// The app, and the metrics it counts, served on an address of their own as `--metrics-bind`
/// would serve them: that address's `/metrics` URL.
async fn app_with_metrics() -> (TestApp, String) {
    let mut shared = None;
    let app = spawn_app_with(|state| shared = Some(state.metrics.clone())).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = metrics::router(shared.unwrap(), app.db.clone(), app.clock.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (app, format!("http://{address}/metrics"))
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_show_the_outbox_on_their_own_address_only() {
    let (app, metrics_url) = app_with_metrics().await;
    let client = browser();
    for _ in 0..2 {
        assert_eq!(app.get(&client, "/api/v1/health").await.status(), 200);
    }
    assert_eq!(app.get(&client, "/api/v1/invitations/secret-token-123").await.status(), 404);
    let mut conn = app.db.conn().await.unwrap();
    let mail = Mail { to: "ap@harborview.example", subject: "Invoice", body: "Hello.\n", secret: false };
    mail::enqueue(&mut conn, &mail, app.clock.now()).await.unwrap();
    drop(conn);
    app.clock.advance(30 * SECOND);

    let scraped = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = scraped.text().await.unwrap();
    assert!(
        text.contains("partner_center_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        text.contains(
            "partner_center_http_requests_total{method=\"GET\",route=\"/api/v1/invitations/{token}\",status=\"404\"} 1"
        ),
        "by template: {text}"
    );
    assert!(!text.contains("secret-token-123"), "never a path's own values");
    assert!(text.contains("partner_center_outbox_depth 1\n"), "{text}");
    assert!(text.contains("partner_center_outbox_oldest_age_seconds 30\n"), "{text}");
    assert!(text.contains("partner_center_db_pool_max_connections"), "{text}");

    let public = app.get(&client, "/metrics").await.text().await.unwrap();
    assert!(!public.contains("partner_center_http_requests_total"), "not on the public address");
}

#[tokio::test]
async fn invented_methods_are_refused_with_the_routes_allow_and_count_as_one_metric_label() {
    let (app, metrics_url) = app_with_metrics().await;
    let client = browser();
    for n in 0..3_000 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{n}").as_bytes()).unwrap();
        let response = client.request(method, app.url("/api/v1/health")).send().await.unwrap();
        assert_eq!(response.status(), 405, "no route takes an invented method");
        assert_eq!(response.headers()["allow"], "GET,HEAD", "the methods the route does take");
    }
    assert_eq!(app.get(&client, "/api/v1/health").await.status(), 200);

    let text = reqwest::get(&metrics_url).await.unwrap().text().await.unwrap();
    let series: Vec<&str> =
        text.lines().filter(|line| line.starts_with("partner_center_http_requests_total{")).collect();
    assert_eq!(
        series,
        [
            "partner_center_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 1",
            "partner_center_http_requests_total{method=\"other\",route=\"/api/v1/health\",status=\"405\"} 3000",
        ],
        "{text}"
    );
    assert!(!text.contains("INVENTED"), "no caller-chosen text becomes a label");
}
