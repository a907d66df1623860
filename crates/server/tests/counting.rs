//! Counting on the server: the projection's answers equal core's `stats`
//! over the same stored records, on both databases, through new records,
//! edits, deletes, erasure, retention purges and records of older catalog
//! versions. Seeded random rounds: each seed is a different history.

use drempel_core::contact::{
    Channel, Contact, ContactInput, Household, Quote, SchemeFinding, SchemeOutcome, Status, Work,
};
use drempel_core::money::{Amount, Decision, Outcome, Per};
use drempel_core::replica::{contact_fields, contact_from_fields};
use drempel_core::site::SiteName;
use drempel_core::stats::{Filter, Period, Summary, summarise};
use drempel_core::sync::{Change, PushRequest};
use drempel_core::wire::PROTOCOL_VERSION;
use drempel_core::wire::QuoteInfo;
use drempel_server::store::{QuotesQuery, Scope};

mod common;
use common::{Fixture, postgres, sqlite};

both_stores!(the_projection_counts_what_core_counts);

/// A small, seeded generator (xorshift): the same seed, the same history.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const DAY: i64 = 86_400_000;
const START: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

fn input(rng: &mut Rng) -> ContactInput {
    let mut findings: Vec<SchemeFinding> = Vec::new();
    for scheme in [
        "huurtoeslag",
        "zorgtoeslag",
        "kwijtschelding",
        "oud_regeling",
    ] {
        if rng.below(2) == 0 {
            continue;
        }
        let status = *rng.pick(&Status::ALL);
        let barriers = if status.allows_barriers() {
            // One id a device could send that holds the characters a
            // finding's list of barriers escapes.
            ["unaware", "shame", "digital", "too_complex", "100%|x"]
                .into_iter()
                .filter(|_| rng.below(3) == 0)
                .map(String::from)
                .collect()
        } else {
            Vec::new()
        };
        findings.push(SchemeFinding {
            scheme: scheme.into(),
            status,
            barriers,
            other_barrier: None,
        });
    }
    // Outcomes of the applications and referrals, some with an amount.
    let mut outcomes = Vec::new();
    for f in findings.iter().filter(|f| f.status.allows_follow_up()) {
        let decision = [None, Some(*rng.pick(&Decision::ALL))][rng.below(2) as usize];
        let amount = (decision == Some(Decision::Granted) && rng.below(3) > 0).then(|| Amount {
            euros: 1 + rng.below(200) as u32,
            per: *rng.pick(&[Per::Month, Per::Once]),
        });
        outcomes.push(SchemeOutcome {
            scheme: f.scheme.clone(),
            follow_up_on: Some("2026-03-01".into()),
            outcome: decision.map(|decision| Outcome { decision, amount }),
        });
    }
    ContactInput {
        work: [None, Some(*rng.pick(&Work::ALL))][rng.below(2) as usize],
        outcomes,
        site: SiteName::parse(rng.pick::<&str>(&["Noord", "Zuid", "Kerk West"])).unwrap(),
        postcode4: None,
        channel: *rng.pick(&Channel::ALL),
        household: [
            None,
            Some(Household::Single),
            Some(Household::CoupleWithChildren),
        ][rng.below(3) as usize],
        life_event: None,
        findings,
        quote: (rng.below(3) == 0).then(|| Quote {
            text: format!("Ik wist het niet ({})", rng.below(1000)),
        }),
        follow_up: None,
        notes: if rng.below(2) == 0 {
            "belt terug".into()
        } else {
            String::new()
        },
    }
}

/// The store's live records as contacts.
async fn stored_contacts(f: &Fixture) -> Vec<Contact> {
    let (sink, mut records) = tokio::sync::mpsc::channel(64);
    let store = f.store.clone();
    let team = f.team;
    let reading = tokio::spawn(async move { store.export(team, sink).await });
    let mut contacts: Vec<Contact> = Vec::new();
    while let Some((id, record)) = records.recv().await {
        if let Some(contact) = contact_from_fields(&id, &record.into_values()) {
            contacts.push(contact);
        }
    }
    reading.await.unwrap().unwrap();
    contacts
}

/// Core's counts over the store's live records, read back from the store.
async fn core_counts(f: &Fixture, filter: &Filter, period: Period, offset: i32) -> Summary {
    summarise(&stored_contacts(f).await, filter, period, offset)
}

