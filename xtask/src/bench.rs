//! `cargo xtask bench [--quick]`: builds in release and measures, printing
//! a table and writing `target/bench/report.json` (stable keys, numbers
//! only, plus the CPU model and the git commit). Measurements only;
//! nothing here passes or fails on a number. `--quick` runs everything with
//! small sizes, so `cargo xtask test` can check the benchmark still runs.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::load::{self, LoadPlan};
use crate::tools::{self, BuildTools};
use crate::{build, util};

/// How much each measurement does.
struct Sizes {
    stored: usize,
    saves: usize,
    cold_runs: usize,
    sync_records: usize,
    devices: usize,
    records_per_device: usize,
    /// The larger devices-at-once run (same records per device).
    many_devices: usize,
    /// Contacts of the team whose dashboard is timed, on both databases,
    /// and of the large team timed on PostgreSQL.
    team_contacts: usize,
    large_team_contacts: usize,
    /// Contacts one phone makes over two years, and the steps the
    /// simulated clock takes.
    phone_contacts: usize,
    phone_steps: usize,
    /// Teams of one region, and contacts each, timed on PostgreSQL.
    region_teams: usize,
    region_contacts: usize,
}

const FULL: Sizes = Sizes {
    stored: 5_000,
    saves: 200,
    cold_runs: 10,
    sync_records: 10_000,
    devices: 200,
    records_per_device: 50,
    many_devices: 1_000,
    team_contacts: 100_000,
    large_team_contacts: 1_000_000,
    phone_contacts: 20_000,
    phone_steps: 24,
    region_teams: 50,
    region_contacts: 20_000,
};

const QUICK: Sizes = Sizes {
    stored: 300,
    saves: 10,
    cold_runs: 2,
    sync_records: 300,
    devices: 10,
    records_per_device: 10,
    many_devices: 20,
    team_contacts: 1_000,
    large_team_contacts: 2_000,
    phone_contacts: 1_200,
    phone_steps: 4,
    region_teams: 3,
    region_contacts: 300,
};

