//! The `/api/v1` wire format. App and server both use these types, so the
//! two sides cannot drift apart.

use serde::{Deserialize, Serialize};

pub mod paths;

/// The sync protocol version every request carries. The server accepts this
/// one and the one before it, and answers "upgrade needed" otherwise.
pub const PROTOCOL_VERSION: u32 = 1;

/// The path prefix of every API route; the service worker never caches it.
pub const API_PREFIX: &str = "/api/";

/// `GET /api/v1/health`: the server is up and its database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Health {
    pub status: HealthStatus,
    /// The server's release, e.g. "0.1.0".
    pub version: String,
    /// The newest protocol version the server speaks.
    pub protocol: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Degraded,
}

/// Every 4xx and 5xx answer from the API has this body:
/// `{ "error": { "code": "...", "message": "..." } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `not_found` or `bad_json`.
    pub code: ErrorCode,
    /// A sentence for people, in English; never contains personal data.
    /// Apps show their own words for `code` and `problem`.
    pub message: String,
    /// With `sequence_gap`: the device's first change the server has not
    /// received; resend from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resend_from: Option<u64>,
    /// With `invalid`: the field at fault, such as `questions[0].text.nl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `invalid`: what is wrong with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::ProblemKind>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
                resend_from: None,
                field: None,
                problem: None,
            },
        }
    }
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident => $text:literal,)*) => {
        /// Every error code of the API. The server answers with these, the
        /// app matches them; a code from a newer server reads as `Unknown`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $text)] $name,)*
            /// A code this side does not know.
            #[serde(other, rename = "unknown")]
            Unknown,
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $text,)*
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    BadJson => "bad_json",
    UnsupportedMediaType => "unsupported_media_type",
    TooLarge => "too_large",
    TooManyChanges => "too_many_changes",
    /// An input is wrong: `field` and `problem` say where and what.
    Invalid => "invalid",
    Unauthenticated => "unauthenticated",
    DeviceRevoked => "device_revoked",
    SessionExpired => "session_expired",
    BadLogin => "bad_login",
    Forbidden => "forbidden",
    NotYours => "not_yours",
    RecordTooLarge => "record_too_large",
    NoSuchItem => "no_such_item",
    JoinLinkUnknown => "join_link_unknown",
    JoinLinkExpired => "join_link_expired",
    JoinLinkRevoked => "join_link_revoked",
    JoinLinkUsedUp => "join_link_used_up",
    TooManyRequests => "too_many_requests",
    SequenceGap => "sequence_gap",
    OutOfOrder => "out_of_order",
    UpgradeNeeded => "upgrade_needed",
    StaleCatalog => "stale_catalog",
    QuestionsFixed => "questions_fixed",
    /// A consultation response beyond what one device may hand in an hour.
    TooManyResponses => "too_many_responses",
    Internal => "internal",
}

/// What a device may do. Volunteers push and pull their own records;
/// coordinators read the whole team and manage it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Volunteer,
    Coordinator,
    /// A region's coordinator: the region's counts, nothing of a team.
    Region,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Volunteer => "volunteer",
            Role::Coordinator => "coordinator",
            Role::Region => "region",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "volunteer" => Some(Role::Volunteer),
            "coordinator" => Some(Role::Coordinator),
            _ => None,
        }
    }
}

/// `POST /api/v1/auth/login`: a coordinator's login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    /// What the coordinator calls this device ("laptop kantoor").
    #[serde(default)]
    pub label: String,
}

/// `POST /api/v1/enrol`: the code from a join link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct EnrolRequest {
    pub code: String,
    /// What the volunteer calls this phone ("telefoon Ans").
    #[serde(default)]
    pub label: String,
    /// The token this phone held before (say, before it was removed from
    /// the team): the records it made there stay its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_token: Option<String>,
}

/// The answer to a login or an enrolment: the device's token, shown once.
/// The device sends it as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Session {
    pub token: String,
    pub device: String,
    pub role: Role,
    pub team: String,
}

/// `GET /api/v1/me`: who this token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Me {
    pub device: String,
    pub role: Role,
    pub team: String,
}

