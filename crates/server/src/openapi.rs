//! The OpenAPI 3.1 description of `/api/v1`, served at
//! `/api/v1/openapi.json`. It is built from the route table in `api.rs`
//! (path, method, who may call it, and the Rust types each handler takes
//! and answers) with the schemas `schemars` derives from those types, and
//! the error answers from [`ApiError`] itself: none of it is written by
//! hand, so it cannot drift from the code.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::route::{Access, RouteInfo};

/// One route as the description tells it.
pub struct Operation {
    pub route: RouteInfo,
    /// The query string's fields, as an object schema.
    pub query: Option<Schema>,
    /// The JSON request body.
    pub body: Option<Schema>,
    pub answer: Answer,
}

pub enum Answer {
    Json(Schema),
    /// `204 No Content`.
    Nothing,
    /// A CSV file, streamed.
    Csv,
}

macro_rules! query {
    (none, $generator:ident) => {
        None
    };
    (($t:ty), $generator:ident) => {
        Some($generator.root_schema_for::<$t>())
    };
}

macro_rules! schema {
    (none, $generator:ident) => {
        None
    };
    (($t:ty), $generator:ident) => {
        Some($generator.subschema_for::<$t>())
    };
}

macro_rules! answer {
    (nothing, $generator:ident) => {
        $crate::openapi::Answer::Nothing
    };
    (csv, $generator:ident) => {
        $crate::openapi::Answer::Csv
    };
    (($t:ty), $generator:ident) => {
        $crate::openapi::Answer::Json($generator.subschema_for::<$t>())
    };
}

pub(crate) use {answer, query, schema};

/// The whole description.
pub fn document(described: fn(&mut schemars::SchemaGenerator) -> Vec<Operation>) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let operations = described(&mut generator);
    let error = generator.subschema_for::<drempel_core::wire::ErrorBody>();
    let mut paths = Map::new();
    for operation in &operations {
        let item = paths
            .entry(operation.route.path.to_string())
            .or_insert_with(|| json!({}));
        item[operation.route.method] = describe(operation, &error);
    }
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Drempel API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The API of Drempel's server: sync for the app on volunteers' phones, \
                and management for coordinators. Every request of the app carries the protocol \
                version it speaks; every error is `{ \"error\": { \"code\", \"message\" } }`, \
                and a failed check (`invalid`) adds `field` and a typed `problem`.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "device": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token a device got when it joined its team or its coordinator signed in."
                }
            }
        }
    })
}

fn describe(operation: &Operation, error: &Schema) -> Value {
    let route = &operation.route;
    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    if let Some(query) = &operation.query {
        let required: Vec<&str> = query
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(fields) = query.get("properties").and_then(Value::as_object) {
            for (name, schema) in fields {
                let mut parameter = json!({
                    "name": name,
                    "in": "query",
                    "required": required.contains(&name.as_str()),
                    "schema": schema,
                });
                if let Some(text) = schema.get("description") {
                    parameter["description"] = text.clone();
                }
                parameters.push(parameter);
            }
        }
    }
    let mut responses = Map::new();
    match &operation.answer {
        Answer::Json(schema) => {
            responses.insert(
                "200".into(),
                json!({ "description": "Done.", "content": { "application/json": { "schema": schema } } }),
            );
        }
        Answer::Nothing => {
            responses.insert("204".into(), json!({ "description": "Done; no body." }));
        }
        Answer::Csv => {
            responses.insert(
                "200".into(),
                json!({
                    "description": "CSV, UTF-8 with a byte order mark, streamed.",
                    "content": { "text/csv": { "schema": { "type": "string" } } }
                }),
            );
        }
    }
    // Each error this route can give, grouped by status, with its codes.
    let mut by_status: std::collections::BTreeMap<u16, Vec<String>> = Default::default();
    for err in errors_of(operation) {
        let (status, code) = err.status_and_code();
        by_status
            .entry(status.as_u16())
            .or_default()
            .push(format!("`{}`: {err}", code.as_str()));
    }
    for (status, lines) in by_status {
        let mut lines = lines;
        lines.dedup();
        responses.insert(
            status.to_string(),
            json!({
                "description": lines.join("; "),
                "content": { "application/json": { "schema": error } }
            }),
        );
    }
    let mut described = json!({
        "operationId": format!("{}{}", route.method, route.path.replace(['/', '{', '}', '.', '-'], "_")),
        "tags": [tag(route.path)],
        "responses": responses,
        "security": match route.access {
            Access::Public => json!([]),
            Access::Device | Access::Coordinator | Access::Region => json!([{ "device": [] }]),
        },
    });
    let mut notes = Vec::new();
    if route.access == Access::Coordinator {
        notes.push("Coordinators only: a volunteer's token gets 403.".to_string());
    }
    if route.access == Access::Region {
        notes.push(
            "Region coordinators only: a team's token gets 403. Counts only, each of 1 to 4 \
             hidden (and what would give one away)."
                .to_string(),
        );
    }
    if let Some(limits) = limits_of(route.method, route.path) {
        notes.push(format!("Limits: {limits}."));
    }
    if operation.body.is_some() {
        notes.push(format!(
            "Bodies of at most {} bytes; no text may hold U+0000 (422 naming the field).",
            crate::limits::BODY_LIMIT
        ));
    }
    if !notes.is_empty() {
        described["description"] = json!(notes.join(" "));
    }
    if !parameters.is_empty() {
        described["parameters"] = json!(parameters);
    }
    if let Some(body) = &operation.body {
        described["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": body } }
        });
    }
    described
}

