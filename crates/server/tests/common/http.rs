//! The API in process, over HTTP requests: a client that speaks the
//! wire types and reads every answer as JSON.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use drempel_core::consultation::{ConsultationInfo, Response};
use drempel_core::sync::{Change, PushRequest};
use drempel_core::wire::{
    CreatedJoinLink, ErrorBody, PROTOCOL_VERSION, RecordsPage, ResponsesAnswer, Role, Session,
};
use drempel_server::auth::{Limits, hash_password, now_ms};
use drempel_server::store::{Store, TeamId};
use drempel_server::{AppState, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::Fixture;

pub const PASSWORD: &str = "lang-genoeg-wachtwoord";
pub const ORIGIN: &str = "http://127.0.0.1:8080";

pub struct Api {
    pub state: AppState,
    pub fixture: Fixture,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    #[track_caller]
    pub fn expect(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.code(), code, "{}", self.body);
        // Every error answer has the documented shape.
        if !status.is_success() {
            serde_json::from_value::<ErrorBody>(self.body.clone()).expect("error body shape");
        }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        assert!(self.status.is_success(), "{} {}", self.status, self.body);
        serde_json::from_value(self.body.clone()).unwrap()
    }
}

impl Api {
    pub fn new(fixture: Fixture, limits: Limits) -> Api {
        let state = AppState::with_limits(
            fixture.store.clone(),
            std::env::temp_dir().join("drempel-no-dist"),
            limits,
        );
        Api { state, fixture }
    }

    pub fn store(&self) -> &dyn Store {
        self.fixture.store.as_ref()
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = app(self.state.clone())
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let csv = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/csv"));
        let body = if bytes.is_empty() {
            Value::Null
        } else if csv {
            Value::String(String::from_utf8(bytes.to_vec()).unwrap())
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("not JSON: {}", String::from_utf8_lossy(&bytes));
            })
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    /// A request without a body; the answer as it comes, body unread.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> axum::response::Response {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        app(self.state.clone())
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Answer {
        let (content_type, bytes) = if body.is_null() {
            (None, Vec::new())
        } else {
            (Some("application/json"), serde_json::to_vec(&body).unwrap())
        };
        self.raw(method, path, token, content_type, bytes).await
    }

    pub async fn coordinator(&self, team: TeamId, login: &str) -> Session {
        let hash = hash_password(PASSWORD.into()).await.unwrap();
        self.store()
            .create_coordinator(team, login, &hash, now_ms())
            .await
            .unwrap();
        self.login(login, PASSWORD).await.json()
    }

    /// A region holding `teams`, and its coordinator signed in.
    pub async fn region_coordinator(&self, name: &str, teams: &[TeamId], login: &str) -> Session {
        let store = self.store();
        let region = store
            .create_region(name, "test", now_ms())
            .await
            .unwrap()
            .unwrap();
        for team in teams {
            assert!(
                store
                    .add_region_team(region, *team, "test", now_ms())
                    .await
                    .unwrap()
            );
        }
        let hash = hash_password(PASSWORD.into()).await.unwrap();
        assert!(
            store
                .create_region_coordinator(region, login, &hash, now_ms())
                .await
                .unwrap()
        );
        self.login(login, PASSWORD).await.json()
    }

    pub async fn login(&self, login: &str, password: &str) -> Answer {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            json!({ "login": login, "password": password }),
        )
        .await
    }

    pub async fn join_link(&self, coordinator: &Session, role: Role) -> CreatedJoinLink {
        self.call(
            Method::POST,
            "/api/v1/team/join-links",
            Some(&coordinator.token),
            json!({ "role": role, "valid_hours": 24, "origin": ORIGIN }),
        )
        .await
        .json()
    }

    pub async fn enrol(&self, url: &str) -> Answer {
        let code = url.rsplit_once("#join=").expect("a join URL").1;
        self.call(
            Method::POST,
            "/api/v1/enrol",
            None,
            json!({ "code": code, "label": "telefoon Ans" }),
        )
        .await
    }

    pub async fn volunteer(&self, coordinator: &Session) -> Session {
        let link = self.join_link(coordinator, Role::Volunteer).await;
        self.enrol(&link.url).await.json()
    }

    pub async fn push(&self, token: &str, changes: Vec<Change>) -> Answer {
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            changes,
        };
        self.call(
            Method::POST,
            "/api/v1/sync/push",
            Some(token),
            serde_json::to_value(request).unwrap(),
        )
        .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token, Value::Null).await
    }

    /// Creates `consultation` as `coordinator`, publishes it and returns its id.
    pub async fn publish(
        &self,
        coordinator: &Session,
        consultation: drempel_core::consultation::Consultation,
    ) -> String {
        let token = Some(coordinator.token.as_str());
        let created: ConsultationInfo = self
            .call(
                Method::POST,
                "/api/v1/team/consultations",
                token,
                serde_json::to_value(consultation).unwrap(),
            )
            .await
            .json();
        let id = created.consultation.id;
        let path = format!("/api/v1/team/consultations/{id}/publish");
        self.call(Method::POST, &path, token, Value::Null)
            .await
            .json::<ConsultationInfo>();
        id
    }

    pub async fn send_responses(&self, token: &str, responses: &[Response]) -> ResponsesAnswer {
        self.call(
            Method::POST,
            "/api/v1/sync/responses",
            Some(token),
            json!({ "protocol": PROTOCOL_VERSION, "responses": responses }),
        )
        .await
        .json()
    }

    /// The team's audit log, newest first.
    pub async fn audit_log(&self, token: &str) -> Vec<drempel_core::wire::AuditEntry> {
        self.call(Method::GET, "/api/v1/team/audit", Some(token), Value::Null)
            .await
            .json()
    }

    /// One page of `GET /api/v1/sync/records`.
    pub async fn records(&self, token: &str, before: Option<&str>) -> RecordsPage {
        let path = drempel_core::wire::paths::records(before);
        self.call(Method::GET, &path, Some(token), Value::Null)
            .await
            .json()
    }

    pub async fn pull(&self, token: &str) -> Answer {
        let path = format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor=0&limit=100");
        self.call(Method::GET, &path, Some(token), Value::Null)
            .await
    }
}

pub fn change(seq: u64, record: &str, notes: &str) -> Change {
    Change {
        seq,
        record: record.into(),
        base: 0,
        fields: [("notes".to_string(), json!(notes))].into(),
        delete: false,
    }
}
