//! The `/api` routes. Every route is listed once in [`ROUTES`] with who may
//! call it, and the router is built from that list: the access tests walk
//! it, so a new route cannot be added without being checked. Anything
//! unknown under `/api` is a JSON 404, never the app's HTML.

use axum::extract::{Path, State};
use axum::routing::any;
use axum::{Json, Router};
use drempel_core::catalog::{Catalog, CatalogEdit};
use drempel_core::consultation::{Consultation, ConsultationInfo, PublicReport, Report, Results};
use drempel_core::replica::contact_from_fields;
use drempel_core::sync::{
    LoggedConflict, PAGE, PullResponse, PushRequest, PushResponse, check_push, protocol_supported,
};
use drempel_core::wire::{AuditAbout, AuditAction, AuditEntry};
use drempel_core::wire::{ContentAnswer, ResponsesAnswer, ResponsesPush, ShareLink};
use drempel_core::wire::{
    CreatedJoinLink, DeviceInfo, EnrolRequest, Health, HealthStatus, JOIN_FRAGMENT, JoinLinkInfo,
    LoginRequest, Me, NewJoinLink, PROTOCOL_VERSION, Role, Session, TeamSettings,
};
use serde::Deserialize;

use crate::AppState;
use crate::audit::audit;
use crate::auth::{Caller, Coordinator, hash_secret, new_device_id, new_secret, now_ms};
use crate::council;
use crate::error::ApiError;
use crate::input::{Body, Client, Params};
use crate::limits::{BODY_LIMIT, MAX_AUDIT, MAX_CONFLICTS, MAX_PULL};
pub use crate::route::{Access, RouteInfo};
use crate::store::{NewDevice, Redeem, TeamId};
use drempel_core::ProblemKind;
use drempel_core::wire::{check_range, device_label};

macro_rules! api_routes {
    ($($method:ident $path:literal $access:ident $query:tt $body:tt -> $answer:tt => $handler:expr;)*) => {
        /// Every `/api/v1` route.
        pub const ROUTES: &[RouteInfo] = &[$(RouteInfo {
            method: stringify!($method),
            path: $path,
            access: Access::$access,
        }),*];

        fn versioned() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }

        /// What each route takes and answers, from the Rust types the
        /// handlers use, for the OpenAPI description.
        pub fn described(generator: &mut schemars::SchemaGenerator) -> Vec<crate::openapi::Operation> {
            vec![$(crate::openapi::Operation {
                route: RouteInfo {
                    method: stringify!($method),
                    path: $path,
                    access: Access::$access,
                },
                query: crate::openapi::query!($query, generator),
                body: crate::openapi::schema!($body, generator),
                answer: crate::openapi::answer!($answer, generator),
            }),*]
        }
    };
}