/// `POST /api/v1/team/join-links`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewJoinLink {
    pub role: Role,
    /// How long the link works, in hours (1 to 720).
    pub valid_hours: u32,
    /// The app's address (`location.origin`); the link points there.
    pub origin: String,
    /// How many devices may join with it, 1 to [`MAX_LINK_USES`]; none
    /// for no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uses: Option<u32>,
}

/// The most uses one join link may be given.
pub const MAX_LINK_USES: u32 = 1000;
/// The longest a join link may stay valid, in hours (30 days).
pub const MAX_LINK_HOURS: u32 = 30 * 24;
/// The longest name of a device (what coordinators see in the list).
pub const MAX_DEVICE_LABEL: usize = 60;
/// The shortest and longest retention period a team may set, in days.
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

/// `value` within `range`, or a `Range` problem for `field`.
pub fn check_range<T: Copy + PartialOrd + Into<i64>>(
    field: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<(), crate::Invalid> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(crate::invalid(
            field,
            crate::ProblemKind::Range {
                min: (*range.start()).into(),
                max: (*range.end()).into(),
            },
        ))
    }
}

impl TeamSettings {
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        check_range("retention_days", self.retention_days, RETENTION_DAYS)?;
        crate::keep::check_keep_days(self.keep_days)
    }
}

impl NewJoinLink {
    /// Hours and uses in range. The origin is the server's to judge: it
    /// parses it as browsers do.
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        // A region's coordinator signs in with a password; no link makes one.
        if self.role == Role::Region {
            return Err(crate::invalid("role", crate::ProblemKind::Unknown));
        }
        check_range("valid_hours", self.valid_hours, 1..=MAX_LINK_HOURS)?;
        match self.max_uses {
            Some(uses) => check_range("max_uses", uses, 1..=MAX_LINK_USES),
            None => Ok(()),
        }
    }
}

/// A device's name as kept: trimmed, `fallback` when empty, refused when
/// longer than [`MAX_DEVICE_LABEL`] characters.
pub fn device_label(text: &str, fallback: &str) -> Result<String, crate::Invalid> {
    let text = text.trim();
    if text.chars().count() > MAX_DEVICE_LABEL {
        return Err(crate::invalid(
            "label",
            crate::ProblemKind::TooLong {
                max: MAX_DEVICE_LABEL as u32,
            },
        ));
    }
    Ok(if text.is_empty() { fallback } else { text }.to_string())
}

/// A name for a device nobody named, from its browser's user agent:
/// "Chrome, Android". Only the families of browser and system, nothing
/// that tells one person from another.
pub fn device_guess(user_agent: &str) -> String {
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS", "Mac"),
        ("Linux", "Linux"),
    ];
    // Most specific first: Edge and Samsung's browser also say "Chrome".
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("CriOS", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(mark, _)| user_agent.contains(mark))
            .map(|(_, name)| *name)
    };
    [find(&BROWSERS), find(&SYSTEMS)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct JoinLinkInfo {
    pub id: i64,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// How many devices joined with it.
    pub uses: u32,
    /// How many may join with it; none for no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uses: Option<u32>,
}

/// A new join link: the only time its code is seen. `qr` is the link as a
/// QR code, `size` × `size` modules, row by row, `1` for dark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CreatedJoinLink {
    pub link: JoinLinkInfo,
    pub url: String,
    pub qr_size: u32,
    pub qr: String,
}

/// `GET /api/v1/team/devices`: one enrolled device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DeviceInfo {
    pub id: String,
    pub role: Role,
    pub label: String,
    pub created_at: i64,
    pub last_sync_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// `GET` and `PUT /api/v1/team/settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TeamSettings {
    /// Days free-text notes and follow-up contact details are kept (1 to 3650).
    pub retention_days: u32,
    /// Days of synced contacts a phone keeps (7 to 730, 60 unless set);
    /// the newest 500 stay whatever their age, unsent ones always.
    #[serde(default = "default_keep_days")]
    pub keep_days: u32,
}

fn default_keep_days() -> u32 {
    crate::keep::DEFAULT_KEEP_DAYS
}

impl Default for TeamContent {
    fn default() -> Self {
        TeamContent {
            revision: 0,
            catalogs: Vec::new(),
            consultations: Vec::new(),
            keep_days: default_keep_days(),
        }
    }
}

