//! Group commit: the pushes to one team that arrive while an earlier batch
//! is being written wait together, and the next transaction applies them
//! all, with one lock and one commit for the lot, reading and writing
//! their records in a few multi-row statements ([`super::apply_batch`]).
//! Every device still gets its own answer, and the rules are the same as
//! for a push alone: a refused push changes nothing (its changes are made
//! on copies), so it leaves the others untouched, and a device's second
//! push in the same batch sees what its first one did. No savepoints: on
//! PostgreSQL a transaction with more than 64 of them slows every
//! session's snapshots. When anything goes wrong
//! below the rules (a database error), the batch is dropped whole and each
//! push runs again in a transaction of its own, so one bad push cannot
//! fail its neighbours.
//!
//! Each team has a lane: a queue and at most one worker task. The worker
//! is spawned by the push that finds the lane idle and stops when the
//! queue is empty, so an idle server holds no tasks. The work runs in that
//! task, not in the request: a phone that hangs up mid-push cannot cancel
//! a transaction that carries other phones' pushes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use drempel_core::sync::{PushError, PushRequest, PushResponse};
use tokio::sync::oneshot;

use super::{PushJob, PushTx, Scope, StoreError, TeamId, apply_batch};

/// Changes in one batch at most: at 500 per push (the push limit) a batch
/// holds at least 8 pushes, and its transaction stays short enough that
/// the pushes behind it do not wait long.
pub const MAX_BATCH_CHANGES: usize = 4_000;

/// What a store gives the lanes: its write transaction.
#[async_trait::async_trait]
pub(super) trait Writer: Clone + Send + Sync + 'static {
    type Tx: PushTx + 'static;
    async fn begin_write(&self) -> Result<Self::Tx, StoreError>;
    fn lanes(&self) -> &Lanes;
}

type Answer = Result<Result<PushResponse, PushError>, StoreError>;

struct Job {
    device: String,
    owner_only: bool,
    request: PushRequest,
    now: i64,
    /// The push's read turn, when it has one: it ends as the push's batch
    /// starts being written, and the next push is read meanwhile.
    turn: Option<tokio::sync::OwnedSemaphorePermit>,
    reply: oneshot::Sender<Answer>,
}

impl Job {
    fn scope(&self) -> Scope<'_> {
        if self.owner_only {
            Scope::Owner(&self.device)
        } else {
            Scope::Team
        }
    }
}

#[derive(Default)]
struct Lane {
    waiting: VecDeque<Job>,
    /// A worker is draining this lane.
    busy: bool,
}

/// The teams' lanes. A lane stays once made: one small entry per team.
#[derive(Default)]
pub struct Lanes {
    lanes: Mutex<HashMap<TeamId, Lane>>,
}

impl std::fmt::Debug for Lanes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lanes")
            .field("teams", &self.lock().len())
            .finish()
    }
}

impl Lanes {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TeamId, Lane>> {
        // A panic while holding this lock leaves the map whole (every
        // change to it is one statement), so a poisoned lock is still good.
        self.lanes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Marks `team`'s lane idle when it has no pushes waiting.
    fn idle_when_empty(&self, team: TeamId) -> bool {
        let mut lanes = self.lock();
        let lane = lanes.entry(team).or_default();
        if lane.waiting.is_empty() {
            lane.busy = false;
        }
        !lane.busy
    }

    /// Takes the next batch of `team`'s lane, ending the pushes' read turns.
    fn take(&self, team: TeamId) -> Vec<Job> {
        let mut lanes = self.lock();
        let lane = lanes.entry(team).or_default();
        let mut jobs = Vec::new();
        let mut changes = 0;
        while let Some(next) = lane.waiting.front() {
            let size = next.request.changes.len().max(1);
            if !jobs.is_empty() && changes + size > MAX_BATCH_CHANGES {
                break;
            }
            changes += size;
            jobs.extend(lane.waiting.pop_front().map(|mut job| {
                job.turn = None;
                job
            }));
        }
        jobs
    }
}

/// Queues a push on its team's lane and waits for its answer.
pub(super) async fn push<W: Writer>(
    store: &W,
    team: TeamId,
    device: &str,
    scope: Scope<'_>,
    request: PushRequest,
    now: i64,
    turn: Option<tokio::sync::OwnedSemaphorePermit>,
) -> Answer {
    let (reply, answer) = oneshot::channel();
    let job = Job {
        device: device.to_string(),
        owner_only: scope.owner().is_some(),
        request,
        now,
        turn,
        reply,
    };
    debug_assert!(scope.owner().is_none_or(|owner| owner == device));
    let start = {
        let mut lanes = store.lanes().lock();
        let lane = lanes.entry(team).or_default();
        lane.waiting.push_back(job);
        !std::mem::replace(&mut lane.busy, true)
    };
    if start {
        writers().spawn(drain(store.clone(), team));
    }
    answer.await.unwrap_or_else(|_| {
        Err(StoreError::BadValue(
            "the push was dropped before it was written".to_string(),
        ))
    })
}

/// Where the lanes' workers run: threads of their own. A worker awaits
/// the database once per statement; among the request tasks it would wait
/// behind every push and pull being read each time, and the batch it
/// carries (and every push queued behind it) would wait with it. Made on
/// first use, one thread per processor, for the life of the process.
fn writers() -> &'static tokio::runtime::Handle {
    static WRITERS: std::sync::OnceLock<tokio::runtime::Handle> = std::sync::OnceLock::new();
    WRITERS.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("drempel-writer")
            .enable_all()
            .build()
            .expect("the writers' threads start");
        let handle = runtime.handle().clone();
        // The runtime lives as long as the process: its handle is static.
        std::mem::forget(runtime);
        handle
    })
}

