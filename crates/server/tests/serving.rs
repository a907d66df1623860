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

    // Stopped, the file is free again.
    first.kill().unwrap();
    first.wait().unwrap();
    let mut again = start(&url, dir.path());
    again.kill().unwrap();
    again.wait().unwrap();
}
