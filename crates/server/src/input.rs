//! Everything a client sends passes here first: JSON bodies, query strings
//! and the path. One rule for text holds for all of them, whatever the
//! store behind: **no U+0000**. PostgreSQL cannot keep it in `text` or
//! `jsonb`, no form of the app can type it, and no field needs it, so it is
//! refused with a 422 that names the field, before anything is stored or
//! any limit (a join link's uses, say) is spent.
//!
//! Refusals never repeat what was sent: serde's messages quote the value
//! (`unknown variant `BSN 111222333``), and a body may hold personal data,
//! so they are rebuilt from the kind of mistake and what was expected.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use drempel_core::ProblemKind;

use crate::AppState;
use crate::error::ApiError;

/// A JSON body, decoded with the rule above; every refusal is answered in
/// the API's error body.
pub struct Body<T>(pub T);

impl<T, S> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    ApiError::BadJson("the body could not be read".into())
                }
            })?;
        decode(&bytes).map(Body)
    }
}

/// `application/json`, or any `+json` type, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Decodes a JSON body into `T`: 400 when it is not JSON, 422 naming the
/// field when it holds U+0000 or does not fit `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // A NUL can only arrive escaped (a raw one is not JSON). The cheap scan
    // finds every body that might hold one; only those are walked.
    if memchr::memmem::find(bytes, br"\u0000").is_some()
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
        && let Some(field) = drempel_core::wire::nul_at(&value)
    {
        return Err(ApiError::invalid(field, ProblemKind::NulCharacter));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let field = path_of(err.path());
        refusal(field, err.into_inner())
    })?;
    deserializer
        .end()
        .map_err(|err| refusal("body".into(), err))?;
    Ok(value)
}

fn malformed(field: String, note: String) -> ApiError {
    ApiError::Invalid {
        field,
        problem: ProblemKind::Malformed,
        note: Some(note),
    }
}

fn refusal(field: String, err: serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Data => malformed(field, without_values(&message_of(&err))),
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadJson(format!(
            "{} at line {} column {}",
            syntax_kind(&err),
            err.line(),
            err.column()
        )),
    }
}

/// serde_json's message without its " at line … column …" tail.
fn message_of(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Syntax errors name the token expected, never the text sent; still, only
/// the kind is kept.
fn syntax_kind(err: &serde_json::Error) -> &'static str {
    if err.is_eof() {
        "the body ends too early"
    } else {
        "the body is not valid JSON"
    }
}

/// The path to the offending part, such as `changes[0].fields.notes`. Keys
/// of maps are the client's own: one that is not a plain lowercase name is
/// shown as `…`.
fn path_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if drempel_core::wire::is_plain_name(key) {
                    key
                } else {
                    "…"
                });
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    if out.is_empty() { "body".into() } else { out }
}

/// The kinds of data mistakes serde reports, each named before the value
/// it quotes.
const KINDS: &[&str] = &[
    "missing field",
    "unknown variant",
    "unknown field",
    "invalid type",
    "invalid value",
    "invalid length",
    "duplicate field",
];

/// A serde message rebuilt from its kind and what was expected, leaving
/// out whatever it quoted of the input. "missing field `x`" names the
/// schema's own field and stays whole.
pub fn without_values(message: &str) -> String {
    let message = message.trim();
    if let Some(name) = message.strip_prefix("missing field `")
        && let Some(name) = name.strip_suffix('`')
        && drempel_core::wire::is_plain_name(name)
    {
        return message.to_string();
    }
    let kind = KINDS
        .iter()
        .find(|kind| message.starts_with(**kind))
        .copied()
        .unwrap_or("invalid value");
    // What serde expected comes last and is the schema's: the input, which
    // comes before it, may itself hold ", expected ".
    match message.rfind(", expected ") {
        Some(at) => format!("{kind}, expected {}", &message[at + ", expected ".len()..]),
        None => kind.to_string(),
    }
}

/// `Query` whose refusals are answered in the API's error body, without
/// the values sent.
pub struct Params<T>(pub T);

impl<T, S> FromRequestParts<S> for Params<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Params)
            .map_err(|err| {
                let field = path_of(err.path());
                let field = if field == "body" {
                    "query".into()
                } else {
                    field
                };
                malformed(field, without_values(&err.into_inner().to_string()))
            })
    }
}

