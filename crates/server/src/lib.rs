//! Drempel's server: the `/api/v1` HTTP API, the PWA's files (same origin as
//! the API) and the database behind them.
//!
//! `app(state)` builds the whole router, so tests can drive it in process;
//! `serve_on(listener, state, shutdown)` runs it on any listener, with any
//! shutdown signal, so tests can start a server on port 0 and stop it.

pub mod api;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod council;
mod dashboard;
pub mod error;
mod export;
mod headers;
mod input;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod region;
pub mod route;
mod signals;
pub mod static_files;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

pub use config::{Cli, Config};
pub use static_files::AppFiles;
pub use store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<StateInner>,
}

struct StateInner {
    store: Arc<dyn Store>,
    files: static_files::AppFiles,
    limits: limits::Limiters,
    passwords: auth::PasswordGate,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, files: impl Into<AppFiles>) -> Self {
        Self::with_limits(store, files, auth::Limits::default())
    }

    pub fn with_limits(
        store: Arc<dyn Store>,
        files: impl Into<AppFiles>,
        limits: auth::Limits,
    ) -> Self {
        AppState {
            inner: Arc::new(StateInner {
                store,
                files: files.into(),
                limits: crate::limits::Limiters::new(limits),
                passwords: auth::PasswordGate::default(),
            }),
        }
    }

    pub fn limits(&self) -> &crate::limits::Limiters {
        &self.inner.limits
    }

    /// Password checks go through this gate: a few at a time.
    pub fn passwords(&self) -> &auth::PasswordGate {
        &self.inner.passwords
    }

    pub fn password_checks(&self) -> u64 {
        self.inner.passwords.checks()
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The store itself, for work that outlives the request's borrow (a
    /// streamed export).
    pub fn store_arc(&self) -> Arc<dyn Store> {
        self.inner.store.clone()
    }

    /// Where the app's files come from.
    pub fn app_files(&self) -> &AppFiles {
        &self.inner.files
    }
}

/// The complete router: API, static app, headers and request tracing.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(static_files::router(state.app_files()))
        .layer(axum::middleware::from_fn(metrics::measure))
        .layer(axum::middleware::from_fn(headers::security_and_caching))
        .layer(TraceLayer::new_for_http().make_span_with(headers::request_span))
        .with_state(state)
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Open(#[from] store::OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot set up the demo team: {0}")]
    Demo(String),
    #[error("server stopped with an error: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database, binds the configured address and serves until
/// `shutdown` completes.
pub async fn serve(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    // One server per SQLite file, held until this function returns.
    let _serving = if config.database_url.starts_with("sqlite:") {
        store::ServeLock::take(&config.database_url)?
    } else {
        None
    };
    let store = store::open(&config.database_url).await?;
    tracing::info!(database = %store::redact_url(&config.database_url), kind = store.kind(), "database ready");
    let files = AppFiles::choose(config.static_dir.clone());
    if files.has_app() {
        tracing::info!(app = %files.describe(), "serving the app");
    } else {
        tracing::warn!(
            static_dir = %files.describe(),
            "the app is not built there; only the API is served (run `cargo xtask run`)"
        );
    }
    let metrics_listener = match config.metrics_addr {
        Some(addr) => Some(
            metrics::bind(addr)
                .await
                .map_err(|source| ServeError::Bind { addr, source })?,
        ),
        None => None,
    };
    let addr = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    if config.demo {
        let url = std::env::var("DREMPEL_PUBLIC_URL")
            .unwrap_or_else(|_| format!("http://{}", listener.local_addr().map_or(addr, |a| a)));
        cli::demo(store.as_ref(), &url)
            .await
            .map_err(|err| ServeError::Demo(err.to_string()))?;
    }
    let limits = auth::Limits {
        login_per_minute: config.login_per_minute.max(1),
        enrol_per_minute: config.enrol_per_minute.max(1),
        sync_per_minute: config.sync_per_minute.max(1),
        responses_per_minute: config.responses_per_minute.max(1),
        public_per_minute: config.public_per_minute.max(1),
        responses_per_hour: config.responses_per_hour.max(1),
        trusted_proxies: config.trusted_proxy.clone(),
        session_idle_days: config.session_idle_days.max(1),
    };
    let state = AppState::with_limits(store.clone(), files, limits);
    let purging = tokio::spawn(retention_schedule(store.clone()));
    let tidying = tokio::spawn(tidy_schedule(state.clone()));
    let metrics =
        metrics_listener.map(|listener| tokio::spawn(metrics::serve(listener, state.clone())));
    let connections = ConnectionLimits {
        header_timeout: std::time::Duration::from_secs(config.header_timeout_secs.max(1)),
        max_connections: config.max_connections.max(1),
    };
    let result = serve_with(listener, state, shutdown, connections).await;
    purging.abort();
    tidying.abort();
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    store.close().await;
    result
}

/// What one connection may hold: a client that sends its headers too
/// slowly, or nothing at all, is cut off, and only so many connections are
/// open at once, so slow clients cannot hold the server.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Time to send a request's headers, and to start a request at all.
    pub header_timeout: std::time::Duration,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: std::time::Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves `state` on an already bound listener until `shutdown` completes,
/// finishing requests in flight.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    serve_with(listener, state, shutdown, ConnectionLimits::default()).await
}

