//! `server_concurrency`: many simulated devices at once against the real
//! server binary on loopback. Each device (enrolled with a join link, like a
//! phone) pushes its records in one request and then pulls until it has
//! everything; all start together. Measured: records per second, request
//! latency (p50, p99) and the server's peak resident memory. Numbers only;
//! nothing passes or fails on them.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use drempel_core::contact::{Channel, Contact, ContactInput, SchemeFinding, Status};
use drempel_core::replica::contact_fields;
use drempel_core::site::SiteName;
use drempel_core::sync::{Change, PushRequest, PushResponse};
use drempel_core::wire::{EnrolRequest, PROTOCOL_VERSION, Session};

use crate::util;

pub struct LoadPlan {
    pub devices: usize,
    pub records_per_device: usize,
}

/// The server binary, running on a free loopback port until dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn peak_rss_kb(&self) -> Option<u64> {
        self.status_kb("VmHWM:")
    }

    fn rss_kb(&self) -> Option<u64> {
        self.status_kb("VmRSS:")
    }

    /// The processor time the server has used so far.
    fn cpu_seconds(&self) -> Option<f64> {
        process_cpu_seconds(&self.child.id().to_string())
    }

    fn status_kb(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse().ok())
    }
}

/// The processor time process `pid` (or `self`) has used so far (user and
/// system), in seconds; clock ticks are 100 a second on Linux.
fn process_cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let field = |n: usize| rest.split_whitespace().nth(n)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    Some((field(11)? + field(12)?) as f64 / 100.0)
}

/// The processor time every process on the machine has used so far (all
/// but idle and waiting for the disk), in seconds over all processors.
fn machine_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let total = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = total
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    // Guest time is counted in user time already.
    let [user, nice, system, _idle, _iowait, irq, softirq, steal, ..] = ticks[..] else {
        return None;
    };
    Some((user + nice + system + irq + softirq + steal) as f64 / 100.0)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A team on a fresh database, the server started, and a volunteer join
/// code for the devices.
fn start(binary: &Path, database_url: &str, devices: usize) -> anyhow::Result<(Server, String)> {
    start_with(
        binary,
        database_url,
        devices,
        &["--static-dir", "/nonexistent"],
        || Ok(()),
    )
}

