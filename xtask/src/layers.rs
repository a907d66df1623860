//! `cargo xtask test`: installs what the tests need, then runs every layer
//! and prints one summary line per layer. A layer that cannot run fails;
//! nothing is skipped silently.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::tools::{self, Browser, BuildTools, WASM_TARGET};
use crate::{build, util};

/// Every layer, in the order it runs.
pub const LAYERS: &[(&str, &str)] = &[
    ("fmt", "cargo fmt --check"),
    ("clippy", "clippy -D warnings, native"),
    ("clippy-wasm", "clippy -D warnings, wasm32"),
    ("unit", "unit and property tests, every crate"),
    ("server", "server tests, real SQLite and PostgreSQL"),
    ("browser", "wasm-bindgen-test in headless Chromium"),
    ("e2e", "end-to-end in headless Chromium, real server"),
    (
        "fuzz",
        "every cargo-fuzz target for 15 s, seeds and regressions first",
    ),
    (
        "bench",
        "cargo xtask bench --quick: every measurement runs, the report is complete",
    ),
];

struct Outcome {
    name: &'static str,
    what: &'static str,
    result: Result<(), String>,
    took: Duration,
}

/// `cargo xtask test [layer...]`: all layers, or only the named ones.
pub fn test(args: &[String]) -> ExitCode {
    for arg in args {
        if !LAYERS.iter().any(|(name, _)| name == arg) {
            let names: Vec<&str> = LAYERS.iter().map(|(name, _)| *name).collect();
            eprintln!(
                "xtask: unknown test layer `{arg}`; layers: {}",
                names.join(", ")
            );
            return ExitCode::FAILURE;
        }
    }
    let wanted = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let started = Instant::now();

    // Install first; a layer whose tools could not be installed fails with the reason.
    let needs_tools = wanted("browser") || wanted("e2e") || wanted("bench");
    let install_started = Instant::now();
    let installed: Result<(BuildTools, Browser), String> = if needs_tools {
        tools::ensure_build_tools()
            .and_then(|build| Ok((build, tools::ensure_browser()?)))
            .map_err(|err| format!("{err:#}"))
    } else {
        Err("not needed".into())
    };
    let install_took = install_started.elapsed();

    let mut outcomes = Vec::new();
    for &(name, what) in LAYERS {
        if !wanted(name) {
            continue;
        }
        eprintln!("\n==> {name}: {what}");
        let layer_started = Instant::now();
        let result = match name {
            "fmt" => util::run(util::cargo().args(["fmt", "--all", "--check"])),
            "clippy" => util::run(util::cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])),
            "clippy-wasm" => clippy_wasm(),
            // Both select the whole workspace, so features unify the same way
            // and the second layer reuses the first one's build.
            "unit" => util::run(util::cargo().args(["test", "--workspace", "--lib", "--bins"])),
            "server" => tools::ensure_postgres()
                .map_err(|err| err.context("could not run"))
                .and_then(|url| {
                    util::run(
                        util::cargo()
                            .args(["test", "--workspace", "--test", "*"])
                            .env(tools::POSTGRES_URL_VAR, url),
                    )
                }),
            "browser" => with_tools(&installed, |_, browser| browser_tests(browser)),
            "e2e" => with_tools(&installed, end_to_end),
            // The numbers are not judged here, only that each one is made.
            "fuzz" => crate::fuzz::run_all(15),
            "bench" => with_tools(&installed, |_, _| crate::bench::bench(&["--quick".into()])),
            _ => unreachable!("every layer is matched"),
        };
        let outcome = Outcome {
            name,
            what,
            result: result.map_err(|err| format!("{err:#}")),
            took: layer_started.elapsed(),
        };
        eprintln!("{}", summary_line(&outcome));
        outcomes.push(outcome);
    }

    println!(
        "\nTest summary ({} in all):",
        format_duration(started.elapsed())
    );
    if needs_tools {
        let state = if installed.is_ok() { "ok  " } else { "FAIL" };
        println!(
            "  {state} {:<12} {:>8}  tools: wasm target, wasm-bindgen-cli, npm packages, chromium",
            "install",
            format_duration(install_took)
        );
    }
    for outcome in &outcomes {
        println!("{}", summary_line(outcome));
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if failed == 0 && (installed.is_ok() || !needs_tools) {
        println!("All {} layers passed.", outcomes.len());
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} layers failed.", outcomes.len());
        ExitCode::FAILURE
    }
}

fn summary_line(outcome: &Outcome) -> String {
    let (state, detail) = match &outcome.result {
        Ok(()) => ("ok  ", outcome.what.to_string()),
        Err(reason) => ("FAIL", format!("{}: {}", outcome.what, first_line(reason))),
    };
    format!(
        "  {state} {:<12} {:>8}  {detail}",
        outcome.name,
        format_duration(outcome.took)
    )
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn format_duration(took: Duration) -> String {
    let secs = took.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        format!("{}m{:02}s", (secs / 60.0) as u64, secs as u64 % 60)
    }
}

fn with_tools(
    installed: &Result<(BuildTools, Browser), String>,
    layer: impl FnOnce(&BuildTools, &Browser) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match installed {
        Ok((build, browser)) => layer(build, browser),
        Err(reason) => bail!("could not run: installing its tools failed: {reason}"),
    }
}

fn clippy_wasm() -> anyhow::Result<()> {
    // The app with its browser tests; drempel-core is checked as the app's
    // dependency (its own tests use proptest, which is native-only).
    util::run(util::cargo().args([
        "clippy",
        "--package",
        "drempel",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// `wasm-bindgen-test` in headless Chromium, driven by ChromeDriver; the
/// flags come from `webdriver.json` beside the app's Cargo.toml.
fn browser_tests(browser: &Browser) -> anyhow::Result<()> {
    let runner = tools::cargo_bin().join("wasm-bindgen-test-runner");
    util::run(
        util::cargo()
            .args([
                "test",
                "--package",
                "drempel",
                "--target",
                WASM_TARGET,
                "--test",
                "web",
            ])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60"),
    )
}

/// Builds the optimised app exactly as `cargo xtask run` serves it, then runs
/// the Node end-to-end suite against the real server binary.
fn end_to_end(tools: &BuildTools, browser: &Browser) -> anyhow::Result<()> {
    let mut command = build::node_against_release(tools, &browser.chromium)?;
    util::run(command.args([
        "--test",
        "--test-concurrency=1",
        "--test-reporter=spec",
        "e2e/",
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of test layers names exactly the layers that run.
    #[test]
    fn the_readme_lists_every_layer_that_runs() {
        let readme = std::fs::read_to_string(util::root().join("README.md")).unwrap();
        let table = readme
            .split("## Tests, layer by layer")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README has its test layer section");
        let documented: Vec<&str> = table
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let running: Vec<&str> = LAYERS.iter().map(|(name, _)| *name).collect();
        assert_eq!(documented, running);
    }
}
