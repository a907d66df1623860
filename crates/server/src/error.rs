//! One error type for every handler. Client errors become a 4xx with the
//! documented JSON body `{ "error": { "code", "message" } }`; internal
//! errors are logged inside the request span and answered with a generic
//! 500 that reveals nothing.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use drempel_core::ProblemKind;
use drempel_core::sync::{PushError, PushLimit};
use drempel_core::wire::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API route")]
    NotFound,
    #[error("this route does not take that method")]
    MethodNotAllowed,
    #[error("the request body is not valid JSON: {0}")]
    BadJson(String),
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    TooLarge,
    #[error("a push carries at most {max} changes; this one has {count}")]
    TooManyChanges { count: usize, max: usize },
    #[error("{field}: {}", note.clone().unwrap_or_else(|| problem.describe()))]
    Invalid {
        field: String,
        problem: ProblemKind,
        /// Words that say more than the kind (what serde expected, say).
        note: Option<String>,
    },
    #[error("sign in or join your team first")]
    Unauthenticated,
    #[error("this device was removed from the team; ask your coordinator for a new join link")]
    Revoked,
    #[error("this session ended after days unused; sign in again")]
    SessionExpired,
    #[error("login name or password is wrong")]
    BadLogin,
    #[error("only a coordinator may do this")]
    Forbidden,
    #[error("record {0} belongs to another device")]
    NotYours(String),
    #[error(
        "a record holds at most {} fields and {} bytes; this push would grow one past that",
        drempel_core::sync::MAX_RECORD_FIELDS,
        drempel_core::sync::MAX_RECORD_BYTES
    )]
    RecordTooLarge,
    #[error("no such {0} in your team")]
    NoSuch(&'static str),
    #[error("this join link does not exist; ask your coordinator for a new one")]
    LinkUnknown,
    #[error("this join link has expired; ask your coordinator for a new one")]
    LinkExpired,
    #[error("this join link was withdrawn; ask your coordinator for a new one")]
    LinkRevoked,
    #[error("this join link has been used as often as it may; ask your coordinator for a new one")]
    LinkUsedUp,
    #[error("too many attempts; wait a minute and try again")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("the server never received change {resend_from}; resend from there")]
    Gap { resend_from: u64 },
    #[error("the changes of a push must be in rising order")]
    OutOfOrder,
    #[error(
        "this app speaks protocol {protocol}, which the server no longer accepts: update the app"
    )]
    UpgradeNeeded { protocol: u32 },
    #[error(
        "the catalog changed meanwhile (now version {current}); reload it and make your change again"
    )]
    StaleCatalog { current: u32 },
    #[error(
        "this consultation is published: its questions and options stay as they are, so answers keep their meaning"
    )]
    QuestionsFixed,
    #[error("storage error: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use ApiError::*;
        match self {
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed),
            BadJson(_) => (StatusCode::BAD_REQUEST, ErrorCode::BadJson),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge),
            TooManyChanges { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooManyChanges),
            Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid),
            Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            Revoked => (StatusCode::UNAUTHORIZED, ErrorCode::DeviceRevoked),
            SessionExpired => (StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired),
            BadLogin => (StatusCode::UNAUTHORIZED, ErrorCode::BadLogin),
            Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            NotYours(_) => (StatusCode::FORBIDDEN, ErrorCode::NotYours),
            RecordTooLarge => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::RecordTooLarge),
            NoSuch(_) => (StatusCode::NOT_FOUND, ErrorCode::NoSuchItem),
            LinkUnknown => (StatusCode::NOT_FOUND, ErrorCode::JoinLinkUnknown),
            LinkExpired => (StatusCode::GONE, ErrorCode::JoinLinkExpired),
            LinkRevoked => (StatusCode::GONE, ErrorCode::JoinLinkRevoked),
            LinkUsedUp => (StatusCode::GONE, ErrorCode::JoinLinkUsedUp),
            TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests),
            Gap { .. } => (StatusCode::CONFLICT, ErrorCode::SequenceGap),
            OutOfOrder => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::OutOfOrder),
            UpgradeNeeded { .. } => (StatusCode::UPGRADE_REQUIRED, ErrorCode::UpgradeNeeded),
            StaleCatalog { .. } => (StatusCode::CONFLICT, ErrorCode::StaleCatalog),
            QuestionsFixed => (StatusCode::CONFLICT, ErrorCode::QuestionsFixed),
            Store(_) | Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }

    pub fn invalid(field: impl Into<String>, problem: ProblemKind) -> ApiError {
        ApiError::Invalid {
            field: field.into(),
            problem,
            note: None,
        }
    }
}

impl From<drempel_core::Invalid> for ApiError {
    fn from(invalid: drempel_core::Invalid) -> Self {
        ApiError::invalid(invalid.field, invalid.problem)
    }
}

impl From<PushError> for ApiError {
    fn from(refusal: PushError) -> Self {
        match refusal {
            PushError::Gap { resend_from } => ApiError::Gap { resend_from },
            PushError::OutOfOrder => ApiError::OutOfOrder,
            PushError::UpgradeNeeded { protocol } => ApiError::UpgradeNeeded { protocol },
            PushError::NotYours { record } => ApiError::NotYours(record),
            PushError::RecordTooLarge { .. } => ApiError::RecordTooLarge,
        }
    }
}

impl From<PushLimit> for ApiError {
    fn from(limit: PushLimit) -> Self {
        match limit {
            PushLimit::TooManyChanges { count } => ApiError::TooManyChanges {
                count,
                max: drempel_core::sync::MAX_PUSH_CHANGES,
            },
            PushLimit::Invalid(invalid) => invalid.into(),
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
        let mut body = ErrorBody::new(code, message);
        if let ApiError::Gap { resend_from } = self {
            body.error.resend_from = Some(resend_from);
        }
        if let ApiError::Invalid { field, problem, .. } = &self {
            body.error.field = Some(field.clone());
            body.error.problem = Some(*problem);
        }
        let mut response = (status, Json(body)).into_response();
        if let ApiError::TooManyRequests { retry_after_secs } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"drempel\""),
            );
        }
        response
    }
}
