//! What the server is doing, for Prometheus: `/metrics` in the text format
//! on its own address (`--metrics-addr`, off by default, meant for
//! loopback or a private network). Labels are route templates, methods and
//! status codes only: no team, device, record or person is ever named.

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

fn seconds() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    rate_limited: Family<RouteLabels, Counter>,
    pushed: Counter,
    pulled: Counter,
    responses: Counter,
    push_wait: Histogram,
    batch: Histogram,
    pool: Family<PoolLabels, Gauge>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("drempel");
    let requests = Family::<RequestLabels, Counter>::default();
    registry.register(
        "http_requests",
        "Requests answered, by route template, method and status",
        requests.clone(),
    );
    let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
        seconds as fn() -> Histogram,
    );
    registry.register(
        "http_request_duration_seconds",
        "Time from a request's arrival to its answer's headers, by route template",
        durations.clone(),
    );
    let rate_limited = Family::<RouteLabels, Counter>::default();
    registry.register(
        "rate_limited",
        "Requests refused with 429 (rate limits, busy password checks), by route template",
        rate_limited.clone(),
    );
    let pushed = Counter::default();
    registry.register(
        "records_pushed",
        "Record changes received from devices",
        pushed.clone(),
    );
    let pulled = Counter::default();
    registry.register("records_pulled", "Records sent to devices", pulled.clone());
    let responses = Counter::default();
    registry.register(
        "responses_stored",
        "Consultation responses stored",
        responses.clone(),
    );
    let push_wait = seconds();
    registry.register(
        "write_queue_wait_seconds",
        "Time a write waited for its turn (SQLite takes one writer at a time)",
        push_wait.clone(),
    );
    // 1 to 128 pushes.
    let batch = Histogram::new(exponential_buckets(1.0, 2.0, 8));
    registry.register(
        "push_batch_size",
        "Pushes written in one transaction (pushes that arrive together share one)",
        batch.clone(),
    );
    let pool = Family::<PoolLabels, Gauge>::default();
    registry.register(
        "database_connections",
        "Database connections of this process: in use, idle, and the most allowed",
        pool.clone(),
    );
    Metrics {
        registry,
        requests,
        durations,
        rate_limited,
        pushed,
        pulled,
        responses,
        push_wait,
        batch,
        pool,
    }
});

/// Pushes written in one transaction.
pub fn push_batch(pushes: usize) {
    METRICS.batch.observe(pushes as f64);
}

/// Record changes received from a device.
pub fn records_pushed(n: usize) {
    METRICS.pushed.inc_by(n as u64);
}

/// Records sent to a device.
pub fn records_pulled(n: usize) {
    METRICS.pulled.inc_by(n as u64);
}

/// Consultation responses stored.
pub fn responses_stored(n: u64) {
    METRICS.responses.inc_by(n);
}

/// How long a write waited for its turn.
pub fn write_waited(wait: Duration) {
    METRICS.push_wait.observe(wait.as_secs_f64());
}

/// Counts and times every request by its route template: `/api/v1/…` as
/// routed, unknown API paths as `unknown`, the app's files as `app`.
pub async fn measure(request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        None => "app".to_string(),
        Some(path) if path.as_str().contains('*') || !path.as_str().starts_with("/api/v") => {
            "unknown".to_string()
        }
        Some(path) => path.as_str().to_string(),
    };
    // Clients may send any token as a method: the label keeps to the
    // known ones, so the metrics stay bounded whatever arrives.
    let method = match request.method().as_str() {
        known @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => known,
        _ => "other",
    }
    .to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let labels = RouteLabels { route };
    METRICS
        .durations
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    if status == 429 {
        METRICS.rate_limited.get_or_create(&labels).inc();
    }
    METRICS
        .requests
        .get_or_create(&RequestLabels {
            route: labels.route,
            method,
            status,
        })
        .inc();
    response
}

/// The text the scraper reads, with the database pool as it is now.
pub fn render(state: &AppState) -> String {
    let pool = state.store().pool_use();
    for (name, value) in [
        ("in_use", pool.in_use),
        ("idle", pool.idle),
        ("max", pool.max),
    ] {
        METRICS
            .pool
            .get_or_create(&PoolLabels { state: name })
            .set(i64::from(value));
    }
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut text, &METRICS.registry);
    text
}

async fn scrape(State(state): State<AppState>) -> Response {
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        render(&state),
    )
        .into_response()
}

/// Binds the metrics address (before the server starts: a wrong address
/// stops the start).
pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await
}

/// Serves `/metrics` on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    tracing::info!(local = %listener.local_addr()?, "metrics listening");
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state(state);
    axum::serve(listener, router).await
}
