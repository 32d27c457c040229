//! Prometheus metrics, served on their own address (`--metrics-bind`) so they never reach the
//! public one: requests and their latency by route template, the database pool, the outbox's
//! depth and oldest message, and the billing pass.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::db::{outbox, Database, PoolUse};
use crate::infra::clock::Clock;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Default)]
struct Latency {
    /// How many requests took at most each bucket's bound (cumulative, as Prometheus has it).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

#[derive(Default)]
struct Recorded {
    /// By (method, route template, status).
    requests: BTreeMap<(&'static str, String, u16), u64>,
    /// By (method, route template).
    latency: BTreeMap<(&'static str, String), Latency>,
    billing_passes: u64,
    last_billing_pass_seconds: f64,
    invoices_issued: u64,
}

/// What the server counts while it runs; shared by the request log and the workers.
#[derive(Default)]
pub struct Metrics {
    recorded: Mutex<Recorded>,
}

impl Metrics {
    fn recorded(&self) -> std::sync::MutexGuard<'_, Recorded> {
        // A panic elsewhere while counting leaves counts that are still counts.
        self.recorded.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One answered request. `method` is a fixed label and `route` a route template, never a
    /// caller's own text: every distinct pair is a series kept for the process's life.
    pub fn record_request(&self, method: &'static str, route: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut recorded = self.recorded();
        *recorded.requests.entry((method, route.to_owned(), status)).or_default() += 1;
        let latency = recorded.latency.entry((method, route.to_owned())).or_default();
        for (bucket, bound) in latency.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        latency.count += 1;
        latency.sum_seconds += seconds;
    }

    pub fn record_billing_pass(&self, took: Duration, issued: usize) {
        let mut recorded = self.recorded();
        recorded.billing_passes += 1;
        recorded.last_billing_pass_seconds = took.as_secs_f64();
        recorded.invoices_issued += u64::try_from(issued).unwrap_or(u64::MAX);
    }

    /// The Prometheus text exposition of what was counted, with the pool's and the outbox's
    /// state as of now.
    pub fn render(&self, pool: PoolUse, outbox_depth: i64, oldest_waiting_seconds: f64) -> String {
        let recorded = self.recorded();
        let mut out = String::new();
        let mut family = |name: &str, kind: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        };
        family(
            "partner_center_http_requests_total",
            "counter",
            "Requests answered, by method, route template and status.",
        );
        family(
            "partner_center_http_request_duration_seconds",
            "histogram",
            "Time to answer, by method and route template.",
        );
        family("partner_center_db_pool_connections", "gauge", "Database connections open, by state.");
        family("partner_center_db_pool_max_connections", "gauge", "The pool's size.");
        family("partner_center_outbox_depth", "gauge", "Messages waiting to be delivered.");
        family("partner_center_outbox_oldest_age_seconds", "gauge", "How long the oldest waiting message has waited.");
        family("partner_center_billing_passes_total", "counter", "Billing passes run by this process.");
        family("partner_center_billing_pass_seconds", "gauge", "How long the last billing pass took.");
        family("partner_center_invoices_issued_total", "counter", "Invoices this process issued.");
        for ((method, route, status), count) in &recorded.requests {
            let _ = writeln!(
                out,
                "partner_center_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                label(route)
            );
        }
        for ((method, route), latency) in &recorded.latency {
            let labels = format!("method=\"{method}\",route=\"{}\"", label(route));
            for (count, bound) in latency.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "partner_center_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "partner_center_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
                 partner_center_http_request_duration_seconds_sum{{{labels}}} {}\n\
                 partner_center_http_request_duration_seconds_count{{{labels}}} {}",
                latency.count, latency.sum_seconds, latency.count
            );
        }
        let _ = writeln!(
            out,
            "partner_center_db_pool_connections{{state=\"idle\"}} {}\n\
             partner_center_db_pool_connections{{state=\"in_use\"}} {}\n\
             partner_center_db_pool_max_connections {}\n\
             partner_center_outbox_depth {outbox_depth}\n\
             partner_center_outbox_oldest_age_seconds {oldest_waiting_seconds}\n\
             partner_center_billing_passes_total {}\n\
             partner_center_billing_pass_seconds {}\n\
             partner_center_invoices_issued_total {}",
            pool.idle,
            pool.open.saturating_sub(pool.idle),
            pool.max,
            recorded.billing_passes,
            recorded.last_billing_pass_seconds,
            recorded.invoices_issued,
        );
        out
    }
}

/// A label value as the text format wants it: backslash and quote escaped.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

#[derive(Clone)]
struct Scrape {
    metrics: Arc<Metrics>,
    db: Database,
    clock: Clock,
}

/// `GET /metrics`, for the metrics address only.
pub fn router(metrics: Arc<Metrics>, db: Database, clock: Clock) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(Scrape { metrics, db, clock })
}

