//! Dates and times as the app shows them, in the phone's local time.

use drempel_core::Lang;

use super::records::now_ms;

/// Today's date in local time, as `YYYY-MM-DD`.
pub fn today() -> String {
    iso(&js_sys::Date::new_0())
}

fn iso(date: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The date `days` from today in local time, as `YYYY-MM-DD`.
pub fn days_from_today(days: u32) -> String {
    let date = js_sys::Date::new_0();
    date.set_date(date.get_date() + days);
    iso(&date)
}

/// `2026-11-24` as `24-11-2026`, the Dutch order.
pub fn date_text(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_string(),
    }
}

/// The time alone when `ms` is today, else with its date (a link that
/// expires tomorrow at 20:41 says so).
pub fn time_of(ms: i64) -> String {
    let day = |ms: i64| {
        let date = js_sys::Date::new(&(ms as f64).into());
        (date.get_full_year(), date.get_month(), date.get_date())
    };
    when(ms, day(ms) == day(now_ms()))
}

/// `20:49` for today, `24-11-2026 20:49` for another day.
pub fn when(ms: i64, today: bool) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    if today {
        time
    } else {
        format!(
            "{:02}-{:02}-{} {time}",
            date.get_date(),
            date.get_month() + 1,
            date.get_full_year()
        )
    }
}

const MONTHS: [(&str, &str); 12] = [
    ("jan", "Jan"),
    ("feb", "Feb"),
    ("mrt", "Mar"),
    ("apr", "Apr"),
    ("mei", "May"),
    ("jun", "Jun"),
    ("jul", "Jul"),
    ("aug", "Aug"),
    ("sep", "Sep"),
    ("okt", "Oct"),
    ("nov", "Nov"),
    ("dec", "Dec"),
];

/// A period's month name and year: `2026-11` as ("nov", "2026"); `None`
/// for a week or anything else.
pub fn month_of(label: &str, lang: Lang) -> Option<(&'static str, &str)> {
    let (year, month) = label.split_once('-')?;
    let (nl, en) = MONTHS.get(month.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some((if lang == Lang::En { en } else { nl }, year))
}

/// `2026-11` as "nov 2026" ("Nov 2026" in English).
pub fn month_text(label: &str, lang: Lang) -> String {
    month_of(label, lang).map_or_else(
        || label.to_string(),
        |(month, year)| format!("{month} {year}"),
    )
}