api_routes! {
    get "/api/v1/health" Public none none -> (Health) => health;
    get "/api/v1/openapi.json" Public none none -> (serde_json::Value) => openapi;
    post "/api/v1/auth/login" Public none (LoginRequest) -> (Session) => login;
    post "/api/v1/enrol" Public none (EnrolRequest) -> (Session) => enrol;
    get "/api/v1/me" Device none none -> (Me) => me;
    post "/api/v1/auth/logout" Device none none -> nothing => logout;
    post "/api/v1/sync/push" Device none (PushRequest) -> (PushResponse) => push;
    get "/api/v1/sync/pull" Device (PullQuery) none -> (PullResponse) => pull;
    get "/api/v1/sync/records" Device (RecordsQuery) none -> (drempel_core::wire::RecordsPage) => records;
    get "/api/v1/team/devices" Coordinator none none -> (Vec<DeviceInfo>) => devices;
    post "/api/v1/team/devices/{id}/revoke" Coordinator none none -> nothing => revoke_device;
    get "/api/v1/team/join-links" Coordinator none none -> (Vec<JoinLinkInfo>) => join_links;
    post "/api/v1/team/join-links" Coordinator none (NewJoinLink) -> (CreatedJoinLink) => create_join_link;
    post "/api/v1/team/join-links/{id}/revoke" Coordinator none none -> nothing => revoke_join_link;
    get "/api/v1/team/conflicts" Coordinator (ConflictsQuery) none -> (Vec<LoggedConflict>) => conflicts;
    post "/api/v1/team/records/{id}/erase" Coordinator none none -> nothing => erase_record;
    get "/api/v1/team/settings" Coordinator none none -> (TeamSettings) => settings;
    put "/api/v1/team/settings" Coordinator none (TeamSettings) -> (TeamSettings) => set_settings;
    get "/api/v1/team/audit" Coordinator (AuditQuery) none -> (Vec<AuditEntry>) => audit_log;
    get "/api/v1/team/dashboard" Coordinator (crate::dashboard::DashboardQuery) none -> (drempel_core::stats::Summary) => crate::dashboard::dashboard;
    get "/api/v1/team/quotes" Coordinator (crate::dashboard::QuotesParams) none -> (Vec<drempel_core::wire::QuoteInfo>) => crate::dashboard::quotes;
    get "/api/v1/team/export/contacts.csv" Coordinator (crate::export::ExportQuery) none -> csv => crate::export::contacts;
    get "/api/v1/team/export/findings.csv" Coordinator (crate::export::ExportQuery) none -> csv => crate::export::findings;
    get "/api/v1/team/export/schemes.csv" Coordinator (crate::export::ExportQuery) none -> csv => crate::export::schemes;
    get "/api/v1/team/export/barriers.csv" Coordinator (crate::export::ExportQuery) none -> csv => crate::export::barriers;
    get "/api/v1/team/export/responses.csv" Coordinator (crate::export::ResponsesQuery) none -> csv => crate::export::responses;
    get "/api/v1/sync/content" Device (council::ContentQuery) none -> (ContentAnswer) => council::content;
    post "/api/v1/sync/responses" Device none (ResponsesPush) -> (ResponsesAnswer) => council::push_responses;
    get "/api/v1/team/catalog" Coordinator none none -> (Catalog) => council::catalog;
    put "/api/v1/team/catalog" Coordinator none (CatalogEdit) -> (Catalog) => council::set_catalog;
    get "/api/v1/team/consultations" Coordinator none none -> (Vec<ConsultationInfo>) => council::consultations;
    post "/api/v1/team/consultations" Coordinator none (Consultation) -> (ConsultationInfo) => council::create_consultation;
    put "/api/v1/team/consultations/{id}" Coordinator none (Consultation) -> (ConsultationInfo) => council::update_consultation;
    post "/api/v1/team/consultations/{id}/publish" Coordinator none none -> (ConsultationInfo) => council::publish_consultation;
    get "/api/v1/team/consultations/{id}/results" Coordinator none none -> (Results) => council::results;
    put "/api/v1/team/consultations/{id}/report" Coordinator none (Report) -> (Report) => council::set_report;
    post "/api/v1/team/consultations/{id}/share" Coordinator none none -> (ShareLink) => council::share;
    post "/api/v1/team/consultations/{id}/unshare" Coordinator none none -> nothing => council::unshare;
    get "/api/v1/public/reports/{code}" Public none none -> (PublicReport) => council::public_report;
    get "/api/v1/team/signals" Coordinator (crate::signals::SignalsQuery) none -> (Vec<drempel_core::signal::SignalInfo>) => crate::signals::signals;
    post "/api/v1/team/signals" Coordinator none (drempel_core::signal::Signal) -> (drempel_core::signal::SignalInfo) => crate::signals::create_signal;
    get "/api/v1/team/signals/{id}" Coordinator none none -> (drempel_core::signal::SignalView) => crate::signals::signal;
    put "/api/v1/team/signals/{id}" Coordinator none (drempel_core::signal::Signal) -> (drempel_core::signal::SignalInfo) => crate::signals::update_signal;
    post "/api/v1/team/signals/{id}/share" Coordinator none none -> (ShareLink) => crate::signals::share;
    post "/api/v1/team/signals/{id}/unshare" Coordinator none none -> nothing => crate::signals::unshare;
    get "/api/v1/team/regions" Coordinator none none -> (Vec<crate::region::TeamRegion>) => crate::region::team_regions;
    get "/api/v1/region/dashboard" Region (crate::region::RegionQuery) none -> (crate::region::RegionView) => crate::region::dashboard;
    post "/api/v1/region/logout" Region none none -> nothing => crate::region::logout;
    get "/api/v1/region/export/region.csv" Region (crate::region::RegionExportQuery) none -> csv => crate::region::export;
    put "/api/v1/team/quotes/{id}/region" Coordinator none none -> nothing => crate::region::mark_quote;
    delete "/api/v1/team/quotes/{id}/region" Coordinator none none -> nothing => crate::region::unmark_quote;
    get "/api/v1/region/signals" Region (crate::region::RegionSignalsQuery) none -> (Vec<drempel_core::signal::SignalInfo>) => crate::region::signals;
    post "/api/v1/region/signals" Region none (drempel_core::signal::Signal) -> (drempel_core::signal::SignalInfo) => crate::region::create_signal;
    get "/api/v1/region/signals/{id}" Region none none -> (drempel_core::region::RegionSignalView) => crate::region::signal;
    put "/api/v1/region/signals/{id}" Region none (drempel_core::signal::Signal) -> (drempel_core::signal::SignalInfo) => crate::region::update_signal;
    get "/api/v1/region/quotes" Region (crate::region::RegionQuotesParams) none -> (drempel_core::region::RegionQuotesPage) => crate::region::quotes;
    get "/api/v1/public/signals/{code}" Public none none -> (drempel_core::signal::SignalView) => crate::signals::public_signal;
}

