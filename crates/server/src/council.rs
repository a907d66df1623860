//! The team's catalog, consultations and their reports: coordinators write
//! them, devices receive them with their sync and send responses back, and
//! a report link shows the results to anyone, aggregated only.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use drempel_core::catalog::{Catalog, CatalogEdit, EditError};
use drempel_core::consultation::{
    Consultation, ConsultationInfo, Phase, PublicReport, Report, Results, Tally,
};
use drempel_core::sync::protocol_supported;
use drempel_core::wire::{
    ContentAnswer, MAX_RESPONSES, RefusedResponse, ResponsesAnswer, ResponsesPush, ShareLink,
    TeamContent,
};
use serde::Deserialize;

use crate::AppState;
use crate::audit::{audit, audit_consultation};
use crate::auth::{Caller, Coordinator, new_device_id, new_secret, now_ms};
use crate::error::ApiError;
use crate::input::{Body, Client, Params};
use crate::store::{ConsultationRow, TeamId};
use drempel_core::ProblemKind;
use drempel_core::wire::{AuditAbout, AuditAction, ErrorCode};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ContentQuery {
    /// The sync protocol version the app speaks.
    protocol: u32,
    /// The content revision the device has; 0 for none.
    #[serde(default)]
    since: u64,
}

/// The team's catalog versions and published consultations, unless the
/// device has this revision already.
pub async fn content(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ContentQuery>,
) -> Result<Json<ContentAnswer>, ApiError> {
    state.limits().sync.check(&caller.device)?;
    if !protocol_supported(query.protocol) {
        return Err(ApiError::UpgradeNeeded {
            protocol: query.protocol,
        });
    }
    let store = state.store();
    let revision = store.content_revision(caller.team).await?;
    if !ContentAnswer::needed(query.since, revision) {
        return Ok(Json(ContentAnswer {
            revision,
            content: None,
        }));
    }
    let catalogs = store.catalogs(caller.team).await?;
    let consultations = store
        .consultations(caller.team, false)
        .await?
        .into_iter()
        .map(|row| row.consultation)
        .collect();
    Ok(Json(ContentAnswer {
        revision,
        content: Some(TeamContent {
            revision,
            catalogs,
            consultations,
            keep_days: store.settings(caller.team).await?.keep_days,
        }),
    }))
}

/// Responses taken on a device. Each is checked against its consultation;
/// one that cannot fit is refused alone, with its reason, and the rest are
/// stored in one transaction.
pub async fn push_responses(
    State(state): State<AppState>,
    caller: Caller,
    Body(request): Body<ResponsesPush>,
) -> Result<Json<ResponsesAnswer>, ApiError> {
    state.limits().responses.check(&caller.device)?;
    if !protocol_supported(request.protocol) {
        return Err(ApiError::UpgradeNeeded {
            protocol: request.protocol,
        });
    }
    if request.responses.len() > MAX_RESPONSES {
        return Err(ApiError::invalid(
            "responses",
            ProblemKind::Count {
                min: 0,
                max: MAX_RESPONSES as u32,
            },
        ));
    }
    let store = state.store();
    let now = now_ms();
    let mut answer = ResponsesAnswer::default();
    let mut accepted = Vec::with_capacity(request.responses.len());
    let mut consultations: std::collections::BTreeMap<String, Option<Consultation>> =
        Default::default();
    for response in request.responses {
        if !consultations.contains_key(&response.consultation) {
            let found = store
                .consultation(caller.team, &response.consultation)
                .await?
                .map(|row| row.consultation)
                .filter(|c| c.phase == Phase::Published);
            consultations.insert(response.consultation.clone(), found);
        }
        let refuse = |code: ErrorCode, message: String, problem| RefusedResponse {
            id: response.id.clone(),
            code,
            message,
            problem,
        };
        match &consultations[&response.consultation] {
            None => answer.refused.push(refuse(
                ErrorCode::NoSuchItem,
                "no such published consultation in your team".into(),
                None,
            )),
            Some(consultation) => match response
                .validate(consultation)
                .and_then(|()| response.check_time(consultation, caller.joined_at, now))
            {
                Ok(()) => accepted.push(response),
                Err(invalid) => answer.refused.push(refuse(
                    ErrorCode::Invalid,
                    invalid.to_string(),
                    Some(invalid.problem),
                )),
            },
        }
    }
    let per_hour = state.limits().settings.responses_per_hour;
    let (added, over) = store
        .add_responses(caller.team, &caller.device, &accepted, now, per_hour)
        .await?;
    for id in &over {
        answer.refused.push(RefusedResponse {
            id: id.clone(),
            code: ErrorCode::TooManyResponses,
            message: format!(
                "more than {per_hour} responses in one hour from this device for this consultation"
            ),
            problem: None,
        });
    }
    accepted.retain(|r| !over.contains(&r.id));
    if !answer.refused.is_empty() {
        let about = AuditAbout::Count {
            count: answer.refused.len() as u64,
        };
        audit(
            &state,
            caller.team,
            &caller.device,
            AuditAction::ResponsesRefused,
            "responses",
            Some(about),
        )
        .await;
    }
    tracing::info!(device = %caller.device, added, sent = accepted.len(), refused = answer.refused.len(), "responses received");
    crate::metrics::responses_stored(added);
    answer.stored = accepted.into_iter().map(|r| r.id).collect();
    Ok(Json(answer))
}

