//! The app's build pipeline: cargo (wasm-release profile) → wasm-bindgen →
//! wasm-opt, once per app (field, coordinator, report) → `dist/` with
//! content-hashed names, a page per app pointing at them, gzip and brotli
//! copies, and a service worker whose file lists are the build output itself.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::tools::{BuildTools, WASM_TARGET, hex};
use crate::util::{self, root};

/// Files worth sending compressed; the server picks `name.br` or `name.gz`
/// by what the browser accepts.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "webmanifest", "json", "svg"];

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// The apps built from the crate, one wasm each: the cargo binary, and the
/// page that loads it. The field app is what a volunteer's phone fetches;
/// the others are fetched by those who open them.
pub const PAGES: &[Page] = &[
    Page {
        bin: "drempel",
        html: "index.html",
        precached: true,
    },
    Page {
        bin: "coordinator",
        html: "coordinator.html",
        precached: false,
    },
    Page {
        bin: "report",
        html: "report.html",
        precached: false,
    },
];

pub struct Page {
    pub bin: &'static str,
    pub html: &'static str,
    /// Installed with the service worker; otherwise cached on first use.
    pub precached: bool,
}

/// Builds the optimised apps into `dist/` and returns that folder.
pub fn build_app(tools: &BuildTools) -> anyhow::Result<PathBuf> {
    let mut cargo = util::cargo();
    cargo.args([
        "build",
        "--package",
        "drempel",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ]);
    for page in PAGES {
        cargo.args(["--bin", page.bin]);
    }
    util::run(&mut cargo)?;

    // The same inputs make the same `dist/`: wasm-bindgen, wasm-opt and the
    // compression take minutes, so they run only when an input changed.
    let dist = dist_dir();
    let stamp_path = target_dir().join("dist.stamp");
    let stamp = inputs_stamp()?;
    if dist.join("index.html").is_file()
        && std::fs::read_to_string(&stamp_path).is_ok_and(|old| old == stamp)
    {
        eprintln!("xtask: dist/ is up to date with its inputs");
        return Ok(dist);
    }
    // Removed first, so an interrupted build is never taken as done.
    let _ = std::fs::remove_file(&stamp_path);
    recreate(&dist)?;
    copy_public(&root().join("public"), &dist)?;
    let style = write_hashed(
        &dist,
        "style",
        "css",
        &std::fs::read(root().join("style/main.css"))?,
    )?;
    let template = std::fs::read_to_string(root().join("index.html"))?;
    let mut own_files = BTreeMap::new();
    for page in PAGES {
        let files = build_page(tools, &dist, page, &template, &style)?;
        own_files.insert(page.html, files);
    }
    write_service_worker(&dist, &own_files)?;
    compress(&dist)?;
    std::fs::write(&stamp_path, stamp)?;
    Ok(dist)
}

/// One hash over everything `dist/` is made from: this build program
/// itself, each app's wasm from cargo, the style, the page template and
/// `public/`.
fn inputs_stamp() -> anyhow::Result<String> {
    let mut files = vec![
        std::env::current_exe()?,
        root().join("style/main.css"),
        root().join("index.html"),
        root().join("public/sw.js"),
    ];
    for page in PAGES {
        files.push(
            target_dir()
                .join(WASM_TARGET)
                .join(format!("wasm-release/{}.wasm", page.bin)),
        );
    }
    let mut hash = Sha256::new();
    for path in files {
        hash.update(path.to_string_lossy().as_bytes());
        hash.update(std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?);
    }
    let mut public = BTreeMap::new();
    collect_files(&root().join("public"), &root().join("public"), &mut public)?;
    for (name, digest) in public {
        hash.update(name.as_bytes());
        hash.update(digest.as_bytes());
    }
    Ok(hex(&hash.finalize()))
}

/// One app: wasm-bindgen, wasm-opt, its hashed files and its page. Returns
/// the files that are its own (page, glue, wasm, boot script).
fn build_page(
    tools: &BuildTools,
    dist: &Path,
    page: &Page,
    template: &str,
    style: &str,
) -> anyhow::Result<Vec<String>> {
    let wasm_in = target_dir()
        .join(WASM_TARGET)
        .join(format!("wasm-release/{}.wasm", page.bin));
    let bindgen_dir = target_dir().join("wasm-bindgen").join(page.bin);
    recreate(&bindgen_dir)?;
    util::run(
        Command::new(&tools.wasm_bindgen)
            .args(["--target", "web", "--no-typescript", "--out-name"])
            .arg(page.bin)
            .arg("--out-dir")
            .arg(&bindgen_dir)
            .arg(&wasm_in),
    )?;
    let optimised = bindgen_dir.join(format!("{}_bg.opt.wasm", page.bin));
    util::run(
        Command::new(&tools.wasm_opt)
            .arg("-Oz")
            .arg(bindgen_dir.join(format!("{}_bg.wasm", page.bin)))
            .arg("-o")
            .arg(&optimised),
    )?;
    let wasm_bytes = std::fs::read(&optimised)?;
    let wasm = write_hashed(dist, &format!("{}_bg", page.bin), "wasm", &wasm_bytes)?;
    let glue = write_hashed(
        dist,
        page.bin,
        "js",
        &std::fs::read(bindgen_dir.join(format!("{}.js", page.bin)))?,
    )?;
    let boot_js = format!(
        "// Starts Drempel: loads the wasm module and mounts the app.\n\
         import init from './{glue}';\n\
         init({{ module_or_path: './{wasm}' }});\n"
    );
    let boot = write_hashed(
        dist,
        &format!("{}-boot", page.bin),
        "js",
        boot_js.as_bytes(),
    )?;
    let html = fill(
        template,
        &[
            ("style", style),
            ("glue", &glue),
            ("wasm", &wasm),
            ("boot", &boot),
        ],
    )?;
    std::fs::write(dist.join(page.html), html)?;
    eprintln!(
        "xtask: {} built: wasm {:.1} KB raw, {:.1} KB gzip, {:.1} KB brotli",
        page.html,
        wasm_bytes.len() as f64 / 1024.0,
        gzip(&wasm_bytes)?.len() as f64 / 1024.0,
        brotli(&wasm_bytes)?.len() as f64 / 1024.0
    );
    Ok(vec![page.html.to_string(), glue, wasm, boot])
}

