//! Deliberate bugs, for tests only: each is a switch the shipping code
//! reads in test builds (and that does not exist in any other build), so a
//! test can show the simulation catches it. One at a time, per thread.

use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// A pulled record overwrites fields with edits not yet sent.
    PullOverwritesPending,
    /// The server applies a resent push again.
    ReapplyDuplicate,
    /// After a restart, numbering ignores the numbers stored records hold.
    ForgetSequenceOnRestart,
    /// A deleted record leaves the phone with edits still to send.
    RemoveWithUnsentEdits,
    /// A pulled record is stored over the phone's own, newer one.
    PulledOverNewerLocal,
}

impl Mutation {
    pub const ALL: [Mutation; 5] = [
        Mutation::PullOverwritesPending,
        Mutation::ReapplyDuplicate,
        Mutation::ForgetSequenceOnRestart,
        Mutation::RemoveWithUnsentEdits,
        Mutation::PulledOverNewerLocal,
    ];
}

thread_local! {
    static ACTIVE: Cell<Option<Mutation>> = const { Cell::new(None) };
}

pub fn active(mutation: Mutation) -> bool {
    ACTIVE.with(|active| active.get() == Some(mutation))
}

/// Runs `f` with `mutation` switched on on this thread.
pub fn with<T>(mutation: Mutation, f: impl FnOnce() -> T) -> T {
    struct Off;
    impl Drop for Off {
        fn drop(&mut self) {
            ACTIVE.with(|active| active.set(None));
        }
    }
    ACTIVE.with(|active| active.set(Some(mutation)));
    let _off = Off;
    f()
}