/// The quote wall as the app showed it from its own records: contacts the
/// filter passes, with a quote and a finding about `scheme` (naming
/// `barrier`), newest first.
fn wall(contacts: &[Contact], filter: &Filter, scheme: &str, barrier: &str) -> Vec<QuoteInfo> {
    let mut quotes: Vec<QuoteInfo> = contacts
        .iter()
        .filter(|c| filter.matches(c))
        .filter(|c| {
            c.input.findings.iter().any(|f| {
                (scheme.is_empty() || f.scheme == scheme)
                    && (barrier.is_empty() || f.barriers.iter().any(|b| b == barrier))
            })
        })
        .filter_map(|c| {
            Some(QuoteInfo {
                id: c.id.clone(),
                created_at: c.created_at,
                catalog_version: c.catalog_version,
                text: c.input.quote.as_ref()?.text.clone(),
                findings: c
                    .input
                    .findings
                    .iter()
                    .map(|f| drempel_core::wire::QuoteFinding {
                        scheme: f.scheme.clone(),
                        status: f.status,
                    })
                    .collect(),
                regional: false,
            })
        })
        .collect();
    quotes.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
    quotes
}

/// Every page of the server's wall, `limit` at a time.
async fn served_wall(f: &Fixture, filter: &Filter, scheme: &str, barrier: &str) -> Vec<QuoteInfo> {
    let mut all: Vec<QuoteInfo> = Vec::new();
    loop {
        let page = QuotesQuery {
            filter: filter.clone(),
            scheme: Some(scheme.to_string()).filter(|s| !s.is_empty()),
            barrier: Some(barrier.to_string()).filter(|b| !b.is_empty()),
            before: all.last().map(|q| (q.created_at, q.id.clone())),
            limit: 7,
        };
        let got = f.store.quotes(f.team, &page).await.unwrap();
        let done = got.len() < 7;
        all.extend(got);
        if done {
            return all;
        }
    }
}

/// The store's counts of all the team's contacts, by month.
async fn counted_whole(
    store: &std::sync::Arc<dyn drempel_server::store::Store>,
    team: drempel_server::store::TeamId,
) -> Summary {
    store
        .summary(team, &Filter::default(), Period::Month, 60)
        .await
        .unwrap()
}

/// Turns the counting rows back into the layout before migration 0019
/// (barriers in rows of their own, findings repeating the contact's
/// columns) and marks 0019 as not yet run.
async fn as_before_barriers_moved(f: &Fixture) {
    use sqlx::Connection;
    let read = "SELECT record_id, pos, scheme, barriers FROM finding_facts WHERE barriers <> ''";
    let lists: Vec<(String, i64, String, String)> = if f.url.starts_with("sqlite") {
        let mut db = sqlx::SqliteConnection::connect(&f.url).await.unwrap();
        sqlx::query_as(read).fetch_all(&mut db).await.unwrap()
    } else {
        let mut db = sqlx::PgConnection::connect(&f.url).await.unwrap();
        sqlx::query_as(read).fetch_all(&mut db).await.unwrap()
    };
    for sql in [
        "DELETE FROM _sqlx_migrations WHERE version = 19",
        "CREATE TABLE barrier_facts (team_id BIGINT NOT NULL, record_id TEXT NOT NULL, \
         pos BIGINT NOT NULL, n BIGINT NOT NULL, scheme TEXT NOT NULL, barrier TEXT NOT NULL, \
         created_at BIGINT NOT NULL, site TEXT NOT NULL, channel TEXT NOT NULL, household TEXT, \
         PRIMARY KEY (team_id, record_id, pos, n))",
        "ALTER TABLE finding_facts ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE finding_facts ADD COLUMN site TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE finding_facts ADD COLUMN channel TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE finding_facts ADD COLUMN household TEXT",
        "UPDATE finding_facts SET \
         created_at = (SELECT c.created_at FROM contact_facts c \
           WHERE c.team_id = finding_facts.team_id AND c.record_id = finding_facts.record_id), \
         site = (SELECT c.site FROM contact_facts c \
           WHERE c.team_id = finding_facts.team_id AND c.record_id = finding_facts.record_id), \
         channel = (SELECT c.channel FROM contact_facts c \
           WHERE c.team_id = finding_facts.team_id AND c.record_id = finding_facts.record_id), \
         household = (SELECT c.household FROM contact_facts c \
           WHERE c.team_id = finding_facts.team_id AND c.record_id = finding_facts.record_id)",
        "ALTER TABLE finding_facts DROP COLUMN barriers",
    ] {
        f.execute(sql).await;
    }
    for (id, pos, scheme, list) in lists {
        for (n, barrier) in drempel_core::stats::BarrierList::ids(&list).enumerate() {
            f.execute(&format!(
                "INSERT INTO barrier_facts (team_id, record_id, pos, n, scheme, barrier, \
                 created_at, site, channel, household) \
                 SELECT team_id, record_id, {pos}, {n}, '{scheme}', '{barrier}', created_at, \
                 site, channel, household FROM contact_facts \
                 WHERE team_id = {} AND record_id = '{id}'",
                f.team
            ))
            .await;
        }
    }
}

