//! CSV exports for coordinators, streamed: the store sends records from one
//! snapshot through a small channel, each becomes its rows, and the rows go
//! out as they are made. Memory stays bounded whatever the team's size.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use bytes::Bytes;
use drempel_core::catalog::Catalog;
use drempel_core::export::{CONTACT_HEADER, CsvWriter, contact_row, finding_header, finding_rows};
use drempel_core::replica::contact_from_fields;
use drempel_core::stats::iso_datetime;
use drempel_core::sync::ServerRecord;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::AppState;
use crate::api::Params;
use crate::auth::{Coordinator, now_ms};
use crate::error::ApiError;

/// Records in flight between the store and the response.
const CHANNEL: usize = 64;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    /// `semicolon` (what Dutch Excel expects; the default) or `comma`.
    #[serde(default)]
    sep: Option<String>,
}

impl ExportQuery {
    fn separator(&self) -> Result<u8, ApiError> {
        match self.sep.as_deref() {
            None | Some("semicolon") => Ok(b';'),
            Some("comma") => Ok(b','),
            Some(_) => Err(ApiError::invalid("sep", "semicolon or comma")),
        }
    }
}

#[derive(Clone, Copy)]
enum Table {
    Contacts,
    Findings,
}

pub async fn contacts(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    tracing::info!(by = %caller.device, "contacts exported");
    crate::api::audit(&state, caller.team, &caller.device, "export", "contacts").await;
    stream(state, caller.team, Table::Contacts, separator)
}

pub async fn findings(
    State(state): State<AppState>,
    Coordinator(caller): Coordinator,
    Params(query): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    let separator = query.separator()?;
    tracing::info!(by = %caller.device, "findings exported");
    crate::api::audit(&state, caller.team, &caller.device, "export", "findings").await;
    stream(state, caller.team, Table::Findings, separator)
}

fn stream(
    state: AppState,
    team: crate::store::TeamId,
    table: Table,
    separator: u8,
) -> Result<Response, ApiError> {
    // Every barrier the default catalog ever had is a column, retired ones
    // too, so old records keep their columns.
    let catalog = Catalog::default_catalog();
    let barriers: Vec<String> = catalog.barriers.iter().map(|b| b.id.clone()).collect();
    let header: Vec<String> = match table {
        Table::Contacts => CONTACT_HEADER.iter().map(|h| h.to_string()).collect(),
        Table::Findings => {
            let ids: Vec<&str> = barriers.iter().map(String::as_str).collect();
            finding_header(&ids)
        }
    };
    let first = csv_chunk(separator, true, [header])?;

    let (sink, records) = tokio::sync::mpsc::channel(CHANNEL);
    let store = state.store_arc();
    tokio::spawn(async move {
        if let Err(err) = store.export(team, sink).await {
            // The download ends short; the person sees it fail and retries.
            tracing::error!(error = %err, "export failed");
        }
    });
    let rows = tokio_stream::wrappers::ReceiverStream::new(records).map(
        move |(id, record): (String, ServerRecord)| {
            let Some(contact) = contact_from_fields(&id, &record.into_values()) else {
                return Ok(Bytes::new());
            };
            let rows: Vec<Vec<String>> = match table {
                Table::Contacts => vec![contact_row(&contact)],
                Table::Findings => {
                    let ids: Vec<&str> = barriers.iter().map(String::as_str).collect();
                    finding_rows(&contact, &ids)
                }
            };
            csv_chunk(separator, false, rows).map_err(std::io::Error::other)
        },
    );
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(first) }).chain(rows);
    let name = match table {
        Table::Contacts => "gesprekken",
        Table::Findings => "regelingen",
    };
    let date = &iso_datetime(now_ms())[..10];
    let mut response = Response::new(Body::from_stream(body));
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
    Ok(response)
}

fn csv_chunk(
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
