//! Every `/api/v1` path, in one list. The app builds its requests from
//! these; the server's route table is held to [`ROUTES`] by a test, so the
//! two cannot drift apart.

use super::PROTOCOL_VERSION;

pub const HEALTH: &str = "/api/v1/health";
pub const LOGIN: &str = "/api/v1/auth/login";
pub const LOGOUT: &str = "/api/v1/auth/logout";
pub const ENROL: &str = "/api/v1/enrol";
pub const PUSH: &str = "/api/v1/sync/push";
pub const RESPONSES: &str = "/api/v1/sync/responses";
pub const DEVICES: &str = "/api/v1/team/devices";
pub const JOIN_LINKS: &str = "/api/v1/team/join-links";
pub const SETTINGS: &str = "/api/v1/team/settings";
pub const AUDIT: &str = "/api/v1/team/audit";
pub const CATALOG: &str = "/api/v1/team/catalog";
pub const CONSULTATIONS: &str = "/api/v1/team/consultations";
pub const DASHBOARD: &str = "/api/v1/team/dashboard";
pub const QUOTES: &str = "/api/v1/team/quotes";
pub const RECORDS: &str = "/api/v1/sync/records";
pub const SIGNALS: &str = "/api/v1/team/signals";
pub const TEAM_REGIONS: &str = "/api/v1/team/regions";
pub const REGION_DASHBOARD: &str = "/api/v1/region/dashboard";
pub const REGION_LOGOUT: &str = "/api/v1/region/logout";
pub const REGION_EXPORT: &str = "/api/v1/region/export/region.csv";
pub const REGION_SIGNALS: &str = "/api/v1/region/signals";
pub const REGION_QUOTES: &str = "/api/v1/region/quotes";

/// Every route, as the server's table names it (`{id}` for a parameter).
pub const ROUTES: &[&str] = &[
    DASHBOARD,
    QUOTES,
    HEALTH,
    "/api/v1/openapi.json",
    LOGIN,
    ENROL,
    "/api/v1/me",
    LOGOUT,
    PUSH,
    "/api/v1/sync/pull",
    RECORDS,
    DEVICES,
    "/api/v1/team/devices/{id}/revoke",
    JOIN_LINKS,
    "/api/v1/team/join-links/{id}/revoke",
    "/api/v1/team/conflicts",
    "/api/v1/team/records/{id}/erase",
    SETTINGS,
    AUDIT,
    "/api/v1/team/export/contacts.csv",
    "/api/v1/team/export/findings.csv",
    "/api/v1/team/export/schemes.csv",
    "/api/v1/team/export/barriers.csv",
    "/api/v1/team/export/responses.csv",
    "/api/v1/sync/content",
    RESPONSES,
    CATALOG,
    CONSULTATIONS,
    "/api/v1/team/consultations/{id}",
    "/api/v1/team/consultations/{id}/publish",
    "/api/v1/team/consultations/{id}/results",
    "/api/v1/team/consultations/{id}/report",
    "/api/v1/team/consultations/{id}/share",
    "/api/v1/team/consultations/{id}/unshare",
    "/api/v1/public/reports/{code}",
    SIGNALS,
    "/api/v1/team/signals/{id}",
    "/api/v1/team/signals/{id}/share",
    "/api/v1/team/signals/{id}/unshare",
    "/api/v1/public/signals/{code}",
    TEAM_REGIONS,
    REGION_DASHBOARD,
    REGION_LOGOUT,
    REGION_EXPORT,
    "/api/v1/team/quotes/{id}/region",
    REGION_SIGNALS,
    "/api/v1/region/signals/{id}",
    REGION_QUOTES,
];

/// A quote's mark for the team's regions (put to mark, delete to unmark).
pub fn quote_region(id: &str) -> String {
    format!("{QUOTES}/{}/region", encode(id))
}

/// A page of the region's signals, after signal `before`.
pub fn region_signals(before: Option<&str>) -> String {
    match before {
        Some(id) => format!("{REGION_SIGNALS}?before={}", encode(id)),
        None => REGION_SIGNALS.to_string(),
    }
}

/// One region signal.
pub fn region_signal(id: &str) -> String {
    format!("{REGION_SIGNALS}/{}", encode(id))
}

