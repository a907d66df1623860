//! The dashboard, made on the server from the counting projection
//! (`store/counting.rs`) with core's rules: one route for every figure and
//! filter, and the quote wall a page at a time, so a coordinator's phone
//! needs none of the team's records for it.

use axum::Json;
use axum::extract::State;
use drempel_core::ProblemKind;
use drempel_core::check_text;
use drempel_core::contact::{Channel, Household, Work};
use drempel_core::stats::{Filter, MAX_OFFSET_MINUTES, Period, Summary};
use drempel_core::wire::{QUOTES_PAGE, QuoteInfo, check_range};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Coordinator;
use crate::error::ApiError;
use crate::input::Params;
use crate::store::QuotesQuery;

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
    /// The resident's work situation.
    work: Option<Work>,
    /// `month` (the default) or `week`.
    period: Option<Period>,
    /// The phone's offset from UTC in minutes (60 in Dutch winter), so a
    /// contact just after midnight counts in the right day; −840 to 840.
    offset: Option<i32>,
}

impl DashboardQuery {
    /// The filter, once its values are checked; `offset` in minutes.
    fn checked(self) -> Result<(Filter, Period, i32), ApiError> {
        let offset = self.offset.unwrap_or(0);
        check_range(
            "offset",
            i64::from(offset),
            -i64::from(MAX_OFFSET_MINUTES)..=i64::from(MAX_OFFSET_MINUTES),
        )?;
        let filter = Filter {
            from: self.from,
            until: self.until,
            site: self.site,
            channel: self.channel,
            household: self.household,
            work: self.work,
        };
        filter.validate()?;
        Ok((filter, self.period.unwrap_or(Period::Month), offset))
    }
}

/// An optional text of at most `max` characters (core's rule for texts).
fn check_length(field: &'static str, value: Option<&str>, max: usize) -> Result<(), ApiError> {
    Ok(value.map_or(Ok(()), |text| check_text(field, text, max, false))?)
}

/// `GET /api/v1/team/dashboard`: the team's counts, as core's `Summary`.
pub async fn dashboard(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<DashboardQuery>,
) -> Result<Json<Summary>, ApiError> {
    let (filter, period, offset) = query.checked()?;
    Ok(Json(
        state
            .store()
            .summary(caller.team, &filter, period, offset)
            .await?,
    ))
}

/// Longest scheme or barrier id a quote filter takes.
const MAX_ID: usize = 64;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct QuotesParams {
    /// The dashboard's filter.
    from: Option<i64>,
    until: Option<i64>,
    site: Option<String>,
    channel: Option<Channel>,
    household: Option<Household>,
    work: Option<Work>,
    /// Only quotes of contacts where this scheme came up.
    scheme: Option<String>,
    /// Only where this barrier was named (for `scheme`, when given).
    barrier: Option<String>,
    /// The next page: the `created_at` and `id` of the last quote shown.
    before_at: Option<i64>,
    before_id: Option<String>,
    /// Quotes per page, 1 to 50 (the default).
    limit: Option<usize>,
}

/// `GET /api/v1/team/quotes`: a page of the quote wall, newest first.
pub async fn quotes(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<QuotesParams>,
) -> Result<Json<Vec<QuoteInfo>>, ApiError> {
    let limit = query.limit.unwrap_or(QUOTES_PAGE);
    check_range("limit", limit as i64, 1..=QUOTES_PAGE as i64)?;
    check_length("scheme", query.scheme.as_deref(), MAX_ID)?;
    check_length("barrier", query.barrier.as_deref(), MAX_ID)?;
    check_length("before_id", query.before_id.as_deref(), MAX_ID * 2)?;
    let before = match (query.before_at, query.before_id) {
        (Some(at), Some(id)) => Some((at, id)),
        (None, None) => None,
        _ => return Err(ApiError::invalid("before_id", ProblemKind::Required)),
    };
    let (filter, _, _) = DashboardQuery {
        from: query.from,
        until: query.until,
        site: query.site,
        channel: query.channel,
        household: query.household,
        work: query.work,
        period: None,
        offset: None,
    }
    .checked()?;
    let page = QuotesQuery {
        filter,
        scheme: query.scheme.filter(|s| !s.is_empty()),
        barrier: query.barrier.filter(|b| !b.is_empty()),
        before,
        limit,
    };
    Ok(Json(state.store().quotes(caller.team, &page).await?))
}
