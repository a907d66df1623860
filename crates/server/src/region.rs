//! A region's view: its teams' dashboard counts summed with core's
//! [`region_summary`] (every count of 1 to 4 hidden, and nothing hidden
//! that a row, column, team or month could give away). Only counts leave
//! a team: no record, device or conflict is ever read here, and a quote
//! only when the team's coordinator marked it for its regions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use drempel_core::ProblemKind;
use drempel_core::contact::{Channel, Household, Work};
use drempel_core::region::{
    MAX_MARKED_QUOTES, MAX_REGION_SIGNALS, MAX_REGION_TEAMS, Months, REGION_QUOTES_PAGE,
    RegionQuote, RegionQuotesPage, RegionSignalView, RegionSummary, TeamCounts, region_evidence,
    region_summary,
};
use drempel_core::signal::{DAY_OFFSET_MINUTES, SIGNALS_PAGE, Signal, SignalInfo};
use drempel_core::stats::{Filter, MAX_OFFSET_MINUTES, Period};
use drempel_core::wire::{AuditAction, check_range};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::audit::audit;
use crate::auth::{Coordinator, RegionCaller, new_device_id, now_ms};
use crate::council::current_catalog;
use crate::error::ApiError;
use crate::input::{Body, Params};
use crate::store::TeamId;
use crate::store::regions::{RegionId, RegionQuotesQuery, quote_hash};

/// Longest id a path may carry.
const MAX_ID: usize = 64;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RegionQuery {
    /// The first month, `YYYY-MM`.
    from_month: String,
    /// The last month, `YYYY-MM`, at most 24 months after the first.
    until_month: String,
    channel: Option<Channel>,
    household: Option<Household>,
    /// The resident's work situation.
    work: Option<Work>,
    /// The phone's offset from UTC in minutes (60 in Dutch winter), so the
    /// months start at local midnight; −840 to 840.
    offset: Option<i32>,
}

/// `GET /api/v1/region/dashboard`: the region's name, its teams and its
/// counts.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RegionView {
    pub region: String,
    pub teams: Vec<String>,
    pub summary: RegionSummary,
}

pub async fn dashboard(
    State(state): State<AppState>,
    caller: RegionCaller,
    Params(query): Params<RegionQuery>,
) -> Result<Json<RegionView>, ApiError> {
    Ok(Json(view(&state, &caller, &query).await?))
}

/// The dashboard's query, and how to write the file. (Not flattened:
/// flattened query structs lose their numbers' types.)
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RegionExportQuery {
    /// The first month, `YYYY-MM`.
    from_month: String,
    /// The last month, `YYYY-MM`, at most 24 months after the first.
    until_month: String,
    channel: Option<Channel>,
    household: Option<Household>,
    work: Option<Work>,
    /// Minutes east of UTC; −840 to 840.
    offset: Option<i32>,
    /// `semicolon` (what Dutch Excel expects; the default) or `comma`.
    #[serde(default)]
    sep: Option<String>,
    /// The language of the names beside the codes: `nl` (the default) or `en`.
    #[serde(default)]
    lang: drempel_core::Lang,
}

/// `GET /api/v1/region/export/region.csv`: the region's figures, one line
/// each, aggregates only (the same figures as the dashboard, hidden ones
/// as "minder dan 5").
pub async fn export(
    State(state): State<AppState>,
    caller: RegionCaller,
    Params(query): Params<RegionExportQuery>,
) -> Result<axum::response::Response, ApiError> {
    let separator = crate::export::separator(query.sep.as_deref())?;
    let asked = RegionQuery {
        from_month: query.from_month,
        until_month: query.until_month,
        channel: query.channel,
        household: query.household,
        work: query.work,
        offset: query.offset,
    };
    let view = view(&state, &caller, &asked).await?;
    let catalog = drempel_core::catalog::Catalog::default_catalog();
    let names = drempel_core::export::Names {
        catalog: &catalog,
        lang: query.lang,
    };
    let header = drempel_core::region::REGION_CSV_HEADER
        .iter()
        .map(|h| h.to_string())
        .collect();
    let rows =
        std::iter::once(header).chain(drempel_core::region::region_csv_rows(&view.summary, names));
    let body = crate::export::csv_chunk(separator, true, rows)?;
    Ok(crate::export::csv_response(
        axum::body::Body::from(body),
        "regio",
    ))
}

async fn view(
    state: &AppState,
    caller: &RegionCaller,
    query: &RegionQuery,
) -> Result<RegionView, ApiError> {
    let offset = query.offset.unwrap_or(0);
    check_range(
        "offset",
        i64::from(offset),
        -i64::from(MAX_OFFSET_MINUTES)..=i64::from(MAX_OFFSET_MINUTES),
    )?;
    let months = Months::parse(&query.from_month, &query.until_month)?;
    let store = state.store();
    let teams = store.region_teams(caller.region).await?;
    let counts = team_counts(state, &teams, &months, offset, |(from, until)| Filter {
        from: Some(from),
        until: Some(until),
        site: None,
        channel: query.channel,
        household: query.household,
        work: query.work,
    })
    .await?;
    let region = store.region_name(caller.region).await?.unwrap_or_default();
    Ok(RegionView {
        region,
        teams: teams.into_iter().map(|(_, name)| name).collect(),
        summary: region_summary(&counts),
    })
}