/// What the connections are told when the server stops (any other value
/// asks them to make room).
const STOPPING: u64 = u64::MAX;

/// How long a connection must have been idle before it is closed to make
/// room for a waiting one.
const IDLE_BEFORE_CLOSING: std::time::Duration = std::time::Duration::from_secs(1);

/// One connection's requests: how many are being answered and when the
/// last answer left.
struct Activity(std::sync::Mutex<(u32, std::time::Instant)>);

impl Activity {
    fn new() -> Activity {
        Activity(std::sync::Mutex::new((0, std::time::Instant::now())))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u32, std::time::Instant)> {
        // Each change is one statement: a poisoned lock is still whole.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn began(&self) {
        self.lock().0 += 1;
    }

    fn answered(&self) {
        let mut activity = self.lock();
        activity.0 = activity.0.saturating_sub(1);
        activity.1 = std::time::Instant::now();
    }

    /// How much longer until the connection counts as idle; while a
    /// request is being answered, a full period.
    fn idle_left(&self) -> std::time::Duration {
        let (busy, last) = *self.lock();
        if busy > 0 {
            IDLE_BEFORE_CLOSING
        } else {
            IDLE_BEFORE_CLOSING.saturating_sub(last.elapsed())
        }
    }
}

/// [`serve_on`] with chosen connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ConnectionLimits,
) -> Result<(), ServeError> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt;

    let local = listener.local_addr()?;
    tracing::info!(%local, "listening");
    // The line people (and `cargo xtask run`) look for: where to open the app.
    println!("Drempel is running: open http://{local}/ (Ctrl-C stops it)");
    let router = app(state);
    let most = limits.max_connections.max(1);
    // Every open connection holds a slot until it closes.
    let slots = Arc::new(tokio::sync::Semaphore::new(most));
    // Tells the open connections to close once their request is answered:
    // when the server stops, and when every slot is taken. A phone that
    // synced keeps its connection open for its next request; with every
    // slot held like that, the phones still waiting to connect would wait
    // until those connections time out (seconds), so at the limit the
    // connections make room instead.
    let (closing, _) = tokio::sync::watch::channel(0u64);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                closing.send_modify(|asked| *asked = (*asked + 1).min(STOPPING - 1));
                tokio::select! {
                    slot = slots.clone().acquire_owned() => slot.map_err(|err| std::io::Error::other(err.to_string()))?,
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, say: wait, don't spin.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let activity = Arc::new(Activity::new());
        let (starts, ends) = (activity.clone(), activity.clone());
        let service = router
            .clone()
            .map_request(
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    starts.began();
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    request.map(axum::body::Body::new)
                },
            )
            .map_response(move |response| {
                ends.answered();
                response
            });
        let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        builder
            .http2()
            .timer(TokioTimer::new())
            .keep_alive_interval(limits.header_timeout)
            .keep_alive_timeout(limits.header_timeout);
        let mut asked_to_close = closing.subscribe();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _slot = slot;
            // A client that connects and says nothing is not waited for:
            // hyper's header timer starts only once a request begins.
            let mut first = [0u8; 1];
            let said = tokio::time::timeout(header_timeout, stream.peek(&mut first));
            tokio::select! {
                said = said => match said {
                    Ok(Ok(n)) if n > 0 => {}
                    _ => return,
                },
                // Only a stop closes a connection before its first request.
                _ = asked_to_close.wait_for(|asked| *asked == STOPPING) => return,
            }
            let service = hyper_util::service::TowerToHyperService::new(service);
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            let mut asked = false;
            let ended = loop {
                tokio::select! {
                    ended = connection.as_mut() => break ended,
                    changed = asked_to_close.changed() => {
                        if changed.is_err() || *asked_to_close.borrow() == STOPPING {
                            // The request in flight is answered; then it closes.
                            connection.as_mut().graceful_shutdown();
                            break connection.await;
                        }
                        asked = true;
                    }
                    // Asked to make room: it closes once idle for a moment
                    // (a phone sends its next request at once, or not soon).
                    () = tokio::time::sleep(activity.idle_left()), if asked => {
                        if activity.idle_left().is_zero() {
                            connection.as_mut().graceful_shutdown();
                            break connection.await;
                        }
                    }
                }
            };
            if let Err(err) = ended {
                tracing::debug!(error = %err, "connection ended");
            }
        });
    }
    drop(listener);
    // Requests in flight finish; idle connections close. Every slot back
    // means every connection has ended.
    closing.send_replace(STOPPING);
    let all = u32::try_from(most).unwrap_or(u32::MAX);
    if tokio::time::timeout(std::time::Duration::from_secs(30), slots.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("connections still open after 30 s; stopping anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Forgets rate-limit keys whose budget is whole again, every minute.
async fn tidy_schedule(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every.tick().await;
        state.limits().tidy();
    }
}

/// The retention purge runs once per this period across every server
/// process on the database (and soon after a start, if its time has come).
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// How often a process asks whether the purge is due: a process that
/// missed the claim takes over within this time when the other stops.
const PURGE_ASK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

async fn retention_schedule(store: Arc<dyn Store>) {
    let mut every = tokio::time::interval(PURGE_ASK_EVERY);
    loop {
        every.tick().await;
        match purge_if_due(store.as_ref(), auth::now_ms()).await {
            Ok(None | Some(0)) => {}
            Ok(Some(cleared)) => tracing::info!(cleared, "retention: free text cleared"),
            Err(err) => tracing::error!(error = %err, "retention purge failed"),
        }
    }
}

/// Runs the retention purge when no process sharing the database ran it
/// within [`PURGE_EVERY`]: how many records were cleared, or `None` when
/// it was not this process's turn.
pub async fn purge_if_due(store: &dyn Store, now: i64) -> Result<Option<usize>, store::StoreError> {
    let every = i64::try_from(PURGE_EVERY.as_millis()).unwrap_or(i64::MAX);
    if !store.claim_task("retention_purge", now, every).await? {
        return Ok(None);
    }
    purge_expired(store, now).await.map(Some)
}

/// For every team, clears notes and follow-up details older than the
/// team's retention period, and writes what it did to the audit log.
pub async fn purge_expired(store: &dyn Store, now: i64) -> Result<usize, store::StoreError> {
    let mut total = 0;
    for team in store.teams().await? {
        let days = store.settings(team).await?.retention_days;
        let before = now - i64::from(days) * 86_400_000;
        let cleared = store.purge_free_text(team, before).await?;
        if cleared > 0 {
            let about = drempel_core::wire::AuditAbout::Count {
                count: cleared as u64,
            };
            store
                .audit(
                    team,
                    now,
                    "server",
                    drempel_core::wire::AuditAction::RetentionPurge,
                    "records",
                    Some(&about),
                )
                .await?;
        }
        total += cleared;
    }
    Ok(total)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