/// `GET /api/v1/openapi.json`: made once, from [`ROUTES`]' types.
async fn openapi() -> Json<serde_json::Value> {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    Json(DOCUMENT.get_or_init(openapi_document).clone())
}

/// The OpenAPI description of every route.
pub fn openapi_document() -> serde_json::Value {
    crate::openapi::document(described)
}

pub fn router() -> Router<AppState> {
    let not_found = any(|| async { ApiError::NotFound });
    versioned()
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .route("/api", not_found.clone())
        .route("/api/", not_found.clone())
        .route("/api/{*rest}", not_found)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(crate::input::refuse_nul_in_url))
}

/// The server is up; `status` says whether its database answers too.
async fn health(State(state): State<AppState>) -> Json<Health> {
    let status = match state.store().ping().await {
        Ok(()) => HealthStatus::Ok,
        Err(err) => {
            tracing::error!(error = %err, "health check: database does not answer");
            HealthStatus::Degraded
        }
    };
    Json(Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_string(),
        protocol: PROTOCOL_VERSION,
    })
}

const MAX_LOGIN: usize = 120;
const MAX_PASSWORD: usize = 1024;

/// Gives `team` a new device with a fresh token: the token is returned once
/// and only its hash is kept.
async fn new_session(
    state: &AppState,
    team: TeamId,
    role: Role,
    label: &str,
    coordinator: Option<i64>,
) -> Result<Session, ApiError> {
    let token = new_secret()?;
    let device = new_device_id()?;
    state
        .store()
        .add_device(NewDevice {
            id: &device,
            team,
            role,
            token_hash: &hash_secret(&token),
            label,
            coordinator,
            now: now_ms(),
        })
        .await?;
    let team = state.store().team_name(team).await?.unwrap_or_default();
    Ok(Session {
        token,
        device,
        role,
        team,
    })
}

/// A coordinator signs in; the device gets a coordinator token.
async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    Body(request): Body<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    if request.login.len() > MAX_LOGIN || request.password.len() > MAX_PASSWORD {
        return Err(ApiError::BadLogin);
    }
    let label = device_label(&request.label, "coordinator")?;
    let failures = &state.limits().failed_logins;
    let name = request.login.trim();
    failures.admit(client, name, std::time::Instant::now())?;
    let store = state.store();
    // A team's coordinator or a region's: one login name is one person.
    let found = match store.coordinator(name).await? {
        Some((id, team, hash)) => Some((id, Err(team), hash)),
        None => store
            .region_coordinator(name)
            .await?
            .map(|(id, region, hash)| (id, Ok(region), hash)),
    };
    let stored = found.as_ref().map(|(_, _, hash)| hash.clone());
    // Runs the hash whether or not the login exists: same answer, same time.
    let right = state.passwords().check(request.password, stored).await?;
    let Some((id, whose, _)) = found.filter(|_| right) else {
        failures.failed(client, name, std::time::Instant::now());
        return Err(ApiError::BadLogin);
    };
    failures.succeeded(name);
    let session = match whose {
        Err(team) => new_session(&state, team, Role::Coordinator, &label, Some(id)).await?,
        Ok(region) => {
            let token = new_secret()?;
            store
                .add_region_session(region, id, &hash_secret(&token), &label, now_ms())
                .await?;
            Session {
                token,
                device: new_device_id()?,
                role: Role::Region,
                team: store.region_name(region).await?.unwrap_or_default(),
            }
        }
    };
    tracing::info!(device = %session.device, role = session.role.as_str(), "coordinator signed in");
    Ok(Json(session))
}