/// A page of the quotes the region's teams marked, from `offset`.
pub fn region_quotes(offset: u32) -> String {
    format!("{REGION_QUOTES}?offset={offset}")
}

/// A page of the team's signals, after signal `before` (newest first).
pub fn signals(before: Option<&str>) -> String {
    match before {
        Some(id) => format!("{SIGNALS}?before={}", encode(id)),
        None => SIGNALS.to_string(),
    }
}

/// One signal (`action` empty), or its `share` or `unshare`.
pub fn signal(id: &str, action: &str) -> String {
    let id = encode(id);
    if action.is_empty() {
        format!("{SIGNALS}/{id}")
    } else {
        format!("{SIGNALS}/{id}/{action}")
    }
}

/// What a signal link shows.
pub fn public_signal(code: &str) -> String {
    format!("/api/v1/public/signals/{code}")
}

/// A page of this device's (or the team's) changes after `cursor`.
pub fn pull(cursor: u64, limit: usize) -> String {
    format!("/api/v1/sync/pull?protocol={PROTOCOL_VERSION}&cursor={cursor}&limit={limit}")
}

/// A page of records newest first, older than record `before` (all when none).
pub fn records(before: Option<&str>) -> String {
    match before {
        Some(id) => format!("{RECORDS}?before={}", encode(id)),
        None => RECORDS.to_string(),
    }
}

/// The team's content, unless the device has revision `since`.
pub fn content(since: u64) -> String {
    format!("/api/v1/sync/content?protocol={PROTOCOL_VERSION}&since={since}")
}

/// A page of the conflict log, newest first, older than entry `before`.
pub fn conflicts(limit: usize, before: Option<i64>) -> String {
    match before {
        Some(id) => format!("/api/v1/team/conflicts?limit={limit}&before={id}"),
        None => format!("/api/v1/team/conflicts?limit={limit}"),
    }
}

pub fn audit(limit: usize, before: Option<i64>) -> String {
    match before {
        Some(id) => format!("{AUDIT}?limit={limit}&before={id}"),
        None => format!("{AUDIT}?limit={limit}"),
    }
}

pub fn revoke_device(id: &str) -> String {
    format!("/api/v1/team/devices/{id}/revoke")
}

pub fn revoke_join_link(id: i64) -> String {
    format!("/api/v1/team/join-links/{id}/revoke")
}

pub fn erase_record(id: &str) -> String {
    format!("/api/v1/team/records/{id}/erase")
}

/// A CSV export: `contacts`, `findings`, `schemes` or `barriers`.
/// A CSV export with its name columns in `lang`.
pub fn export(table: &str, lang: crate::Lang) -> String {
    format!("/api/v1/team/export/{table}.csv?lang={}", lang.code())
}

pub fn export_responses(consultation: &str, lang: crate::Lang) -> String {
    format!(
        "/api/v1/team/export/responses.csv?consultation={consultation}&lang={}",
        lang.code()
    )
}

pub fn consultation(id: &str) -> String {
    format!("/api/v1/team/consultations/{id}")
}

/// `publish`, `results`, `report`, `share` or `unshare` of a consultation.
pub fn consultation_action(id: &str, action: &str) -> String {
    format!("/api/v1/team/consultations/{id}/{action}")
}

/// The team's counts for the dashboard: the filter, the period and the
/// phone's offset from UTC in minutes.
pub fn dashboard(
    filter: &crate::stats::Filter,
    period: crate::stats::Period,
    offset_minutes: i32,
) -> String {
    let period = match period {
        crate::stats::Period::Month => "month",
        crate::stats::Period::Week => "week",
    };
    format!(
        "{DASHBOARD}?period={period}&offset={offset_minutes}{}",
        filter_query(filter)
    )
}

/// The filter's parts of a query string, each starting with `&`.
fn filter_query(filter: &crate::stats::Filter) -> String {
    let mut query = String::new();
    let mut add = |key: &str, value: &str| query.push_str(&format!("&{key}={}", encode(value)));
    if let Some(from) = filter.from {
        add("from", &from.to_string());
    }
    if let Some(until) = filter.until {
        add("until", &until.to_string());
    }
    if let Some(site) = &filter.site {
        add("site", site);
    }
    if let Some(channel) = filter.channel {
        add("channel", channel.code());
    }
    if let Some(household) = filter.household {
        add("household", household.code());
    }
    if let Some(work) = filter.work {
        add("work", work.code());
    }
    query
}

