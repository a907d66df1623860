//! The only module that does HTTP. Requests go to the same origin, never to
//! a cache (the service worker passes `/api/` straight through), and give up
//! after a timeout so a dead network never hangs the app.

use drempel_core::ProblemKind;
use drempel_core::wire::paths;
use drempel_core::wire::{ErrorBody, ErrorCode, Health};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCache, RequestInit, Response};

/// How long a health check may take before the server counts as unreachable.
const HEALTH_TIMEOUT_MS: i32 = 5_000;
/// Other requests: a push page on a slow connection needs longer.
const TIMEOUT_MS: i32 = 30_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("the server cannot be reached")]
    Unreachable,
    /// The server answered with an error body.
    #[error("{}", .0.message)]
    Api(ApiFailure),
    #[error("the server's answer cannot be read: {0}")]
    BadBody(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    pub status: u16,
    /// `None` when the answer carried no API error body (a proxy, a dead
    /// server): then only the status says something.
    pub code: Option<ErrorCode>,
    /// In English, for the log; the person sees words for `code` and
    /// `problem`.
    pub message: String,
    pub resend_from: Option<u64>,
    pub field: Option<String>,
    pub problem: Option<ProblemKind>,
}

impl NetError {
    /// The error code of an API answer, if any.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            NetError::Api(failure) => failure.code,
            _ => None,
        }
    }

    /// A short, stable word for why a request failed: the API's error code,
    /// `http_<status>` for an answer without one, `unreachable` or
    /// `bad_answer`. The sync engine keeps it as its failure reason.
    pub fn reason(&self) -> String {
        match self {
            NetError::Unreachable => "unreachable".into(),
            NetError::Api(failure) => failure.code.map_or_else(
                || format!("http_{}", failure.status),
                |code| code.as_str().to_string(),
            ),
            NetError::BadBody(_) => "bad_answer".into(),
        }
    }

    /// This device's session is over on the server: removed, expired, or
    /// unknown.
    pub fn session_ended(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::DeviceRevoked | ErrorCode::Unauthenticated | ErrorCode::SessionExpired)
        )
    }

    /// Whether trying again later can help: no answer, or a server error.
    pub fn retryable(&self) -> bool {
        match self {
            NetError::Unreachable => true,
            NetError::Api(failure) => failure.status >= 500 || failure.status == 429,
            NetError::BadBody(_) => true,
        }
    }
}

/// `GET /api/v1/health`.
pub async fn health() -> Result<Health, NetError> {
    let text = send("GET", paths::HEALTH, None, None, HEALTH_TIMEOUT_MS).await?;
    parse(&text)
}

