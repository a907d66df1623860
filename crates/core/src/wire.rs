//! The `/api/v1` wire format. App and server both use these types, so the
//! two sides cannot drift apart.

use serde::{Deserialize, Serialize};

/// The sync protocol version every request carries. The server accepts this
/// one and the one before it, and answers "upgrade needed" otherwise.
pub const PROTOCOL_VERSION: u32 = 1;

/// The path prefix of every API route; the service worker never caches it.
pub const API_PREFIX: &str = "/api/";

/// `GET /api/v1/health`: the server is up and its database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    /// The server's release, e.g. "0.1.0".
    pub version: String,
    /// The newest protocol version the server speaks.
    pub protocol: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Degraded,
}

/// Every 4xx and 5xx answer from the API has this body:
/// `{ "error": { "code": "...", "message": "..." } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `not_found` or `bad_json`.
    pub code: String,
    /// A sentence for people; never contains personal data.
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let json = serde_json::to_value(ErrorBody::new("not_found", "No such route")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "error": { "code": "not_found", "message": "No such route" } })
        );
    }

    #[test]
    fn health_round_trips() {
        let health = Health {
            status: HealthStatus::Ok,
            version: "0.1.0".into(),
            protocol: PROTOCOL_VERSION,
        };
        let text = serde_json::to_string(&health).unwrap();
        assert!(text.contains("\"status\":\"ok\""), "{text}");
        assert_eq!(serde_json::from_str::<Health>(&text).unwrap(), health);
    }
}
