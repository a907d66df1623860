//! One error type for every handler. Client errors become a 4xx with the
//! documented JSON body; internal errors are logged inside the request span
//! and answered with a generic 500 that reveals nothing.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use drempel_core::wire::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API route")]
    NotFound,
    #[error("storage error: {0}")]
    Store(#[from] crate::store::StoreError),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = if status.is_server_error() {
            // The cause may hold details of the database; it goes to the log only.
            tracing::error!(error = %self, "request failed");
            "Something went wrong on the server. Your data on the phone is safe; try again later."
                .to_string()
        } else {
            self.to_string()
        };
        (status, Json(ErrorBody::new(code, message))).into_response()
    }
}
