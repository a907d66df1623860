//! The `/api` routes. Each version owns its router; anything unknown under
//! `/api` is a JSON 404, never the app's HTML.

use axum::extract::State;
use axum::routing::{any, get};
use axum::{Json, Router};
use drempel_core::wire::{Health, HealthStatus, PROTOCOL_VERSION};

use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    let not_found = any(|| async { ApiError::NotFound });
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api", not_found.clone())
        .route("/api/", not_found.clone())
        .route("/api/{*rest}", not_found)
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