/// [`start`] with more server flags, and `prepare` run once the team
/// exists, before the server starts.
fn start_with(
    binary: &Path,
    database_url: &str,
    devices: usize,
    flags: &[&str],
    prepare: impl FnOnce() -> anyhow::Result<()>,
) -> anyhow::Result<(Server, String)> {
    let cli = |args: &[&str]| -> anyhow::Result<String> {
        util::output(
            Command::new(binary)
                .args(["--database-url", database_url])
                .args(args)
                .env("DREMPEL_PASSWORD", "bench-wachtwoord-lang-genoeg"),
        )
    };
    cli(&["team", "Bench"])?;
    cli(&["coordinator", "--team", "1", "--login", "bench"])?;
    prepare()?;
    let port = free_port()?;
    let url = format!("http://127.0.0.1:{port}");
    let links = cli(&[
        "join-link",
        "--team",
        "1",
        "--role",
        "volunteer",
        "--public-url",
        &url,
    ])?;
    let code = links
        .split_whitespace()
        .find_map(|w| w.split_once("#join=").map(|(_, code)| code.to_string()))
        .context("no join link printed")?;
    let child = Command::new(binary)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--database-url", database_url])
        // Every simulated device enrols from 127.0.0.1.
        .args(["--enrol-per-minute", &(devices * 2).to_string()])
        .args(flags)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the server")?;
    let server = Server { child, url };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("the server did not start on port {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((server, code))
}

/// One device's contacts, as its first push carries them.
fn changes(device: usize, count: usize) -> Vec<Change> {
    (0..count)
        .map(|i| {
            let now = 1_790_000_000_000 + (device * count + i) as i64;
            let input = ContactInput {
                site: SiteName::parse("Voedselbank Noord").expect("a site name"),
                channel: Channel::FoodBank,
                findings: vec![SchemeFinding {
                    scheme: "huurtoeslag".into(),
                    status: Status::NotUsed,
                    barriers: vec!["unaware".into(), "too_complex".into()],
                    other_barrier: None,
                }],
                postcode4: None,
                household: None,
                life_event: None,
                work: None,
                outcomes: Vec::new(),
                quote: None,
                follow_up: None,
                notes: String::new(),
            };
            let id = format!("0190f000-0000-7000-8000-{:06}{:06}", device, i);
            new_contact(i as u64 + 1, Contact::new(id, now, 1, input))
        })
        .collect()
}

/// The change that creates `contact`, as the device's `seq`th.
fn new_contact(seq: u64, contact: Contact) -> Change {
    Change {
        seq,
        record: contact.id.clone(),
        base: 0,
        fields: contact_fields(&contact),
        delete: false,
    }
}

/// What the client needs of a pull page (`PullResponse`): how many
/// records came, and where to go on. The records are skipped, not built.
#[derive(serde::Deserialize)]
struct PageCount {
    changes: Vec<serde::de::IgnoredAny>,
    next_cursor: u64,
    has_more: bool,
}

/// What one device saw: the latency of each request, and records pulled.
struct DeviceRun {
    latencies: Vec<Duration>,
    pulled: usize,
}

async fn device_run(
    client: reqwest::Client,
    url: String,
    token: String,
    body: Vec<u8>,
) -> anyhow::Result<DeviceRun> {
    let mut latencies = Vec::new();
    let started = Instant::now();
    let answer = client
        .post(format!("{url}/api/v1/sync/push"))
        .bearer_auth(&token)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await?;
    if !answer.status().is_success() {
        bail!("push: {} {}", answer.status(), answer.text().await?);
    }
    // The clock stops at the answer's last byte: reading it is this
    // client's work, which shares the processors with the server.
    let body = answer.bytes().await?;
    latencies.push(started.elapsed());
    let pushed: PushResponse = serde_json::from_slice(&body)?;
    if pushed.applied as usize + pushed.skipped as usize == 0 {
        bail!("push: nothing applied");
    }
    let mut cursor = 0;
    let mut pulled = 0;
    loop {
        let started = Instant::now();
        let answer = client
            .get(format!(
                "{url}/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor={cursor}&limit=200"
            ))
            .bearer_auth(&token)
            .send()
            .await?;
        if !answer.status().is_success() {
            bail!("pull: {} {}", answer.status(), answer.text().await?);
        }
        let body = answer.bytes().await?;
        latencies.push(started.elapsed());
        let page: PageCount = serde_json::from_slice(&body)?;
        pulled += page.changes.len();
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    Ok(DeviceRun { latencies, pulled })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * sorted.len() as f64).floor() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs `plan` against a server on `database_url` (a fresh database).
pub fn measure(
    binary: &Path,
    database_url: &str,
    plan: &LoadPlan,
) -> anyhow::Result<serde_json::Value> {
    let (server, code) = start(binary, database_url, plan.devices)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(plan.devices)
            .timeout(Duration::from_secs(120))
            .build()?;
        // Enrolment is setup, not measured.
        let mut tokens = Vec::with_capacity(plan.devices);
        for i in 0..plan.devices {
            let request = EnrolRequest {
                code: code.clone(),
                label: format!("bench {i}"),
                previous_token: None,
            };
            let answer = client
                .post(format!("{}/api/v1/enrol", server.url))
                .json(&request)
                .send()
                .await?;
            if !answer.status().is_success() {
                bail!("enrol: {} {}", answer.status(), answer.text().await?);
            }
            tokens.push(answer.json::<Session>().await?.token);
        }
        // The pushes are made before the clock starts: the figures are the
        // server's, not the time this client takes to write its contacts.
        let bodies = (0..tokens.len())
            .map(|i| {
                serde_json::to_vec(&PushRequest {
                    protocol: PROTOCOL_VERSION,
                    changes: changes(i, plan.records_per_device),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cpu_before = server.cpu_seconds();
        let client_before = process_cpu_seconds("self");
        let machine_before = machine_cpu_seconds();
        let started = Instant::now();
        let runs: Vec<_> = tokens
            .into_iter()
            .zip(bodies)
            .map(|(token, body)| {
                tokio::spawn(device_run(client.clone(), server.url.clone(), token, body))
            })
            .collect();
        let mut latencies = Vec::new();
        let mut pulled = 0;
        let (mut pushes, mut pulls) = (Vec::new(), Vec::new());
        for run in runs {
            let run = run.await??;
            // A device's first request is its push, the rest its pulls.
            pushes.extend(run.latencies.first().copied());
            pulls.extend(run.latencies.iter().skip(1).copied());
            latencies.extend(run.latencies);
            pulled += run.pulled;
        }
        let seconds = started.elapsed().as_secs_f64();
        let used = |after: Option<f64>, before: Option<f64>| {
            after
                .zip(before)
                .map_or(0.0, |(after, before)| after - before)
        };
        let server_cpu = used(server.cpu_seconds(), cpu_before);
        let client_cpu = used(process_cpu_seconds("self"), client_before);
        let machine_cpu = used(machine_cpu_seconds(), machine_before);
        let processors = std::thread::available_parallelism().map_or(1, usize::from);
        latencies.sort();
        pushes.sort();
        pulls.sort();
        let pushed = plan.devices * plan.records_per_device;
        if pulled != pushed {
            bail!("the devices pulled {pulled} records of the {pushed} they pushed");
        }
        Ok(serde_json::json!({
            "devices": plan.devices,
            "records_per_device": plan.records_per_device,
            "requests": latencies.len(),
            "seconds": seconds,
            "records_per_s": (pushed + pulled) as f64 / seconds,
            "requests_per_s": latencies.len() as f64 / seconds,
            "latency_ms_p50": percentile(&latencies, 50.0),
            "latency_ms_p99": percentile(&latencies, 99.0),
            "push_ms_p50": percentile(&pushes, 50.0),
            "push_ms_p99": percentile(&pushes, 99.0),
            "pull_ms_p50": percentile(&pulls, 50.0),
            "pull_ms_p99": percentile(&pulls, 99.0),
            "server_peak_rss_mb": server.peak_rss_kb().map_or(0.0, |kb| kb as f64 / 1024.0),
            "server_cpu_s": server_cpu,
            // The client shares the machine: what it and the database
            // used, and how busy all processors were over the run.
            "client_cpu_s": client_cpu,
            "machine_cpu_s": machine_cpu,
            "machine_busy_share": machine_cpu / (seconds * processors as f64),
            // The least time the run could have taken on this machine had
            // the server and its database's work (the machine's time less
            // the client's) been spread evenly over every processor and
            // the client cost nothing. The 99th push's answer comes after
            // nearly every push is written, while the devices answered
            // before it pull meanwhile, so a push p99 well under this is
            // out of reach here, whatever the design.
            "server_side_floor_ms": (machine_cpu - client_cpu).max(0.0) / processors as f64 * 1000.0,
        }))
    })
}

/// `login_memory`: the server's resident memory before and after `logins`
/// wrong sign-ins sent all at once (each password check takes argon2id's
/// 19 MiB while it runs), and how many were checked or refused with 429.
pub fn login_memory(
    binary: &Path,
    database_url: &str,
    logins: usize,
) -> anyhow::Result<serde_json::Value> {
    let limit = (logins * 2).to_string();
    let (server, _) = start_with(
        binary,
        database_url,
        1,
        &["--static-dir", "/nonexistent", "--login-per-minute", &limit],
        || Ok(()),
    )?;
    let before = server.rss_kb().unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (unauthorized, refused) = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(logins)
            .timeout(Duration::from_secs(120))
            .build()?;
        let attempts: Vec<_> = (0..logins)
            .map(|i| {
                let request = client
                    .post(format!("{}/api/v1/auth/login", server.url))
                    .json(&serde_json::json!({ "login": format!("bench{}", i % 5), "password": "wrong" }));
                tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
            })
            .collect();
        let (mut unauthorized, mut refused) = (0, 0);
        for attempt in attempts {
            match attempt.await?? {
                401 => unauthorized += 1,
                429 => refused += 1,
                other => bail!("a wrong sign-in answered {other}"),
            }
        }
        anyhow::Ok((unauthorized, refused))
    })?;
    let kb = |kb: Option<u64>| kb.map_or(0.0, |kb| kb as f64 / 1024.0);
    Ok(serde_json::json!({
        "logins": logins,
        "checked": unauthorized,
        "refused_429": refused,
        "rss_before_mb": before as f64 / 1024.0,
        "rss_after_mb": kb(server.rss_kb()),
        "peak_rss_mb": kb(server.peak_rss_kb()),
    }))
}

/// `dashboard_ms`: a team of `contacts` varied contacts (sites, channels,
/// households, schemes and barriers spread over two years), seeded through
/// the store by `drempel-seed` 500 a push, then the
/// coordinator's dashboard asked 40 times with different filters, one
/// after the other: answer time p50 and p95.
/// A measurement run against a seeded server's URL.
pub type Visit<'a> = dyn Fn(&str) -> anyhow::Result<serde_json::Value> + 'a;

/// Seeds a team of `contacts` and times its dashboard answers; then, when
/// given, `visit` runs against the seeded server (which serves the app in
/// `dist`) and its figures join the answer under `visit`.
pub fn dashboard(
    binary: &Path,
    seed: &Path,
    database_url: &str,
    contacts: usize,
    visit: Option<(&Path, &Visit<'_>)>,
) -> anyhow::Result<serde_json::Value> {
    let dist = visit.map_or_else(
        || "/nonexistent".to_string(),
        |(d, _)| d.display().to_string(),
    );
    let seeding = Instant::now();
    let (server, _) = start_with(binary, database_url, 1, &["--static-dir", &dist], || {
        seed_team(seed, database_url, contacts)
    })?;
    let seeded_s = seeding.elapsed().as_secs_f64();
    // The seeding wrote in minutes what a team writes in years: let
    // PostgreSQL write it out before the answers are timed, so they do not
    // wait on that flush.
    if database_url.starts_with("postgres") {
        util::run(Command::new("psql").args([database_url, "-qc", "CHECKPOINT"]))?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()?;
        let coordinator = sign_in(&client, &server.url, "bench").await?;
        let queries = [
            "period=month&offset=60",
            "period=week&offset=60",
            "period=month&offset=60&site=Inloop%20Oost",
            "period=month&offset=60&channel=phone",
            "period=month&offset=60&household=single",
            "period=month&offset=60&from=1790000000000&until=1792600000000",
            "period=week&offset=60&site=Kerk%20West&channel=walk_in",
            "period=month&offset=120&from=1780000000000",
        ];
        let (mut times, first_answer) = timed_answers(
            &client,
            &format!("{}/api/v1/team/dashboard", server.url),
            &coordinator.token,
            &queries,
        )
        .await?;
        let first_answer: drempel_core::stats::Summary = serde_json::from_value(first_answer)?;
        let counted = first_answer.contacts as usize;
        if counted != contacts {
            bail!("the dashboard counted {counted} of {contacts} contacts");
        }
        let first = times.first().copied().unwrap_or_default();
        times.sort();
        let visited = match visit {
            Some((_, visit)) => visit(&server.url)?,
            None => serde_json::Value::Null,
        };
        Ok(serde_json::json!({
            "contacts": contacts,
            "seed_seconds": seeded_s,
            // The first answer reads the team's rows into the server's memory.
            "first_answer_ms": first.as_secs_f64() * 1000.0,
            "server_rss_mb": server.rss_kb().map(|kb| kb as f64 / 1024.0),
            "answer_ms_p50": percentile(&times, 50.0),
            "answer_ms_p95": percentile(&times, 95.0),
            "visit": visited,
        }))
    })
}

/// Pushes `contacts` varied contacts into team 1 through the store:
/// `seed` reads one push request a line.
/// `teams` teams of `contacts` each (seeded through the store) in one
/// region; the region coordinator's dashboard answer timed over the
/// months, filters and spans a region asks for.
pub fn region(
    binary: &Path,
    seed: &Path,
    database_url: &str,
    teams: usize,
    contacts: usize,
) -> anyhow::Result<serde_json::Value> {
    let seeding = Instant::now();
    let cli = |args: &[&str]| -> anyhow::Result<String> {
        util::output(
            Command::new(binary)
                .args(["--database-url", database_url])
                .args(args)
                .env("DREMPEL_PASSWORD", "bench-wachtwoord-lang-genoeg"),
        )
    };
    let (server, _) = start_with(
        binary,
        database_url,
        1,
        &["--static-dir", "/nonexistent"],
        || {
            cli(&["region", "Bench-regio"])?;
            cli(&["coordinator", "--region", "Bench-regio", "--login", "regio"])?;
            for team in 1..=teams {
                if team > 1 {
                    cli(&["team", &format!("Bench {team}")])?;
                }
                cli(&[
                    "region-team",
                    "--region",
                    "Bench-regio",
                    "--team",
                    &team.to_string(),
                ])?;
                seed_team_numbered(seed, database_url, team, contacts)?;
            }
            Ok(())
        },
    )?;
    let seeded_s = seeding.elapsed().as_secs_f64();
    if database_url.starts_with("postgres") {
        util::run(Command::new("psql").args([database_url, "-qc", "CHECKPOINT"]))?;
    }
    // What the widest question must count: every team's contacts in its
    // 24 months, from the same generator.
    let widest = drempel_core::region::Months::parse("2025-10", "2027-09")
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (from, until) = widest.range(60);
    let expected: usize = (1..=teams)
        .map(|team| {
            varied_contacts(contacts, team as u64 - 1)
                .filter(|c| (from..until).contains(&c.created_at))
                .count()
        })
        .sum();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()?;
        let coordinator = sign_in(&client, &server.url, "regio").await?;
        let queries = [
            "from_month=2025-10&until_month=2027-09&offset=60",
            "from_month=2026-01&until_month=2026-12&offset=60",
            "from_month=2026-03&until_month=2026-03&offset=60",
            "from_month=2025-10&until_month=2027-09&offset=60&channel=phone",
            "from_month=2026-01&until_month=2027-06&offset=60&household=single",
            "from_month=2026-06&until_month=2027-05&offset=60&channel=walk_in&household=single",
        ];
        let (mut times, first_answer) = timed_answers(
            &client,
            &format!("{}/api/v1/region/dashboard", server.url),
            &coordinator.token,
            &queries,
        )
        .await?;
        let counted = first_answer["summary"]["contacts"]["total"]["count"].as_u64();
        if counted != Some(expected as u64) {
            bail!("the region counted {counted:?} of {expected} contacts");
        }
        let first = times.first().copied().unwrap_or_default();
        times.sort();
        Ok(serde_json::json!({
            "teams": teams,
            "contacts_per_team": contacts,
            "seed_seconds": seeded_s,
            "first_answer_ms": first.as_secs_f64() * 1000.0,
            "server_rss_mb": server.rss_kb().map(|kb| kb as f64 / 1024.0),
            "answer_ms_p50": percentile(&times, 50.0),
            "answer_ms_p95": percentile(&times, 95.0),
        }))
    })
}