async fn the_projection_counts_what_core_counts(f: Fixture) {
    for seed in 1..=4u64 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
        let device = format!("phone-{seed}");
        let mut seq = 0u64;
        let mut ids: Vec<(String, i64)> = Vec::new();
        for round in 0..4 {
            let mut changes = Vec::new();
            // New contacts, some made with an older catalog version.
            for n in 0..12 {
                let id = format!("s{seed}-r{round}-{n}");
                let at = START + rng.below(120) as i64 * DAY + rng.below(DAY as u64) as i64;
                let version = 1 + rng.below(2) as u32;
                let contact = Contact::new(id.clone(), at, version, input(&mut rng));
                seq += 1;
                changes.push(Change {
                    seq,
                    record: id.clone(),
                    base: 0,
                    fields: contact_fields(&contact),
                    delete: false,
                });
                ids.push((id, at));
            }
            // Edits and deletes of earlier ones.
            for _ in 0..4 {
                let (id, at) = ids[rng.below(ids.len() as u64) as usize].clone();
                seq += 1;
                let delete = rng.below(4) == 0;
                let fields = if delete {
                    Default::default()
                } else {
                    contact_fields(&Contact::new(id.clone(), at, 2, input(&mut rng)))
                };
                changes.push(Change {
                    seq,
                    record: id,
                    base: 0,
                    fields,
                    delete,
                });
            }
            let request = PushRequest {
                protocol: PROTOCOL_VERSION,
                changes,
            };
            f.store
                .push(f.team, &device, Scope::Team, request.clone(), 1_000)
                .await
                .unwrap()
                .unwrap();
            // A coordinator erases one; the retention purge clears old free text.
            let (erased, _) = ids[rng.below(ids.len() as u64) as usize].clone();
            f.store.erase(f.team, &erased).await.unwrap();
            f.store
                .purge_free_text(f.team, START + 30 * DAY)
                .await
                .unwrap();

            let filters = [
                Filter::default(),
                Filter {
                    from: Some(START + 20 * DAY),
                    until: Some(START + 80 * DAY),
                    ..Filter::default()
                },
                Filter {
                    site: Some("Zuid".into()),
                    channel: Some(*rng.pick(&Channel::ALL)),
                    ..Filter::default()
                },
                Filter {
                    household: Some(Household::CoupleWithChildren),
                    ..Filter::default()
                },
                Filter {
                    work: Some(Work::SelfEmployed),
                    ..Filter::default()
                },
            ];
            let contacts = stored_contacts(&f).await;
            for filter in &filters {
                for (scheme, barrier) in [
                    ("", ""),
                    ("huurtoeslag", ""),
                    ("", "shame"),
                    ("zorgtoeslag", "digital"),
                    ("", "100%|x"),
                    // Parts of that id name no barrier.
                    ("", "100%"),
                    ("kwijtschelding", "x"),
                ] {
                    assert_eq!(
                        served_wall(&f, filter, scheme, barrier).await,
                        wall(&contacts, filter, scheme, barrier),
                        "seed {seed}, round {round}, {filter:?}, {scheme} {barrier}"
                    );
                }
                for (period, offset) in [
                    (Period::Month, 60),
                    (Period::Week, -300),
                    (Period::Week, 120),
                ] {
                    let served = f
                        .store
                        .summary(f.team, filter, period, offset)
                        .await
                        .unwrap();
                    let counted = core_counts(&f, filter, period, offset).await;
                    assert_eq!(
                        served, counted,
                        "seed {seed}, round {round}, {filter:?}, {period:?}, offset {offset}"
                    );
                }
            }
        }
    }
    // The projection counted something: the comparison is not of two empties.
    let all = counted_whole(&f.store, f.team).await;
    assert!(all.contacts > 100, "{} contacts", all.contacts);
    assert!(!all.schemes.is_empty() && !all.sites.is_empty());
    assert!(!all.works.is_empty(), "work situations counted");
    assert!(
        all.unlocked().with_amount > 0
            && all
                .schemes
                .values()
                .any(|s| s.decisions.contains_key("refused")),
        "outcomes counted: {:?}",
        all.unlocked()
    );
    let quotes = wall(&stored_contacts(&f).await, &Filter::default(), "", "");
    assert!(quotes.len() > 10, "{} quotes on the wall", quotes.len());

    // The rows in the database hold what memory holds: a second server
    // reading them counts the same, and no row of an edited, deleted or
    // erased contact is left behind in any table (the server deletes them
    // itself; the tables check no references).
    let second = drempel_server::store::open(&f.url).await.unwrap();
    assert_eq!(
        counted_whole(&second, f.team).await,
        all,
        "read from the rows"
    );
    second.close().await;
    for table in ["finding_facts", "outcome_facts"] {
        let orphans = f
            .count(&format!(
                "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM contact_facts c \
                 WHERE c.team_id = t.team_id AND c.record_id = t.record_id)"
            ))
            .await;
        assert_eq!(orphans, 0, "{table}: rows without their contact");
    }
    let rows = f
        .count("SELECT COUNT(*) FROM finding_facts WHERE barriers <> ''")
        .await;
    assert!(rows > 100, "{rows} findings with barriers");
    let rows_named = stored_contacts(&f)
        .await
        .iter()
        .flat_map(|c| &c.input.findings)
        .map(|finding| finding.barriers.len() as i64)
        .sum::<i64>();

    // A database from before a finding's barriers moved into its row
    // (migration 0019): the rows as they were then, made from these, come
    // through the migration counting and filtering the same.
    let walls = [("", "shame"), ("", "100%|x"), ("", "100%")];
    let mut before = Vec::new();
    for (scheme, barrier) in walls {
        before.push(served_wall(&f, &Filter::default(), scheme, barrier).await);
    }
    assert!(!before[1].is_empty(), "quotes with the odd barrier id");
    as_before_barriers_moved(&f).await;
    assert_eq!(
        f.count("SELECT COUNT(*) FROM barrier_facts").await,
        rows_named,
        "one old row per barrier named"
    );
    let migrated = drempel_server::store::open(&f.url).await.unwrap();
    assert_eq!(
        counted_whole(&migrated, f.team).await,
        all,
        "counted the same after the migration"
    );
    let migrated_fixture = Fixture::existing(migrated.clone(), f.team, &f.url);
    for ((scheme, barrier), before) in walls.into_iter().zip(before) {
        assert_eq!(
            served_wall(&migrated_fixture, &Filter::default(), scheme, barrier).await,
            before,
            "wall of {barrier} after the migration"
        );
    }
    migrated.close().await;

    // A database from before counting: no rows, no mark. Opening it builds
    // the rows from the stored records.
    for sql in [
        "DELETE FROM outcome_facts",
        "DELETE FROM finding_facts",
        "DELETE FROM contact_facts",
        "DELETE FROM counting_built",
        // As any writer does in its transaction; this server, which holds
        // the team's rows in memory, must read them again.
        "UPDATE teams SET counting_rev = counting_rev + 1",
    ] {
        f.execute(sql).await;
    }
    let emptied = counted_whole(&f.store, f.team).await;
    assert_eq!(emptied.contacts, 0);
    let reopened = drempel_server::store::open(&f.url).await.unwrap();
    let rebuilt = counted_whole(&reopened, f.team).await;
    assert_eq!(rebuilt, all, "the rows were built from the records");

    // Another server process on the same database takes a push: this one
    // counts it too.
    let id = "other-process-1".to_string();
    let contact = Contact::new(id.clone(), START + DAY, 2, input(&mut Rng(7)));
    let request = PushRequest {
        protocol: PROTOCOL_VERSION,
        changes: vec![Change {
            seq: 1,
            record: id,
            base: 0,
            fields: contact_fields(&contact),
            delete: false,
        }],
    };
    reopened
        .push(f.team, "phone-other", Scope::Team, request.clone(), 1_000)
        .await
        .unwrap()
        .unwrap();
    for store in [&f.store, &reopened] {
        let after = counted_whole(store, f.team).await;
        assert_eq!(after.contacts, all.contacts + 1);
        assert_eq!(
            after,
            core_counts(&f, &Filter::default(), Period::Month, 60).await
        );
    }
}
