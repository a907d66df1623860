//! The built PWA. Files come from the static folder, brotli or gzip copies
//! when the browser accepts them; a path without a file extension is a page
//! of the field app and gets `index.html`, so deep links work.

use std::convert::Infallible;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

pub fn router(static_dir: &Path) -> Router<AppState> {
    let index = static_dir.join("index.html");
    let app_page = tower::service_fn(move |request: Request<Body>| {
        let index = index.clone();
        async move { Ok::<Response, Infallible>(app_page(index, request).await) }
    });
    let files = ServeDir::new(static_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(app_page);
    Router::new().fallback_service(files)
}

async fn app_page(index: std::path::PathBuf, request: Request<Body>) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
    {
        Ok(response) => response.into_response(),
        Err(err) => match err {},
    }
}