pub async fn get<T: DeserializeOwned>(path: &str, token: Option<&str>) -> Result<T, NetError> {
    let text = send("GET", path, token, None, TIMEOUT_MS).await?;
    parse(&text)
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, NetError> {
    let body = serde_json::to_string(body).map_err(|err| NetError::BadBody(err.to_string()))?;
    let text = send("POST", path, token, Some(&body), TIMEOUT_MS).await?;
    parse(&text)
}

pub async fn put<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, NetError> {
    let body = serde_json::to_string(body).map_err(|err| NetError::BadBody(err.to_string()))?;
    let text = send("PUT", path, token, Some(&body), TIMEOUT_MS).await?;
    parse(&text)
}

/// A POST without a body whose answer has none either (204).
pub async fn post_empty(path: &str, token: Option<&str>) -> Result<(), NetError> {
    send("POST", path, token, None, TIMEOUT_MS).await.map(drop)
}

/// A bodiless `PUT` (`on`) or `DELETE` (not `on`) that answers nothing:
/// a mark set or taken away.
pub async fn mark(path: &str, token: Option<&str>, on: bool) -> Result<(), NetError> {
    let method = if on { "PUT" } else { "DELETE" };
    send(method, path, token, None, TIMEOUT_MS).await.map(drop)
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, NetError> {
    serde_json::from_str(text).map_err(|err| NetError::BadBody(err.to_string()))
}

/// Sends one request; the body text of a 2xx answer, or what went wrong.
async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    timeout_ms: i32,
) -> Result<String, NetError> {
    let response = fetch(method, path, token, body, timeout_ms).await?;
    let text = JsFuture::from(response.text().map_err(|_| NetError::Unreachable)?)
        .await
        .map_err(|_| NetError::Unreachable)?
        .as_string()
        .unwrap_or_default();
    Ok(text)
}

/// `GET` of a file (an export): its body as a blob. No timeout: a large
/// export may take a while, and the person sees it is busy.
pub async fn get_blob(path: &str, token: Option<&str>) -> Result<web_sys::Blob, NetError> {
    let response = fetch("GET", path, token, None, 0).await?;
    let blob = JsFuture::from(response.blob().map_err(|_| NetError::Unreachable)?)
        .await
        .map_err(|_| NetError::Unreachable)?;
    blob.dyn_into()
        .map_err(|_| NetError::BadBody("not a file".into()))
}

/// `GET` of a file, like [`get_blob`], reporting the bytes received so far
/// as they arrive, so a long export shows it is moving.
pub async fn get_blob_progress(
    path: &str,
    token: Option<&str>,
    on_progress: impl Fn(u64),
) -> Result<web_sys::Blob, NetError> {
    let response = fetch("GET", path, token, None, 0).await?;
    let Some(body) = response.body() else {
        return Err(NetError::BadBody("no body".into()));
    };
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| NetError::BadBody("unreadable body".into()))?;
    let chunks = js_sys::Array::new();
    let mut received = 0u64;
    loop {
        let step = JsFuture::from(reader.read())
            .await
            .map_err(|_| NetError::Unreachable)?;
        let done = js_sys::Reflect::get(&step, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        if let Ok(chunk) = js_sys::Reflect::get(&step, &"value".into()) {
            let bytes: js_sys::Uint8Array = chunk.unchecked_into();
            received += u64::from(bytes.length());
            chunks.push(&bytes);
            on_progress(received);
        }
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options)
        .map_err(|_| NetError::BadBody("not a file".into()))
}

/// Sends one request; a 2xx response, or what went wrong (the API's error
/// body read). `timeout_ms` 0: no timeout.
async fn fetch(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    timeout_ms: i32,
) -> Result<Response, NetError> {
    let window = web_sys::window().ok_or(NetError::Unreachable)?;
    let controller = AbortController::new().map_err(|_| NetError::Unreachable)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| NetError::Unreachable)?;
    let headers = request.headers();
    let set = |name: &str, value: &str| headers.set(name, value).map_err(|_| NetError::Unreachable);
    set("Accept", "application/json")?;
    if body.is_some() {
        set("Content-Type", "application/json")?;
    }
    if let Some(token) = token {
        set("Authorization", &format!("Bearer {token}"))?;
    }

    let abort = wasm_bindgen::closure::Closure::once(move || controller.abort());
    let timer = if timeout_ms > 0 {
        Some(
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    abort.as_ref().unchecked_ref(),
                    timeout_ms,
                )
                .map_err(|_| NetError::Unreachable)?,
        )
    } else {
        None
    };
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    drop(abort);
    let response: Response = result
        .map_err(|_| NetError::Unreachable)?
        .dyn_into()
        .map_err(|_| NetError::Unreachable)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    // A proxy or a dead server may answer without our body.
    let failure = match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiFailure {
            status,
            code: Some(body.error.code),
            message: body.error.message,
            resend_from: body.error.resend_from,
            field: body.error.field,
            problem: body.error.problem,
        },
        Err(_) => ApiFailure {
            status,
            code: None,
            message: format!("HTTP {status}"),
            resend_from: None,
            field: None,
            problem: None,
        },
    };
    Err(NetError::Api(failure))
}
