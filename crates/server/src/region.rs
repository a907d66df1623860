//! A region's view: its teams' dashboard counts summed with core's
//! [`region_summary`] (every count of 1 to 4 hidden, and nothing hidden
//! that a row, column, team or month could give away). Only counts leave
//! a team: no record, device, conflict or quote is ever read here.

use axum::Json;
use axum::extract::State;
use drempel_core::contact::{Channel, Household, Work};
use drempel_core::region::{Months, RegionSummary, TeamCounts, region_summary};
use drempel_core::stats::{Filter, MAX_OFFSET_MINUTES, Period};
use drempel_core::wire::check_range;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{Coordinator, RegionCaller};
use crate::error::ApiError;
use crate::input::Params;

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
    let filter = |(from, until): (i64, i64)| Filter {
        from: Some(from),
        until: Some(until),
        site: None,
        channel: query.channel,
        household: query.household,
        work: query.work,
    };
    let teams = store.region_teams(caller.region).await?;
    let mut counts = Vec::with_capacity(teams.len());
    for (team, name) in &teams {
        let whole = store
            .summary(*team, &filter(months.range(offset)), Period::Month, offset)
            .await?;
        let mut edges = Vec::new();
        for edge in months.edges(offset) {
            edges.push(
                store
                    .summary(*team, &filter(edge), Period::Month, offset)
                    .await?,
            );
        }
        counts.push(TeamCounts {
            name: name.clone(),
            whole,
            edges,
        });
    }
    let region = store.region_name(caller.region).await?.unwrap_or_default();
    Ok(RegionView {
        region,
        teams: teams.into_iter().map(|(_, name)| name).collect(),
        summary: region_summary(&counts),
    })
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
