//! CSV exports for coordinators, streamed: the store sends records from one
//! snapshot through a small channel, each becomes its rows, and the rows go
//! out as they are made. Memory stays bounded whatever the team's size: the
//! aggregated tables fold the same stream into a summary, and consultation
//! responses stream the same way.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use bytes::Bytes;
use drempel_core::Lang;
use drempel_core::consultation::Response as PollResponse;
use drempel_core::export::{
    BARRIER_TABLE_HEADER, CONTACT_HEADER, CsvWriter, Names, SCHEME_TABLE_HEADER, barrier_table,
    contact_row, finding_header, finding_rows, response_header, response_row, scheme_table,
};
use drempel_core::replica::contact_from_fields;
use drempel_core::stats::iso_datetime;
use drempel_core::stats::{Counter, Filter, Period};
use drempel_core::sync::ServerRecord;
use drempel_core::wire::AuditAction;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Coordinator, now_ms};
use crate::error::ApiError;
use crate::input::Params;

/// Records in flight between the store and the response.
const CHANNEL: usize = 64;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ExportQuery {
    /// `semicolon` (what Dutch Excel expects; the default) or `comma`.
    #[serde(default)]
    sep: Option<String>,
    /// The language of the name columns beside the codes: `nl` (the
    /// default) or `en`.
    #[serde(default)]
    lang: Lang,
}

impl ExportQuery {
    fn separator(&self) -> Result<u8, ApiError> {
        separator(self.sep.as_deref())
    }
}

/// `sep` as the byte between fields: `;` unless `comma` is asked.
pub(crate) fn separator(sep: Option<&str>) -> Result<u8, ApiError> {
    match sep {
        None | Some("semicolon") => Ok(b';'),
        Some("comma") => Ok(b','),
        Some(_) => Err(ApiError::invalid(
            "sep",
            drempel_core::ProblemKind::Mismatch,
        )),
    }
}

#[derive(Clone, Copy)]
enum Table {
    Contacts,
    Findings,
}

#[derive(Clone, Copy)]
enum Aggregate {
    Schemes,
    Barriers,
}

pub async fn contacts(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    tracing::info!(by = %caller.device, "contacts exported");
    crate::audit::audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::Export,
        "contacts",
        None,
    )
    .await;
    stream(state, caller.team, Table::Contacts, separator, query.lang).await
}

pub async fn findings(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    tracing::info!(by = %caller.device, "findings exported");
    crate::audit::audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::Export,
        "findings",
        None,
    )
    .await;
    stream(state, caller.team, Table::Findings, separator, query.lang).await
}

pub async fn schemes(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    crate::audit::audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::Export,
        "schemes",
        None,
    )
    .await;
    aggregate(
        state,
        caller.team,
        Aggregate::Schemes,
        separator,
        query.lang,
    )
    .await
}

pub async fn barriers(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    crate::audit::audit(
        &state,
        caller.team,
        &caller.device,
        AuditAction::Export,
        "barriers",
        None,
    )
    .await;
    aggregate(
        state,
        caller.team,
        Aggregate::Barriers,
        separator,
        query.lang,
    )
    .await
}

/// Records from the store's snapshot, `CHANNEL` at a time.
fn records(
    state: &AppState,
    team: crate::store::TeamId,
) -> tokio_stream::wrappers::ReceiverStream<(String, ServerRecord)> {
    let (sink, records) = tokio::sync::mpsc::channel(CHANNEL);
    let store = state.store_arc();
    tokio::spawn(async move {
        if let Err(err) = store.export(team, sink).await {
            // The download ends short; the person sees it fail and retries.
            tracing::error!(error = %err, "export failed");
        }
    });
    tokio_stream::wrappers::ReceiverStream::new(records)
}