/// One line of a team's audit log: who (a device id, or `server` for
/// scheduled work) did what to which record, device, link or consultation,
/// and when. It holds no personal data: a contact is named by its day and
/// place, never by what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    /// Pages the log: pass the last entry's `id` as `before`.
    pub id: i64,
    pub at: i64,
    pub actor: String,
    /// The actor device's name, when it is a device the team knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    pub action: AuditAction,
    /// The id of what was acted on (record, device, link, consultation), or
    /// what was exported.
    pub subject: String,
    /// What the subject was, in words, as it was at the time; absent on
    /// lines written before names were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<AuditAbout>,
}

/// What an audit line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Export,
    EraseRecord,
    RevokeDevice,
    CreateJoinLink,
    RevokeJoinLink,
    ChangeSettings,
    ChangeCatalog,
    PublishConsultation,
    ShareReport,
    UnshareReport,
    RetentionPurge,
    ResponsesRefused,
    CreateSignal,
    ChangeSignal,
    /// A signal moved on: sent, answered, resolved (or back).
    SignalStatus,
    ShareSignal,
    UnshareSignal,
    /// The team was added to a region (subject: the region's name).
    JoinRegion,
    /// The team was taken out of a region.
    LeaveRegion,
    /// A quote was marked for the team's regions (subject: the contact).
    ShareQuoteRegion,
    /// The mark was taken away.
    UnshareQuoteRegion,
    /// A line from a newer server: show its time and subject.
    #[serde(other)]
    Other,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Export => "export",
            AuditAction::EraseRecord => "erase_record",
            AuditAction::RevokeDevice => "revoke_device",
            AuditAction::CreateJoinLink => "create_join_link",
            AuditAction::RevokeJoinLink => "revoke_join_link",
            AuditAction::ChangeSettings => "change_settings",
            AuditAction::ChangeCatalog => "change_catalog",
            AuditAction::PublishConsultation => "publish_consultation",
            AuditAction::ShareReport => "share_report",
            AuditAction::UnshareReport => "unshare_report",
            AuditAction::RetentionPurge => "retention_purge",
            AuditAction::ResponsesRefused => "responses_refused",
            AuditAction::CreateSignal => "create_signal",
            AuditAction::ChangeSignal => "change_signal",
            AuditAction::SignalStatus => "signal_status",
            AuditAction::ShareSignal => "share_signal",
            AuditAction::UnshareSignal => "unshare_signal",
            AuditAction::JoinRegion => "join_region",
            AuditAction::LeaveRegion => "leave_region",
            AuditAction::ShareQuoteRegion => "share_quote_region",
            AuditAction::UnshareQuoteRegion => "unshare_quote_region",
            AuditAction::Other => "other",
        }
    }

    /// The action stored as `code`; unknown codes are `Other`.
    pub fn from_code(code: &str) -> AuditAction {
        serde_json::from_value(serde_json::Value::String(code.to_string()))
            .unwrap_or(AuditAction::Other)
    }
}

/// What an audit line is about, named so that a coordinator can tell
/// without looking ids up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditAbout {
    /// A device, by the name it had.
    Device { name: String },
    /// A join link: who it lets in, and until when (ms).
    JoinLink { role: Role, expires_at: i64 },
    /// A contact: when it was recorded (ms) and where.
    Contact { created_at: i64, site: String },
    /// A consultation, by its title.
    Consultation { title: crate::catalog::Label },
    /// The team's new retention periods.
    Settings { retention_days: u32, keep_days: u32 },
    /// The catalog's new version.
    Catalog { version: u32 },
    /// How many records or answers.
    Count { count: u64 },
    /// A signal, by its title, with its status after the change.
    Signal {
        title: String,
        status: crate::signal::SignalStatus,
    },
}

/// `GET /api/v1/sync/content?since=N`: the team's catalog (every version)
/// and its published consultations. `content` is absent when the device
/// already has revision `since`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContentAnswer {
    pub revision: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<TeamContent>,
}

impl ContentAnswer {
    /// Whether a device that has revision `since` needs the content of
    /// revision `current` (the server sends it only then).
    pub fn needed(since: u64, current: u64) -> bool {
        since != current
    }