/// The feature that puts `dist/` inside the server binary.
const EMBED: &str = "drempel-server/embed-app";

/// Builds the server in release mode with the app in `dist` (from
/// [`build_app`]) inside it, and returns its binary: the whole deployment.
pub fn build_server(dist: &Path) -> anyhow::Result<PathBuf> {
    anyhow::ensure!(
        dist == dist_dir() && dist.join("index.html").is_file(),
        "the server embeds {}: build the app first",
        dist_dir().display()
    );
    util::run(util::cargo().args([
        "build",
        "--release",
        "--package",
        "drempel-server",
        "--features",
        EMBED,
    ]))?;
    Ok(target_dir()
        .join("release")
        .join(format!("drempel-server{}", std::env::consts::EXE_SUFFIX)))
}

/// Builds `drempel-seed` (release), which seeds a team through the store
/// for the bench, and returns its binary.
pub fn build_seed() -> anyhow::Result<PathBuf> {
    // With the server's features as built for the bench, so the server's
    // library is compiled once.
    util::run(util::cargo().args([
        "build",
        "--release",
        "--package",
        "drempel-seed",
        "--features",
        EMBED,
    ]))?;
    Ok(target_dir().join("release").join("drempel-seed"))
}

/// Builds the optimised app and the release server, and returns a `node`
/// command pointed at them (the e2e suite and the benchmarks read these
/// variables through `e2e/harness.mjs`).
pub fn node_against_release(tools: &BuildTools, chromium: &Path) -> anyhow::Result<Command> {
    let dist = build_app(tools)?;
    let server = build_server(&dist)?;
    Ok(node_against(&dist, &server, chromium))
}

/// A `node` command pointed at an app in `dist` and a server binary.
pub fn node_against(dist: &Path, server: &Path, chromium: &Path) -> Command {
    let mut command = Command::new("node");
    command
        .current_dir(root())
        .env("DREMPEL_SERVER_BIN", server)
        .env("DREMPEL_STATIC_DIR", dist)
        .env("CHROMIUM_PATH", chromium);
    command
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

/// The service worker: a generated `BUILD` line (the version, the files
/// installed with it, and each other page's own files, cached on first
/// use), then the template from `public/sw.js`.
fn write_service_worker(
    dist: &Path,
    own_files: &BTreeMap<&str, Vec<String>>,
) -> anyhow::Result<()> {
    let mut files = BTreeMap::new();
    collect_files(dist, dist, &mut files)?;
    let mut version = Sha256::new();
    for (url, digest) in &files {
        version.update(url.as_bytes());
        version.update(digest.as_bytes());
    }
    let version = &hex(&version.finalize())[..16];
    let url = |name: &String| format!("/{name}");
    let mut later = serde_json::Map::new();
    for page in PAGES.iter().filter(|p| !p.precached) {
        let own: Vec<String> = own_files[page.html].iter().map(url).collect();
        later.insert(format!("/{}", page.html), serde_json::json!(own));
    }
    let not_installed: Vec<String> = later
        .values()
        .flat_map(|v| v.as_array().into_iter().flatten())
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let shell: Vec<&String> = files
        .keys()
        .filter(|f| !not_installed.contains(f))
        .collect();
    let build = serde_json::json!({ "version": version, "shell": shell, "pages": later });
    let header = format!("const BUILD = {build};\n");
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
            if relative != "sw.js" && !relative.ends_with(".gz") && !relative.ends_with(".br") {
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
            for (suffix, packed) in [(".gz", gzip(&bytes)?), (".br", brotli(&bytes)?)] {
                if packed.len() < bytes.len() {
                    let mut name = path.clone().into_os_string();
                    name.push(suffix);
                    std::fs::write(name, packed)?;
                }
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

/// Brotli at its best setting, as browsers that accept `br` get it.
pub fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
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