/// The lane's worker: batch after batch until the queue is empty.
async fn drain<W: Writer>(store: W, team: TeamId) {
    // Should a batch panic, the lane must not stay marked busy with
    // nobody draining it.
    struct Idle<'a>(&'a Lanes, TeamId);
    impl Drop for Idle<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                let mut lanes = self.0.lock();
                if let Some(lane) = lanes.get_mut(&self.1) {
                    lane.busy = false;
                    lane.waiting.clear();
                }
            }
        }
    }
    let _idle = Idle(store.lanes(), team);
    loop {
        // The batch is taken once its transaction has begun (on SQLite,
        // in the writer's turn): pushes that arrive while it waits join
        // it, and the pushes held in memory are those being read or
        // queued plus one batch per transaction.
        if store.lanes().idle_when_empty(team) {
            return;
        }
        let tx = store.begin_write().await;
        // Only this worker takes from the lane: it still has pushes.
        let jobs = store.lanes().take(team);
        run(&store, team, tx, jobs).await;
    }
}

/// Writes one batch in `tx` and answers each of its pushes.
async fn run<W: Writer>(store: &W, team: TeamId, tx: Result<W::Tx, StoreError>, jobs: Vec<Job>) {
    crate::metrics::push_batch(jobs.len());
    let written = match tx {
        Ok(tx) => together(tx, team, &jobs).await,
        Err(error) => Err(error),
    };
    match written {
        Ok(answers) => {
            for (job, answer) in jobs.into_iter().zip(answers) {
                // A phone that hung up no longer waits: nothing to tell.
                let _ = job.reply.send(Ok(answer));
            }
        }
        Err(error) => {
            if jobs.len() == 1 {
                let job = jobs.into_iter().next().expect("one job");
                let _ = job.reply.send(Err(error));
                return;
            }
            tracing::warn!(%error, pushes = jobs.len(), "a batch of pushes failed; each runs alone");
            for job in jobs {
                let answer = alone(store, team, &job).await;
                let _ = job.reply.send(answer);
            }
        }
    }
}

async fn together<T: PushTx>(
    mut tx: T,
    team: TeamId,
    jobs: &[Job],
) -> Result<Vec<Result<PushResponse, PushError>>, StoreError> {
    let mut seq = tx.lock_team(team).await?;
    let pushes: Vec<PushJob<'_>> = jobs
        .iter()
        .map(|job| PushJob {
            device: &job.device,
            scope: job.scope(),
            request: &job.request,
        })
        .collect();
    let now = jobs.iter().map(|job| job.now).max().unwrap_or(0);
    let answers = apply_batch(&mut tx, team, &mut seq, &pushes, now).await?;
    // All refused: nothing to keep, the transaction is dropped.
    if answers.iter().any(Result::is_ok) {
        tx.commit(team, seq).await?;
    }
    Ok(answers)
}

async fn alone<W: Writer>(store: &W, team: TeamId, job: &Job) -> Answer {
    together(store.begin_write().await?, team, std::slice::from_ref(job))
        .await
        .map(|mut answers| answers.remove(0))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use drempel_core::sync::Change;
    use drempel_core::wire::PROTOCOL_VERSION;
    use tokio::sync::Semaphore;

    use super::*;

    /// Queues a push of `changes` changes holding one of `turns`.
    fn queue(lanes: &Lanes, team: TeamId, changes: usize, turns: &Arc<Semaphore>) {
        let (reply, _answer) = oneshot::channel();
        let changes = (1..=changes as u64)
            .map(|seq| Change {
                seq,
                record: format!("r{seq}"),
                base: 0,
                fields: Default::default(),
                delete: false,
            })
            .collect();
        let job = Job {
            device: "d".to_string(),
            owner_only: false,
            request: PushRequest {
                protocol: PROTOCOL_VERSION,
                changes,
            },
            now: 0,
            turn: Some(turns.clone().try_acquire_owned().expect("a free turn")),
            reply,
        };
        lanes.lock().entry(team).or_default().waiting.push_back(job);
    }

    #[test]
    fn a_batch_taken_ends_its_pushes_read_turns_and_no_others() {
        let turns = Arc::new(Semaphore::new(3));
        let lanes = Lanes::default();
        queue(&lanes, 1, 10, &turns);
        queue(&lanes, 1, MAX_BATCH_CHANGES - 10, &turns);
        // Over the batch's bound: it waits, holding its turn.
        queue(&lanes, 1, 1, &turns);
        assert_eq!(turns.available_permits(), 0);

        let batch = lanes.take(1);
        assert_eq!(batch.len(), 2);
        // The batch is still in memory, being written; its two turns are
        // free for the next pushes to be read.
        assert_eq!(turns.available_permits(), 2);
        assert!(batch.iter().all(|job| job.turn.is_none()));

        let next = lanes.take(1);
        assert_eq!(next.len(), 1);
        assert_eq!(turns.available_permits(), 3);
        drop((batch, next));
    }

    #[test]
    fn a_lane_is_idle_only_when_nothing_waits() {
        let turns = Arc::new(Semaphore::new(1));
        let lanes = Lanes::default();
        lanes.lock().entry(7).or_default().busy = true;
        queue(&lanes, 7, 1, &turns);
        assert!(!lanes.idle_when_empty(7));
        assert!(lanes.lock()[&7].busy);
        assert_eq!(lanes.take(7).len(), 1);
        assert!(lanes.idle_when_empty(7));
        assert!(!lanes.lock()[&7].busy);
    }
}
