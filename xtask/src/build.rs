//! The app's build pipeline: cargo (wasm-release profile) → wasm-bindgen →
//! wasm-opt → `dist/` with content-hashed names, an `index.html` pointing at
//! them, and a service worker whose precache list is the build output itself.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::tools::{BuildTools, WASM_TARGET, hex};
use crate::util::{self, root};

/// Files worth sending gzip-compressed; the server picks `name.gz` when the
/// browser accepts it.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "webmanifest", "json", "svg"];

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// Builds the optimised app into `dist/` and returns that folder.
pub fn build_app(tools: &BuildTools) -> anyhow::Result<PathBuf> {
    util::run(util::cargo().args([
        "build",
        "--package",
        "drempel",
        "--bin",
        "drempel",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let wasm_in = target_dir()
        .join(WASM_TARGET)
        .join("wasm-release/drempel.wasm");

    let bindgen_dir = target_dir().join("wasm-bindgen");
    recreate(&bindgen_dir)?;
    util::run(
        Command::new(&tools.wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "drempel",
                "--out-dir",
            ])
            .arg(&bindgen_dir)
            .arg(&wasm_in),
    )?;
    let optimised = bindgen_dir.join("drempel_bg.opt.wasm");
    util::run(
        Command::new(&tools.wasm_opt)
            .arg("-Oz")
            .arg(bindgen_dir.join("drempel_bg.wasm"))
            .arg("-o")
            .arg(&optimised),
    )?;

    let dist = dist_dir();
    recreate(&dist)?;
    copy_public(&root().join("public"), &dist)?;

    let wasm = write_hashed(&dist, "drempel_bg", "wasm", &std::fs::read(&optimised)?)?;
    let glue = write_hashed(
        &dist,
        "drempel",
        "js",
        &std::fs::read(bindgen_dir.join("drempel.js"))?,
    )?;
    let style = write_hashed(
        &dist,
        "style",
        "css",
        &std::fs::read(root().join("style/main.css"))?,
    )?;
    let boot_js = format!(
        "// Starts Drempel: loads the wasm module and mounts the app.\n\
         import init from './{glue}';\n\
         init({{ module_or_path: './{wasm}' }});\n"
    );
    let boot = write_hashed(&dist, "boot", "js", boot_js.as_bytes())?;

    let template = std::fs::read_to_string(root().join("index.html"))?;
    let index = fill(
        &template,
        &[
            ("style", &style),
            ("glue", &glue),
            ("wasm", &wasm),
            ("boot", &boot),
        ],
    )?;
    std::fs::write(dist.join("index.html"), index)?;

    write_service_worker(&dist)?;
    compress(&dist)?;
    report_sizes(&dist.join(&wasm))?;
    Ok(dist)
}

/// Builds the server in release mode and returns its binary.
pub fn build_server() -> anyhow::Result<PathBuf> {
    util::run(util::cargo().args(["build", "--release", "--package", "drempel-server"]))?;
    Ok(target_dir()
        .join("release")
        .join(format!("drempel-server{}", std::env::consts::EXE_SUFFIX)))
}

/// Builds the optimised app and the release server, and returns a `node`
/// command pointed at them (the e2e suite and the benchmarks read these
/// variables through `e2e/harness.mjs`).
pub fn node_against_release(tools: &BuildTools, chromium: &Path) -> anyhow::Result<Command> {
    let dist = build_app(tools)?;
    let server = build_server()?;
    let mut command = Command::new("node");
    command
        .current_dir(root())
        .env("DREMPEL_SERVER_BIN", server)
        .env("DREMPEL_STATIC_DIR", dist)
        .env("CHROMIUM_PATH", chromium);
    Ok(command)
}

fn recreate(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// Copies `public/` as it is, except the service worker template.
fn copy_public(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_public(&entry.path(), &target)?;
        } else if !(from == root().join("public") && entry.file_name() == "sw.js") {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Writes `stem-<16 hex of sha256>.ext` and returns that name.
fn write_hashed(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> anyhow::Result<String> {
    let name = format!("{stem}-{}.{ext}", &hex(&Sha256::digest(bytes))[..16]);
    std::fs::write(dist.join(&name), bytes)?;
    Ok(name)
}

/// Replaces each `{{key}}` in `template`; every placeholder must be filled.
fn fill(template: &str, values: &[(&str, &str)]) -> anyhow::Result<String> {
    let mut text = template.to_string();
    for (key, value) in values {
        text = text.replace(&format!("{{{{{key}}}}}"), value);
    }
    if let Some(start) = text.find("{{") {
        anyhow::bail!(
            "index.html has an unfilled placeholder near `{}`",
            &text[start..(start + 20).min(text.len())]
        );
    }
    Ok(text)
}

/// The service worker: a generated `BUILD` line (version and the list of
/// every file in `dist/`), then the template from `public/sw.js`.
fn write_service_worker(dist: &Path) -> anyhow::Result<()> {
    let mut files = BTreeMap::new();
    collect_files(dist, dist, &mut files)?;
    let mut version = Sha256::new();
    for (url, digest) in &files {
        version.update(url.as_bytes());
        version.update(digest.as_bytes());
    }
    let version = &hex(&version.finalize())[..16];
    let list: Vec<&String> = files.keys().collect();
    let header = format!(
        "const BUILD = {{ version: {}, files: {} }};\n",
        serde_json::to_string(version)?,
        serde_json::to_string(&list)?
    );
    let template = std::fs::read_to_string(root().join("public/sw.js"))?;
    std::fs::write(dist.join("sw.js"), header + &template)?;
    Ok(())
}

fn collect_files(
    base: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, String>,
) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(base, &path, files)?;
        } else {
            let relative = path
                .strip_prefix(base)?
                .to_string_lossy()
                .replace('\\', "/");
            if relative != "sw.js" && !relative.ends_with(".gz") {
                files.insert(
                    format!("/{relative}"),
                    hex(&Sha256::digest(std::fs::read(&path)?)),
                );
            }
        }
    }
    Ok(())
}

fn compress(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            compress(&path)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if COMPRESSIBLE.contains(&ext) {
            let bytes = std::fs::read(&path)?;
            let packed = gzip(&bytes)?;
            if packed.len() < bytes.len() {
                let mut name = path.clone().into_os_string();
                name.push(".gz");
                std::fs::write(name, packed)?;
            }
        }
    }
    Ok(())
}

pub fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn report_sizes(wasm: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(wasm)?;
    eprintln!(
        "xtask: app built into dist/: wasm {:.1} KB raw, {:.1} KB gzip",
        bytes.len() as f64 / 1024.0,
        gzip(&bytes)?.len() as f64 / 1024.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        let text = fill(
            "<a href=\"/{{a}}\">{{b}}</a>",
            &[("a", "x-1.js"), ("b", "y")],
        )
        .unwrap();
        assert_eq!(text, "<a href=\"/x-1.js\">y</a>");
    }

    #[test]
    fn fill_refuses_a_forgotten_placeholder() {
        assert!(fill("{{a}} {{b}}", &[("a", "x")]).is_err());
    }
}