pub fn bench(args: &[String]) -> anyhow::Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args
        .iter()
        .find(|a| !["--quick", "--dashboard", "--region"].contains(&a.as_str()))
    {
        bail!("unknown bench option `{other}` (--quick, --dashboard, --region)");
    }
    if args.iter().any(|a| a == "--region") {
        // The region dashboard alone, printed, no report.
        let report = measure_region(if quick { &QUICK } else { &FULL })?;
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    if args.iter().any(|a| a == "--dashboard") {
        // The dashboard timings alone, printed, no report.
        let report = measure_dashboards(if quick { &QUICK } else { &FULL })?;
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let report = measure(quick)?;
    check_report(&report)?;
    let dir = build::target_dir().join("bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("report.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    print_table(&report);
    println!("written to {}", path.display());
    Ok(())
}

fn measure(quick: bool) -> anyhow::Result<Value> {
    let sizes = if quick { &QUICK } else { &FULL };
    let tools: BuildTools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    let postgres = tools::ensure_postgres()?;
    // Built once; every script below measures the same build.
    let dist = build::build_app(&tools)?;
    let server = build::build_server(&dist)?;
    let seed = build::build_seed()?;
    let node = |script: &str| -> anyhow::Result<Value> {
        let mut command = build::node_against(&dist, &server, &browser.chromium);
        let out = util::output(
            command
                .arg(script)
                .env("BENCH_STORED", sizes.stored.to_string())
                .env("BENCH_SAVES", sizes.saves.to_string())
                .env("BENCH_COLD_RUNS", sizes.cold_runs.to_string())
                .env("BENCH_SYNC_RECORDS", sizes.sync_records.to_string())
                .env("BENCH_POSTGRES_URL", &postgres),
        )?;
        serde_json::from_str(out.trim()).with_context(|| format!("reading what {script} printed"))
    };
    let first_load = node("bench/first_load.mjs")?;
    let save = node("bench/save.mjs")?;
    let cold = node("bench/cold.mjs")?;
    let sync = node("bench/sync.mjs")?;
    let (gzip, brotli) = payload(&dist)?;
    let coordinator = page_bytes(&dist, "/coordinator.html")?;
    let report_page = page_bytes(&dist, "/report.html")?;

    let plan = LoadPlan {
        devices: sizes.devices,
        records_per_device: sizes.records_per_device,
    };
    let scratch = build::target_dir().join("bench").join("load");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let sqlite_url = format!("sqlite://{}", scratch.join("drempel.db").display());
    let on_sqlite = load::measure(&server, &sqlite_url, &plan)?;
    let on_postgres = with_postgres_database(&postgres, |url| load::measure(&server, url, &plan))?;
    let many = LoadPlan {
        devices: sizes.many_devices,
        records_per_device: sizes.records_per_device,
    };
    let many_url = format!("sqlite://{}", scratch.join("many.db").display());
    let many_sqlite = load::measure(&server, &many_url, &many)?;
    let many_postgres =
        with_postgres_database(&postgres, |url| load::measure(&server, url, &many))?;
    // The phones' storage: a volunteer's over two years, and a coordinator's
    // after opening the dashboard of the seeded team.
    let phones = |coordinator_url: &str| -> anyhow::Result<Value> {
        let mut command = build::node_against(&dist, &server, &browser.chromium);
        let out = util::output(
            command
                .arg("bench/phone_storage.mjs")
                .env("BENCH_PHONE_CONTACTS", sizes.phone_contacts.to_string())
                .env("BENCH_PHONE_STEPS", sizes.phone_steps.to_string())
                .env("BENCH_COORDINATOR_URL", coordinator_url),
        )?;
        serde_json::from_str(out.trim()).context("reading what bench/phone_storage.mjs printed")
    };
    let dashboard_url = format!("sqlite://{}", scratch.join("dashboard.db").display());
    let mut dashboard_sqlite = load::dashboard(
        &server,
        &seed,
        &dashboard_url,
        sizes.team_contacts,
        Some((&dist, &phones)),
    )?;
    let phone_storage = dashboard_sqlite
        .as_object_mut()
        .and_then(|d| d.remove("visit"))
        .unwrap_or_default();
    let dashboard_postgres = with_postgres_database(&postgres, |url| {
        load::dashboard(&server, &seed, url, sizes.team_contacts, None)
    })?;
    let dashboard_postgres_large = with_postgres_database(&postgres, |url| {
        load::dashboard(&server, &seed, url, sizes.large_team_contacts, None)
    })?;
    let region = with_postgres_database(&postgres, |url| {
        load::region(
            &server,
            &seed,
            url,
            sizes.region_teams,
            sizes.region_contacts,
        )
    })?;
    let logins_url = format!("sqlite://{}", scratch.join("logins.db").display());
    let logins = load::login_memory(&server, &logins_url, 50)?;

    let per_s = |key: &str| {
        json!({
            "sqlite": sync["sqlite"][key],
            "postgres": sync["postgres"][key],
        })
    };
    Ok(json!({
        "git_commit": util::output(Command::new("git").args(["rev-parse", "HEAD"]).current_dir(util::root()))
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
        "cpu_model": cpu_model(),
        "quick": quick,
        "payload_gzip_bytes": gzip,
        "payload_brotli_bytes": brotli,
        "volunteer_first_load_bytes": first_load,
        "coordinator_chunk_bytes": coordinator,
        "report_page_bytes": report_page,
        "cold_start_ms": cold,
        "save_ms": save,
        "sync_records": sizes.sync_records,
        "sync_push_records_per_s": per_s("push_records_per_s"),
        "sync_pull_records_per_s": per_s("pull_records_per_s"),
        "server_concurrency": { "sqlite": on_sqlite, "postgres": on_postgres },
        "server_concurrency_many": {
            "devices": sizes.many_devices,
            "sqlite": many_sqlite,
            "postgres": many_postgres,
        },
        "login_memory": logins,
        "dashboard_ms": {
            "sqlite": dashboard_sqlite,
            "postgres": dashboard_postgres,
            "postgres_large": dashboard_postgres_large,
        },
        "region_dashboard_ms": { "postgres": region },
        "phone_storage_bytes": phone_storage,
    }))
}

/// The dashboards of the team on both databases and of the large team on
/// PostgreSQL, without the phones' visit.
fn measure_dashboards(sizes: &Sizes) -> anyhow::Result<Value> {
    let postgres = tools::ensure_postgres()?;
    // The server as it ships, with the app inside (up to date: no rebuild).
    let dist = build::build_app(&tools::ensure_build_tools()?)?;
    let server = build::build_server(&dist)?;
    let seed = build::build_seed()?;
    let scratch = build::target_dir().join("bench").join("dashboard");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let sqlite_url = format!("sqlite://{}", scratch.join("dashboard.db").display());
    Ok(json!({
        "sqlite": load::dashboard(&server, &seed, &sqlite_url, sizes.team_contacts, None)?,
        "postgres": with_postgres_database(&postgres, |url| {
            load::dashboard(&server, &seed, url, sizes.team_contacts, None)
        })?,
        "postgres_large": with_postgres_database(&postgres, |url| {
            load::dashboard(&server, &seed, url, sizes.large_team_contacts, None)
        })?,
    }))
}

/// The region's dashboard on PostgreSQL alone.
fn measure_region(sizes: &Sizes) -> anyhow::Result<Value> {
    let postgres = tools::ensure_postgres()?;
    let dist = build::build_app(&tools::ensure_build_tools()?)?;
    let server = build::build_server(&dist)?;
    let seed = build::build_seed()?;
    with_postgres_database(&postgres, |url| {
        load::region(
            &server,
            &seed,
            url,
            sizes.region_teams,
            sizes.region_contacts,
        )
    })
}

/// `cargo xtask load --devices N --records M`: the devices-at-once
/// measurement alone, at any size, on SQLite and PostgreSQL, printed.
pub fn load_only(args: &[String]) -> anyhow::Result<()> {
    let mut plan = LoadPlan {
        devices: FULL.devices,
        records_per_device: FULL.records_per_device,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = |v: Option<&String>| -> anyhow::Result<usize> {
            let n: usize = v
                .with_context(|| format!("{flag} needs a number"))?
                .parse()
                .with_context(|| format!("{flag} needs a number"))?;
            anyhow::ensure!((1..=10_000).contains(&n), "{flag}: 1 to 10000");
            Ok(n)
        };
        match flag.as_str() {
            "--devices" => plan.devices = value(rest.next())?,
            "--records" => plan.records_per_device = value(rest.next())?,
            other => bail!("unknown load option `{other}` (--devices N, --records M)"),
        }
    }
    let postgres = tools::ensure_postgres()?;
    let dist = build::build_app(&tools::ensure_build_tools()?)?;
    let server = build::build_server(&dist)?;
    let scratch = build::target_dir().join("bench").join("load-only");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let sqlite_url = format!("sqlite://{}", scratch.join("drempel.db").display());
    let report = serde_json::json!({
        "devices": plan.devices,
        "records_per_device": plan.records_per_device,
        "sqlite": load::measure(&server, &sqlite_url, &plan)?,
        "postgres": with_postgres_database(&postgres, |url| load::measure(&server, url, &plan))?,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// A fresh database on the PostgreSQL server at `admin`, dropped after.
fn with_postgres_database<T>(
    admin: &str,
    run: impl FnOnce(&str) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let name = format!("drempel_load_{}", std::process::id());
    let psql = |sql: &str| util::run(Command::new("psql").args([admin, "-qc", sql]));
    psql(&format!("CREATE DATABASE {name}"))?;
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    let result = run(&format!("{base}/{name}"));
    psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    result
}

/// What a volunteer's phone downloads (the field app: the service
/// worker's `shell` list and the worker itself), per file and in total,
/// compressed as a server or CDN would send it: gzip and brotli at their
/// best settings.
fn payload(dist: &Path) -> anyhow::Result<(Value, Value)> {
    let build = service_worker_lists(dist)?;
    let mut files: Vec<String> = build["shell"]
        .as_array()
        .context("the service worker's shell list")?
        .iter()
        .filter_map(|f| f.as_str().map(|f| f.trim_start_matches('/').to_string()))
        .collect();
    files.push("sw.js".into());
    compressed(dist, &files)
}

/// The files a page other than the field app adds (the coordinator's app,
/// the report page), compressed as they are sent.
fn page_bytes(dist: &Path, page: &str) -> anyhow::Result<Value> {
    let build = service_worker_lists(dist)?;
    let files: Vec<String> = build["pages"][page]
        .as_array()
        .with_context(|| format!("{page} in the service worker's lists"))?
        .iter()
        .filter_map(|f| f.as_str().map(|f| f.trim_start_matches('/').to_string()))
        .collect();
    let (gzip, brotli) = compressed(dist, &files)?;
    Ok(json!({ "gzip": gzip["total"], "brotli": brotli["total"] }))
}

/// The `BUILD` line `cargo xtask build` writes at the top of `sw.js`.
fn service_worker_lists(dist: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(dist.join("sw.js"))?;
    let first = text.lines().next().unwrap_or_default();
    let json = first
        .strip_prefix("const BUILD = ")
        .and_then(|rest| rest.strip_suffix(';'))
        .context("sw.js starts with its BUILD line")?;
    Ok(serde_json::from_str(json)?)
}

fn compressed(dist: &Path, files: &[String]) -> anyhow::Result<(Value, Value)> {
    let mut gzip = serde_json::Map::new();
    let mut brotli = serde_json::Map::new();
    let (mut gzip_total, mut brotli_total) = (0, 0);
    for name in files {
        let bytes = std::fs::read(dist.join(name))?;
        let g = build::gzip(&bytes)?.len();
        let b = build::brotli(&bytes)?.len();
        gzip_total += g;
        brotli_total += b;
        gzip.insert(name.clone(), json!(g));
        brotli.insert(name.clone(), json!(b));
    }
    Ok((
        json!({ "files": gzip, "total": gzip_total }),
        json!({ "files": brotli, "total": brotli_total }),
    ))
}

/// Every key the report promises, as a JSON pointer, with a number there.
const NUMBERS: &[&str] = &[
    "/payload_gzip_bytes/total",
    "/payload_brotli_bytes/total",
    "/volunteer_first_load_bytes/median",
    "/dashboard_ms/sqlite/answer_ms_p50",
    "/dashboard_ms/sqlite/answer_ms_p95",
    "/dashboard_ms/postgres/answer_ms_p50",
    "/dashboard_ms/postgres/answer_ms_p95",
    "/dashboard_ms/postgres_large/answer_ms_p50",
    "/dashboard_ms/postgres_large/answer_ms_p95",
    "/dashboard_ms/postgres_large/first_answer_ms",
    "/dashboard_ms/postgres_large/server_rss_mb",
    "/region_dashboard_ms/postgres/answer_ms_p50",
    "/region_dashboard_ms/postgres/answer_ms_p95",
    "/region_dashboard_ms/postgres/first_answer_ms",
    "/volunteer_first_load_bytes/max",
    "/coordinator_chunk_bytes/brotli",
    "/report_page_bytes/brotli",
    "/cold_start_ms/empty_median_ms",
    "/cold_start_ms/empty_max_ms",
    "/cold_start_ms/stored_median_ms",
    "/cold_start_ms/stored_max_ms",
    "/save_ms/save_ms_p50",
    "/save_ms/save_ms_p95",
    "/sync_push_records_per_s/sqlite",
    "/sync_push_records_per_s/postgres",
    "/sync_pull_records_per_s/sqlite",
    "/sync_pull_records_per_s/postgres",
    "/server_concurrency/sqlite/records_per_s",
    "/server_concurrency/sqlite/latency_ms_p50",
    "/server_concurrency/sqlite/latency_ms_p99",
    "/server_concurrency/sqlite/server_peak_rss_mb",
    "/server_concurrency/postgres/records_per_s",
    "/server_concurrency/postgres/latency_ms_p50",
    "/server_concurrency/postgres/latency_ms_p99",
    "/server_concurrency/postgres/server_peak_rss_mb",
    "/server_concurrency_many/sqlite/latency_ms_p50",
    "/server_concurrency_many/sqlite/latency_ms_p99",
    "/server_concurrency_many/sqlite/server_peak_rss_mb",
    "/server_concurrency_many/postgres/latency_ms_p50",
    "/server_concurrency_many/postgres/latency_ms_p99",
    "/server_concurrency_many/postgres/server_peak_rss_mb",
    "/login_memory/rss_before_mb",
    "/login_memory/peak_rss_mb",
    "/phone_storage_bytes/volunteer/bytes",
    "/phone_storage_bytes/volunteer/peak_bytes",
    "/phone_storage_bytes/coordinator/bytes",
];

/// The report is complete: every promised key holds a positive number, and
/// the payload lists the files a phone loads. Not a judgement of the figures.
pub fn check_report(report: &Value) -> anyhow::Result<()> {
    let missing: Vec<&str> = NUMBERS
        .iter()
        .copied()
        .filter(|key| {
            !report
                .pointer(key)
                .and_then(Value::as_f64)
                .is_some_and(|n| n > 0.0)
        })
        .collect();
    if !missing.is_empty() {
        bail!("the bench report lacks numbers at {}", missing.join(", "));
    }
    for kind in ["payload_gzip_bytes", "payload_brotli_bytes"] {
        let files = report[kind]["files"].as_object().context("payload files")?;
        for wanted in [
            ".wasm",
            ".js",
            ".css",
            "index.html",
            "manifest.webmanifest",
            "sw.js",
        ] {
            if !files.keys().any(|name| name.ends_with(wanted)) {
                bail!("{kind} lists no {wanted}");
            }
        }
    }
    for key in ["/git_commit", "/cpu_model"] {
        if report
            .pointer(key)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            bail!("the bench report lacks {key}");
        }
    }
    Ok(())
}

fn print_table(report: &Value) {
    let n = |key: &str| {
        report
            .pointer(key)
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    let kb = |key: &str| n(key) / 1024.0;
    println!("\n{:<58} {:>14}", "measure", "value");
    let rows = [
        (
            "field app files, gzip (KB)",
            kb("/payload_gzip_bytes/total"),
        ),
        (
            "field app files, brotli (KB)",
            kb("/payload_brotli_bytes/total"),
        ),
        (
            "volunteer first load on the wire, join link to first tap, median (KB)",
            kb("/volunteer_first_load_bytes/median"),
        ),
        (
            "coordinator's app on top, brotli (KB)",
            kb("/coordinator_chunk_bytes/brotli"),
        ),
        ("report page, brotli (KB)", kb("/report_page_bytes/brotli")),
        (
            "cold start offline, 4x CPU, 0 records, median (ms)",
            n("/cold_start_ms/empty_median_ms"),
        ),
        (
            "cold start offline, 4x CPU, 0 records, max (ms)",
            n("/cold_start_ms/empty_max_ms"),
        ),
        (
            "cold start offline, 4x CPU, stored records, median (ms)",
            n("/cold_start_ms/stored_median_ms"),
        ),
        (
            "cold start offline, 4x CPU, stored records, max (ms)",
            n("/cold_start_ms/stored_max_ms"),
        ),
        (
            "save with stored records, p50 (ms)",
            n("/save_ms/save_ms_p50"),
        ),
        (
            "save with stored records, p95 (ms)",
            n("/save_ms/save_ms_p95"),
        ),
        (
            "sync push, SQLite (records/s)",
            n("/sync_push_records_per_s/sqlite"),
        ),
        (
            "sync pull, SQLite (records/s)",
            n("/sync_pull_records_per_s/sqlite"),
        ),
        (
            "sync push, PostgreSQL (records/s)",
            n("/sync_push_records_per_s/postgres"),
        ),
        (
            "sync pull, PostgreSQL (records/s)",
            n("/sync_pull_records_per_s/postgres"),
        ),
        (
            "dashboard answer, SQLite: p50 (ms)",
            n("/dashboard_ms/sqlite/answer_ms_p50"),
        ),
        (
            "dashboard answer, SQLite: p95 (ms)",
            n("/dashboard_ms/sqlite/answer_ms_p95"),
        ),
        (
            "dashboard answer, PostgreSQL: p50 (ms)",
            n("/dashboard_ms/postgres/answer_ms_p50"),
        ),
        (
            "dashboard answer, PostgreSQL: p95 (ms)",
            n("/dashboard_ms/postgres/answer_ms_p95"),
        ),
        (
            "dashboard answer, large team, PostgreSQL: p50 (ms)",
            n("/dashboard_ms/postgres_large/answer_ms_p50"),
        ),
        (
            "dashboard answer, large team, PostgreSQL: p95 (ms)",
            n("/dashboard_ms/postgres_large/answer_ms_p95"),
        ),
        (
            "dashboard first answer, large team, PostgreSQL (ms)",
            n("/dashboard_ms/postgres_large/first_answer_ms"),
        ),
        (
            "server memory, large team counted (MB)",
            n("/dashboard_ms/postgres_large/server_rss_mb"),
        ),
        (
            "region dashboard answer, PostgreSQL: p50 (ms)",
            n("/region_dashboard_ms/postgres/answer_ms_p50"),
        ),
        (
            "region dashboard answer, PostgreSQL: p95 (ms)",
            n("/region_dashboard_ms/postgres/answer_ms_p95"),
        ),
        (
            "region dashboard first answer, PostgreSQL (ms)",
            n("/region_dashboard_ms/postgres/first_answer_ms"),
        ),
        (
            "volunteer's storage after two years (KB)",
            kb("/phone_storage_bytes/volunteer/bytes"),
        ),
        (
            "volunteer's storage, highest (KB)",
            kb("/phone_storage_bytes/volunteer/peak_bytes"),
        ),
        (
            "coordinator's storage after the dashboard (KB)",
            kb("/phone_storage_bytes/coordinator/bytes"),
        ),
        (
            "devices at once, SQLite: records/s",
            n("/server_concurrency/sqlite/records_per_s"),
        ),
        (
            "devices at once, SQLite: p50 (ms)",
            n("/server_concurrency/sqlite/latency_ms_p50"),
        ),
        (
            "devices at once, SQLite: p99 (ms)",
            n("/server_concurrency/sqlite/latency_ms_p99"),
        ),
        (
            "devices at once, SQLite: server peak RSS (MB)",
            n("/server_concurrency/sqlite/server_peak_rss_mb"),
        ),
        (
            "devices at once, PostgreSQL: records/s",
            n("/server_concurrency/postgres/records_per_s"),
        ),
        (
            "devices at once, PostgreSQL: p50 (ms)",
            n("/server_concurrency/postgres/latency_ms_p50"),
        ),
        (
            "devices at once, PostgreSQL: p99 (ms)",
            n("/server_concurrency/postgres/latency_ms_p99"),
        ),
        (
            "devices at once, PostgreSQL: server peak RSS (MB)",
            n("/server_concurrency/postgres/server_peak_rss_mb"),
        ),
        (
            "more devices at once, SQLite: p50 (ms)",
            n("/server_concurrency_many/sqlite/latency_ms_p50"),
        ),
        (
            "more devices at once, SQLite: p99 (ms)",
            n("/server_concurrency_many/sqlite/latency_ms_p99"),
        ),
        (
            "more devices at once, SQLite: server peak RSS (MB)",
            n("/server_concurrency_many/sqlite/server_peak_rss_mb"),
        ),
        (
            "more devices at once, PostgreSQL: p50 (ms)",
            n("/server_concurrency_many/postgres/latency_ms_p50"),
        ),
        (
            "more devices at once, PostgreSQL: p99 (ms)",
            n("/server_concurrency_many/postgres/latency_ms_p99"),
        ),
        (
            "more devices at once, PostgreSQL: server peak RSS (MB)",
            n("/server_concurrency_many/postgres/server_peak_rss_mb"),
        ),
        (
            "50 wrong sign-ins at once: RSS before (MB)",
            n("/login_memory/rss_before_mb"),
        ),
        (
            "50 wrong sign-ins at once: peak RSS (MB)",
            n("/login_memory/peak_rss_mb"),
        ),
    ];
    for (what, value) in rows {
        println!("{what:<58} {value:>14.1}");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Value {
        let mut report = json!({ "git_commit": "abc", "cpu_model": "cpu" });
        for key in NUMBERS {
            let mut at = &mut report;
            let parts: Vec<&str> = key.trim_start_matches('/').split('/').collect();
            for (i, part) in parts.iter().enumerate() {
                let last = i == parts.len() - 1;
                at = at
                    .as_object_mut()
                    .unwrap()
                    .entry(part.to_string())
                    .or_insert_with(|| if last { json!(1.5) } else { json!({}) });
            }
        }
        for kind in ["payload_gzip_bytes", "payload_brotli_bytes"] {
            report[kind]["files"] = json!({
                "a.wasm": 1, "a.js": 1, "a.css": 1, "index.html": 1,
                "manifest.webmanifest": 1, "sw.js": 1,
            });
        }
        report
    }

    #[test]
    fn a_complete_report_passes_and_a_missing_figure_is_named() {
        assert!(check_report(&complete()).is_ok());
        let mut gap = complete();
        gap["server_concurrency"]["postgres"]
            .as_object_mut()
            .unwrap()
            .remove("latency_ms_p99");
        let err = check_report(&gap).unwrap_err().to_string();
        assert!(
            err.contains("/server_concurrency/postgres/latency_ms_p99"),
            "{err}"
        );
        let mut zero = complete();
        zero["save_ms"]["save_ms_p95"] = json!(0);
        assert!(check_report(&zero).is_err(), "a zero is no measurement");
        let mut no_wasm = complete();
        no_wasm["payload_gzip_bytes"]["files"]
            .as_object_mut()
            .unwrap()
            .remove("a.wasm");
        assert!(check_report(&no_wasm).is_err());
    }
}