fn tag(path: &str) -> &str {
    path.trim_start_matches("/api/v1/")
        .split('/')
        .next()
        .unwrap_or("api")
}

/// What a route limits beyond the body size, in words, from the constants
/// the server enforces.
fn limits_of(method: &str, path: &str) -> Option<String> {
    use drempel_core::sync;
    let defaults = crate::limits::Limits::default();
    Some(match (method, path) {
        ("post", "/api/v1/sync/push") => format!(
            "at most {} changes a push, {} fields a change, field names of {} characters, \
             values of {} bytes as JSON, and per record {} fields and {} bytes \
             (`record_too_large`); {} pushes, pulls and content requests a minute per device \
             by default (`--sync-per-minute`), then 429 with Retry-After; at most {} pushes \
             are read at once over all devices, the others wait their turn",
            sync::MAX_PUSH_CHANGES,
            sync::MAX_FIELDS,
            sync::MAX_FIELD_NAME,
            sync::MAX_VALUE_BYTES,
            sync::MAX_RECORD_FIELDS,
            sync::MAX_RECORD_BYTES,
            defaults.sync_per_minute,
            crate::limits::PUSHES_AT_ONCE
        ),
        ("get", "/api/v1/sync/pull") | ("get", "/api/v1/sync/content") => format!(
            "pages of 1 to {} records; {} pushes, pulls and content requests a minute per \
             device by default, then 429 with Retry-After",
            crate::limits::MAX_PULL,
            defaults.sync_per_minute
        ),
        ("get", "/api/v1/sync/records") => format!(
            "pages of {} records, newest first; `before` a record id (1 to {} letters, digits or hyphens); \
             counts against the {} sync requests a minute per device",
            drempel_core::wire::RECORDS_PAGE,
            drempel_core::sync::MAX_RECORD_ID,
            defaults.sync_per_minute
        ),
        ("post", "/api/v1/sync/responses") => format!(
            "at most 200 responses a request; {} requests a minute per device; {} new responses \
             per device, consultation and hour of answering (`too_many_responses`); a response \
             must be given between the consultation's dates, after the device joined and not \
             after the server's clock plus {} minutes",
            defaults.responses_per_minute,
            defaults.responses_per_hour,
            drempel_core::consultation::CLOCK_SKEW_MS / 60_000
        ),
        ("get", "/api/v1/team/signals") => format!(
            "pages of {} signals, newest first; `before` the id of the last signal shown",
            drempel_core::signal::SIGNALS_PAGE
        ),
        ("post", "/api/v1/team/signals") | ("put", "/api/v1/team/signals/{id}") => format!(
            "at most {} signals a team; a title of 1 to {} characters; what goes wrong, what \
             is asked and the answer up to {} characters each; dates written YYYY-MM-DD; the \
             scheme and barrier must be in the team's catalog",
            drempel_core::signal::MAX_SIGNALS,
            drempel_core::signal::MAX_TITLE,
            drempel_core::signal::MAX_TEXT
        ),
        ("get", "/api/v1/team/signals/{id}") => format!(
            "the evidence is counted when asked; counts of 1 to 4 are sent as hidden; at most {} \
             quotes and the newest {} months",
            drempel_core::signal::MAX_QUOTES,
            drempel_core::signal::MAX_MONTHS
        ),
        ("get", "/api/v1/public/signals/{code}") => format!(
            "{} reads a minute per client address (shared with report links), then 429 with \
             Retry-After; counts of 1 to 4 are sent as hidden",
            defaults.public_per_minute
        ),
        ("get", "/api/v1/public/reports/{code}") => format!(
            "{} reads a minute per client address, then 429 with Retry-After",
            defaults.public_per_minute
        ),
        ("post", "/api/v1/auth/login") => format!(
            "{} wrong passwords a minute per login name and per client address (an address \
             over its limit may still try a name that has not failed); {} password checks at \
             once and {} waiting, beyond that 429",
            defaults.login_per_minute,
            crate::auth::HASHING_AT_ONCE,
            crate::auth::HASHING_QUEUE
        ),
        ("post", "/api/v1/enrol") => format!(
            "{} enrolments a minute per client address",
            defaults.enrol_per_minute
        ),
        ("get", "/api/v1/team/conflicts") => format!(
            "pages of 1 to {} entries, newest first; each entry holds one field's value",
            crate::limits::MAX_CONFLICTS
        ),
        ("get", "/api/v1/region/dashboard") | ("get", "/api/v1/region/export/region.csv") => {
            format!(
                "whole months, at most {}; every count of 1 to 4, and any figure that would give \
                 one away, is sent as hidden; at most {} teams a region",
                drempel_core::region::MAX_REGION_MONTHS,
                drempel_core::region::MAX_REGION_TEAMS
            )
        }
        ("get", "/api/v1/region/signals") => format!(
            "pages of {} signals, newest first; `before` the id of the last signal shown",
            drempel_core::signal::SIGNALS_PAGE
        ),
        ("post", "/api/v1/region/signals") | ("put", "/api/v1/region/signals/{id}") => format!(
            "at most {} signals a region; a title of 1 to {} characters; texts up to {} \
             characters each; no place; `from` and `until` needed, read as the whole months \
             that hold them, at most {} months; the scheme and barrier must be in the standard \
             catalog",
            drempel_core::region::MAX_REGION_SIGNALS,
            drempel_core::signal::MAX_TITLE,
            drempel_core::signal::MAX_TEXT,
            drempel_core::region::MAX_REGION_MONTHS
        ),
        ("get", "/api/v1/region/signals/{id}") => format!(
            "the evidence is counted over the region's teams when asked; counts of 1 to 4 (and \
             what would give one away) are sent as hidden; at most {} quotes, only those a team \
             shared",
            drempel_core::signal::MAX_QUOTES
        ),
        ("get", "/api/v1/region/quotes") => format!(
            "pages of {} quotes, newest share first; `offset` 0 to {}",
            drempel_core::region::REGION_QUOTES_PAGE,
            drempel_core::region::MAX_REGION_TEAMS * drempel_core::region::MAX_MARKED_QUOTES
        ),
        ("put", "/api/v1/team/quotes/{id}/region") => format!(
            "at most {} quotes a team shared with its regions at once",
            drempel_core::region::MAX_MARKED_QUOTES
        ),
        ("post", "/api/v1/team/join-links") => format!(
            "valid 1 to 720 hours; at most {} uses when `max_uses` is given",
            drempel_core::wire::MAX_LINK_USES
        ),
        _ => return None,
    })
}

