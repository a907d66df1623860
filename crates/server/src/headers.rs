//! Headers on every response: security headers, and caching that lets the
//! service worker update (never cache `index.html`, `sw.js`, the manifest)
//! while content-hashed files are cached for a year.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The app is one origin: its own scripts, styles, images and API, and wasm
/// compiled from its own files. Nothing else, and no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub const NO_CACHE: &str = "no-cache";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_STORE: &str = "no-store";

pub async fn security_and_caching(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("DENY"),
    );
    let cache = cache_policy(&path);
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    // The app's files come brotli, gzip or plain by what the browser
    // accepts: caches must keep them apart.
    if cache != NO_STORE {
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// API answers hold team data: never stored by any cache. Hashed build
/// files never change under their name. Everything else revalidates.
pub fn cache_policy(path: &str) -> &'static str {
    if path == "/api" || path.starts_with(drempel_core::wire::API_PREFIX) {
        NO_STORE
    } else if is_content_hashed(path) {
        IMMUTABLE
    } else {
        NO_CACHE
    }
}

/// `cargo xtask build` names hashed files `stem-<16 hex digits>.ext`.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _ext)) = file.split_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The request span names method and path only: query strings and headers
/// may carry tokens, and they stay out of the log.
pub fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caching_follows_the_file_kind() {
        assert_eq!(cache_policy("/"), NO_CACHE);
        assert_eq!(cache_policy("/index.html"), NO_CACHE);
        assert_eq!(cache_policy("/sw.js"), NO_CACHE);
        assert_eq!(cache_policy("/manifest.webmanifest"), NO_CACHE);
        assert_eq!(cache_policy("/icons/icon-192.png"), NO_CACHE);
        assert_eq!(cache_policy("/drempel_bg-0123456789abcdef.wasm"), IMMUTABLE);
        assert_eq!(cache_policy("/style-fedcba9876543210.css"), IMMUTABLE);
        assert_eq!(cache_policy("/api/v1/health"), NO_STORE);
        assert_eq!(cache_policy("/api"), NO_STORE);
    }

    #[test]
    fn near_hashes_are_not_immutable() {
        assert_eq!(
            cache_policy("/drempel-0123456789abcde.js"),
            NO_CACHE,
            "15 digits"
        );
        assert_eq!(
            cache_policy("/drempel-0123456789ABCDEF.js"),
            NO_CACHE,
            "upper case"
        );
        assert_eq!(
            cache_policy("/drempel-0123456789abcdeg.js"),
            NO_CACHE,
            "not hex"
        );
        assert_eq!(cache_policy("/0123456789abcdef"), NO_CACHE, "no extension");
    }

    #[test]
    fn csp_allows_wasm_and_nothing_broader() {
        assert!(CSP.contains("'wasm-unsafe-eval'"));
        assert!(!CSP.contains("'unsafe-eval'"));
        assert!(!CSP.contains("'unsafe-inline'"));
        assert!(CSP.contains("frame-ancestors 'none'"));
    }
}
