//! Installs the pinned tools the build and the tests need, when missing or
//! of the wrong version. Everything comes from crates.io, npm or Debian.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::util::{self, root};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's binaryen (wasm-opt 108) produces a wasm that fails in the
/// browser; 116 is the oldest that handles the externref table correctly.
const MIN_WASM_OPT: u32 = 116;

pub struct BuildTools {
    pub wasm_bindgen: PathBuf,
    pub wasm_opt: PathBuf,
}

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// The wasm32 target, wasm-bindgen-cli equal to the `wasm-bindgen` in
/// Cargo.lock, and npm's binaryen (wasm-opt) with the other node tools.
pub fn ensure_build_tools() -> anyhow::Result<BuildTools> {
    ensure_wasm_target()?;
    let wasm_bindgen = ensure_wasm_bindgen()?;
    ensure_node_modules()?;
    let wasm_opt = ensure_wasm_opt()?;
    Ok(BuildTools {
        wasm_bindgen,
        wasm_opt,
    })
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = util::output(
        Command::new("rustup")
            .args(["target", "list", "--installed"])
            .current_dir(root()),
    )
    .context("rustup is needed to add the wasm32 target")?;
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        util::run(
            Command::new("rustup")
                .args(["target", "add", WASM_TARGET])
                .current_dir(root()),
        )?;
    }
    Ok(())
}

/// The version of `wasm-bindgen` that Cargo.lock resolved.
pub fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_string());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

pub fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

fn tool_version(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn ensure_wasm_bindgen() -> anyhow::Result<PathBuf> {
    let wanted = locked_wasm_bindgen_version()?;
    let program = cargo_bin().join("wasm-bindgen");
    let have = tool_version(&program);
    if have.as_deref() != Some(&format!("wasm-bindgen {wanted}")) {
        eprintln!(
            "xtask: installing wasm-bindgen-cli {wanted} (found: {}); this takes a few minutes once",
            have.as_deref().unwrap_or("none")
        );
        // Not `--locked`: its lockfile pins a crate version the registry mirror lacks.
        util::run(
            util::cargo()
                .args(["install", "wasm-bindgen-cli", "--force", "--version"])
                .arg(&wanted),
        )?;
    }
    let runner = cargo_bin().join("wasm-bindgen-test-runner");
    if !runner.is_file() {
        bail!(
            "wasm-bindgen-test-runner is missing from {}",
            runner.display()
        );
    }
    Ok(program)
}

/// `npm ci` when `package-lock.json` changed since the last install.
fn ensure_node_modules() -> anyhow::Result<()> {
    let lock =
        std::fs::read(root().join("package-lock.json")).context("reading package-lock.json")?;
    let digest = hex(&Sha256::digest(&lock));
    let stamp = root().join("node_modules/.drempel-installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(digest.as_str()) {
        return Ok(());
    }
    for program in ["node", "npm"] {
        if tool_version(Path::new(program)).is_none() {
            bail!(
                "`{program}` is needed (install Node.js and npm, e.g. `apt-get install nodejs npm`)"
            );
        }
    }
    util::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(root()),
    )?;
    std::fs::write(&stamp, digest)?;
    Ok(())
}

fn ensure_wasm_opt() -> anyhow::Result<PathBuf> {
    let program = root().join("node_modules/.bin/wasm-opt");
    let version =
        tool_version(&program).with_context(|| format!("{} does not run", program.display()))?;
    // "wasm-opt version 132 (version_132)"
    let major: u32 = version
        .split_whitespace()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("cannot read the wasm-opt version from `{version}`"))?;
    if major < MIN_WASM_OPT {
        bail!("wasm-opt {major} breaks the app in the browser; {MIN_WASM_OPT} or newer is needed");
    }
    Ok(program)
}

/// Debian's Chromium and ChromeDriver, installed with apt when missing and
/// running as root; otherwise a clear message of what to install.
pub fn ensure_browser() -> anyhow::Result<Browser> {
    let browser = Browser {
        chromium: PathBuf::from("/usr/bin/chromium"),
        chromedriver: PathBuf::from("/usr/bin/chromedriver"),
    };
    if browser.chromium.is_file() && browser.chromedriver.is_file() {
        return Ok(browser);
    }
    if !is_root() {
        bail!(
            "Chromium and ChromeDriver are needed for the browser tests: \
             run `sudo apt-get install chromium chromium-driver`, then try again"
        );
    }
    eprintln!("xtask: installing Debian's chromium and chromium-driver");
    util::run(Command::new("apt-get").arg("update"))?;
    util::run(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if !(browser.chromium.is_file() && browser.chromedriver.is_file()) {
        bail!(
            "apt-get installed chromium, but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
        );
    }
    Ok(browser)
}

pub fn is_root() -> bool {
    util::output(Command::new("id").arg("-u"))
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the server tests find PostgreSQL (they make a database per test).
pub const POSTGRES_URL_VAR: &str = "DREMPEL_TEST_POSTGRES_URL";
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A reachable PostgreSQL for the server tests: the one the variable names,
/// else the local one; when none answers and this runs as root, Debian's
/// `postgresql` is installed and started. Otherwise a clear failure.
pub fn ensure_postgres() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var(POSTGRES_URL_VAR) {
        if !reachable(&url) {
            bail!("PostgreSQL does not answer at {POSTGRES_URL_VAR} ({url})");
        }
        return Ok(url);
    }
    if reachable(DEFAULT_POSTGRES_URL) {
        return Ok(DEFAULT_POSTGRES_URL.to_string());
    }
    if !is_root() {
        bail!(
            "the server tests need PostgreSQL: start one on 127.0.0.1:5432 (user postgres, database test, \
             trust auth) or set {POSTGRES_URL_VAR} to a server where the user may create databases"
        );
    }
    eprintln!(
        "xtask: no PostgreSQL answers on 127.0.0.1:5432; installing and starting Debian's postgresql"
    );
    if Command::new("pg_ctlcluster")
        .arg("--help")
        .output()
        .is_err()
    {
        util::run(Command::new("apt-get").arg("update"))?;
        util::run(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "postgresql"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    let version = std::fs::read_dir("/etc/postgresql")?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .max()
        .context("postgresql is installed but /etc/postgresql has no cluster")?;
    util::run(Command::new("pg_ctlcluster").args([
        "--skip-systemctl-redirect",
        &version,
        "main",
        "start",
    ]))?;
    // Debian's cluster wants a password over TCP: give the test user one.
    let as_postgres = |sql: &str| {
        util::run(Command::new("su").args([
            "postgres",
            "-c",
            &format!("psql -v ON_ERROR_STOP=1 -c \"{sql}\""),
        ]))
    };
    as_postgres("ALTER USER postgres PASSWORD 'drempel-tests'")?;
    let _ = as_postgres("CREATE DATABASE test");
    let url = "postgres://postgres:drempel-tests@127.0.0.1:5432/test".to_string();
    if !reachable(&url) {
        bail!("started PostgreSQL, but it does not answer on 127.0.0.1:5432");
    }
    Ok(url)
}

/// Whether something listens at the URL's host and port.
fn reachable(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host_port = rest.rsplit_once('@').map_or(rest, |(_, hp)| hp);
    let host_port = host_port.split('/').next().unwrap_or_default();
    let address = if host_port.contains(':') {
        host_port.to_string()
    } else {
        format!("{host_port}:5432")
    };
    use std::net::ToSocketAddrs;
    address
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| {
            std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(2)).is_ok()
        })
}