async fn scrape(State(scrape): State<Scrape>) -> Response {
    let waiting = match scrape.db.conn().await {
        Ok(mut conn) => outbox::waiting(&mut conn).await,
        Err(error) => Err(error),
    };
    let (depth, oldest) = match waiting {
        Ok(waiting) => waiting,
        Err(error) => {
            tracing::warn!(%error, "metrics: could not read the outbox");
            (0, None)
        }
    };
    let oldest_age = oldest.map_or(0.0, |queued| (scrape.clock.now() - queued).max(0) as f64 / 1_000.0);
    let body = scrape.metrics.render(scrape.db.pool_use(), depth, oldest_age);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_status_and_timed_into_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.record_request("GET", "/api/v1/partner/orgs", 200, Duration::from_millis(3));
        metrics.record_request("GET", "/api/v1/partner/orgs", 200, Duration::from_millis(30));
        metrics.record_request("GET", "/api/v1/partner/orgs", 404, Duration::from_millis(2));
        let text = metrics.render(PoolUse { open: 3, idle: 2, max: 8 }, 5, 12.5);
        let route = "method=\"GET\",route=\"/api/v1/partner/orgs\"";
        assert!(text.contains(&format!("partner_center_http_requests_total{{{route},status=\"200\"}} 2")));
        assert!(text.contains(&format!("partner_center_http_requests_total{{{route},status=\"404\"}} 1")));
        assert!(
            text.contains(&format!("partner_center_http_request_duration_seconds_bucket{{{route},le=\"0.001\"}} 0"))
        );
        assert!(
            text.contains(&format!("partner_center_http_request_duration_seconds_bucket{{{route},le=\"0.005\"}} 2"))
        );
        assert!(text.contains(&format!("partner_center_http_request_duration_seconds_bucket{{{route},le=\"0.05\"}} 3")));
        assert!(text.contains(&format!("partner_center_http_request_duration_seconds_bucket{{{route},le=\"+Inf\"}} 3")));
        assert!(text.contains(&format!("partner_center_http_request_duration_seconds_count{{{route}}} 3")));
        assert!(text.contains("partner_center_db_pool_connections{state=\"in_use\"} 1"));
        assert!(text.contains("partner_center_outbox_depth 5\n"));
        assert!(text.contains("partner_center_outbox_oldest_age_seconds 12.5\n"));
    }

    #[test]
    fn a_billing_pass_adds_its_invoices_and_keeps_its_duration() {
        let metrics = Metrics::default();
        metrics.record_billing_pass(Duration::from_millis(250), 3);
        metrics.record_billing_pass(Duration::from_millis(40), 2);
        let text = metrics.render(PoolUse { open: 0, idle: 0, max: 8 }, 0, 0.0);
        assert!(text.contains("partner_center_billing_passes_total 2\n"));
        assert!(text.contains("partner_center_billing_pass_seconds 0.04\n"));
        assert!(text.contains("partner_center_invoices_issued_total 5"));
    }
}
