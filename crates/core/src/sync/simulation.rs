//! Several phones and the server model under a bad network, running the
//! phone's own code: `LocalRecord` kept one key per record, the sync
//! engine, and the store plans of [`super::device`] carried out as the
//! app's driver carries them out. Random edits, deletes and undos; dropped
//! requests and answers, duplicated and late requests; a storage write that
//! fails (full storage) or a tab that dies between two writes of a plan;
//! synced records leaving the phone at any moment; restarts. Every run
//! must converge, with every change applied exactly once and no value lost
//! unseen. One fixed seed runs normally; `DREMPEL_SIM_SEEDS=1-5000 cargo
//! test -p drempel-core simulation` sweeps seeds.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::consultation::{Answer, Response};
use crate::contact::{Contact, ContactInput, SchemeFinding, Status};
use crate::record::{EditKind, LocalRecord};
use crate::replica::{contact_fields, first_changes};
use crate::site::SiteName;
use crate::wire::{ContentAnswer, ResponsesAnswer, TeamContent};

/// A small, deterministic generator (xorshift64*), so a seed replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How long a delete waits before it is numbered (the app's undo window).
const HOLD_MS: i64 = 50_000;

struct Phone {
    name: String,
    /// Storage: one key per record.
    records: BTreeMap<String, LocalRecord>,
    /// The engine state as last stored.
    persisted: EngineState,
    engine: SyncEngine,
    /// Edits numbered and stored: each must reach the server once.
    changes_made: u64,
    /// What the last push answer settled, until its acknowledgement.
    settled: BTreeMap<String, u64>,
    /// Synced records this phone let go; the server keeps them.
    evicted: BTreeSet<String>,
    /// Contacts made here, for their ids.
    contacts_made: u64,
    /// Consultation responses waiting to be sent (storage, one key each).
    responses: BTreeMap<String, PendingResponse>,
    /// Every response taken on this phone.
    responses_made: BTreeSet<String>,
    /// The team's catalog versions and consultations as last received.
    content: TeamContent,
}

/// Every value written, and every value a person replaced while seeing it:
/// at the end each written value must be the final one, replaced knowingly,
/// in the conflict log, or gone with its deleted record.
#[derive(Default)]
struct Ledger {
    written: Vec<(String, String, Value)>,
    replaced: Vec<(String, String, Value)>,
}

/// Storage that fails now and then: a write refused (the storage is full),
/// or the tab dying between two writes.
struct Faults {
    write_fails: u64,
}

impl Phone {
    fn new(name: &str) -> Phone {
        Phone {
            name: name.into(),
            records: BTreeMap::new(),
            persisted: EngineState::default(),
            engine: SyncEngine::new(EngineState::default(), 0),
            changes_made: 0,
            settled: BTreeMap::new(),
            evicted: BTreeSet::new(),
            contacts_made: 0,
            responses: BTreeMap::new(),
            responses_made: BTreeSet::new(),
            content: TeamContent::default(),
        }
    }

    /// The app starts again: the engine from its stored state and the
    /// stored records' highest number.
    fn restart(&mut self) {
        self.engine = SyncEngine::new(self.persisted.clone(), highest_seq(self.records.values()));
        self.settled.clear();
    }

    /// Carries `plan` out as the app's storage does: writes in order until
    /// one fails, then the removals. False when a write failed.
    fn store(&mut self, plan: StorePlan, rng: &mut Rng, faults: &Faults) -> bool {
        let mut ok = true;
        for record in plan.put {
            if rng.chance(faults.write_fails) {
                ok = false;
                break;
            }
            let numbered_before = self
                .records
                .get(&record.contact.id)
                .map_or(0, numbered_edits);
            self.changes_made += numbered_edits(&record).saturating_sub(numbered_before);
            self.evicted.remove(&record.contact.id);
            self.records.insert(record.contact.id.clone(), record);
        }
        for id in plan.remove {
            self.records.remove(&id);
        }
        ok
    }

