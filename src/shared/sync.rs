//! The sync driver: carries out the core engine's commands (HTTP, storage,
//! timers) and feeds back what happened. Rounds start on app start, when
//! the browser comes online, when the app becomes visible, a few seconds
//! after each save, on the engine's backoff timer, every few minutes while
//! open, and on "retry now".

use drempel_core::record::LocalRecord;
use drempel_core::replica::first_changes;
use drempel_core::sync::{
    Command, EngineState, Event, PAGE, PullResponse, PushResponse, StorePlan, SyncEngine,
    SyncStatus, highest_seq, plan_acknowledge, plan_numbering, plan_pull, plan_renumber,
};
use drempel_core::wire::paths;
use drempel_core::wire::{ErrorCode, Session};
use leptos::prelude::*;

use super::Records;
use super::net::{self, NetError};
use super::records::now_ms;
use super::storage::{self, StoredSession};

/// How long after a save the next round starts: saves in a row share one.
const AFTER_SAVE_MS: i32 = 3_000;
/// A delete waits this long before it is sent: past the undo offer.
pub const DELETE_HOLD_MS: i64 = super::records::UNDO_MS as i64 + 2_000;
/// While the app is open, a round this often (others' changes come in).
const PERIODIC_MS: i32 = 5 * 60_000;

/// What the status area shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncView {
    /// This phone has not joined a team: records stay here.
    NotJoined,
    /// The server says this device was removed from its team.
    Revoked,
    Idle {
        last_success: Option<i64>,
    },
    Sending {
        done: usize,
        total: usize,
    },
    Receiving {
        received: usize,
    },
    /// `code` is the API's error code, or `unreachable`.
    Failed {
        code: String,
        retry_at: Option<i64>,
    },
}

#[derive(Clone, Copy)]
pub struct Sync {
    pub session: RwSignal<Option<StoredSession>>,
    pub view: RwSignal<SyncView>,
    engine: StoredValue<SyncEngine>,
    records: Records,
    content: super::content::Content,
    /// Pending changes when the current round started: the progress total.
    round_total: StoredValue<usize>,
    /// The timer of the next scheduled round and when it fires, if any.
    timer: StoredValue<Option<(i32, i64)>>,
    /// What the last push answer settled, until it is acknowledged.
    settled: StoredValue<std::collections::BTreeMap<String, u64>>,
    /// The team this phone joined just now, until the person has seen it.
    joined: RwSignal<Option<String>>,
}

pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}

