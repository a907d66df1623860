//! The dashboard's counts, made on the server from the counting projection
//! (`store/counting.rs`) with core's rules: one route for every figure and
//! filter, so a coordinator's phone never holds the team's records.

use axum::Json;
use axum::extract::State;
use drempel_core::ProblemKind;
use drempel_core::contact::{Channel, Household};
use drempel_core::stats::{Filter, Period, Summary};
use drempel_core::wire::check_range;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Coordinator;
use crate::error::ApiError;
use crate::input::Params;

/// Furthest a phone's clock may be from UTC, in minutes (UTC−14 to UTC+14).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DashboardQuery {
    /// Contacts made at or after this time (milliseconds since 1970, UTC).
    from: Option<i64>,
    /// Contacts made before this time.
    until: Option<i64>,
    /// One site, as the contacts name it.
    site: Option<String>,
    channel: Option<Channel>,
    household: Option<Household>,
    /// `month` (the default) or `week`.
    period: Option<Period>,
    /// The phone's offset from UTC in minutes (60 in Dutch winter), so a
    /// contact just after midnight counts in the right day; −840 to 840.
    offset: Option<i32>,
}

/// `GET /api/v1/team/dashboard`: the team's counts, as core's `Summary`.
pub async fn dashboard(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<DashboardQuery>,
) -> Result<Json<Summary>, ApiError> {
    let offset = query.offset.unwrap_or(0);
    check_range(
        "offset",
        i64::from(offset),
        -i64::from(MAX_OFFSET_MINUTES)..=i64::from(MAX_OFFSET_MINUTES),
    )?;
    if let Some(site) = &query.site
        && site.chars().count() > drempel_core::site::SITE_NAME_MAX_CHARS
    {
        return Err(ApiError::invalid(
            "site",
            ProblemKind::TooLong {
                max: drempel_core::site::SITE_NAME_MAX_CHARS as u32,
            },
        ));
    }
    let filter = Filter {
        from: query.from,
        until: query.until,
        site: query.site,
        channel: query.channel,
        household: query.household,
    };
    let period = query.period.unwrap_or(Period::Month);
    Ok(Json(
        state
            .store()
            .summary(caller.team, &filter, period, offset)
            .await?,
    ))
}
