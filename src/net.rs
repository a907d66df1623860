//! The only module that does HTTP. Requests go to the same origin, never to
//! a cache (the service worker passes `/api/` straight through), and give up
//! after a timeout so a dead network never hangs the app.

use drempel_core::wire::Health;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCache, RequestInit, Response};

/// How long a health check may take before the server counts as unreachable.
const HEALTH_TIMEOUT_MS: i32 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("the server cannot be reached")]
    Unreachable,
    #[error("the server answered {status}")]
    Status { status: u16 },
    #[error("the server's answer cannot be read: {0}")]
    BadBody(String),
}

/// `GET /api/v1/health`.
pub async fn health() -> Result<Health, NetError> {
    let response = get("/api/v1/health", HEALTH_TIMEOUT_MS).await?;
    if !response.ok() {
        return Err(NetError::Status {
            status: response.status(),
        });
    }
    let text = JsFuture::from(response.text().map_err(|_| NetError::Unreachable)?)
        .await
        .map_err(|_| NetError::Unreachable)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|err| NetError::BadBody(err.to_string()))
}

async fn get(path: &str, timeout_ms: i32) -> Result<Response, NetError> {
    let window = web_sys::window().ok_or(NetError::Unreachable)?;
    let controller = AbortController::new().map_err(|_| NetError::Unreachable)?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| NetError::Unreachable)?;
    request
        .headers()
        .set("Accept", "application/json")
        .map_err(|_| NetError::Unreachable)?;

    let abort = wasm_bindgen::closure::Closure::once(move || controller.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.as_ref().unchecked_ref(),
            timeout_ms,
        )
        .map_err(|_| NetError::Unreachable)?;
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    window.clear_timeout_with_handle(timer);
    drop(abort);
    let value: JsValue = result.map_err(|_| NetError::Unreachable)?;
    value
        .dyn_into::<Response>()
        .map_err(|_| NetError::Unreachable)
}