/// A device joins a team with the code from a join link.
async fn enrol(
    State(state): State<AppState>,
    Client(client): Client,
    Body(request): Body<EnrolRequest>,
) -> Result<Json<Session>, ApiError> {
    state.limits().enrol.check(&client)?;
    let code = request.code.trim();
    if code.is_empty() || code.len() > 128 {
        return Err(ApiError::LinkUnknown);
    }
    let label = device_label(&request.label, "telefoon")?;
    let (team, role) = match state.store().redeem(&hash_secret(code), now_ms()).await? {
        Redeem::Joined { team, role, .. } => (team, role),
        Redeem::Expired => return Err(ApiError::LinkExpired),
        Redeem::UsedUp => return Err(ApiError::LinkUsedUp),
        Redeem::Revoked => return Err(ApiError::LinkRevoked),
        Redeem::Unknown => return Err(ApiError::LinkUnknown),
    };
    let session = new_session(&state, team, role, &label, None).await?;
    tracing::info!(device = %session.device, role = role.as_str(), "device enrolled");
    // The same phone joining again keeps what it made: its old token,
    // revoked or not, proves it. A token of another team is ignored.
    if let Some(previous) = request.previous_token.as_deref().filter(|t| t.len() <= 128) {
        let store = state.store();
        if let Some(old) = store.device_by_token(&hash_secret(previous)).await?
            && old.team == team
            && old.id != session.device
        {
            let moved = store
                .transfer_records(team, &old.id, &session.device)
                .await?;
            store.revoke_device(team, &old.id, now_ms()).await?;
            tracing::info!(from = %old.id, to = %session.device, moved, "records kept by a re-joined device");
        }
    }
    Ok(Json(session))
}

async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    let team = state
        .store()
        .team_name(caller.team)
        .await?
        .unwrap_or_default();
    Ok(Json(Me {
        device: caller.device,
        role: caller.role,
        team,
    }))
}

/// Ends this device's session: its token stops working.
async fn logout(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::http::StatusCode, ApiError> {
    state
        .store()
        .revoke_device(caller.team, &caller.device, now_ms())
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

static PUSH_TURNS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| {
        std::sync::Arc::new(tokio::sync::Semaphore::new(crate::limits::PUSHES_AT_ONCE))
    });

/// A push's turn, taken before its body is read (extractors run in order)
/// and handed to the store, which ends it when the push's batch starts
/// being written.
struct PushTurn(tokio::sync::OwnedSemaphorePermit);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PushTurn {
    type Rejection = ApiError;

    async fn from_request_parts(
        _: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let permit = PUSH_TURNS
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("the push turns were closed".to_string()))?;
        Ok(PushTurn(permit))
    }
}

