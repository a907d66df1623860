//! The one line every screen shows about where this phone's contacts
//! stand: made from what the browser says of the network, what the last
//! health check saw, whether the phone is in a team, and the sync engine's
//! status. Being offline is normal in the field and is said plainly; only
//! what needs the person's action is a problem.

use super::SyncStatus;

/// The engine's reason for a round that failed because this phone could
/// not store what it had to.
pub const STORAGE_REASON: &str = "storage";

/// What the last health check saw of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// Not checked yet.
    Unknown,
    Ok,
    /// It answered, but says it cannot work now (its database is away).
    Degraded,
    /// No answer.
    Unreachable,
}

/// Whether this phone is in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    None,
    Member,
    /// The server says this phone was taken out of its team.
    Removed,
}

/// Everything the line is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The browser says there is no network (its "offline" is reliable,
    /// its "online" is not).
    pub no_network: bool,
    pub server: Server,
    pub membership: Membership,
    pub sync: SyncStatus,
    /// Contacts on this phone the server does not have yet.
    pub unsent: usize,
}

/// Where this phone's contacts stand, in the order the rule tries them
/// (but no network comes before "not in a team").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Not in a team: contacts stay on this phone.
    NotJoined { unsent: usize },
    /// Taken out of the team: nothing is sent any more; contacts stay.
    Removed { unsent: usize },
    /// No network: contacts wait on the phone and go later by themselves.
    Offline { unsent: usize },
    /// A round is sending: `done` of `total` contacts so far.
    Sending { done: usize, total: usize },
    /// A round is fetching what changed, or sending with no count yet.
    Fetching,
    /// Sending failed in a way waiting does not fix: the person must act.
    NeedsAttention { reason: String },
    /// The network is there, the server is not (or cannot work now);
    /// the phone tries again at `retry_at`, when known.
    Unreachable {
        unsent: usize,
        retry_at: Option<i64>,
    },
    /// Not known yet: the first check is under way.
    Checking,
    /// Contacts wait for the next round, which starts by itself.
    Waiting { unsent: usize },
    /// The server has everything; `at` is when the last round ended.
    AllSent { at: Option<i64> },
}

impl Line {
    /// A short stable name for the state (for tests and styles).
    pub fn code(&self) -> &'static str {
        match self {
            Line::NotJoined { .. } => "not-joined",
            Line::Removed { .. } => "removed",
            Line::Offline { .. } => "offline",
            Line::Sending { .. } | Line::Fetching => "sending",
            Line::NeedsAttention { .. } => "attention",
            Line::Unreachable { .. } => "unreachable",
            Line::Checking => "checking",
            Line::Waiting { .. } => "waiting",
            Line::AllSent { .. } => "all-sent",
        }
    }

    /// Whether the person has something to do.
    pub fn is_problem(&self) -> bool {
        matches!(self, Line::Removed { .. } | Line::NeedsAttention { .. })
    }
}