/// The errors a route can answer with, as the handlers and extractors
/// produce them.
fn errors_of(operation: &Operation) -> Vec<ApiError> {
    let route = &operation.route;
    let mut errors = vec![ApiError::Internal("…".into())];
    if operation.body.is_some() {
        errors.extend([
            ApiError::BadJson("…".into()),
            ApiError::UnsupportedMediaType,
            ApiError::TooLarge,
            ApiError::Invalid {
                field: "body".into(),
                problem: drempel_core::ProblemKind::Malformed,
                note: Some("a field is missing or wrong; `field` and `problem` say which".into()),
            },
        ]);
    }
    if operation.query.is_some() {
        errors.push(ApiError::Invalid {
            field: "query".into(),
            problem: drempel_core::ProblemKind::Malformed,
            note: Some("a parameter is missing or wrong; `field` and `problem` say which".into()),
        });
    }
    if route.access != Access::Public {
        errors.extend([
            ApiError::Unauthenticated,
            ApiError::Revoked,
            ApiError::SessionExpired,
        ]);
    }
    if route.access != Access::Public {
        // Coordinator routes for a volunteer, team routes for a region's
        // sign-in, region routes for a team's.
        errors.push(ApiError::Forbidden);
    }
    if route.path.contains('{') || route.path.contains("responses.csv") {
        errors.push(ApiError::NoSuch("item"));
    }
    if route.path.contains("/sync/") || route.path.starts_with("/api/v1/public/") {
        errors.push(ApiError::TooManyRequests {
            retry_after_secs: 1,
        });
    }
    if route.path.contains("/sync/") {
        errors.push(ApiError::UpgradeNeeded { protocol: 0 });
    }
    let (method, path) = (route.method, route.path);
    match (method, path) {
        ("post", "/api/v1/auth/login") => errors.extend([
            ApiError::BadLogin,
            ApiError::TooManyRequests {
                retry_after_secs: 60,
            },
        ]),
        ("post", "/api/v1/enrol") => errors.extend([
            ApiError::LinkUnknown,
            ApiError::LinkExpired,
            ApiError::LinkRevoked,
            ApiError::LinkUsedUp,
            ApiError::TooManyRequests {
                retry_after_secs: 60,
            },
        ]),
        ("post", "/api/v1/sync/push") => errors.extend([
            ApiError::Gap { resend_from: 1 },
            ApiError::OutOfOrder,
            ApiError::NotYours("…".into()),
            ApiError::RecordTooLarge,
            ApiError::TooManyChanges {
                count: drempel_core::sync::MAX_PUSH_CHANGES + 1,
                max: drempel_core::sync::MAX_PUSH_CHANGES,
            },
        ]),
        ("put", "/api/v1/team/catalog") => errors.push(ApiError::StaleCatalog { current: 2 }),
        ("put", "/api/v1/team/consultations/{id}") => errors.push(ApiError::QuestionsFixed),
        _ => {}
    }
    errors
}