    /// What the device keeps: the content this answer brought, if any.
    pub fn into_newer(self) -> Option<TeamContent> {
        self.content
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TeamContent {
    pub revision: u64,
    /// Oldest first; empty means the default catalog.
    pub catalogs: Vec<crate::catalog::Catalog>,
    pub consultations: Vec<crate::consultation::Consultation>,
    /// The team's [`TeamSettings::keep_days`].
    #[serde(default = "default_keep_days")]
    pub keep_days: u32,
}

/// Most responses in one `POST /api/v1/sync/responses`.
pub const MAX_RESPONSES: usize = 200;

/// `POST /api/v1/sync/responses`: consultation responses taken on the
/// device. Each has its own id, so sending one twice stores it once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ResponsesPush {
    pub protocol: u32,
    pub responses: Vec<crate::consultation::Response>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ResponsesAnswer {
    /// On the server now (including ones it already had): drop them here.
    pub stored: Vec<String>,
    /// Never going to be taken; the device keeps them and says why.
    pub refused: Vec<RefusedResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RefusedResponse {
    pub id: String,
    pub code: ErrorCode,
    pub message: String,
    /// With `invalid`: what is wrong with the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::ProblemKind>,
}

/// One quote on the dashboard's wall (`GET /api/v1/team/quotes`), newest
/// first; the last one's `created_at` and `id` ask for the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QuoteInfo {
    /// The contact's id.
    pub id: String,
    pub created_at: i64,
    /// The catalog version the contact was made with (for its labels).
    pub catalog_version: u32,
    pub text: String,
    /// The schemes discussed, with what the resident said.
    pub findings: Vec<QuoteFinding>,
    /// The team's coordinator marked this quote for the team's regions.
    #[serde(default)]
    pub regional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QuoteFinding {
    pub scheme: String,
    pub status: crate::contact::Status,
}

/// Quotes per page of the wall.
pub const QUOTES_PAGE: usize = 50;

/// Records per page of `GET /api/v1/sync/records`.
pub const RECORDS_PAGE: usize = 50;

/// `GET /api/v1/sync/records`: records in the caller's reach (a volunteer's
/// own, a coordinator's team), newest first, deletes left out; the ones a
/// phone no longer keeps are read this way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RecordsPage {
    pub records: Vec<crate::sync::PulledRecord>,
    /// Ask with `before` = this for the next page; none when this was the last.
    pub next: Option<String>,
}

/// `POST /api/v1/team/consultations/{id}/share`: the read-only report link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ShareLink {
    pub code: String,
}

/// The fragment of a report link: `https://host/report.html#/report/<code>`
/// (the field app at `/` sends such a fragment on to the report page).
pub const REPORT_FRAGMENT: &str = "/report/";
/// The fragment of a signal link: `https://host/report.html#/signal/<code>`.
pub const SIGNAL_FRAGMENT: &str = "/signal/";

/// The fragment of a join link: `https://host/#join=<code>`. A fragment is
/// never sent to a server, so the code stays out of every access log.
pub const JOIN_FRAGMENT: &str = "join=";

/// The code in a join link (`…#join=<code>`), or the code itself; `None`
/// for anything that cannot be one (1 to 128 letters and digits).
pub fn join_code(text: &str) -> Option<&str> {
    let text = text.trim();
    let code = text
        .split_once(JOIN_FRAGMENT)
        .map_or(text, |(_, code)| code);
    let ok =
        !code.is_empty() && code.len() <= 128 && code.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(code)
}

/// Where a JSON value holds U+0000, as a path such as
/// `changes[0].fields.notes` (a key holding it is named by the path of its
/// map); `None` when it holds none. The server refuses such input whole:
/// PostgreSQL cannot store the character, and no form needs it.
pub fn nul_at(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    fn join(path: &str, key: &str) -> String {
        let key = if is_plain_name(key) { key } else { "…" };
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }
    fn walk(value: &Value, path: String) -> Option<String> {
        match value {
            Value::String(text) => text.contains('\0').then_some(path),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().find_map(|(key, item)| {
                if key.contains('\0') {
                    Some(path.clone())
                } else {
                    walk(item, join(&path, key))
                }
            }),
            Value::Null | Value::Bool(_) | Value::Number(_) => None,
        }
    }
    walk(value, String::new()).map(|path| if path.is_empty() { "body".into() } else { path })
}

/// A name the schema could have chosen: a lowercase letter, then up to 63
/// lowercase letters, digits, `_`, `.` or `-`. Only such names of a
/// client's map keys are repeated in an error.
pub fn is_plain_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && name.len() <= 64
        && bytes.all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_device_is_named_by_its_browser_and_system() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
                "Chrome, Android",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36",
                "Samsung Internet, Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari, iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                "Edge, Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox, Linux",
            ),
            ("curl/8.0", ""),
        ];
        for (agent, name) in cases {
            assert_eq!(device_guess(agent), name, "{agent}");
        }
    }

    #[test]
    fn team_settings_join_links_and_device_names_are_checked_with_typed_problems() {
        use crate::ProblemKind;
        let settings = |days| TeamSettings {
            retention_days: days,
            keep_days: crate::keep::DEFAULT_KEEP_DAYS,
        };
        assert!(settings(90).validate().is_ok());
        assert_eq!(
            settings(0).validate().unwrap_err().problem,
            ProblemKind::Range { min: 1, max: 3650 }
        );
        let link = |hours, uses| NewJoinLink {
            role: Role::Volunteer,
            valid_hours: hours,
            origin: "https://x.nl".into(),
            max_uses: uses,
        };
        assert!(link(24, None).validate().is_ok());
        assert!(link(24, Some(1)).validate().is_ok());
        assert_eq!(link(721, None).validate().unwrap_err().field, "valid_hours");
        assert_eq!(link(24, Some(0)).validate().unwrap_err().field, "max_uses");
        assert_eq!(device_label("  ", "telefoon").unwrap(), "telefoon");
        assert_eq!(device_label(" Ans ", "telefoon").unwrap(), "Ans");
        assert_eq!(
            device_label(&"x".repeat(61), "t").unwrap_err().problem,
            ProblemKind::TooLong { max: 60 }
        );
    }

    #[test]
    fn nul_is_found_anywhere_and_named_by_its_path() {
        use serde_json::json;
        assert_eq!(nul_at(&json!({"a": "fine", "b": [1, "ok"]})), None);
        assert_eq!(nul_at(&json!("x\u{0}")), Some("body".into()));
        assert_eq!(
            nul_at(&json!({"changes": [{"fields": {"notes": "voor\u{0}na"}}]})),
            Some("changes[0].fields.notes".into())
        );
        assert_eq!(
            nul_at(&json!({"fields": {"a\u{0}b": 1}})),
            Some("fields".into())
        );
        assert_eq!(
            nul_at(&json!({"fields": {"Jan Jansen": ["\u{0}"]}})),
            Some("fields.…[0]".into())
        );
    }

    #[test]
    fn plain_names_are_schema_like() {
        assert!(is_plain_name("notes"));
        assert!(is_plain_name("findings.huurtoeslag"));
        assert!(!is_plain_name("Jan Jansen"));
        assert!(!is_plain_name("111222333"));
        assert!(!is_plain_name(""));
        assert!(!is_plain_name(&"a".repeat(65)));
    }

    #[test]
    fn join_codes_come_from_links_or_plain_text() {
        assert_eq!(join_code("https://x.nl/#join=ab12"), Some("ab12"));
        assert_eq!(join_code(" ab12 "), Some("ab12"));
        assert_eq!(join_code("https://x.nl/#join="), None);
        assert_eq!(join_code("ab12<script>"), None);
    }

    #[test]
    fn error_body_has_the_documented_shape() {
        let json =
            serde_json::to_value(ErrorBody::new(ErrorCode::NotFound, "No such route")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "error": { "code": "not_found", "message": "No such route" } })
        );
    }

    #[test]
    fn error_codes_are_their_text_and_unknown_ones_are_read() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::json!(code.as_str()));
            assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), *code);
        }
        let newer: ErrorBody = serde_json::from_value(serde_json::json!({
            "error": { "code": "something_new", "message": "…" }
        }))
        .unwrap();
        assert_eq!(newer.error.code, ErrorCode::Unknown);
        let typed: ErrorBody = serde_json::from_value(serde_json::json!({
            "error": { "code": "invalid", "message": "…", "field": "title.nl",
                       "problem": { "kind": "too_long", "max": 120 } }
        }))
        .unwrap();
        assert_eq!(
            typed.error.problem,
            Some(crate::ProblemKind::TooLong { max: 120 })
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