async fn push(
    State(state): State<AppState>,
    caller: Caller,
    PushTurn(turn): PushTurn,
    Body(request): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    state.limits().sync.check(&caller.device)?;
    if !protocol_supported(request.protocol) {
        return Err(ApiError::UpgradeNeeded {
            protocol: request.protocol,
        });
    }
    check_push(&request)?;
    let changes = request.changes.len();
    let answer = state
        .store()
        .push_in_turn(
            caller.team,
            &caller.device,
            caller.scope(),
            request,
            now_ms(),
            Some(turn),
        )
        .await??;
    crate::metrics::records_pushed(changes);
    Ok(Json(answer))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PullQuery {
    /// The sync protocol version the app speaks.
    protocol: u32,
    /// The `next_cursor` of the last page received; 0 for everything.
    #[serde(default)]
    cursor: u64,
    /// Records per page, 1 to 1000.
    #[serde(default = "default_limit")]
    limit: usize,
}

fn default_limit() -> usize {
    PAGE
}

async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    state.limits().sync.check(&caller.device)?;
    if !protocol_supported(query.protocol) {
        return Err(ApiError::UpgradeNeeded {
            protocol: query.protocol,
        });
    }
    check_range("limit", query.limit as i64, 1..=MAX_PULL as i64)?;
    let page = state
        .store()
        .pull(caller.team, caller.own(), query.cursor, query.limit)
        .await?;
    if !page.has_more {
        state.store().mark_synced(&caller.device, now_ms()).await?;
    }
    crate::metrics::records_pulled(page.changes.len());
    Ok(Json(page))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RecordsQuery {
    /// The `next` of the page before; none for the newest records.
    #[serde(default)]
    before: Option<String>,
}

/// Records a phone no longer keeps, a page at a time, newest first: a
/// volunteer's own, a coordinator's whole team.
async fn records(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<RecordsQuery>,
) -> Result<Json<drempel_core::wire::RecordsPage>, ApiError> {
    state.limits().sync.check(&caller.device)?;
    if let Some(before) = &query.before
        && !drempel_core::sync::is_record_id(before)
    {
        return Err(ApiError::invalid("before", ProblemKind::BadId));
    }
    let page = state
        .store()
        .records_page(
            caller.team,
            caller.scope(),
            query.before.as_deref(),
            drempel_core::wire::RECORDS_PAGE,
        )
        .await?;
    Ok(Json(page))
}

async fn devices(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    let devices = state.store().devices(caller.team).await?;
    Ok(Json(devices.iter().map(|d| d.info()).collect()))
}

async fn revoke_device(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let store = state.store();
    if !store.revoke_device(caller.team, &id, now_ms()).await? {
        return Err(ApiError::NoSuch("device"));
    }
    tracing::info!(by = %caller.device, device = %id, "device revoked");
    let about = store
        .devices(caller.team)
        .await?
        .into_iter()
        .find(|device| device.id == id)
        .map(|device| AuditAbout::Device { name: device.label });
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::RevokeDevice,
        &id,
        about,
    )
    .await;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

async fn join_links(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<Vec<JoinLinkInfo>>, ApiError> {
    Ok(Json(state.store().join_links(caller.team).await?))
}

async fn create_join_link(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Body(request): Body<NewJoinLink>,
) -> Result<Json<CreatedJoinLink>, ApiError> {
    request.validate()?;
    let Some(origin) = crate::config::public_origin(&request.origin) else {
        return Err(ApiError::invalid("origin", ProblemKind::NotAnOrigin));
    };
    let code = new_secret()?;
    let now = now_ms();
    let expires_at = now + i64::from(request.valid_hours) * 3_600_000;
    let link = state
        .store()
        .create_join_link(
            caller.team,
            request.role,
            &hash_secret(&code),
            now,
            expires_at,
            request.max_uses,
        )
        .await?;
    let url = format!("{origin}/#{JOIN_FRAGMENT}{code}");
    let (qr_size, qr) = qr_modules(&url)?;
    tracing::info!(by = %caller.device, link = link.id, "join link created");
    let about = AuditAbout::JoinLink {
        role: link.role,
        expires_at: link.expires_at,
    };
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::CreateJoinLink,
        &link.id.to_string(),
        Some(about),
    )
    .await;
    Ok(Json(CreatedJoinLink {
        link,
        url,
        qr_size,
        qr,
    }))
}

/// The QR code of `text`: its width and its modules row by row, `1` dark.
pub fn qr_modules(text: &str) -> Result<(u32, String), ApiError> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|err| ApiError::Internal(format!("QR code: {err}")))?;
    let modules = code
        .to_colors()
        .iter()
        .map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' })
        .collect();
    Ok((code.width() as u32, modules))
}