/// Each team's counts for `filter` over the months and over each edge
/// month on its own, with the team's typical amounts. Only counts are
/// read: never a record.
async fn team_counts(
    state: &AppState,
    teams: &[(TeamId, String)],
    months: &Months,
    offset: i32,
    filter: impl Fn((i64, i64)) -> Filter,
) -> Result<Vec<TeamCounts>, ApiError> {
    // Each team's tallies are counted on their own (each behind its own
    // lock, off the request threads), so the teams are asked together.
    let one = |team: TeamId, name: String| {
        let filter = &filter;
        async move {
            let store = state.store();
            let whole = store
                .summary(team, &filter(months.range(offset)), Period::Month, offset)
                .await?;
            let mut edges = Vec::new();
            for edge in months.edges(offset) {
                edges.push(
                    store
                        .summary(team, &filter(edge), Period::Month, offset)
                        .await?,
                );
            }
            let catalog = current_catalog(state, team).await?;
            let typical = catalog
                .schemes
                .iter()
                .filter_map(|s| {
                    catalog
                        .typical(&s.id)
                        .map(|t| (s.id.clone(), t.euros_per_year))
                })
                .collect();
            Ok::<_, ApiError>(TeamCounts {
                name,
                whole,
                edges,
                typical,
            })
        }
    };
    let counts = futures_util::future::try_join_all(
        teams.iter().map(|(team, name)| one(*team, name.clone())),
    )
    .await?;
    Ok(counts)
}

