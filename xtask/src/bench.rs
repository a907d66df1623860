//! `cargo xtask bench`: builds in release and measures, writing
//! `target/bench/report.json`. Measurements only; nothing here passes or fails
//! on a number.

use std::process::Command;

use anyhow::Context;

use crate::tools::{self, BuildTools};
use crate::{build, util};

pub fn bench(_args: &[String]) -> anyhow::Result<()> {
    let tools: BuildTools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    let mut node = build::node_against_release(&tools, &browser.chromium)?;
    let out = util::output(node.arg("bench/save.mjs"))?;
    let dist = build::dist_dir();
    let save: serde_json::Value =
        serde_json::from_str(out.trim()).context("reading the save measurement")?;
    let postgres = tools::ensure_postgres()?;
    let mut node = build::node_against_release(&tools, &browser.chromium)?;
    let out = util::output(
        node.arg("bench/sync.mjs")
            .env("BENCH_POSTGRES_URL", postgres),
    )?;
    let sync: serde_json::Value =
        serde_json::from_str(out.trim()).context("reading the sync measurement")?;

    let wasm = std::fs::read_dir(&dist)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "wasm"))
        .context("no wasm in dist/")?;
    let wasm_bytes = std::fs::read(&wasm)?;
    let report = serde_json::json!({
        "git_commit": util::output(Command::new("git").args(["rev-parse", "HEAD"]).current_dir(util::root()))
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
        "cpu_model": cpu_model(),
        "wasm_bytes": wasm_bytes.len(),
        "wasm_gzip_bytes": build::gzip(&wasm_bytes)?.len(),
        "save_ms": save,
        "sync": sync,
    });
    let dir = build::target_dir().join("bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("report.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    println!("written to {}", path.display());
    Ok(())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