async fn revoke_join_link(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::NoSuch("join link"))?;
    let store = state.store();
    if !store.revoke_join_link(caller.team, id, now_ms()).await? {
        return Err(ApiError::NoSuch("join link"));
    }
    tracing::info!(by = %caller.device, link = id, "join link withdrawn");
    let about = store
        .join_links(caller.team)
        .await?
        .into_iter()
        .find(|link| link.id == id)
        .map(|link| AuditAbout::JoinLink {
            role: link.role,
            expires_at: link.expires_at,
        });
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::RevokeJoinLink,
        &id.to_string(),
        about,
    )
    .await;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A page of the conflict log, newest first.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ConflictsQuery {
    /// The `id` of the last entry of the page before; leave out for the
    /// newest entries.
    #[serde(default)]
    before: Option<i64>,
    /// Entries per page, 1 to 100 (each holds at most one field's value,
    /// 8 KiB).
    #[serde(default = "default_conflicts")]
    limit: usize,
}

fn default_conflicts() -> usize {
    50
}

async fn conflicts(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ConflictsQuery>,
) -> Result<Json<Vec<LoggedConflict>>, ApiError> {
    check_range("limit", query.limit as i64, 1..=MAX_CONFLICTS as i64)?;
    let store = state.store();
    let log = store
        .conflicts_page(caller.team, query.before, query.limit)
        .await?;
    // The records' values now, since a coordinator's phone does not hold the team.
    let ids: std::collections::BTreeSet<&str> = log.iter().map(|(_, r, _)| r.as_str()).collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let now: std::collections::BTreeMap<String, drempel_core::sync::ServerRecord> = store
        .records_by_id(caller.team, &ids)
        .await?
        .into_iter()
        .collect();
    Ok(Json(
        log.into_iter()
            .map(|(id, record, conflict)| {
                let current = now.get(&record);
                LoggedConflict::new(id, record, conflict, current)
            })
            .collect(),
    ))
}

/// Erases one record everywhere: server, conflict log, and every device on
/// its next pull.
async fn erase_record(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let store = state.store();
    // Named by its day and place before it goes; nothing it said is kept.
    let about = store
        .records_by_id(caller.team, &[id.as_str()])
        .await?
        .into_iter()
        .find_map(|(_, record)| contact_from_fields(&id, &record.into_values()))
        .map(|contact| AuditAbout::Contact {
            created_at: contact.created_at,
            site: contact.input.site.as_str().to_string(),
        });
    if !store.erase(caller.team, &id).await? {
        return Err(ApiError::NoSuch("record"));
    }
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::EraseRecord,
        &id,
        about,
    )
    .await;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

async fn settings(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<TeamSettings>, ApiError> {
    Ok(Json(state.store().settings(caller.team).await?))
}

async fn set_settings(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Body(request): Body<TeamSettings>,
) -> Result<Json<TeamSettings>, ApiError> {
    request.validate()?;
    state.store().set_settings(caller.team, &request).await?;
    let about = AuditAbout::Settings {
        retention_days: request.retention_days,
        keep_days: request.keep_days,
    };
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::ChangeSettings,
        "settings",
        Some(about),
    )
    .await;
    Ok(Json(request))
}

/// A page of the audit log, newest first.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AuditQuery {
    /// The `id` of the last line of the page before; leave out for the
    /// newest lines.
    #[serde(default)]
    before: Option<i64>,
    /// Lines per page, 1 to 100.
    #[serde(default = "default_audit")]
    limit: usize,
}

fn default_audit() -> usize {
    50
}

async fn audit_log(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    check_range("limit", query.limit as i64, 1..=MAX_AUDIT as i64)?;
    let page = state
        .store()
        .audit_log(caller.team, query.before, query.limit)
        .await?;
    Ok(Json(page))
}

#[cfg(test)]
mod tests {
    /// The app builds its paths from core's list; the server's table is
    /// that list, route for route.
    #[test]
    fn the_route_table_is_cores_list_of_paths() {
        let mut served: Vec<&str> = super::ROUTES.iter().map(|r| r.path).collect();
        let mut listed: Vec<&str> = drempel_core::wire::paths::ROUTES.to_vec();
        served.sort_unstable();
        served.dedup();
        listed.sort_unstable();
        assert_eq!(served, listed);
    }
}
