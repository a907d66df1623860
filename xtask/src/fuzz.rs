//! `cargo xtask fuzz [--seconds N]`: every cargo-fuzz target in `fuzz/`,
//! each for N seconds (60 unless told), starting from the committed seeds
//! and regressions in `fuzz/seeds/<target>/`, which run on every start. A
//! crash fails the command and names the input libFuzzer saved; that input
//! goes into the target's seeds folder once fixed, so it stays a test.
//!
//! libFuzzer's instrumentation flags (`-Zsanitizer=address`) are unstable;
//! the stable toolchain accepts them with `RUSTC_BOOTSTRAP=1`, set for the
//! fuzz build alone.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

use crate::tools::cargo_bin;
use crate::util;

/// Every target, as `fuzz/Cargo.toml` names them.
pub const TARGETS: &[&str] = &["request_bodies", "form_input", "pii_scan", "sync_model"];

const CARGO_FUZZ: &str = "0.13.2";

pub fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let seconds = match args {
        [] => 60,
        [flag, n] if flag == "--seconds" => n.parse().context("--seconds takes a number")?,
        _ => bail!("usage: cargo xtask fuzz [--seconds N]"),
    };
    run_all(seconds)
}

/// libFuzzer is C++, built by libfuzzer-sys with the system's C++ compiler.
fn ensure_cxx() -> anyhow::Result<()> {
    let have = Command::new("c++")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if have {
        return Ok(());
    }
    if !crate::tools::is_root() {
        bail!(
            "fuzzing needs a C++ compiler for libFuzzer: run `sudo apt-get install g++`, then try again"
        );
    }
    eprintln!("xtask: no C++ compiler; installing Debian's g++ for libFuzzer");
    util::run(Command::new("apt-get").arg("update"))?;
    util::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "g++"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    ensure_cxx()?;
    let program = cargo_bin().join("cargo-fuzz");
    let version = Command::new(&program).arg("--version").output().ok();
    let have = version
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ));
    if have != Some(true) {
        eprintln!("xtask: installing cargo-fuzz {CARGO_FUZZ}; this takes a few minutes once");
        util::run(util::cargo().args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ,
        ]))?;
    }
    Ok(())
}

fn cargo_fuzz() -> Command {
    let mut command = util::cargo();
    command.arg("fuzz").env("RUSTC_BOOTSTRAP", "1");
    command
}

/// Builds every target, then runs each for `seconds`.
pub fn run_all(seconds: u32) -> anyhow::Result<()> {
    ensure_cargo_fuzz()?;
    util::run(cargo_fuzz().args(["build", "-O"]))?;
    let root = util::root().join("fuzz");
    let mut crashed = Vec::new();
    for target in TARGETS {
        let corpus = root.join("corpus").join(target);
        let seeds: PathBuf = root.join("seeds").join(target);
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&seeds)?;
        let result = util::run(
            cargo_fuzz()
                .args(["run", "-O", target])
                .arg(&corpus)
                .arg(&seeds)
                .arg("--")
                .arg(format!("-max_total_time={seconds}"))
                .arg("-print_final_stats=1"),
        );
        if let Err(err) = result {
            eprintln!("xtask: fuzz target {target} crashed: {err:#}");
            crashed.push(*target);
        }
    }
    if !crashed.is_empty() {
        bail!(
            "fuzz targets crashed: {} (inputs in fuzz/artifacts/<target>/; fix, then add each to fuzz/seeds/<target>/)",
            crashed.join(", ")
        );
    }
    Ok(())
}