/// A page of the quote wall: the dashboard's filter, one scheme and one
/// barrier (empty: any), after the quote `after` (its time and id).
pub fn quotes(
    filter: &crate::stats::Filter,
    scheme: &str,
    barrier: &str,
    after: Option<(i64, &str)>,
) -> String {
    let mut url = format!(
        "{QUOTES}?limit={}{}",
        crate::wire::QUOTES_PAGE,
        filter_query(filter)
    );
    for (key, value) in [("scheme", scheme), ("barrier", barrier)] {
        if !value.is_empty() {
            url.push_str(&format!("&{key}={}", encode(value)));
        }
    }
    if let Some((at, id)) = after {
        url.push_str(&format!("&before_at={at}&before_id={}", encode(id)));
    }
    url
}

/// `text` for a query string: every byte but letters, digits and `-._~`
/// percent-encoded (UTF-8).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub fn public_report(code: &str) -> String {
    format!("/api/v1/public/reports/{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path without its query, with each parameter as the route names it.
    fn template(path: &str) -> String {
        let path = path.split('?').next().unwrap_or_default();
        let parts: Vec<&str> = path.split('/').collect();
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| match (parts.get(i.wrapping_sub(1)), *part) {
                (Some(&"reports"), _) => "{code}".to_string(),
                (Some(&"signals"), _) if parts.get(3) == Some(&"public") => "{code}".to_string(),
                (Some(&"signals"), _) => "{id}".to_string(),
                (Some(&"devices" | &"join-links" | &"records" | &"consultations"), _) => {
                    "{id}".to_string()
                }
                _ => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn every_built_path_is_a_route() {
        let built = [
            pull(0, 200),
            content(3),
            conflicts(50, Some(9)),
            conflicts(50, None),
            revoke_device("abc"),
            revoke_join_link(4),
            erase_record("r-1"),
            signals(None),
            signals(Some("s 1")),
            signal("s1", ""),
            signal("s1", "share"),
            signal("s1", "unshare"),
            public_signal("code"),
            export("contacts", crate::Lang::Nl),
            export("findings", crate::Lang::En),
            export("schemes", crate::Lang::Nl),
            export("barriers", crate::Lang::Nl),
            export_responses("c1", crate::Lang::En),
            audit(20, None),
            audit(20, Some(7)),
            consultation("c1"),
            consultation_action("c1", "publish"),
            consultation_action("c1", "results"),
            consultation_action("c1", "report"),
            consultation_action("c1", "share"),
            consultation_action("c1", "unshare"),
            public_report("code"),
        ];
        for path in built {
            let route = template(&path);
            assert!(ROUTES.contains(&route.as_str()), "{path} → {route}");
        }
    }

    #[test]
    fn dashboard_queries_encode_what_they_carry() {
        use crate::contact::Channel;
        use crate::stats::{Filter, Period};
        let filter = Filter {
            from: Some(5),
            site: Some("Kerk & Buurt 1=1?ë".into()),
            channel: Some(Channel::Phone),
            work: Some(crate::contact::Work::SelfEmployed),
            ..Filter::default()
        };
        assert_eq!(
            dashboard(&filter, Period::Week, -60),
            "/api/v1/team/dashboard?period=week&offset=-60&from=5\
             &site=Kerk%20%26%20Buurt%201%3D1%3F%C3%AB&channel=phone&work=self_employed"
        );
        assert_eq!(
            dashboard(&Filter::default(), Period::Month, 60),
            "/api/v1/team/dashboard?period=month&offset=60"
        );
    }

    #[test]
    fn quote_pages_carry_the_filter_and_where_the_last_page_ended() {
        use crate::stats::Filter;
        let filter = Filter {
            site: Some("Noord".into()),
            ..Filter::default()
        };
        assert_eq!(
            quotes(&filter, "huurtoeslag", "", Some((7, "c-1"))),
            "/api/v1/team/quotes?limit=50&site=Noord&scheme=huurtoeslag&before_at=7&before_id=c-1"
        );
        assert_eq!(
            quotes(&Filter::default(), "", "", None),
            "/api/v1/team/quotes?limit=50"
        );
    }
}
