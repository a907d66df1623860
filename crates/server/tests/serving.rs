//! The real binary: one server per SQLite file. A second `drempel-server`
//! on the same file is refused with a clear message and changes nothing;
//! once the first stops, the file can be served again. The short commands
//! still work beside a running server.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_drempel-server");

/// Starts the server on a free port and waits until it says it runs.
fn start(url: &str, dir: &std::path::Path) -> Child {
    let mut child = Command::new(BIN)
        .args(["--host", "127.0.0.1", "--port", "0", "--database-url", url])
        .arg("--static-dir")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("its output");
    let running = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("Drempel is running"));
    assert!(running, "the first server runs");
    child
}

#[test]
fn a_second_server_on_one_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("drempel.db").display());
    let mut first = start(&url, dir.path());

    let mut second = Command::new(BIN)
        .args(["--host", "127.0.0.1", "--port", "0", "--database-url", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Refused at once; a second server that runs instead fails the test.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            second.kill().unwrap();
            second.wait().unwrap();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut said = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut said).unwrap();
    assert!(
        status.is_some_and(|s| !s.success()),
        "a second server on the same file was not refused: {said}"
    );
    assert!(said.contains("already serving"), "{said}");
    assert!(
        said.contains("PostgreSQL"),
        "it says what to do instead: {said}"
    );

    // A short command beside the running server still works.
    let team = Command::new(BIN)
        .args(["--database-url", &url, "team", "Buurthuis Oost"])
        .output()
        .unwrap();
    assert!(
        team.status.success(),
        "{}",
        String::from_utf8_lossy(&team.stderr)
    );

    // So does a backup, into a folder that did not exist; a restore into
    // the served file is refused.
    let copy = dir.path().join("backups").join("copy.db");
    let backup = Command::new(BIN)
        .args(["--database-url", &url, "backup"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(String::from_utf8_lossy(&backup.stdout).contains("1 team, 0 records"));
    let restore = Command::new(BIN)
        .args(["--database-url", &url, "restore"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(!restore.status.success());
    assert!(String::from_utf8_lossy(&restore.stderr).contains("already serving"));

    // Stopped, the file is free again.
    first.kill().unwrap();
    first.wait().unwrap();
    let mut again = start(&url, dir.path());
    again.kill().unwrap();
    again.wait().unwrap();
}

/// A plain HTTP/1.1 request on loopback: the status and the body.
fn http(port: u16, method: &str, path: &str) -> (u16, String) {
    http_with(port, method, path, "")
}

fn http_with(port: u16, method: &str, path: &str, json: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn metrics_come_on_their_own_address_in_the_prometheus_format() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("drempel.db").display());
    let team = Command::new(BIN)
        .args(["--database-url", &url, "team", "Buurthuis Oost"])
        .output()
        .unwrap();
    assert!(team.status.success());
    let metrics_port = free_port();
    let mut server = Command::new(BIN)
        .args(["--host", "127.0.0.1", "--port", "0", "--database-url", &url])
        .args(["--metrics-addr", &format!("127.0.0.1:{metrics_port}")])
        .arg("--static-dir")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let port: u16 = BufReader::new(server.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            let rest = line.split_once("http://127.0.0.1:")?.1;
            rest.split('/').next()?.parse().ok()
        })
        .expect("the server says where it listens");

    for _ in 0..3 {
        assert_eq!(http(port, "GET", "/api/v1/health").0, 200);
    }
    assert_eq!(http(port, "GET", "/api/v1/no-such-route").0, 404);
    assert_eq!(http(port, "DELETE", "/api/v1/health").0, 405);
    for made_up in ["FOO1", "FOO2", "FOO3"] {
        http(port, made_up, "/api/v1/health");
    }
    // Wrong passwords until the limit refuses them.
    let wrong = r#"{"login":"niemand","password":"fout-fout-fout"}"#;
    let refused = (0..12)
        .filter(|_| http_with(port, "POST", "/api/v1/auth/login", wrong).0 == 429)
        .count();
    assert!(refused >= 1);
    let (_, on_app_port) = http(port, "GET", "/metrics");
    assert!(
        !on_app_port.contains("drempel_http"),
        "not on the app's address"
    );

    let (status, text) = http(metrics_port, "GET", "/metrics");
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(status, 200);
    let body = text;
    let scrape = prometheus_parse::Scrape::parse(body.lines().map(|l| Ok(l.to_string())))
        .expect("the text format parses");
    let value = |name: &str, labels: &[(&str, &str)]| -> Option<f64> {
        scrape
            .samples
            .iter()
            .find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                _ => f64::NAN,
            })
    };
    let health = [
        ("route", "/api/v1/health"),
        ("method", "GET"),
        ("status", "200"),
    ];
    assert_eq!(value("drempel_http_requests_total", &health), Some(3.0));
    let unknown = [("route", "unknown"), ("status", "404")];
    assert_eq!(value("drempel_http_requests_total", &unknown), Some(1.0));
    assert!(value("drempel_database_connections", &[("state", "max")]).is_some_and(|v| v >= 1.0));
    assert!(
        scrape
            .samples
            .iter()
            .any(|s| s.metric == "drempel_http_request_duration_seconds"
                && s.labels.get("route") == Some("/api/v1/health")),
        "durations per route"
    );
    for family in [
        "drempel_records_pushed",
        "drempel_records_pulled",
        "drempel_responses_stored",
        "drempel_rate_limited",
        "drempel_write_queue_wait_seconds",
        "drempel_push_batch_size",
    ] {
        assert!(
            body.contains(&format!("# TYPE {family} ")),
            "{family} is described"
        );
    }
    let login = [("route", "/api/v1/auth/login")];
    assert_eq!(
        value("drempel_rate_limited_total", &login),
        Some(refused as f64)
    );
    assert!(!body.contains("Buurthuis"), "no team names");
    assert!(!body.contains("niemand"), "no login names");
    assert!(!body.contains("FOO"), "made-up methods are not labels");
    let other = [("route", "/api/v1/health"), ("method", "other")];
    assert_eq!(value("drempel_http_requests_total", &other), Some(3.0));
}
