//! Signals to the municipality: a coordinator writes them; their evidence
//! is counted from the signal's filter each time it is read (core's
//! [`Evidence::of`] applies the small-number rule), and a read-only link
//! shows the same to anyone who has it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use drempel_core::ProblemKind;
use drempel_core::signal::{
    Evidence, MAX_QUOTES, MAX_SIGNALS, SIGNALS_PAGE, Signal, SignalInfo, SignalView,
};
use drempel_core::stats::Period;
use drempel_core::wire::{AuditAbout, AuditAction, ShareLink};
use serde::Deserialize;

use crate::AppState;
use crate::audit::audit;
use crate::auth::{Coordinator, new_device_id, new_secret, now_ms};
use crate::council::current_catalog;
use crate::error::ApiError;
use crate::input::{Body, Client, Params};
use crate::store::{QuotesQuery, TeamId};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SignalsQuery {
    /// The next page: the id of the last signal shown.
    before: Option<String>,
}

/// Longest id a signal has (the server gives 32 hex digits).
const MAX_ID: usize = 64;

/// `GET /api/v1/team/signals`: a page of the team's signals, newest first.
pub async fn signals(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<SignalsQuery>,
) -> Result<Json<Vec<SignalInfo>>, ApiError> {
    if let Some(before) = &query.before {
        drempel_core::check_text("before", before, MAX_ID, false)?;
    }
    Ok(Json(
        state
            .store()
            .signals_page(caller.team, query.before.as_deref(), SIGNALS_PAGE)
            .await?,
    ))
}

/// A new signal; the server gives it its id.
pub async fn create_signal(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Body(mut signal): Body<Signal>,
) -> Result<Json<SignalInfo>, ApiError> {
    signal.id = new_device_id()?;
    signal.validate(&current_catalog(&state, caller.team).await?)?;
    if !state
        .store()
        .add_signal(caller.team, &signal, now_ms(), MAX_SIGNALS)
        .await?
    {
        return Err(ApiError::invalid(
            "signals",
            ProblemKind::Count {
                min: 0,
                max: MAX_SIGNALS,
            },
        ));
    }
    audit_signal(
        &state,
        caller.team,
        &caller.device,
        AuditAction::CreateSignal,
        &signal,
    )
    .await;
    Ok(Json(find(&state, caller.team, &signal.id).await?))
}

/// Changes a signal: its text, filter, status and the answer.
pub async fn update_signal(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
    Body(mut signal): Body<Signal>,
) -> Result<Json<SignalInfo>, ApiError> {
    let stored = find(&state, caller.team, &id).await?.signal;
    signal.id = id;
    signal.validate(&current_catalog(&state, caller.team).await?)?;
    if !state
        .store()
        .update_signal(caller.team, &signal, now_ms())
        .await?
    {
        return Err(ApiError::NoSuch("signal"));
    }
    if signal != stored {
        let action = if signal.status == stored.status {
            AuditAction::ChangeSignal
        } else {
            AuditAction::SignalStatus
        };
        audit_signal(&state, caller.team, &caller.device, action, &signal).await;
    }
    Ok(Json(find(&state, caller.team, &signal.id).await?))
}

/// `GET /api/v1/team/signals/{id}`: the signal with its evidence, counted now.
pub async fn signal(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<Json<SignalView>, ApiError> {
    let info = find(&state, caller.team, &id).await?;
    let mut view = view(&state, caller.team, info.signal).await?;
    view.share = info.share;
    Ok(Json(view))
}

/// Makes (or replaces) the signal's read-only link.
pub async fn share(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<Json<ShareLink>, ApiError> {
    let signal = find(&state, caller.team, &id).await?.signal;
    let code = new_secret()?;
    state
        .store()
        .set_signal_share(caller.team, &id, Some(&code))
        .await?;
    audit_signal(
        &state,
        caller.team,
        &caller.device,
        AuditAction::ShareSignal,
        &signal,
    )
    .await;
    Ok(Json(ShareLink { code }))
}

/// Withdraws the link: it stops working at once.
pub async fn unshare(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let signal = find(&state, caller.team, &id).await?.signal;
    state
        .store()
        .set_signal_share(caller.team, &id, None)
        .await?;
    audit_signal(
        &state,
        caller.team,
        &caller.device,
        AuditAction::UnshareSignal,
        &signal,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// What a signal link shows, to anyone who has it: the signal and its
/// evidence; no record, no count between 1 and 4.
pub async fn public_signal(
    State(state): State<AppState>,
    Client(client): Client,
    Path(code): Path<String>,
) -> Result<Json<SignalView>, ApiError> {
    crate::council::public_code(&state, &client, &code, "signal")?;
    let Some((team, info)) = state.store().shared_signal(&code).await? else {
        return Err(ApiError::NoSuch("signal"));
    };
    Ok(Json(view(&state, team, info.signal).await?))
}

async fn find(state: &AppState, team: TeamId, id: &str) -> Result<SignalInfo, ApiError> {
    if id.len() > MAX_ID {
        return Err(ApiError::NoSuch("signal"));
    }
    state
        .store()
        .signal(team, id)
        .await?
        .ok_or(ApiError::NoSuch("signal"))
}

/// The signal with its evidence, counted from the team's records now.
async fn view(state: &AppState, team: TeamId, signal: Signal) -> Result<SignalView, ApiError> {
    let store = state.store();
    let catalog = current_catalog(state, team).await?;
    let filter = signal.filter.counting_filter();
    let summary = store
        .summary(
            team,
            &filter,
            Period::Month,
            drempel_core::signal::DAY_OFFSET_MINUTES,
        )
        .await?;
    let quotes = store
        .quotes(
            team,
            &QuotesQuery {
                filter,
                scheme: Some(signal.filter.scheme.clone()),
                barrier: signal.filter.barrier.clone(),
                before: None,
                limit: MAX_QUOTES,
            },
        )
        .await?
        .into_iter()
        .map(|q| q.text)
        .collect();
    let evidence = Evidence::of(
        &summary,
        &signal.filter,
        catalog.typical(&signal.filter.scheme),
        quotes,
    );
    let label = |id: &str| catalog.scheme(id).map(|s| s.label.clone());
    Ok(SignalView {
        team: store.team_name(team).await?.unwrap_or_default(),
        scheme: label(&signal.filter.scheme)
            .unwrap_or_else(|| drempel_core::catalog::Label::new(&signal.filter.scheme, "")),
        barrier: signal
            .filter
            .barrier
            .as_deref()
            .and_then(|b| catalog.barrier(b).map(|b| b.label.clone())),
        evidence,
        counted_at: now_ms(),
        share: None,
        signal,
    })
}

async fn audit_signal(
    state: &AppState,
    team: TeamId,
    actor: &str,
    action: AuditAction,
    signal: &Signal,
) {
    let about = AuditAbout::Signal {
        title: signal.title.clone(),
        status: signal.status,
    };
    audit(state, team, actor, action, &signal.id, Some(about)).await;
}
