//! The server in process, against a real SQLite database in a fresh folder
//! per test, and a static folder shaped like `cargo xtask build` output.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use drempel_core::wire::{ErrorBody, Health, HealthStatus, PROTOCOL_VERSION};
use drempel_server::store::SqliteStore;
use drempel_server::{AppState, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct TestServer {
    state: AppState,
    sqlite: SqliteStore,
    _dir: tempfile::TempDir,
}

const HASHED_JS: &str = "drempel-0123456789abcdef.js";

async fn test_server() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join("nested/folder/drempel.db").display()
    );
    let sqlite = SqliteStore::open(&url).await.expect("database opens");
    let dist = dir.path().join("dist");
    write(&dist, "index.html", "<!doctype html><title>Drempel</title>");
    write(&dist, "sw.js", "const BUILD = {};");
    write(&dist, "manifest.webmanifest", "{\"name\":\"Drempel\"}");
    write(&dist, HASHED_JS, &"console.log('drempel');\n".repeat(50));
    write(&dist, "icons/icon-192.png", "png");
    // `cargo xtask build` writes `name.gz` beside compressible files; the
    // server only has to choose it, so its content need not be real gzip.
    write(&dist, &format!("{HASHED_JS}.gz"), "gzip bytes");
    write(&dist, &format!("{HASHED_JS}.br"), "brotli bytes");
    TestServer {
        state: AppState::new(std::sync::Arc::new(sqlite.clone()), dist),
        sqlite,
        _dir: dir,
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

async fn get(
    server: &TestServer,
    path: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app(server.state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body_text(response: axum::response::Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn header<'a>(response: &'a axum::response::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn health_answers_json_with_the_protocol_version() {
    let server = test_server().await;
    let response = get(&server, "/api/v1/health", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "application/json");
    let health: Health = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(health.status, HealthStatus::Ok);
    assert_eq!(health.protocol, PROTOCOL_VERSION);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn health_reports_a_closed_database_as_degraded() {
    let server = test_server().await;
    server.state.store().close().await;
    let response = get(&server, "/api/v1/health", &[]).await;
    let health: Health = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(health.status, HealthStatus::Degraded);
}

#[tokio::test]
async fn unknown_api_routes_are_json_404s_not_the_app() {
    let server = test_server().await;
    for path in ["/api/v1/nope", "/api/v2/health", "/api/"] {
        let response = get(&server, path, &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: ErrorBody = serde_json::from_str(&body_text(response).await).unwrap();
        assert_eq!(body.error.code.as_str(), "not_found", "{path}");
        assert!(!body.error.message.is_empty());
    }
}

#[tokio::test]
async fn migrations_ran_on_a_database_created_in_a_missing_folder() {
    let server = test_server().await;
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'teams'")
            .fetch_all(server.sqlite.pool())
            .await
            .unwrap();
    assert_eq!(tables.len(), 1);
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(server.sqlite.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn security_headers_are_on_html_api_and_static_responses() {
    let server = test_server().await;
    for path in [
        "/",
        "/api/v1/health",
        "/api/v1/nope",
        "/manifest.webmanifest",
        "/icons/icon-192.png",
        "/missing.js",
    ] {
        let response = get(&server, path, &[]).await;
        let csp = header(&response, "content-security-policy");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{path}"
        );
    }
}

#[tokio::test]
async fn shell_files_revalidate_and_hashed_files_are_immutable() {
    let server = test_server().await;
    for path in ["/", "/index.html", "/sw.js", "/manifest.webmanifest"] {
        let response = get(&server, path, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
    let response = get(&server, &format!("/{HASHED_JS}"), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let api = get(&server, "/api/v1/health", &[]).await;
    assert_eq!(header(&api, "cache-control"), "no-store");
}

#[tokio::test]
async fn precompressed_files_are_sent_by_what_the_browser_accepts() {
    let server = test_server().await;
    let path = format!("/{HASHED_JS}");
    let zipped = get(&server, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&zipped, "content-encoding"), "gzip");
    assert_eq!(header(&zipped, "vary"), "accept-encoding");
    assert_eq!(body_text(zipped).await, "gzip bytes");
    // Chromium's header, also on plain http to 127.0.0.1.
    let chromium = [("accept-encoding", "gzip, deflate, br, zstd")];
    let brotli = get(&server, &path, &chromium).await;
    assert_eq!(header(&brotli, "content-encoding"), "br");
    assert_eq!(header(&brotli, "vary"), "accept-encoding");
    assert_eq!(body_text(brotli).await, "brotli bytes");
    let plain = get(&server, &path, &[]).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(header(&plain, "vary"), "accept-encoding");
    assert!(body_text(plain).await.starts_with("console.log"));
    let api = get(&server, "/api/v1/health", &chromium).await;
    assert!(
        api.headers().get(header::VARY).is_none(),
        "API answers are never cached"
    );
}

#[tokio::test]
async fn app_pages_get_index_html_but_missing_files_get_404() {
    let server = test_server().await;
    let page = get(&server, "/contacts/today", &[]).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(header(&page, "cache-control"), "no-cache");
    assert!(body_text(page).await.contains("<title>Drempel</title>"));
    let missing = get(&server, "/drempel-ffffffffffffffff.js", &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn serves_on_port_zero_and_stops_when_told() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = test_server().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(drempel_server::serve_on(
        listener,
        server.state.clone(),
        async {
            let _ = stopped.await;
        },
    ));

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"status\":\"ok\""), "{answer}");

    stop.send(()).unwrap();
    running.await.unwrap().expect("a clean shutdown");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "nothing listens after shutdown"
    );
}

/// A test server on a loopback port with these connection limits: its
/// address, what stops it, and its task.
async fn serve_limited(
    header_timeout: std::time::Duration,
    max_connections: usize,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), drempel_server::ServeError>>,
) {
    let server = test_server().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = drempel_server::ConnectionLimits {
        header_timeout,
        max_connections,
    };
    // The task holds the test server (and its folder) while it serves.
    let running = tokio::spawn(async move {
        drempel_server::serve_with(
            listener,
            server.state.clone(),
            async {
                let _ = stopped.await;
            },
            limits,
        )
        .await
    });
    (addr, stop, running)
}

/// Phones that synced keep their connection open for their next request.
/// When those idle connections hold every slot, they close to make room:
/// a phone waiting to connect is answered long before their timeout (here
/// five minutes, longer than the test waits), and a connection in use
/// keeps answering.
#[tokio::test]
async fn idle_connections_make_room_when_every_slot_is_taken() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, stop, running) = serve_limited(std::time::Duration::from_secs(300), 3).await;
    const HEALTH: &[u8] = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    /// Reads one answer to the health check off a kept-open connection.
    async fn answer(stream: &mut tokio::net::TcpStream) -> String {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&got).contains("\r\n\r\n{") || !got.ends_with(b"}") {
            let n = tokio::time::timeout(std::time::Duration::from_secs(60), stream.read(&mut buf))
                .await
                .expect("an answer in time")
                .unwrap();
            assert!(
                n > 0,
                "closed before answering: {}",
                String::from_utf8_lossy(&got)
            );
            got.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&got).into_owned()
    }
    // Every slot: a connection answered once and then left open.
    let mut kept = Vec::new();
    for _ in 0..3 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(HEALTH).await.unwrap();
        assert!(answer(&mut stream).await.starts_with("HTTP/1.1 200"));
        kept.push(stream);
    }
    // One more phone: answered although the others never hang up.
    let mut waiting = tokio::net::TcpStream::connect(addr).await.unwrap();
    waiting.write_all(HEALTH).await.unwrap();
    assert!(answer(&mut waiting).await.starts_with("HTTP/1.1 200"));
    // It was an idle connection that made room: one of them is closed.
    let mut closed = 0;
    for stream in &mut kept {
        let mut buf = [0u8; 16];
        if let Ok(Ok(0)) =
            tokio::time::timeout(std::time::Duration::from_millis(200), stream.read(&mut buf)).await
        {
            closed += 1;
        }
    }
    assert!(closed >= 1, "no idle connection was closed");
    // The new connection stays in use.
    waiting.write_all(HEALTH).await.unwrap();
    assert!(answer(&mut waiting).await.starts_with("HTTP/1.1 200"));
    stop.send(()).unwrap();
    running.await.unwrap().expect("a clean shutdown");
}

/// Defect 8 of the outside attack: 1,100 half-sent requests held the
/// server. A client that sends half a request, or nothing, is cut off
/// after the header timeout, so while slow clients fill every slot a real
/// request still gets its answer once their time is up.
#[tokio::test]
async fn slow_clients_are_cut_off_and_cannot_hold_the_server() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, stop, running) = serve_limited(std::time::Duration::from_millis(300), 4).await;
    let mut slow = Vec::new();
    for i in 0..12 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        if i % 3 == 0 {
            // Half a request, then silence.
            stream
                .write_all(b"GET /api/v1/health HTTP/1.1\r\nHo")
                .await
                .unwrap();
        } else if i % 3 == 1 {
            // A trickle: a few bytes, then more later.
            stream.write_all(b"GE").await.unwrap();
        }
        slow.push(stream);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for stream in slow.iter_mut().skip(1).step_by(3) {
        let _ = stream.write_all(b"T /api/v1/he").await;
    }
    let mut health = tokio::net::TcpStream::connect(addr).await.unwrap();
    health
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(30),
        health.read_to_string(&mut answer),
    )
    .await
    .expect("the health check is answered while slow clients wait")
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for (i, mut stream) in slow.into_iter().enumerate() {
        let mut rest = Vec::new();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            stream.read_to_end(&mut rest),
        )
        .await
        .unwrap_or_else(|_| panic!("slow connection {i} is still open"));
        assert!(
            !String::from_utf8_lossy(&rest).contains("200 OK"),
            "connection {i} was served: {read:?}"
        );
    }
    stop.send(()).unwrap();
    running.await.unwrap().expect("a clean shutdown");
}