/// The team's newest catalog (the default until it edits one): it holds
/// every item ever named, since items are retired, never removed.
pub(crate) async fn current_catalog(state: &AppState, team: TeamId) -> Result<Catalog, ApiError> {
    Ok(state
        .store()
        .newest_catalog(team)
        .await?
        .unwrap_or_else(Catalog::default_catalog))
}

pub async fn catalog(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<Catalog>, ApiError> {
    Ok(Json(current_catalog(&state, caller.team).await?))
}

/// A coordinator's edit of the catalog becomes its next version.
pub async fn set_catalog(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Body(edit): Body<CatalogEdit>,
) -> Result<Json<Catalog>, ApiError> {
    let current = current_catalog(&state, caller.team).await?;
    let next = match current.apply_edit(edit) {
        Ok(Some(next)) => next,
        Ok(None) => return Ok(Json(current)),
        Err(EditError::Stale { current }) => return Err(ApiError::StaleCatalog { current }),
        Err(EditError::Invalid(invalid)) => return Err(invalid.into()),
    };
    let store = state.store();
    // The default catalog is version 1 but not stored: store it first, so
    // the history holds the labels old records were made with.
    if next.version == 2 && store.catalogs(caller.team).await?.is_empty() {
        store.add_catalog(caller.team, &current, now_ms()).await?;
    }
    if !store.add_catalog(caller.team, &next, now_ms()).await? {
        return Err(ApiError::StaleCatalog {
            current: next.version,
        });
    }
    let about = AuditAbout::Catalog {
        version: next.version,
    };
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::ChangeCatalog,
        &next.version.to_string(),
        Some(about),
    )
    .await;
    Ok(Json(next))
}

fn info(row: ConsultationRow) -> ConsultationInfo {
    ConsultationInfo {
        consultation: row.consultation,
        responses: row.responses,
        report: row.report,
        share: row.share,
    }
}

async fn find(state: &AppState, team: TeamId, id: &str) -> Result<ConsultationRow, ApiError> {
    state
        .store()
        .consultation(team, id)
        .await?
        .ok_or(ApiError::NoSuch("consultation"))
}

