//! The team's audit log: who did what, written beside every action that
//! changes a team or reads its records in bulk.

use crate::AppState;
use crate::auth::now_ms;
use crate::store::TeamId;

/// Writes an audit line; a failure is logged, not fatal to the action done.
pub async fn audit(state: &AppState, team: TeamId, actor: &str, action: &str, subject: &str) {
    if let Err(err) = state
        .store()
        .audit(team, now_ms(), actor, action, subject)
        .await
    {
        tracing::error!(error = %err, action, "audit line not written");
    }
}