    /// A synced record leaves the phone (a later version bounds what a
    /// phone keeps); unsynced ones never do.
    fn evict(&mut self, rng: &mut Rng) {
        let synced: Vec<String> = self
            .records
            .iter()
            .filter(|(_, r)| r.pending.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        if !synced.is_empty() {
            let id = synced[rng.below(synced.len() as u64) as usize].clone();
            self.records.remove(&id);
            self.evicted.insert(id);
        }
    }
}

fn numbered_edits(record: &LocalRecord) -> u64 {
    record.pending.iter().filter(|e| e.seq.is_some()).count() as u64
}

fn site(text: &str) -> SiteName {
    SiteName::parse(text).expect("a site name")
}

fn contact(id: &str, now: i64) -> Contact {
    Contact::new(id.into(), now, 1, ContactInput::plain(""))
}

/// Sets `field` of `input` to a value unique to this step.
fn set(input: &mut ContactInput, field: &str, text: &str) {
    match field {
        "site" => input.site = site(text),
        "notes" => input.notes = text.to_string(),
        _ => {
            input.findings.retain(|f| f.scheme != "huurtoeslag");
            input.findings.push(SchemeFinding {
                scheme: "huurtoeslag".into(),
                status: Status::NotUsed,
                barriers: vec!["other".into()],
                other_barrier: Some(text.to_string()),
            });
        }
    }
}

const FIELDS: [&str; 3] = ["site", "notes", "findings.huurtoeslag"];

fn random_edit(rng: &mut Rng, phone: &mut Phone, step: usize, now: i64, ledger: &mut Ledger) {
    let live: Vec<String> = phone
        .records
        .iter()
        .filter(|(_, r)| !r.deleted)
        .map(|(id, _)| id.clone())
        .collect();
    // Undo: a delete not yet numbered is taken back.
    let undoable: Vec<String> = phone
        .records
        .iter()
        .filter(|(_, r)| {
            r.deleted
                && r.pending
                    .last()
                    .is_some_and(|e| e.kind == EditKind::Delete && e.seq.is_none())
        })
        .map(|(id, _)| id.clone())
        .collect();
    if rng.chance(10) {
        // A resident answers a consultation in kiosk mode.
        let id = format!("{}-r{}", phone.name, phone.responses_made.len() + 1);
        let response = Response {
            id: id.clone(),
            consultation: "c1".into(),
            at: now,
            lang: crate::resident::ResidentLang::Nl,
            answers: [("q1".to_string(), Answer::Single(0))].into(),
        };
        phone.responses_made.insert(id.clone());
        phone.responses.insert(
            id,
            PendingResponse {
                response,
                refused: None,
            },
        );
        return;
    }
    if !undoable.is_empty() && rng.chance(10) {
        let id = &undoable[rng.below(undoable.len() as u64) as usize];
        phone.records.get_mut(id).expect("stored").restore(now);
        return;
    }
    if !live.is_empty() && rng.chance(10) {
        let id = &live[rng.below(live.len() as u64) as usize];
        phone.records.get_mut(id).expect("stored").delete(now);
        return;
    }
    let text = format!("{} {step}", phone.name);
    let chosen: BTreeSet<&str> = (0..=rng.below(2))
        .map(|_| FIELDS[rng.below(3) as usize])
        .collect();
    let (id, before, after) = if live.is_empty() || rng.chance(30) {
        phone.contacts_made += 1;
        let id = format!("{}-{}", phone.name, phone.contacts_made);
        let mut new = contact(&id, now);
        for field in &chosen {
            set(&mut new.input, field, &text);
        }
        let record = LocalRecord::create(new);
        let after = contact_fields(&record.contact);
        phone.records.insert(id.clone(), record);
        (id, BTreeMap::new(), after)
    } else {
        let id = live[rng.below(live.len() as u64) as usize].clone();
        let record = phone.records.get_mut(&id).expect("stored");
        let before = contact_fields(&record.contact);
        let mut input = record.contact.input.clone();
        for field in &chosen {
            set(&mut input, field, &text);
        }
        record.edit(input, now);
        (id, before, contact_fields(&record.contact))
    };
    for field in chosen {
        if let Some(seen) = before.get(field) {
            ledger
                .replaced
                .push((id.clone(), field.to_string(), seen.clone()));
        }
        ledger
            .written
            .push((id.clone(), field.to_string(), after[field].clone()));
    }
}

/// What the app's driver does on a trigger: numbers new edits and stores
/// them (records, then the engine state), then hands the engine the first
/// page of changes. `None` when storing failed: the round ends.
fn collect(phone: &mut Phone, now: i64, rng: &mut Rng, faults: &Faults) -> Option<Event> {
    let Phone {
        records, engine, ..
    } = phone;
    let (plan, _held) = plan_numbering(records.values(), now, HOLD_MS, &mut || {
        engine.assign_seq().0
    });
    if !plan.is_empty() {
        if !phone.store(plan, rng, faults) {
            return None;
        }
        if !rng.chance(faults.write_fails) {
            phone.persisted = phone.engine.state().clone();
        }
    }
    let all: Vec<LocalRecord> = phone.records.values().cloned().collect();
    let (first, total) = first_changes(&all, PAGE);
    Some(Event::TriggerPage { first, total })
}

/// The server's side of responses (each id kept once, however often sent)
/// and of the team's content, which its coordinator changes now and then.
#[derive(Default)]
struct CouncilServer {
    stored: BTreeSet<String>,
    content: TeamContent,
}

impl CouncilServer {
    /// A coordinator saves a new catalog version.
    fn edit_content(&mut self) {
        let mut catalog = crate::catalog::Catalog::default_catalog();
        catalog.version = self.content.catalogs.len() as u32 + 1;
        self.content.catalogs.push(catalog);
        self.content.revision += 1;
    }

