//! Several phones and the server model under a bad network: random edits
//! and deletes, dropped requests and answers, duplicated and late requests,
//! restarts. Every run must converge, with every change applied exactly
//! once. One fixed seed runs normally; `DREMPEL_SIM_SEEDS=1-500 cargo test
//! -p drempel-core simulation` sweeps seeds.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

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

struct Phone {
    name: String,
    records: BTreeMap<String, DeviceRecord>,
    /// What survives a restart: the records above and this.
    persisted: EngineState,
    engine: SyncEngine,
    changes_made: u64,
    /// What the last push answer settled, until its acknowledgement.
    settled: BTreeMap<String, u64>,
}

/// Every value written, and every value a person replaced while seeing it:
/// at the end each written value must be the final one, replaced knowingly,
/// in the conflict log, or gone with its deleted record.
#[derive(Default)]
struct Ledger {
    written: Vec<(String, String, Value)>,
    replaced: Vec<(String, String, Value)>,
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
        }
    }

    fn restart(&mut self) {
        let highest = self
            .records
            .values()
            .flat_map(|r| &r.pending)
            .map(|p| p.seq)
            .max()
            .unwrap_or(0);
        self.engine = SyncEngine::new(self.persisted.clone(), highest);
    }

    /// The record with the new number is written at once; the engine state
    /// only sometimes before the next crash (two keys, two writes).
    fn next_seq(&mut self, rng: &mut Rng) -> u64 {
        let (seq, command) = self.engine.assign_seq();
        if let Command::PersistState(state) = command
            && rng.chance(50)
        {
            self.persisted = state;
        }
        self.changes_made += 1;
        seq
    }
}

struct Network {
    drop_request: u64,
    drop_answer: u64,
    duplicate: u64,
    /// Requests delivered again later (a late duplicate), oldest first.
    late: Vec<(usize, PushRequest)>,
}

fn random_edit(rng: &mut Rng, phone: &mut Phone, step: usize, ledger: &mut Ledger) {
    let known: Vec<String> = phone
        .records
        .iter()
        .filter(|(_, r)| !r.deleted)
        .map(|(id, _)| id.clone())
        .collect();
    if !known.is_empty() && rng.chance(10) {
        let id = known[rng.below(known.len() as u64) as usize].clone();
        let seq = phone.next_seq(rng);
        phone.records.get_mut(&id).unwrap().delete(seq);
        return;
    }
    let id = if known.is_empty() || rng.chance(30) {
        format!("{}-{step}", phone.name)
    } else {
        known[rng.below(known.len() as u64) as usize].clone()
    };
    let mut fields = BTreeMap::new();
    for _ in 0..=rng.below(2) {
        let field = ["site", "notes", "findings.huurtoeslag"][rng.below(3) as usize];
        fields.insert(field.to_string(), json!(format!("{}@{step}", phone.name)));
    }
    let seq = phone.next_seq(rng);
    let record = phone.records.entry(id.clone()).or_default();
    for (field, value) in &fields {
        if let Some(seen) = record.fields.get(field) {
            ledger
                .replaced
                .push((id.clone(), field.clone(), seen.clone()));
        }
        ledger
            .written
            .push((id.clone(), field.clone(), value.clone()));
    }
    record.edit(seq, fields);
}

/// Runs one sync round of `phone` to the end, through the network.
/// With `ledger`, the person keeps recording while the sync runs.
fn sync(
    rng: &mut Rng,
    now: i64,
    phone: &mut Phone,
    index: usize,
    server: &mut ServerModel,
    net: &mut Network,
    mut ledger: Option<&mut Ledger>,
) {
    let mut events = vec![Event::Trigger {
        pending: pending_changes(&phone.records),
    }];
    let mut rounds = 0;
    while let Some(event) = events.pop() {
        rounds += 1;
        if let Some(ledger) = ledger.as_deref_mut()
            && rng.chance(20)
        {
            random_edit(rng, phone, now as usize + rounds, ledger);
        }
        assert!(rounds < 10_000, "sync of {} does not end", phone.name);
        for command in phone.engine.handle(now, event, rng.unit()) {
            match command {
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
                }
                Command::SendPull { cursor, limit } => {
                    if rng.chance(net.drop_request) || rng.chance(net.drop_answer) {
                        events.push(failed());
                    } else {
                        events.push(Event::PullAnswered(server.pull(cursor, limit)));
                    }
                }
                Command::Acknowledge { through } => {
                    let settled = std::mem::take(&mut phone.settled);
                    for (id, record) in phone.records.iter_mut() {
                        record.acknowledge(through);
                        if let Some(version) = settled.get(id) {
                            record.settle(*version);
                        }
                    }
                }
                Command::Renumber { from } => renumber(phone.records.values_mut(), from),
                Command::StorePulled(page) => {
                    for pulled in &page.changes {
                        phone
                            .records
                            .entry(pulled.record.clone())
                            .or_default()
                            .apply_pulled(pulled);
                    }
                }
                Command::PersistState(state) => phone.persisted = state,
                Command::CollectPending => events.push(Event::Trigger {
                    pending: pending_changes(&phone.records),
                }),
                Command::RetryAt(_) | Command::Status(_) => {}
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

fn visible_state(
    records: &BTreeMap<String, DeviceRecord>,
) -> BTreeMap<String, (bool, BTreeMap<String, Value>)> {
    records
        .iter()
        .map(|(id, r)| (id.clone(), (r.deleted, r.fields.clone())))
        .collect()
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
    for step in 0..300 {
        // Steps are far apart, so values written inside a sync stay unique.
        let now = step as i64 * 100_000;
        let index = rng.below(phones.len() as u64) as usize;
        match rng.below(10) {
            0..=4 => random_edit(&mut rng, &mut phones[index], step, &mut ledger),
            5..=7 => sync(
                &mut rng,
                now,
                &mut phones[index],
                index,
                &mut server,
                &mut net,
                Some(&mut ledger),
            ),
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

    // The network heals; everyone syncs until nothing is left to send,
    // then pulls once more to see the others' last changes.
    net.drop_request = 0;
    net.drop_answer = 0;
    net.duplicate = 0;
    for (from, request) in std::mem::take(&mut net.late) {
        let _ = server.push(&phones[from].name, &request);
    }
    for round in 0..3 {
        for (index, phone) in phones.iter_mut().enumerate() {
            sync(
                &mut rng,
                1_000_000 + round,
                phone,
                index,
                &mut server,
                &mut net,
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
            (id.clone(), (record.deleted_at.is_some(), fields))
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
        assert!(
            phone.records.values().all(|r| r.pending.is_empty()),
            "seed {seed}: {} has unsent changes",
            phone.name
        );
        assert_eq!(
            visible_state(&phone.records),
            truth,
            "seed {seed}: {} differs from the server",
            phone.name
        );
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