/// Marked quotes the region may read: those whose contact still holds
/// the very text that was marked.
async fn marked_quotes(
    state: &AppState,
    region: RegionId,
    page: &RegionQuotesQuery,
) -> Result<(Vec<RegionQuote>, usize), ApiError> {
    let rows = state.store().region_quotes(region, page).await?;
    let read = rows.len();
    let quotes = rows
        .into_iter()
        .filter(|q| quote_hash(&q.text) == q.marked_hash)
        .map(|q| RegionQuote {
            team: q.team,
            text: q.text,
        })
        .collect();
    Ok((quotes, read))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RegionQuotesParams {
    /// Where the page starts (the last page's `next_offset`); at most
    /// 20,000 (100 teams of 200 marked quotes).
    offset: Option<u32>,
}

/// `GET /api/v1/region/quotes`: quotes the region's teams marked for
/// their regions, newest mark first, 50 a page.
pub async fn quotes(
    State(state): State<AppState>,
    caller: RegionCaller,
    Params(query): Params<RegionQuotesParams>,
) -> Result<Json<RegionQuotesPage>, ApiError> {
    let offset = query.offset.unwrap_or(0);
    check_range(
        "offset",
        i64::from(offset),
        0..=i64::from(MAX_REGION_TEAMS * MAX_MARKED_QUOTES),
    )?;
    let page = RegionQuotesQuery {
        offset,
        limit: REGION_QUOTES_PAGE,
        ..RegionQuotesQuery::default()
    };
    let (quotes, read) = marked_quotes(&state, caller.region, &page).await?;
    Ok(Json(RegionQuotesPage {
        quotes,
        next_offset: (read == REGION_QUOTES_PAGE as usize).then_some(offset + REGION_QUOTES_PAGE),
    }))
}

/// `PUT /api/v1/team/quotes/{id}/region`: marks the contact's quote, as
/// it reads now, for the team's regions (written in the audit log).
pub async fn mark_quote(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if id.len() > MAX_ID {
        return Err(ApiError::NoSuch("quote"));
    }
    match state
        .store()
        .mark_region_quote(caller.team, &id, now_ms(), MAX_MARKED_QUOTES)
        .await?
    {
        None => Err(ApiError::NoSuch("quote")),
        Some(false) => Err(ApiError::invalid(
            "quotes",
            ProblemKind::Count {
                min: 0,
                max: MAX_MARKED_QUOTES,
            },
        )),
        Some(true) => {
            audit(
                &state,
                caller.team,
                &caller.device,
                AuditAction::ShareQuoteRegion,
                &id,
                None,
            )
            .await;
            Ok(StatusCode::NO_CONTENT)
        }
    }
}

/// `DELETE /api/v1/team/quotes/{id}/region`: the region no longer sees
/// the quote.
pub async fn unmark_quote(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if id.len() > MAX_ID || !state.store().unmark_region_quote(caller.team, &id).await? {
        return Err(ApiError::NoSuch("quote"));
    }
    audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::UnshareQuoteRegion,
        &id,
        None,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RegionSignalsQuery {
    /// The id of the last signal shown: the page after it.
    before: Option<String>,
}

/// `GET /api/v1/region/signals`: the region's signals, newest first, 50
/// a page.
pub async fn signals(
    State(state): State<AppState>,
    caller: RegionCaller,
    Params(query): Params<RegionSignalsQuery>,
) -> Result<Json<Vec<SignalInfo>>, ApiError> {
    if let Some(before) = &query.before {
        drempel_core::check_text("before", before, MAX_ID, false)?;
    }
    Ok(Json(
        state
            .store()
            .region_signals_page(caller.region, query.before.as_deref(), SIGNALS_PAGE)
            .await?,
    ))
}

/// `POST /api/v1/region/signals`: a new signal of the region (the team
/// signal's fields; no place, and its days read as whole months).
pub async fn create_signal(
    State(state): State<AppState>,
    caller: RegionCaller,
    Body(mut signal): Body<Signal>,
) -> Result<Json<SignalInfo>, ApiError> {
    signal.id = new_device_id()?;
    signal.validate_for_region()?;
    if !state
        .store()
        .add_region_signal(caller.region, &signal, now_ms(), MAX_REGION_SIGNALS)
        .await?
    {
        return Err(ApiError::invalid(
            "signals",
            ProblemKind::Count {
                min: 0,
                max: MAX_REGION_SIGNALS,
            },
        ));
    }
    Ok(Json(find_signal(&state, caller.region, &signal.id).await?))
}

/// `PUT /api/v1/region/signals/{id}`: the signal changed.
pub async fn update_signal(
    State(state): State<AppState>,
    caller: RegionCaller,
    Path(id): Path<String>,
    Body(mut signal): Body<Signal>,
) -> Result<Json<SignalInfo>, ApiError> {
    find_signal(&state, caller.region, &id).await?;
    signal.id = id;
    signal.validate_for_region()?;
    if !state
        .store()
        .update_region_signal(caller.region, &signal, now_ms())
        .await?
    {
        return Err(ApiError::NoSuch("signal"));
    }
    Ok(Json(find_signal(&state, caller.region, &signal.id).await?))
}

/// `GET /api/v1/region/signals/{id}`: the signal with its evidence,
/// counted over the region's teams now.
pub async fn signal(
    State(state): State<AppState>,
    caller: RegionCaller,
    Path(id): Path<String>,
) -> Result<Json<RegionSignalView>, ApiError> {
    let signal = find_signal(&state, caller.region, &id).await?.signal;
    let months = signal.validate_for_region()?;
    let store = state.store();
    let teams = store.region_teams(caller.region).await?;
    let offset = DAY_OFFSET_MINUTES;
    let counts = team_counts(&state, &teams, &months, offset, |(from, until)| Filter {
        from: Some(from),
        until: Some(until),
        ..Filter::default()
    })
    .await?;
    let (from, until) = months.range(offset);
    let (quotes, _) = marked_quotes(
        &state,
        caller.region,
        &RegionQuotesQuery {
            scheme: Some(signal.filter.scheme.clone()),
            barrier: signal.filter.barrier.clone(),
            from: Some(from),
            until: Some(until),
            offset: 0,
            limit: REGION_QUOTES_PAGE,
        },
    )
    .await?;
    let evidence = region_evidence(
        &counts,
        &months,
        &signal.filter.scheme,
        signal.filter.barrier.as_deref(),
        quotes,
    );
    let catalog = drempel_core::catalog::Catalog::default_catalog();
    Ok(Json(RegionSignalView {
        region: store.region_name(caller.region).await?.unwrap_or_default(),
        scheme: catalog
            .scheme(&signal.filter.scheme)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| drempel_core::catalog::Label::new(&signal.filter.scheme, "")),
        barrier: signal
            .filter
            .barrier
            .as_deref()
            .and_then(|b| catalog.barrier(b).map(|b| b.label.clone())),
        evidence,
        counted_at: now_ms(),
        signal,
    }))
}

async fn find_signal(state: &AppState, region: RegionId, id: &str) -> Result<SignalInfo, ApiError> {
    if id.len() > MAX_ID {
        return Err(ApiError::NoSuch("signal"));
    }
    state
        .store()
        .region_signal(region, id)
        .await?
        .ok_or(ApiError::NoSuch("signal"))
}

/// `POST /api/v1/region/logout`: ends the region coordinator's sign-in.
pub async fn logout(
    State(state): State<AppState>,
    caller: RegionCaller,
) -> Result<axum::http::StatusCode, ApiError> {
    state
        .store()
        .touch_region_session(&caller.token_hash, crate::auth::now_ms(), true)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A region the team belongs to, as its coordinator sees it.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TeamRegion {
    pub name: String,
    /// Teams in the region, this one included.
    pub teams: u32,
}

/// `GET /api/v1/team/regions`: the regions the caller's team is in. Each
/// sees the team's counts (never fewer than 5 of anything, never a
/// record, a device, a conflict or a quote).
pub async fn team_regions(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
) -> Result<Json<Vec<TeamRegion>>, ApiError> {
    let store = state.store();
    let mut regions = Vec::new();
    for (id, name) in store.team_regions(caller.team).await? {
        let teams = store.region_teams(id).await?.len();
        regions.push(TeamRegion {
            name,
            teams: u32::try_from(teams).unwrap_or(u32::MAX),
        });
    }
    Ok(Json(regions))
}