/// Refuses any `/api` request whose path or query holds an encoded NUL
/// (`%00`), before routing: path parameters (a report code, a record id)
/// reach the store as text too.
pub async fn refuse_nul_in_url(request: Request, next: Next) -> Response {
    let uri = request.uri();
    if uri.path().contains("%00") {
        return ApiError::invalid("path", ProblemKind::NulCharacter).into_response();
    }
    if uri.query().is_some_and(|q| q.contains("%00")) {
        return ApiError::invalid("query", ProblemKind::NulCharacter).into_response();
    }
    next.run(request).await
}

/// The peer's address, for rate limits.
pub struct Client(pub std::net::IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let trusted = &state.limits().settings.trusted_proxies;
        Ok(Client(crate::limits::client_address(parts, trusted)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        login: String,
        role: drempel_core::wire::Role,
        #[serde(default)]
        fields: std::collections::BTreeMap<String, u32>,
    }

    fn refused(body: &str) -> (String, String) {
        match decode::<Login>(body.as_bytes()) {
            Err(err @ ApiError::Invalid { .. }) => {
                let ApiError::Invalid { field, .. } = &err else {
                    unreachable!()
                };
                let field = field.clone();
                let message = err.to_string()[field.len() + 2..].to_string();
                (field, message)
            }
            Err(ApiError::BadJson(message)) => ("(syntax)".into(), message),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    const PII: &str = "BSN 111222333 mevrouw Jansen";

    #[test]
    fn refusals_never_repeat_the_value_sent() {
        let bodies = [
            format!(r#"{{"login":"a","role":"{PII}"}}"#),
            format!(r#"{{"login":1,"role":"volunteer","x":"{PII}"}}"#),
            format!(r#"{{"login":"{PII}","role":7}}"#),
            format!(r#"{{"login":"a","role":"volunteer","fields":{{"notes":"{PII}"}}}}"#),
            format!(r#"{{"login":"a","role":"volunteer","fields":{{"{PII}":"x"}}}}"#),
            format!(r#"{{"login":["{PII}"],"role":"volunteer"}}"#),
            format!(r#"{{"login":"a","role":{{"{PII}":1}}}}"#),
            format!(r#"{{"login":"{PII}""#),
            format!(r#"{{"login":"a","role":"volunteer"}} {PII}"#),
            format!(r#"{{"login":"a", "role":"volunteer, expected {PII}"}}"#),
        ];
        for body in bodies {
            let (field, message) = refused(&body);
            for part in ["111222333", "Jansen", "BSN"] {
                assert!(
                    !field.contains(part) && !message.contains(part),
                    "{body} → {field}: {message}"
                );
            }
        }
    }

    #[test]
    fn refusals_still_name_the_field_and_what_was_expected() {
        let (field, message) = refused(&format!(r#"{{"login":"a","role":"{PII}"}}"#));
        assert_eq!(field, "role");
        assert_eq!(
            message,
            "unknown variant, expected one of `volunteer`, `coordinator`, `region`"
        );
        let (field, message) = refused(r#"{"role":"volunteer"}"#);
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("body", "missing field `login`")
        );
        let (field, _) = refused(r#"{"login":"a","role":"volunteer","fields":{"notes":"x"}}"#);
        assert_eq!(field, "fields.notes");
    }

    #[test]
    fn a_nul_anywhere_is_refused_naming_its_field() {
        let (field, message) = refused(r#"{"login":"a\u0000b","role":"volunteer"}"#);
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("login", ProblemKind::NulCharacter.describe().as_str())
        );
        let (field, _) = refused(r#"{"login":"a","role":"volunteer","fields":{"n\u0000":1}}"#);
        assert_eq!(field, "fields");
        // An escaped backslash before "u0000" is no NUL.
        let text: Login = decode(br#"{"login":"a\\u0000b","role":"volunteer"}"#).unwrap();
        assert_eq!(text.login, "a\\u0000b");
    }

    #[test]
    fn json_content_types_are_recognised() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("application/problem+json"));
        assert!(!with("text/plain"));
        assert!(!with("application/jsonx"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