/// The line for what was seen.
pub fn line(seen: &Seen) -> Line {
    let unsent = seen.unsent;
    if seen.membership == Membership::Removed {
        return Line::Removed { unsent };
    }
    if seen.no_network {
        return Line::Offline { unsent };
    }
    // Not in a team, nothing is sent: the server's state does not matter.
    if seen.membership == Membership::None {
        return Line::NotJoined { unsent };
    }
    match &seen.sync {
        SyncStatus::Pushing { sent, total } if *total > 0 => {
            return Line::Sending {
                done: *sent,
                total: *total,
            };
        }
        SyncStatus::Pushing { .. } | SyncStatus::Pulling { .. } => return Line::Fetching,
        // The engine gives up retrying only on answers waiting cannot
        // change; a phone that cannot store is the person's to fix too.
        SyncStatus::Failed { reason, retry_at }
            if retry_at.is_none() || reason == STORAGE_REASON =>
        {
            return Line::NeedsAttention {
                reason: reason.clone(),
            };
        }
        SyncStatus::Failed { retry_at, .. } => {
            return Line::Unreachable {
                unsent,
                retry_at: *retry_at,
            };
        }
        SyncStatus::Idle { .. } => {}
    }
    match seen.server {
        Server::Unreachable | Server::Degraded => Line::Unreachable {
            unsent,
            retry_at: None,
        },
        _ if unsent > 0 => Line::Waiting { unsent },
        Server::Unknown => Line::Checking,
        Server::Ok => match seen.sync {
            SyncStatus::Idle { last_success } => Line::AllSent { at: last_success },
            _ => Line::Checking,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(sync: SyncStatus) -> Seen {
        Seen {
            no_network: false,
            server: Server::Ok,
            membership: Membership::Member,
            sync,
            unsent: 0,
        }
    }

    const IDLE: SyncStatus = SyncStatus::Idle {
        last_success: Some(1_000),
    };

    #[test]
    fn all_sent_when_the_server_has_everything() {
        assert_eq!(line(&seen(IDLE)), Line::AllSent { at: Some(1_000) });
    }

    #[test]
    fn no_network_is_offline_whatever_the_last_check_saw() {
        let mut s = seen(IDLE);
        s.no_network = true;
        s.unsent = 3;
        assert_eq!(line(&s), Line::Offline { unsent: 3 });
        assert!(!line(&s).is_problem(), "offline is normal in the field");
        s.sync = SyncStatus::Failed {
            reason: "unreachable".into(),
            retry_at: Some(5_000),
        };
        assert_eq!(line(&s), Line::Offline { unsent: 3 });
    }

    #[test]
    fn a_server_that_does_not_answer_is_unreachable_not_connected() {
        let mut s = seen(IDLE);
        s.server = Server::Unreachable;
        assert_eq!(
            line(&s),
            Line::Unreachable {
                unsent: 0,
                retry_at: None
            }
        );
        s.server = Server::Degraded;
        assert_eq!(line(&s).code(), "unreachable");
        // A failed round says so before the next check does.
        let mut s = seen(SyncStatus::Failed {
            reason: "unreachable".into(),
            retry_at: Some(9_000),
        });
        s.unsent = 2;
        assert_eq!(
            line(&s),
            Line::Unreachable {
                unsent: 2,
                retry_at: Some(9_000)
            }
        );
    }

    #[test]
    fn a_phone_out_of_a_team_says_so() {
        let mut s = seen(IDLE);
        s.server = Server::Unreachable;
        s.unsent = 4;
        s.membership = Membership::None;
        assert_eq!(line(&s), Line::NotJoined { unsent: 4 });
        s.no_network = true;
        assert_eq!(
            line(&s),
            Line::Offline { unsent: 4 },
            "joining needs a network"
        );
        s.membership = Membership::Removed;
        assert_eq!(line(&s), Line::Removed { unsent: 4 }, "removal first");
        assert!(line(&s).is_problem());
    }

    #[test]
    fn sending_shows_progress() {
        assert_eq!(
            line(&seen(SyncStatus::Pushing { sent: 2, total: 5 })),
            Line::Sending { done: 2, total: 5 }
        );
        assert_eq!(
            line(&seen(SyncStatus::Pulling { received: 7 })).code(),
            "sending"
        );
    }

    #[test]
    fn what_waiting_cannot_fix_needs_attention() {
        let refused = seen(SyncStatus::Failed {
            reason: "protocol_unsupported".into(),
            retry_at: None,
        });
        assert_eq!(
            line(&refused),
            Line::NeedsAttention {
                reason: "protocol_unsupported".into()
            }
        );
        let full = seen(SyncStatus::Failed {
            reason: STORAGE_REASON.into(),
            retry_at: Some(3_000),
        });
        assert!(line(&full).is_problem());
    }

    #[test]
    fn unsent_contacts_wait_for_the_next_round() {
        let mut s = seen(IDLE);
        s.unsent = 1;
        assert_eq!(line(&s), Line::Waiting { unsent: 1 });
        s.server = Server::Unknown;
        assert_eq!(line(&s), Line::Waiting { unsent: 1 });
        s.unsent = 0;
        assert_eq!(line(&s), Line::Checking);
    }
}
