//! The built PWA, from a folder or from inside the binary. Brotli or gzip
//! copies are sent when the browser accepts them; a path without a file
//! extension is a page of the field app and gets `index.html`, so deep
//! links work. Caching headers are set for both sources alike, by
//! [`crate::headers`].

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// Where the app's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppFiles {
    /// A folder written by `cargo xtask build` (`--static-dir`).
    Dir(PathBuf),
    /// The `dist/` this binary was built with (feature `embed-app`).
    Embedded,
}

impl From<PathBuf> for AppFiles {
    fn from(dir: PathBuf) -> Self {
        AppFiles::Dir(dir)
    }
}

impl From<&Path> for AppFiles {
    fn from(dir: &Path) -> Self {
        AppFiles::Dir(dir.to_path_buf())
    }
}

impl AppFiles {
    /// `--static-dir` when given; otherwise the app inside the binary, or
    /// `dist` beside it when the binary was built without one.
    pub fn choose(static_dir: Option<PathBuf>) -> AppFiles {
        match static_dir {
            Some(dir) => AppFiles::Dir(dir),
            None if embedded::HAS_APP => AppFiles::Embedded,
            None => AppFiles::Dir(PathBuf::from("dist")),
        }
    }

    /// Whether the app's start page is there to serve.
    pub fn has_app(&self) -> bool {
        match self {
            AppFiles::Dir(dir) => dir.join("index.html").is_file(),
            AppFiles::Embedded => embedded::HAS_APP,
        }
    }

    /// For the log: where the files come from.
    pub fn describe(&self) -> String {
        match self {
            AppFiles::Dir(dir) => dir.display().to_string(),
            AppFiles::Embedded => "inside the binary".to_string(),
        }
    }
}

pub fn router(files: &AppFiles) -> Router<AppState> {
    match files {
        AppFiles::Dir(dir) => dir_router(dir),
        AppFiles::Embedded => Router::new().fallback(embedded::serve),
    }
}