/// The per-scheme or scheme × barrier table of every record, counted as the
/// records stream past: only the summary is held.
async fn aggregate(
    state: AppState,
    team: crate::store::TeamId,
    table: Aggregate,
    separator: u8,
    lang: Lang,
) -> Result<Response, ApiError> {
    let catalog = crate::council::current_catalog(&state, team).await?;
    let names = Names {
        catalog: &catalog,
        lang,
    };
    let mut counter = Counter::new(Filter::default(), Period::Month, 0);
    let mut records = records(&state, team);
    while let Some((id, record)) = records.next().await {
        if let Some(contact) = contact_from_fields(&id, &record.into_values()) {
            counter.add(&contact);
        }
    }
    let summary = counter.finish();
    let (header, rows, name) = match table {
        Aggregate::Schemes => (
            &SCHEME_TABLE_HEADER[..],
            scheme_table(&summary, names),
            "regelingen-totaal",
        ),
        Aggregate::Barriers => (
            &BARRIER_TABLE_HEADER[..],
            barrier_table(&summary, names),
            "drempels-totaal",
        ),
    };
    let header = header.iter().map(|h| h.to_string()).collect();
    let body = csv_chunk(separator, true, std::iter::once(header).chain(rows))?;
    Ok(csv_response(Body::from(body), name))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ResponsesQuery {
    /// The consultation's id.
    consultation: String,
    /// `semicolon` (the default) or `comma`.
    #[serde(default)]
    sep: Option<String>,
    /// The language of the question and option texts: `nl` (the default)
    /// or `en`.
    #[serde(default)]
    lang: Lang,
}

/// One row per response to a consultation, streamed.
pub async fn responses(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ResponsesQuery>,
) -> Result<Response, ApiError> {
    let separator = separator(query.sep.as_deref())?;
    let lang = query.lang;
    let Some(row) = state
        .store()
        .consultation(caller.team, &query.consultation)
        .await?
    else {
        return Err(ApiError::NoSuch("consultation"));
    };
    let consultation = row.consultation;
    let action = AuditAction::Export;
    crate::audit::audit_consultation(&state, caller.team, &caller.device, action, &consultation)
        .await;
    let first = csv_chunk(separator, true, [response_header(&consultation, lang)])?;
    let (sink, responses) = tokio::sync::mpsc::channel(CHANNEL);
    let store = state.store_arc();
    let (team, id) = (caller.team, consultation.id.clone());
    tokio::spawn(async move {
        if let Err(err) = store.export_responses(team, &id, sink).await {
            tracing::error!(error = %err, "response export failed");
        }
    });
    let rows = tokio_stream::wrappers::ReceiverStream::new(responses).map(
        move |response: PollResponse| {
            csv_chunk(
                separator,
                false,
                [response_row(&consultation, &response, lang)],
            )
            .map_err(std::io::Error::other)
        },
    );
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(first) }).chain(rows);
    Ok(csv_response(Body::from_stream(body), "antwoorden"))
}

async fn stream(
    state: AppState,
    team: crate::store::TeamId,
    table: Table,
    separator: u8,
    lang: Lang,
) -> Result<Response, ApiError> {
    // Every barrier the team's catalog ever had is a column, retired ones
    // too (items are retired, never removed), so old records keep theirs.
    let catalog = crate::council::current_catalog(&state, team).await?;
    let barriers: Vec<String> = catalog.barriers.iter().map(|b| b.id.clone()).collect();
    let header: Vec<String> = match table {
        Table::Contacts => CONTACT_HEADER.iter().map(|h| h.to_string()).collect(),
        Table::Findings => {
            let ids: Vec<&str> = barriers.iter().map(String::as_str).collect();
            finding_header(&ids)
        }
    };
    let first = csv_chunk(separator, true, [header])?;

    let rows = records(&state, team).map(move |(id, record): (String, ServerRecord)| {
        let Some(contact) = contact_from_fields(&id, &record.into_values()) else {
            return Ok(Bytes::new());
        };
        let names = Names {
            catalog: &catalog,
            lang,
        };
        let rows: Vec<Vec<String>> = match table {
            Table::Contacts => vec![contact_row(&contact, names)],
            Table::Findings => {
                let ids: Vec<&str> = barriers.iter().map(String::as_str).collect();
                finding_rows(&contact, &ids, names)
            }
        };
        csv_chunk(separator, false, rows).map_err(std::io::Error::other)
    });
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(first) }).chain(rows);
    let name = match table {
        Table::Contacts => "gesprekken",
        Table::Findings => "regelingen",
    };
    Ok(csv_response(Body::from_stream(body), name))
}

pub(crate) fn csv_response(body: Body, name: &str) -> Response {
    let date = &iso_datetime(now_ms())[..10];
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"drempel-{name}-{date}.csv\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub(crate) fn csv_chunk(
    separator: u8,
    bom: bool,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Bytes, ApiError> {
    let fail = |err: std::io::Error| ApiError::Internal(format!("csv: {err}"));
    let mut csv = CsvWriter::new(Vec::new(), separator, bom).map_err(fail)?;
    for row in rows {
        csv.row(&row).map_err(fail)?;
    }
    Ok(Bytes::from(csv.finish().map_err(fail)?))
}
