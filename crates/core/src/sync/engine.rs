//! The device's sync engine, sans-IO: events in (with the time), commands
//! out. The driver in the app carries the commands out (HTTP, storage,
//! timers) and feeds back what happened; the engine never touches the
//! network, the clock or storage itself.
//!
//! Order of a round: push every pending change (in pages), then pull pages
//! until the server has nothing more. A failure schedules a retry with
//! exponential backoff and jitter; any trigger (start, online, visible, a
//! save, the timer) starts a round when none runs, or asks for another one
//! after the current round when one does.

use serde::{Deserialize, Serialize};

use super::{Change, PullResponse, PushRequest, PushResponse};
use crate::retry::backoff_ms;
use crate::wire::PROTOCOL_VERSION;

/// How many changes one push carries, and how many records one pull asks for.
pub const PAGE: usize = 200;
const RETRY_BASE_MS: u64 = 2_000;
const RETRY_MAX_MS: u64 = 5 * 60_000;

/// What the engine keeps across restarts (the driver persists it on
/// [`Command::PersistState`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct EngineState {
    /// The next sequence number to give a local change.
    pub next_seq: u64,
    /// Everything up to here is on the server.
    pub acked_through: u64,
    /// Where the next pull starts.
    pub cursor: u64,
    /// When the last round finished (ms since the epoch).
    #[serde(default)]
    pub last_success: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Start, online, visible, saved, or the retry timer: the driver passes
    /// the changes not yet acknowledged, oldest first.
    Trigger {
        pending: Vec<Change>,
    },
    /// A trigger from a driver with many pending changes: only the first
    /// ones (at least a push page, oldest first) and how many there are in
    /// all, so a large backlog is not rebuilt on every page.
    TriggerPage {
        first: Vec<Change>,
        total: usize,
    },
    PushAnswered(PushResponse),
    /// The server never received changes before `resend_from`: the pending
    /// changes are numbered again from there (the server has seen none of them).
    PushGap {
        resend_from: u64,
    },
    PullAnswered(PullResponse),
    /// No answer, or an answer that is not a success; `retryable` is false
    /// for answers that retrying cannot fix (revoked, upgrade needed).
    Failed {
        reason: String,
        retryable: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SendPush(PushRequest),
    SendPull {
        cursor: u64,
        limit: usize,
    },
    /// Clear pending changes with `seq <= through` from the records.
    Acknowledge {
        through: u64,
    },
    /// Give the pending changes the numbers `from`, `from + 1`, … in order.
    Renumber {
        from: u64,
    },
    /// Store the page's records and the new cursor together.
    StorePulled(PullResponse),
    PersistState(EngineState),
    /// Send a [`Event::Trigger`] with the current pending changes.
    CollectPending,
    RetryAt(i64),
    Status(SyncStatus),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStatus {
    Idle {
        last_success: Option<i64>,
    },
    Pushing {
        sent: usize,
        total: usize,
    },
    Pulling {
        received: usize,
    },
    Failed {
        reason: String,
        retry_at: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum InFlight {
    Push { pending: usize, sent: usize },
    Pull { received: usize },
}

#[derive(Debug, Clone)]
pub struct SyncEngine {
    state: EngineState,
    in_flight: Option<InFlight>,
    /// A trigger came while a round ran: run another after it.
    again: bool,
    failures: u32,
}

impl SyncEngine {
    /// Starts from the persisted state; `highest_pending_seq` comes from the
    /// stored records, so a crash between saving a record and saving the
    /// state never hands out a number twice.
    pub fn new(state: EngineState, highest_pending_seq: u64) -> SyncEngine {
        #[cfg(test)]
        let highest_pending_seq =
            if super::mutation::active(super::mutation::Mutation::ForgetSequenceOnRestart) {
                0
            } else {
                highest_pending_seq
            };
        let mut state = state;
        state.next_seq = state
            .next_seq
            .max(highest_pending_seq + 1)
            .max(state.acked_through + 1);
        SyncEngine {
            state,
            in_flight: None,
            again: false,
            failures: 0,
        }
    }

    pub fn state(&self) -> &EngineState {
        &self.state
    }

    /// The number for a local change about to be saved.
    pub fn assign_seq(&mut self) -> (u64, Command) {
        let seq = self.state.next_seq;
        self.state.next_seq += 1;
        (seq, Command::PersistState(self.state.clone()))
    }

    /// `jitter` in 0.0..=1.0 comes from the driver, so runs are repeatable.
    pub fn handle(&mut self, now: i64, event: Event, jitter: f64) -> Vec<Command> {
        match event {
            Event::Trigger { pending } => {
                if self.in_flight.is_some() {
                    self.again = true;
                    return Vec::new();
                }
                let total = pending.len();
                self.start_round(pending, total)
            }
            Event::TriggerPage { first, total } => {
                if self.in_flight.is_some() {
                    self.again = true;
                    return Vec::new();
                }
                self.start_round(first, total)
            }
            // A late answer to a request the engine gave up on is still news
            // (what the server has), but starts nothing.
            Event::PushAnswered(answer)
                if !matches!(self.in_flight, Some(InFlight::Push { .. })) =>
            {
                self.state.acked_through = self.state.acked_through.max(answer.applied_through);
                // The state first: see below.
                vec![
                    Command::PersistState(self.state.clone()),
                    Command::Acknowledge {
                        through: answer.applied_through,
                    },
                ]
            }
            Event::PullAnswered(_) if !matches!(self.in_flight, Some(InFlight::Pull { .. })) => {
                Vec::new()
            }
            Event::PushAnswered(answer) => {
                self.failures = 0;
                self.state.acked_through = self.state.acked_through.max(answer.applied_through);
                self.state.next_seq = self.state.next_seq.max(self.state.acked_through + 1);
                // The state (acknowledged through, next number) is stored
                // before the records drop their acknowledged edits: a crash
                // between the two then resends edits the server skips,
                // instead of numbering new edits with numbers it has seen
                // (and would skip as already applied).
                let mut commands = vec![
                    Command::PersistState(self.state.clone()),
                    Command::Acknowledge {
                        through: answer.applied_through,
                    },
                ];
                match self.in_flight.take() {
                    // More to push: the driver collects what is left.
                    Some(InFlight::Push { pending, sent }) if sent < pending => {
                        self.again = false;
                        commands.push(Command::CollectPending);
                    }
                    _ => commands.extend(self.pull(0)),
                }
                commands
            }
            Event::PushGap { resend_from } => {
                self.in_flight = None;
                self.state.acked_through = resend_from.saturating_sub(1);
                self.state.next_seq = resend_from;
                vec![
                    Command::Renumber { from: resend_from },
                    Command::PersistState(self.state.clone()),
                    Command::CollectPending,
                ]
            }
            Event::PullAnswered(page) => {
                self.failures = 0;
                let received = match self.in_flight {
                    Some(InFlight::Pull { received }) => received + page.changes.len(),
                    _ => page.changes.len(),
                };
                self.state.cursor = self.state.cursor.max(page.next_cursor);
                let has_more = page.has_more;
                if !has_more {
                    self.state.last_success = Some(now);
                }
                let mut commands = vec![
                    Command::StorePulled(page),
                    Command::PersistState(self.state.clone()),
                ];
                if has_more {
                    commands.extend(self.pull(received));
                } else {
                    self.in_flight = None;
                    commands.push(Command::Status(SyncStatus::Idle {
                        last_success: self.state.last_success,
                    }));
                    if std::mem::take(&mut self.again) {
                        commands.push(Command::CollectPending);
                    }
                }
                commands
            }
            Event::Failed { reason, retryable } => {
                self.in_flight = None;
                self.again = false;
                let retry_at = retryable.then(|| {
                    let delay = backoff_ms(self.failures, RETRY_BASE_MS, RETRY_MAX_MS, jitter);
                    self.failures = self.failures.saturating_add(1);
                    now + delay as i64
                });
                let mut commands = vec![Command::Status(SyncStatus::Failed { reason, retry_at })];
                commands.extend(retry_at.map(Command::RetryAt));
                commands
            }
        }
    }

    fn start_round(&mut self, pending: Vec<Change>, total: usize) -> Vec<Command> {
        let given = pending.len();
        let unacked: Vec<Change> = pending
            .into_iter()
            .filter(|c| c.seq > self.state.acked_through)
            .collect();
        if unacked.len() < given {
            // The server acknowledged these before the app stopped, and
            // the state was stored but the records were not: drop them,
            // then collect again.
            return vec![
                Command::Acknowledge {
                    through: self.state.acked_through,
                },
                Command::CollectPending,
            ];
        }
        if unacked.is_empty() {
            return self.pull(0);
        }
        let total = total
            .saturating_sub(given - unacked.len())
            .max(unacked.len());
        let batch: Vec<Change> = unacked.into_iter().take(PAGE).collect();
        let sent = batch.len();
        self.in_flight = Some(InFlight::Push {
            pending: total,
            sent,
        });
        vec![
            Command::Status(SyncStatus::Pushing { sent, total }),
            Command::SendPush(PushRequest {
                protocol: PROTOCOL_VERSION,
                changes: batch,
            }),
        ]
    }

    fn pull(&mut self, received: usize) -> Vec<Command> {
        self.in_flight = Some(InFlight::Pull { received });
        vec![
            Command::Status(SyncStatus::Pulling { received }),
            Command::SendPull {
                cursor: self.state.cursor,
                limit: PAGE,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn change(seq: u64) -> Change {
        Change {
            seq,
            record: format!("r{seq}"),
            base: 0,
            fields: BTreeMap::new(),
            delete: false,
        }
    }

    fn sends(commands: &[Command]) -> Vec<&Command> {
        commands
            .iter()
            .filter(|c| matches!(c, Command::SendPush(_) | Command::SendPull { .. }))
            .collect()
    }

    #[test]
    fn a_round_pushes_in_pages_with_the_protocol_version_then_pulls() {
        let mut engine = SyncEngine::new(EngineState::default(), 0);
        let pending: Vec<Change> = (1..=PAGE as u64 + 5).map(change).collect();
        let commands = engine.handle(0, Event::Trigger { pending }, 0.5);
        let Some(Command::SendPush(first)) = sends(&commands).first().copied() else {
            panic!("{commands:?}")
        };
        assert_eq!(first.protocol, PROTOCOL_VERSION);
        assert_eq!(first.changes.len(), PAGE);
        assert!(commands.contains(&Command::Status(SyncStatus::Pushing {
            sent: PAGE,
            total: PAGE + 5
        })));
        let answer = PushResponse {
            applied_through: PAGE as u64,
            skipped: 0,
            applied: PAGE as u32,
            conflicts: 0,
            settled: Default::default(),
        };
        let commands = engine.handle(1, Event::PushAnswered(answer), 0.5);
        assert!(commands.contains(&Command::Acknowledge {
            through: PAGE as u64
        }));
        assert!(
            commands.contains(&Command::CollectPending),
            "the rest comes next"
        );
        let rest: Vec<Change> = (PAGE as u64 + 1..=PAGE as u64 + 5).map(change).collect();
        let commands = engine.handle(2, Event::Trigger { pending: rest }, 0.5);
        assert!(matches!(sends(&commands)[0], Command::SendPush(p) if p.changes.len() == 5));
        let answer = PushResponse {
            applied_through: PAGE as u64 + 5,
            skipped: 0,
            applied: 5,
            conflicts: 0,
            settled: Default::default(),
        };
        let commands = engine.handle(3, Event::PushAnswered(answer), 0.5);
        assert_eq!(
            sends(&commands),
            vec![&Command::SendPull {
                cursor: 0,
                limit: PAGE
            }]
        );
    }

    #[test]
    fn a_trigger_during_a_round_runs_another_after_it() {
        let mut engine = SyncEngine::new(EngineState::default(), 0);
        engine.handle(0, Event::Trigger { pending: vec![] }, 0.5);
        assert!(
            engine
                .handle(
                    1,
                    Event::Trigger {
                        pending: vec![change(1)]
                    },
                    0.5
                )
                .is_empty()
        );
        let page = PullResponse {
            changes: vec![],
            next_cursor: 0,
            has_more: false,
        };
        let commands = engine.handle(2, Event::PullAnswered(page), 0.5);
        assert!(commands.contains(&Command::Status(SyncStatus::Idle {
            last_success: Some(2)
        })));
        assert!(commands.contains(&Command::CollectPending));
    }

    #[test]
    fn failures_back_off_exponentially_and_fatal_ones_do_not_retry() {
        let mut engine = SyncEngine::new(EngineState::default(), 0);
        let mut delays = Vec::new();
        for attempt in 0..4 {
            engine.handle(
                0,
                Event::Trigger {
                    pending: vec![change(1)],
                },
                1.0,
            );
            let commands = engine.handle(
                0,
                Event::Failed {
                    reason: "offline".into(),
                    retryable: true,
                },
                1.0,
            );
            let Some(Command::RetryAt(at)) =
                commands.iter().find(|c| matches!(c, Command::RetryAt(_)))
            else {
                panic!("attempt {attempt}: {commands:?}")
            };
            delays.push(*at);
        }
        assert_eq!(delays, vec![2_000, 4_000, 8_000, 16_000]);
        engine.handle(
            0,
            Event::Trigger {
                pending: vec![change(1)],
            },
            1.0,
        );
        let commands = engine.handle(
            0,
            Event::Failed {
                reason: "revoked".into(),
                retryable: false,
            },
            1.0,
        );
        assert_eq!(
            commands,
            vec![Command::Status(SyncStatus::Failed {
                reason: "revoked".into(),
                retry_at: None
            })]
        );
    }

    #[test]
    fn a_page_trigger_pushes_the_backlog_page_by_page() {
        let mut engine = SyncEngine::new(EngineState::default(), 0);
        let first: Vec<Change> = (1..=PAGE as u64).map(change).collect();
        let total = 3 * PAGE;
        let commands = engine.handle(0, Event::TriggerPage { first, total }, 0.5);
        assert!(commands.contains(&Command::Status(SyncStatus::Pushing { sent: PAGE, total })));
        let answer = PushResponse {
            applied_through: PAGE as u64,
            skipped: 0,
            applied: PAGE as u32,
            conflicts: 0,
            settled: Default::default(),
        };
        let commands = engine.handle(1, Event::PushAnswered(answer), 0.5);
        assert!(
            commands.contains(&Command::CollectPending),
            "the rest of the backlog comes next, not a pull: {commands:?}"
        );
    }

    /// The state is stored before the records drop what the server
    /// acknowledged; after a crash between the two, the records' stale
    /// edits are dropped, never left waiting for ever nor numbered over.
    #[test]
    fn acknowledged_edits_left_by_a_crash_are_dropped_first() {
        let mut engine = SyncEngine::new(
            EngineState {
                next_seq: 6,
                acked_through: 5,
                cursor: 0,
                last_success: None,
            },
            5,
        );
        let answer = PushResponse {
            applied_through: 5,
            skipped: 0,
            applied: 5,
            conflicts: 0,
            settled: Default::default(),
        };
        engine.handle(
            0,
            Event::TriggerPage {
                first: vec![change(6)],
                total: 1,
            },
            0.5,
        );
        let commands = engine.handle(1, Event::PushAnswered(answer), 0.5);
        let persist = commands
            .iter()
            .position(|c| matches!(c, Command::PersistState(_)));
        let acknowledge = commands
            .iter()
            .position(|c| matches!(c, Command::Acknowledge { .. }));
        assert!(persist < acknowledge, "state first: {commands:?}");
        let mut engine = SyncEngine::new(engine.state().clone(), 6);
        let commands = engine.handle(
            2,
            Event::TriggerPage {
                first: vec![change(4), change(5), change(7)],
                total: 3,
            },
            0.5,
        );
        assert_eq!(
            commands,
            vec![Command::Acknowledge { through: 5 }, Command::CollectPending]
        );
    }

    #[test]
    fn numbers_never_repeat_after_a_lost_state_write() {
        // The state says 3, but a record already holds number 7.
        let state = EngineState {
            next_seq: 3,
            acked_through: 2,
            cursor: 0,
            last_success: None,
        };
        let mut engine = SyncEngine::new(state, 7);
        assert_eq!(engine.assign_seq().0, 8);
        let mut engine = SyncEngine::new(
            EngineState {
                next_seq: 1,
                acked_through: 9,
                cursor: 0,
                last_success: None,
            },
            0,
        );
        assert_eq!(
            engine.assign_seq().0,
            10,
            "acknowledged numbers are never reused"
        );
    }

    #[test]
    fn a_gap_renumbers_from_where_the_server_is() {
        let mut engine = SyncEngine::new(
            EngineState {
                next_seq: 11,
                acked_through: 10,
                cursor: 0,
                last_success: None,
            },
            0,
        );
        engine.handle(
            0,
            Event::Trigger {
                pending: vec![change(11)],
            },
            0.5,
        );
        let commands = engine.handle(1, Event::PushGap { resend_from: 4 }, 0.5);
        assert_eq!(commands[0], Command::Renumber { from: 4 });
        assert_eq!(engine.state().acked_through, 3);
        assert!(commands.contains(&Command::CollectPending));
    }

    #[test]
    fn late_answers_start_nothing() {
        let mut engine = SyncEngine::new(EngineState::default(), 0);
        let answer = PushResponse {
            applied_through: 3,
            skipped: 0,
            applied: 3,
            conflicts: 0,
            settled: Default::default(),
        };
        let commands = engine.handle(0, Event::PushAnswered(answer), 0.5);
        assert!(sends(&commands).is_empty());
        assert_eq!(engine.state().acked_through, 3);
        let page = PullResponse {
            changes: vec![],
            next_cursor: 9,
            has_more: false,
        };
        assert!(engine.handle(0, Event::PullAnswered(page), 0.5).is_empty());
        assert_eq!(
            engine.state().cursor,
            0,
            "a page nobody asked for is not stored"
        );
    }
}