    fn content_answer(&self, since: u64) -> ContentAnswer {
        let revision = self.content.revision;
        ContentAnswer {
            revision,
            content: ContentAnswer::needed(since, revision).then(|| self.content.clone()),
        }
    }
}

/// What the app does beside each sync round: sends waiting responses in
/// batches until none is left or something fails, carrying out core's
/// plan for each answer.
fn exchange_responses(
    rng: &mut Rng,
    phone: &mut Phone,
    server: &mut CouncilServer,
    net: &Network,
    faults: &Faults,
) {
    loop {
        let batch = responses_to_send(phone.responses.values(), 3);
        if batch.is_empty() || rng.chance(net.drop_request) {
            return;
        }
        for response in &batch {
            server.stored.insert(response.id.clone());
        }
        if rng.chance(net.drop_answer) {
            return;
        }
        let answer = ResponsesAnswer {
            stored: batch.iter().map(|r| r.id.clone()).collect(),
            refused: Vec::new(),
        };
        let plan = plan_responses_answer(phone.responses.values(), &answer);
        for id in &plan.remove {
            phone.responses.remove(id);
        }
        for pending in plan.put {
            if rng.chance(faults.write_fails) {
                return;
            }
            phone.responses.insert(pending.response.id.clone(), pending);
        }
    }
}

/// Then the team's content, when its revision moved on.
fn exchange_content(
    rng: &mut Rng,
    phone: &mut Phone,
    server: &CouncilServer,
    net: &Network,
    faults: &Faults,
) {
    if rng.chance(net.drop_request) || rng.chance(net.drop_answer) {
        return;
    }
    if let Some(content) = server.content_answer(phone.content.revision).into_newer()
        && !rng.chance(faults.write_fails)
    {
        phone.content = content;
    }
}

struct Network {
    drop_request: u64,
    drop_answer: u64,
    duplicate: u64,
    /// Requests delivered again later (a late duplicate), oldest first.
    late: Vec<(usize, PushRequest)>,
}

/// Runs one sync round of `phone` to the end, through the network. With
/// `ledger`, the person keeps recording while the sync runs. A plan that
/// cannot be stored ends the round, and the app starts its engine again
/// from what is stored, as after a crash.
#[allow(clippy::too_many_arguments)]
fn sync(
    rng: &mut Rng,
    now: i64,
    phone: &mut Phone,
    index: usize,
    server: &mut ServerModel,
    net: &mut Network,
    faults: &Faults,
    responses: &mut CouncilServer,
    mut ledger: Option<&mut Ledger>,
) {
    exchange_responses(rng, phone, responses, net, faults);
    exchange_content(rng, phone, responses, net, faults);
    let Some(first) = collect(phone, now, rng, faults) else {
        phone.restart();
        return;
    };
    let mut events = vec![first];
    let mut rounds = 0;
    while let Some(event) = events.pop() {
        rounds += 1;
        if let Some(ledger) = ledger.as_deref_mut()
            && rng.chance(20)
        {
            random_edit(rng, phone, now as usize + rounds, now, ledger);
        }
        if rng.chance(2) {
            phone.evict(rng);
        }
        assert!(rounds < 10_000, "sync of {} does not end", phone.name);
        let commands = phone.engine.handle(now, event, rng.unit());
        for command in commands {
            let stored = match command {
                Command::SendPush(request) => {
                    if rng.chance(net.drop_request) {
                        events.push(failed());
                        continue;
                    }
                    if rng.chance(net.duplicate) {
                        net.late.push((index, request.clone()));
                    }
                    let answer = server.push(&phone.name, &request);
                    if rng.chance(net.drop_answer) {
                        events.push(failed());
                        continue;
                    }
                    events.push(match answer {
                        Ok(answer) => {
                            phone.settled = answer.settled.clone();
                            Event::PushAnswered(answer)
                        }
                        Err(PushError::Gap { resend_from }) => Event::PushGap { resend_from },
                        Err(other) => panic!("unexpected refusal {other:?}"),
                    });
                    true
                }
                Command::SendPull { cursor, limit } => {
                    if rng.chance(net.drop_request) || rng.chance(net.drop_answer) {
                        events.push(failed());
                    } else {
                        events.push(Event::PullAnswered(server.pull(cursor, limit)));
                    }
                    true
                }
                Command::Acknowledge { through } => {
                    let settled = std::mem::take(&mut phone.settled);
                    let plan = plan_acknowledge(phone.records.values(), through, &settled, now);
                    phone.store(plan, rng, faults)
                }
                Command::Renumber { from } => {
                    let plan = plan_renumber(phone.records.values(), from);
                    phone.store(plan, rng, faults)
                }
                Command::StorePulled(page) => {
                    let plan = plan_pull(phone.records.values(), &page, now);
                    phone.store(plan, rng, faults)
                }
                Command::PersistState(state) => {
                    // A state that cannot be stored ends the round: the
                    // records must not drop what only the state remembers.
                    if rng.chance(faults.write_fails) {
                        false
                    } else {
                        phone.persisted = state;
                        true
                    }
                }
                Command::CollectPending => match collect(phone, now, rng, faults) {
                    Some(event) => {
                        events.push(event);
                        true
                    }
                    None => false,
                },
                Command::RetryAt(_) | Command::Status(_) => true,
            };
            if !stored {
                phone.restart();
                return;
            }
        }
    }
}

fn failed() -> Event {
    Event::Failed {
        reason: "network".into(),
        retryable: true,
    }
}

/// A record's fields without the empty ones (an absent value travels as
/// `null`).
fn present(fields: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    fields.into_iter().filter(|(_, v)| !v.is_null()).collect()
}

fn run(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut server = ServerModel::default();
    let mut phones: Vec<Phone> = ["a", "b", "c"].iter().map(|n| Phone::new(n)).collect();
    let mut ledger = Ledger::default();
    let mut net = Network {
        drop_request: 15,
        drop_answer: 15,
        duplicate: 15,
        late: Vec::new(),
    };
    let mut faults = Faults { write_fails: 3 };
    let mut responses = CouncilServer::default();
    for step in 0..300 {
        // Steps are far apart, so values written inside a sync stay unique
        // and a held delete is numbered by the next step's sync.
        let now = step as i64 * 100_000;
        let index = rng.below(phones.len() as u64) as usize;
        match rng.below(10) {
            0..=4 => random_edit(&mut rng, &mut phones[index], step, now, &mut ledger),
            5..=7 => sync(
                &mut rng,
                now,
                &mut phones[index],
                index,
                &mut server,
                &mut net,
                &faults,
                &mut responses,
                Some(&mut ledger),
            ),
            8 if rng.chance(30) => responses.edit_content(),
            8 => phones[index].restart(),
            _ => {
                // A late duplicate of an old push reaches the server now.
                if !net.late.is_empty() {
                    let (from, request) =
                        net.late.remove(rng.below(net.late.len() as u64) as usize);
                    let _ = server.push(&phones[from].name, &request);
                }
            }
        }
    }

    // The network and storage heal; everyone syncs until nothing is left
    // to send, then pulls once more to see the others' last changes.
    net.drop_request = 0;
    net.drop_answer = 0;
    net.duplicate = 0;
    faults.write_fails = 0;
    for (from, request) in std::mem::take(&mut net.late) {
        let _ = server.push(&phones[from].name, &request);
    }
    for round in 0..3 {
        for (index, phone) in phones.iter_mut().enumerate() {
            sync(
                &mut rng,
                1_000_000_000 + round,
                phone,
                index,
                &mut server,
                &mut net,
                &faults,
                &mut responses,
                None,
            );
        }
    }

    let made: u64 = phones.iter().map(|p| p.changes_made).sum();
    assert_eq!(
        server.changes_applied(),
        made,
        "seed {seed}: every change applied exactly once"
    );
    let truth: BTreeMap<String, (bool, BTreeMap<String, Value>)> = server
        .record_ids()
        .map(|id| {
            let record = server.record(id).unwrap();
            let fields = record
                .fields
                .iter()
                .map(|(k, s)| (k.clone(), s.value.clone()))
                .collect();
            (id.clone(), (record.deleted_at.is_some(), present(fields)))
        })
        .collect();
    for (record, field, value) in &ledger.written {
        let (deleted, fields) = &truth[record];
        let kept = fields.get(field) == Some(value);
        let replaced = ledger
            .replaced
            .iter()
            .any(|(r, f, v)| r == record && f == field && v == value);
        let logged = server.conflicts().iter().any(|(r, c)| {
            r == record && c.field == *field && c.overwritten.as_ref() == Some(value)
        });
        assert!(
            kept || replaced || logged || *deleted,
            "seed {seed}: {value} written to {record}.{field} vanished"
        );
    }
    for phone in &phones {
        assert_eq!(
            phone.content, responses.content,
            "seed {seed}: {} has older team content",
            phone.name
        );
        assert!(
            phone.responses.is_empty(),
            "seed {seed}: {} still holds responses",
            phone.name
        );
        for id in &phone.responses_made {
            assert!(
                responses.stored.contains(id),
                "seed {seed}: response {id} never reached the server"
            );
        }
        assert!(
            phone.records.values().all(|r| r.pending.is_empty()),
            "seed {seed}: {} has unsent changes",
            phone.name
        );
        for (id, record) in &phone.records {
            let (deleted, fields) = truth
                .get(id)
                .unwrap_or_else(|| panic!("seed {seed}: {} holds {id}, unknown", phone.name));
            assert!(
                !deleted && !record.deleted,
                "seed {seed}: {} still holds deleted {id}",
                phone.name
            );
            assert_eq!(
                &present(contact_fields(&record.contact)),
                fields,
                "seed {seed}: {} differs from the server on {id}",
                phone.name
            );
        }
        for (id, (deleted, _)) in &truth {
            assert!(
                *deleted || phone.records.contains_key(id) || phone.evicted.contains(id),
                "seed {seed}: {} lacks {id}",
                phone.name
            );
        }
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("DREMPEL_SIM_SEEDS") {
        Ok(range) => {
            let (from, to) = range.split_once('-').unwrap_or((&range, &range));
            (from.trim().parse().expect("a seed")..=to.trim().parse().expect("a seed")).collect()
        }
        Err(_) => vec![20_261_123],
    }
}

#[test]
fn phones_and_server_converge_under_a_bad_network() {
    for seed in seeds() {
        run(seed);
    }
}

/// The simulation has teeth: each deliberate bug makes it fail within the
/// first seeds.
#[test]
fn every_deliberate_bug_is_caught() {
    use super::mutation::{self, Mutation};
    let mut missed = Vec::new();
    for bug in Mutation::ALL {
        let caught = (1..=40)
            .any(|seed| mutation::with(bug, || std::panic::catch_unwind(|| run(seed)).is_err()));
        if !caught {
            missed.push(bug);
        }
    }
    assert!(missed.is_empty(), "not caught: {missed:?}");
}