fn dir_router(static_dir: &Path) -> Router<AppState> {
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

/// A path whose last part has no `.` is a page of the app.
fn is_app_page(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or_default().contains('.')
}

async fn app_page(index: PathBuf, request: Request<Body>) -> Response {
    if !is_app_page(request.uri().path()) {
        return not_found();
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

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// Which stored copy to send, by the request's `Accept-Encoding`: brotli,
/// then gzip, then the file itself. A coding the client refuses (`q=0`)
/// is never chosen.
pub fn pick_encoding(accept: &str, has_br: bool, has_gzip: bool) -> Option<&'static str> {
    let accepts = |coding: &str| {
        accept.split(',').any(|part| {
            let mut pieces = part.split(';');
            let name = pieces.next().unwrap_or_default().trim();
            let refused = pieces.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
        })
    };
    if has_br && accepts("br") {
        Some("br")
    } else if has_gzip && accepts("gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// One file as stored inside the binary.
pub struct Stored {
    pub data: std::borrow::Cow<'static, [u8]>,
    pub sha256: [u8; 32],
    pub mime: String,
}

/// Answers a request from stored files (`get` finds one by its path in
/// `dist/`): the copy the browser accepts, the start page for an app path,
/// 404 for a missing file, 304 when the browser holds these bytes.
pub fn serve_stored(
    get: impl Fn(&str) -> Option<Stored>,
    method: &axum::http::Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
) -> Response {
    use axum::http::header::{
        ACCEPT_ENCODING, ALLOW, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    };
    use axum::http::{HeaderValue, Method};

    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let path = uri.path().trim_start_matches('/');
    let asked = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let (name, file) = match get(&asked) {
        Some(file) => (asked, file),
        None if is_app_page(uri.path()) => match get("index.html") {
            Some(file) => ("index.html".to_string(), file),
            None => return not_found(),
        },
        None => return not_found(),
    };
    let accept = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let br = get(&format!("{name}.br"));
    let gzip = get(&format!("{name}.gz"));
    let coding = pick_encoding(accept, br.is_some(), gzip.is_some());
    let body = match coding {
        Some("br") => br,
        Some("gzip") => gzip,
        _ => None,
    }
    .map_or(file.data, |copy| copy.data);
    // The tag names the file and the copy: a browser that switches
    // encodings never gets a 304 for bytes it does not hold.
    let hex: String = file.sha256[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let tag = format!(
        "\"{hex}{}\"",
        coding.map_or(String::new(), |c| format!("-{c}"))
    );
    let held = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if held {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let length = body.len();
        let mut response = Response::new(if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(body)
        });
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(length));
        response
    };
    let out = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(&file.mime) {
        out.insert(CONTENT_TYPE, kind);
    }
    if let Some(coding) = coding {
        out.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        out.insert(ETAG, tag);
    }
    response
}

#[cfg(feature = "embed-app")]
mod embedded {
    use axum::http::{HeaderMap, Method, Uri};
    use axum::response::Response;

    #[derive(rust_embed::Embed)]
    #[folder = "../../dist/"]
    struct Dist;

    pub const HAS_APP: bool = true;

    pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
        let get = |name: &str| {
            Dist::get(name).map(|file| super::Stored {
                sha256: file.metadata.sha256_hash(),
                mime: file.metadata.mimetype().to_string(),
                data: file.data,
            })
        };
        super::serve_stored(get, &method, &uri, &headers)
    }
}

#[cfg(not(feature = "embed-app"))]
mod embedded {
    use axum::response::Response;

    pub const HAS_APP: bool = false;

    /// Built without the app inside: nothing to serve from here.
    pub async fn serve() -> Response {
        super::not_found()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

    use super::{Stored, pick_encoding, serve_stored};

    fn files() -> HashMap<&'static str, (&'static [u8], u8)> {
        HashMap::from([
            ("index.html", (&b"<html>start</html>"[..], 1)),
            ("index.html.br", (&b"BR"[..], 2)),
            ("index.html.gz", (&b"GZ"[..], 3)),
            ("app-0123456789abcdef.wasm", (&b"\0asm"[..], 4)),
            ("report.html", (&b"<html>report</html>"[..], 5)),
        ])
    }

    fn ask(
        method: Method,
        path: &str,
        headers: &[(&'static str, &str)],
    ) -> axum::response::Response {
        let files = files();
        let get = |name: &str| {
            files.get(name).map(|(data, n)| Stored {
                data: std::borrow::Cow::Borrowed(*data),
                sha256: [*n; 32],
                mime: if name.ends_with(".wasm") {
                    "application/wasm"
                } else {
                    "text/html"
                }
                .to_string(),
            })
        };
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        serve_stored(get, &method, &path.parse::<Uri>().unwrap(), &map)
    }

    fn header<'a>(response: &'a axum::response::Response, name: &str) -> Option<&'a str> {
        response.headers().get(name).map(|v| v.to_str().unwrap())
    }

    #[test]
    fn stored_files_answer_like_the_folder() {
        let page = ask(Method::GET, "/", &[("accept-encoding", "gzip, br")]);
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(header(&page, "content-encoding"), Some("br"));
        assert_eq!(header(&page, "content-length"), Some("2"));
        assert_eq!(header(&page, "content-type"), Some("text/html"));

        // A page of the app gets the start page; a missing file is missing.
        let deep = ask(Method::GET, "/contacts/12", &[("accept-encoding", "gzip")]);
        assert_eq!(deep.status(), StatusCode::OK);
        assert_eq!(header(&deep, "content-encoding"), Some("gzip"));
        assert_eq!(
            ask(Method::GET, "/missing.js", &[]).status(),
            StatusCode::NOT_FOUND
        );
        let report = ask(Method::GET, "/report.html", &[("accept-encoding", "br")]);
        assert_eq!(
            header(&report, "content-length"),
            Some("19"),
            "no copy: the file itself"
        );
        assert_eq!(header(&report, "content-encoding"), None);

        let wasm = ask(Method::GET, "/app-0123456789abcdef.wasm", &[]);
        assert_eq!(header(&wasm, "content-type"), Some("application/wasm"));
        let tag = header(&wasm, "etag").unwrap().to_string();
        assert_eq!(tag, format!("\"{}\"", "04".repeat(12)));
        let again = ask(
            Method::GET,
            "/app-0123456789abcdef.wasm",
            &[("if-none-match", &tag)],
        );
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        // Another copy has another tag: no 304 for bytes the browser lacks.
        let plain_tag = header(&page, "etag").unwrap().to_string();
        let other = ask(Method::GET, "/", &[("if-none-match", &plain_tag)]);
        assert_eq!(other.status(), StatusCode::OK);

        let head = ask(Method::HEAD, "/", &[]);
        assert_eq!(head.status(), StatusCode::OK);
        assert_eq!(header(&head, "content-length"), Some("18"));
        let post = ask(Method::POST, "/", &[]);
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(header(&post, "allow"), Some("GET, HEAD"));
    }

    #[test]
    fn the_smallest_accepted_copy_is_sent() {
        assert_eq!(pick_encoding("gzip, deflate, br", true, true), Some("br"));
        assert_eq!(pick_encoding("gzip", true, true), Some("gzip"));
        assert_eq!(pick_encoding("br;q=0, gzip", true, true), Some("gzip"));
        assert_eq!(pick_encoding("BR", true, false), Some("br"));
        assert_eq!(pick_encoding("*", false, true), Some("gzip"));
        assert_eq!(pick_encoding("br", false, true), None);
        assert_eq!(pick_encoding("", true, true), None);
        assert_eq!(pick_encoding("identity", true, true), None);
        assert_eq!(pick_encoding("gzip;q=0.0", false, true), None);
    }
}