impl Sync {
    /// Starts the driver: reads the session and sync state, listens for the
    /// triggers, and runs a first round.
    pub fn provide(records: Records) -> Sync {
        let session = storage::load_session().ok().flatten();
        let engine = stored_engine(records);
        let view = match &session {
            None => SyncView::NotJoined,
            Some(s) if s.revoked => SyncView::Revoked,
            Some(_) => SyncView::Idle {
                last_success: engine.state().last_success,
            },
        };
        let sync = Sync {
            session: RwSignal::new(session),
            view: RwSignal::new(view),
            engine: StoredValue::new(engine),
            records,
            content: super::content::use_content(),
            round_total: StoredValue::new(0),
            timer: StoredValue::new(None),
            settled: StoredValue::new(Default::default()),
            joined: RwSignal::new(None),
        };
        provide_context(sync);

        let _ = window_event_listener(leptos::ev::online, move |_| sync.now());
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                sync.now();
            }
        });
        // The health check saw the server come back: no need to wait for
        // the backoff timer.
        if let Some(connection) = use_context::<RwSignal<super::Connection>>() {
            Effect::watch(
                move || connection.get() == super::Connection::Online,
                move |online, was_online, _| {
                    if *online && was_online == Some(&false) {
                        sync.now();
                    }
                },
                false,
            );
        }
        Effect::watch(
            move || records.revision.get(),
            move |_, _, _| sync.after(AFTER_SAVE_MS),
            false,
        );
        let periodic = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                sync.now();
            }
        });
        let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(periodic.as_ref()),
            PERIODIC_MS,
        );
        periodic.forget();
        sync.now();
        sync
    }

    /// Whether this device holds a working coordinator's session (tracked).
    pub fn is_coordinator(&self) -> bool {
        self.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.role == drempel_core::wire::Role::Coordinator && !s.revoked)
        })
    }

    /// The team joined just now, until [`Sync::joined_seen`] (tracked).
    pub fn just_joined(&self) -> Option<String> {
        self.joined.get()
    }

    pub fn joined_seen(&self) {
        self.joined.set(None);
    }

    fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().filter(|s| !s.revoked).map(|s| s.token.clone()))
    }

    /// Starts a round now (or right after the one running).
    pub fn now(&self) {
        if let Some((timer, _)) = self.timer.get_value() {
            window().clear_timeout_with_handle(timer);
            self.timer.set_value(None);
        }
        if let Some(token) = self.token() {
            self.collect();
            let content = self.content;
            let sync = *self;
            leptos::task::spawn_local(async move {
                if let Err(err) = content.exchange(token).await {
                    leptos::logging::warn!("responses and team content not exchanged: {err}");
                    if err.session_ended() {
                        sync.mark_revoked();
                    }
                }
            });
        }
    }

    /// A response was saved: send it soon, as a contact would be.
    pub fn soon(&self) {
        self.after(AFTER_SAVE_MS);
    }

    /// Starts a round in `ms`, unless one is already scheduled sooner.
    fn after(&self, ms: i32) {
        if self.token().is_none() {
            return;
        }
        let at = now_ms() + i64::from(ms.max(0));
        if let Some((handle, scheduled)) = self.timer.get_value() {
            if scheduled <= at {
                return;
            }
            window().clear_timeout_with_handle(handle);
        }
        let sync = *self;
        let run = wasm_bindgen::closure::Closure::once_into_js(move || {
            sync.timer.set_value(None);
            sync.now();
        });
        let handle = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(&run),
            ms.max(0),
        );
        self.timer.set_value(handle.ok().map(|h| (h, at)));
    }

    /// Numbers new edits (oldest record first), saves what changed, and
    /// hands the engine the oldest unacknowledged changes (a push page) and
    /// how many there are in all.
    fn collect(&self) {
        let now = now_ms();
        let engine = self.engine;
        let (plan, held) = self.records.list.with_untracked(|list| {
            engine
                .try_update_value(|engine| {
                    plan_numbering(list.iter().rev(), now, DELETE_HOLD_MS, &mut || {
                        engine.assign_seq().0
                    })
                })
                .unwrap_or_default()
        });
        if !plan.is_empty() {
            // Records first, then the state: a crash between the two is
            // recovered from the records' highest number.
            if let Err(err) = self.records.store_synced(plan.put, plan.remove) {
                self.fail("storage", false, &err.to_string());
                return;
            }
            let state = engine.with_value(|e| e.state().clone());
            let _ = storage::save_sync_state(&state);
        }
        if held {
            self.after(DELETE_HOLD_MS as i32);
        }
        let (first, total) = self
            .records
            .list
            .with_untracked(|list| first_changes(list, PAGE));
        // A round's later pages keep the total of its start.
        if !matches!(self.view.get_untracked(), SyncView::Sending { .. }) {
            self.round_total.set_value(total);
        }
        self.handle(Event::TriggerPage { first, total });
    }

    /// Carries the engine's commands out in order. A plan or state that
    /// cannot be stored ends them: the engine starts again from what is
    /// stored, as after a crash, and the round is retried later.
    fn handle(&self, event: Event) {
        let commands = self
            .engine
            .try_update_value(|engine| engine.handle(now_ms(), event, js_sys::Math::random()))
            .unwrap_or_default();
        for command in commands {
            if let Err(err) = self.run(command) {
                self.restart_engine();
                self.fail("storage", true, &err.to_string());
                return;
            }
        }
    }

    /// Starts the engine again from what is stored, as after a crash.
    fn restart_engine(&self) {
        self.engine.set_value(stored_engine(self.records));
        self.settled.set_value(Default::default());
    }

    fn run(&self, command: Command) -> Result<(), storage::StorageError> {
        let sync = *self;
        match command {
            Command::SendPush(request) => {
                let Some(token) = self.token() else {
                    return Ok(());
                };
                leptos::task::spawn_local(async move {
                    let answer: Result<PushResponse, NetError> =
                        net::post(paths::PUSH, Some(&token), &request).await;
                    match answer {
                        Ok(answer) => {
                            sync.settled.set_value(answer.settled.clone());
                            sync.handle(Event::PushAnswered(answer));
                        }
                        Err(NetError::Api(failure))
                            if failure.code == Some(ErrorCode::SequenceGap) =>
                        {
                            sync.handle(Event::PushGap {
                                resend_from: failure.resend_from.unwrap_or(1),
                            })
                        }
                        Err(err) => sync.failed(err),
                    }
                });
            }
            Command::SendPull { cursor, limit } => {
                let Some(token) = self.token() else {
                    return Ok(());
                };
                leptos::task::spawn_local(async move {
                    let path = paths::pull(cursor, limit);
                    let answer: Result<PullResponse, NetError> =
                        net::get(&path, Some(&token)).await;
                    match answer {
                        Ok(page) => sync.handle(Event::PullAnswered(page)),
                        Err(err) => sync.failed(err),
                    }
                });
            }
            Command::Acknowledge { through } => {
                // Records the server holds as this phone does: their new
                // version is the base, so the pull that follows does not
                // write them again.
                let settled = self
                    .settled
                    .try_update_value(std::mem::take)
                    .unwrap_or_default();
                let now = now_ms();
                self.carry_out(|list| plan_acknowledge(list, through, &settled, now))?;
            }
            Command::Renumber { from } => self.carry_out(|list| plan_renumber(list, from))?,
            Command::StorePulled(page) => {
                let now = now_ms();
                self.carry_out(|list| plan_pull(list, &page, now))?;
            }
            Command::PersistState(state) => storage::save_sync_state(&state)?,
            Command::CollectPending => self.collect(),
            Command::RetryAt(at) => {
                let delay = (at - now_ms()).clamp(0, i64::from(i32::MAX)) as i32;
                self.after(delay);
            }
            Command::Status(status) => self.show(status),
        }
        Ok(())
    }

    /// Stores what `plan` (core's rules) says of the records.
    fn carry_out(
        &self,
        plan: impl FnOnce(std::slice::Iter<'_, LocalRecord>) -> StorePlan,
    ) -> Result<(), storage::StorageError> {
        let plan = self.records.list.with_untracked(|list| plan(list.iter()));
        self.records.store_synced(plan.put, plan.remove)
    }

    fn show(&self, status: SyncStatus) {
        let view = match status {
            SyncStatus::Idle { last_success } => {
                // The server has everything: what is outside the team's
                // window may leave the phone.
                let keep_days = self.content.team.with_untracked(|t| t.keep_days);
                self.records.keep_window(now_ms(), keep_days);
                SyncView::Idle { last_success }
            }
            SyncStatus::Pushing { total, .. } => {
                let round = self.round_total.get_value().max(total);
                SyncView::Sending {
                    done: round - total,
                    total: round,
                }
            }
            SyncStatus::Pulling { received } => SyncView::Receiving { received },
            SyncStatus::Failed { reason, retry_at } => SyncView::Failed {
                code: reason,
                retry_at,
            },
        };
        if self.view.get_untracked() != SyncView::Revoked {
            self.view.set(view);
        }
    }

    fn failed(&self, err: NetError) {
        if err == NetError::Unreachable
            && let Some(connection) = use_context::<RwSignal<super::Connection>>()
        {
            super::shell::unreachable_seen(connection);
        }
        if err.session_ended() {
            self.mark_revoked();
        }
        self.fail(&err.reason(), err.retryable(), &err.to_string());
    }

    fn fail(&self, code: &str, retryable: bool, detail: &str) {
        leptos::logging::warn!("sync failed: {code}: {detail}");
        self.handle(Event::Failed {
            reason: code.to_string(),
            retryable,
        });
    }

    /// The server no longer knows this device: stop syncing, keep every
    /// record, and say so.
    fn mark_revoked(&self) {
        let mut session = self.session.get_untracked();
        if let Some(session) = session.as_mut() {
            session.revoked = true;
            let _ = storage::save_session(session);
        }
        self.session.set(session);
        self.view.set(SyncView::Revoked);
    }

    /// Makes `session` this device's membership. A new device starts its
    /// numbering again: unsent edits are renumbered from 1 and pull starts
    /// from the beginning.
    pub fn join(&self, session: Session) -> Result<(), storage::StorageError> {
        let stored = StoredSession {
            token: session.token,
            device: session.device,
            role: session.role,
            team: session.team,
            revoked: false,
        };
        self.carry_out(|list| plan_renumber(list, 1))?;
        let highest = self.records.list.with_untracked(|l| highest_seq(l.iter()));
        let engine = SyncEngine::new(EngineState::default(), highest);
        storage::save_sync_state(engine.state())?;
        storage::save_session(&stored)?;
        self.engine.set_value(engine);
        self.joined.set(Some(stored.team.clone()));
        self.session.set(Some(stored));
        self.view.set(SyncView::Idle { last_success: None });
        self.now();
        Ok(())
    }

    /// Leaves the team on this device: only when nothing is unsynced, and
    /// only after the server ended the session. Then the team's records
    /// leave this device.
    pub async fn logout(&self) -> Result<(), LogoutError> {
        let waiting = self.content.pending.with_untracked(|p| !p.is_empty());
        if self.records.unsynced_count() > 0 || waiting {
            return Err(LogoutError::Unsynced);
        }
        let token = self.token();
        if let Some(token) = token {
            net::post_empty(paths::LOGOUT, Some(&token))
                .await
                .or_else(|err| {
                    // Already ended on the server: nothing to undo.
                    if err.session_ended() {
                        Ok(())
                    } else {
                        Err(LogoutError::Net(err))
                    }
                })?;
        }
        let all = self.records.list.get_untracked();
        storage::clear_team_data(&all);
        self.content.clear();
        self.records.list.set(Vec::new());
        self.engine
            .set_value(SyncEngine::new(EngineState::default(), 0));
        self.session.set(None);
        self.view.set(SyncView::NotJoined);
        Ok(())
    }
}

/// The engine as the app starts it: from the stored state, numbering on
/// from the stored records' highest number.
fn stored_engine(records: Records) -> SyncEngine {
    let state = storage::load_sync_state()
        .ok()
        .flatten()
        .unwrap_or_default();
    let highest = records.list.with_untracked(|l| highest_seq(l.iter()));
    SyncEngine::new(state, highest)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoutError {
    Unsynced,
    Net(NetError),
}
