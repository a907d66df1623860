//! The team's audit log: who did what, written beside every action that
//! changes a team or reads its records in bulk.

use crate::AppState;
use crate::auth::now_ms;
use crate::store::TeamId;
use drempel_core::consultation::Consultation;
use drempel_core::wire::{AuditAbout, AuditAction};

/// Writes an audit line; a failure is logged, not fatal to the action done.
pub async fn audit(
    state: &AppState,
    team: TeamId,
    actor: &str,
    action: AuditAction,
    subject: &str,
    about: Option<AuditAbout>,
) {
    if let Err(err) = state
        .store()
        .audit(team, now_ms(), actor, action, subject, about.as_ref())
        .await
    {
        tracing::error!(error = %err, action = action.as_str(), "audit line not written");
    }
}

/// An audit line about a consultation, named by its title.
pub async fn audit_consultation(
    state: &AppState,
    team: TeamId,
    actor: &str,
    action: AuditAction,
    consultation: &Consultation,
) {
    let about = AuditAbout::Consultation {
        title: consultation.title.clone(),
    };
    audit(state, team, actor, action, &consultation.id, Some(about)).await;
}