pub async fn consultations(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<Vec<ConsultationInfo>>, ApiError> {
    let rows = state.store().consultations(caller.team, true).await?;
    Ok(Json(rows.into_iter().map(info).collect()))
}

/// A new draft; the server gives it its id.
pub async fn create_consultation(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Body(mut consultation): Body<Consultation>,
) -> Result<Json<ConsultationInfo>, ApiError> {
    consultation.id = new_device_id()?;
    consultation.phase = Phase::Draft;
    consultation.validate()?;
    state
        .store()
        .save_consultation(caller.team, &consultation, now_ms())
        .await?;
    Ok(Json(info(
        find(&state, caller.team, &consultation.id).await?,
    )))
}

/// Corrects a consultation. Once published, its questions stay (answers
/// refer to them); texts and dates may change, and devices receive them.
pub async fn update_consultation(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
    Body(mut consultation): Body<Consultation>,
) -> Result<Json<ConsultationInfo>, ApiError> {
    let stored = find(&state, caller.team, &id).await?.consultation;
    consultation.id = id;
    consultation.phase = stored.phase;
    consultation.validate()?;
    if stored.phase == Phase::Published && !consultation.keeps_answers_of(&stored) {
        return Err(ApiError::QuestionsFixed);
    }
    state
        .store()
        .save_consultation(caller.team, &consultation, now_ms())
        .await?;
    Ok(Json(info(
        find(&state, caller.team, &consultation.id).await?,
    )))
}

pub async fn publish_consultation(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<Json<ConsultationInfo>, ApiError> {
    let mut consultation = find(&state, caller.team, &id).await?.consultation;
    if consultation.phase != Phase::Published {
        consultation.phase = Phase::Published;
        state
            .store()
            .save_consultation(caller.team, &consultation, now_ms())
            .await?;
        let action = AuditAction::PublishConsultation;
        audit_consultation(&state, caller.team, &caller.device, action, &consultation).await;
    }
    Ok(Json(info(find(&state, caller.team, &id).await?)))
}

async fn results_of(
    state: &AppState,
    team: TeamId,
    consultation: &Consultation,
) -> Result<Results, ApiError> {
    let (sink, mut responses) = tokio::sync::mpsc::channel(64);
    let store = state.store_arc();
    let id = consultation.id.clone();
    let reader = tokio::spawn(async move { store.export_responses(team, &id, sink).await });
    let mut tally = Tally::new(consultation);
    while let Some(response) = responses.recv().await {
        tally.add(&response);
    }
    reader
        .await
        .map_err(|err| ApiError::Internal(format!("results: {err}")))??;
    Ok(tally.finish())
}

/// The results per question, text answers included (coordinators only).
pub async fn results(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<Json<Results>, ApiError> {
    let consultation = find(&state, caller.team, &id).await?.consultation;
    Ok(Json(results_of(&state, caller.team, &consultation).await?))
}

pub async fn set_report(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
    Body(report): Body<Report>,
) -> Result<Json<Report>, ApiError> {
    find(&state, caller.team, &id).await?;
    report.validate()?;
    state.store().save_report(caller.team, &id, &report).await?;
    Ok(Json(report))
}

/// Makes (or replaces) the read-only report link of a published consultation.
pub async fn share(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<Json<ShareLink>, ApiError> {
    let row = find(&state, caller.team, &id).await?;
    if row.consultation.phase != Phase::Published {
        return Err(ApiError::invalid("phase", ProblemKind::NotPublished));
    }
    let code = new_secret()?;
    state
        .store()
        .set_share(caller.team, &id, Some(&code))
        .await?;
    let action = AuditAction::ShareReport;
    audit_consultation(
        &state,
        caller.team,
        &caller.device,
        action,
        &row.consultation,
    )
    .await;
    Ok(Json(ShareLink { code }))
}

/// Withdraws the report link: it stops working at once.
pub async fn unshare(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let row = find(&state, caller.team, &id).await?;
    state.store().set_share(caller.team, &id, None).await?;
    let action = AuditAction::UnshareReport;
    audit_consultation(
        &state,
        caller.team,
        &caller.device,
        action,
        &row.consultation,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// A link's code as anyone may send it: within the public rate limit, and
/// of a length a code can have (else no such `what`).
pub(crate) fn public_code(
    state: &AppState,
    client: &std::net::IpAddr,
    code: &str,
    what: &'static str,
) -> Result<(), ApiError> {
    state.limits().public.check(client)?;
    if code.is_empty() || code.len() > 128 {
        return Err(ApiError::NoSuch(what));
    }
    Ok(())
}

/// What a report link shows, to anyone who has it: the questions, the
/// counts and the report. No response and no text answer leaves here.
pub async fn public_report(
    State(state): State<AppState>,
    Client(client): Client,
    Path(code): Path<String>,
) -> Result<Json<PublicReport>, ApiError> {
    public_code(&state, &client, &code, "report")?;
    let Some((team, row)) = state.store().shared(&code).await? else {
        return Err(ApiError::NoSuch("report"));
    };
    let results = results_of(&state, team, &row.consultation).await?.public();
    Ok(Json(PublicReport {
        team: state.store().team_name(team).await?.unwrap_or_default(),
        consultation: row.consultation,
        results,
        report: row.report,
    }))
}