/// Signs in `login` with the bench's password.
async fn sign_in(client: &reqwest::Client, url: &str, login: &str) -> anyhow::Result<Session> {
    Ok(client
        .post(format!("{url}/api/v1/auth/login"))
        .json(&serde_json::json!({ "login": login, "password": "bench-wachtwoord-lang-genoeg", "label": "bench" }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// Asks `path` 40 times, going round `queries`: each answer's time, in
/// order, and the first answer.
async fn timed_answers(
    client: &reqwest::Client,
    path: &str,
    token: &str,
    queries: &[&str],
) -> anyhow::Result<(Vec<Duration>, serde_json::Value)> {
    let mut times = Vec::new();
    let mut first = None;
    for i in 0..40 {
        let started = Instant::now();
        let answer: serde_json::Value = client
            .get(format!("{path}?{}", queries[i % queries.len()]))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        times.push(started.elapsed());
        first.get_or_insert(answer);
    }
    Ok((times, first.context("no answer")?))
}

fn seed_team(seed: &Path, database_url: &str, contacts: usize) -> anyhow::Result<()> {
    seed_team_numbered(seed, database_url, 1, contacts)
}

/// Seeds team `team` with `contacts` of [`varied_contacts`] (salted with
/// the team's number, so teams differ; team 1 as before there were more).
fn seed_team_numbered(
    seed: &Path,
    database_url: &str,
    team: usize,
    contacts: usize,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut child = Command::new(seed)
        .args(["--database-url", database_url, "--team", &team.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the seed program")?;
    {
        let mut input = std::io::BufWriter::new(child.stdin.take().context("seed's input")?);
        let mut changes = varied_contacts(contacts, team as u64 - 1)
            .enumerate()
            .map(|(i, contact)| new_contact(i as u64 + 1, contact))
            .peekable();
        while changes.peek().is_some() {
            let push = PushRequest {
                protocol: PROTOCOL_VERSION,
                changes: changes
                    .by_ref()
                    .take(drempel_core::sync::MAX_PUSH_CHANGES)
                    .collect(),
            };
            serde_json::to_writer(&mut input, &push)?;
            input.write_all(b"\n")?;
        }
    }
    let out = child.wait_with_output()?;
    let seeded: usize = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    if !out.status.success() || seeded != contacts {
        bail!("seeding stopped after {seeded} of {contacts} contacts");
    }
    Ok(())
}

/// Contacts as a busy team makes them: five sites, every channel, a
/// household or none, one to three schemes with their barriers, over two
/// years from 9 October 2025; the same every run for the same `salt`.
fn varied_contacts(count: usize, salt: u64) -> impl Iterator<Item = Contact> {
    const SITES: [&str; 5] = [
        "Voedselbank Noord",
        "Inloop Oost",
        "Kerk West",
        "Buurthuis Zuid",
        "Markt",
    ];
    const SCHEMES: [&str; 6] = [
        "huurtoeslag",
        "zorgtoeslag",
        "kwijtschelding",
        "bijzondere_bijstand",
        "individuele_inkomenstoeslag",
        "stadspas",
    ];
    const BARRIERS: [&str; 6] = [
        "unaware",
        "thinks_ineligible",
        "too_complex",
        "fear_repay",
        "shame",
        "digital",
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..count).map(move |i| {
        let at = 1_760_000_000_000 + next(730) as i64 * 86_400_000 + next(86_400) as i64 * 1000;
        let findings = (0..1 + next(3))
            .map(|k| {
                let status = Status::ALL[next(Status::ALL.len())];
                SchemeFinding {
                    scheme: SCHEMES[(i + k) % SCHEMES.len()].into(),
                    status,
                    barriers: if status.allows_barriers() {
                        (0..next(3))
                            .map(|b| BARRIERS[(i + b) % BARRIERS.len()].into())
                            .collect()
                    } else {
                        Vec::new()
                    },
                    other_barrier: None,
                }
            })
            .collect();
        let input = ContactInput {
            site: SiteName::parse(SITES[next(SITES.len())]).expect("a site name"),
            channel: Channel::ALL[next(Channel::ALL.len())],
            findings,
            postcode4: None,
            household: [None, Some(drempel_core::contact::Household::Single)][next(2)],
            life_event: None,
            work: None,
            outcomes: Vec::new(),
            quote: None,
            follow_up: None,
            notes: String::new(),
        };
        let id = format!("0190f000-0000-7000-8000-{i:012}");
        Contact::new(id, at, 1, input)
    })
}
