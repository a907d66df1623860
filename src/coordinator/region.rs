//! A region coordinator's view: the counts of the region's teams, summed
//! by the server with every count under 5 shown as "minder dan 5" (and
//! whatever would give one away). A region's sign-in is kept apart from
//! the team sign-in: it never syncs, and it opens no team's screen.

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use drempel_core::contact::ChipLabel;
use drempel_core::region::RegionTable;
use drempel_core::wire::paths;
use leptos::prelude::*;
use serde::Deserialize;

use super::texts::CT;
use crate::shared::api::net_message;
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net::{self, NetError};
use crate::shared::region::{RegionSignIn, forget};
use crate::shared::report_view::{euros, shown_text};
use crate::shared::time::month_text;

/// What the server answers (`drempel_server::region::RegionView`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct RegionView {
    region: String,
    teams: Vec<String>,
    summary: drempel_core::region::RegionSummary,
}

/// `YYYY-MM` of the month `back` months before this one, in local time.
fn month_back(back: u32) -> String {
    let date = js_sys::Date::new_0();
    let months = date.get_full_year() as i64 * 12 + i64::from(date.get_month()) - i64::from(back);
    format!(
        "{:04}-{:02}",
        months.div_euclid(12),
        months.rem_euclid(12) + 1
    )
}

/// The phone's offset from UTC in minutes, east positive.
fn offset() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

#[component]
pub fn RegionScreen(signed_in: RwSignal<Option<RegionSignIn>>) -> impl IntoView {
    let lang = use_lang();
    let from = RwSignal::new(month_back(11));
    let until = RwSignal::new(month_back(0));
    let token = move || signed_in.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    let view_of = LocalResource::new(move || {
        let path = format!(
            "{}?from_month={}&until_month={}&offset={}",
            paths::REGION_DASHBOARD,
            from.get(),
            until.get(),
            offset()
        );
        let token = token();
        async move { net::get::<RegionView>(&path, token.as_deref()).await }
    });
    let sign_out = move |_| {
        let token = token();
        leptos::task::spawn_local(async move {
            // Ended here whatever the server says: the token is forgotten.
            let _ = net::post_empty(paths::REGION_LOGOUT, token.as_deref()).await;
            forget();
            signed_in.set(None);
        });
    };
    let title =
        move || signed_in.with(|s| s.as_ref().map(|s| s.region.clone()).unwrap_or_default());
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let path = format!(
            "{}?from_month={}&until_month={}&offset={}&lang={}",
            paths::REGION_EXPORT,
            from.get_untracked(),
            until.get_untracked(),
            offset(),
            lang.get_untracked().code()
        );
        let token = token();
        let name = format!(
            "drempel-regio-{}-{}.csv",
            from.get_untracked(),
            until.get_untracked()
        );
        leptos::task::spawn_local(async move {
            match net::get_blob(&path, token.as_deref()).await {
                Ok(blob) => {
                    download_error.set(None);
                    crate::shared::files::save_file(&name, &blob);
                }
                Err(err) => download_error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="region" aria-labelledby="region-title" data-testid="region-screen">
            <h1 id="region-title" class="screen-title">{title}</h1>
            <p class="hint">{tr(CT::RegionIntro)}</p>
            <form class="card filters" on:submit=|ev| ev.prevent_default()>
                <label class="field-label" for="region-from">{tr(CT::RegionFrom)}</label>
                <input id="region-from" class="field-input" type="month" data-testid="region-from"
                    prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/>
                <label class="field-label" for="region-until">{tr(CT::RegionUntil)}</label>
                <input id="region-until" class="field-input" type="month" data-testid="region-until"
                    prop:value=move || until.get() on:change=move |ev| until.set(event_target_value(&ev))/>
            </form>
            <Suspense fallback=move || view! { <p class="hint" role="status">{tr(CT::Loading)}</p> }>
                {move || view_of.get().map(|answer| match answer {
                    Ok(view) => region_figures(view, lang.get()).into_any(),
                    Err(err) => error_view(&err, lang.get(), signed_in).into_any(),
                })}
            </Suspense>
            <p class="hint">{tr(T::SmallHidden)}</p>
            <button type="button" class="button" data-testid="region-csv" on:click=download>{tr(CT::RegionCsv)}</button>
            {move || download_error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <button type="button" class="button" data-testid="region-logout" on:click=sign_out>{tr(CT::LogoutTitle)}</button>
        </section>
    }
}

fn error_view(
    err: &NetError,
    lang: Lang,
    signed_in: RwSignal<Option<RegionSignIn>>,
) -> impl IntoView {
    use drempel_core::wire::ErrorCode;
    // An ended sign-in: back to the sign-in form.
    if matches!(
        err.code(),
        Some(ErrorCode::Unauthenticated | ErrorCode::DeviceRevoked | ErrorCode::SessionExpired)
    ) {
        forget();
        signed_in.set(None);
    }
    view! { <p class="notice notice-error" role="alert" data-testid="region-error">{net_message(err, lang)}</p> }
}

fn region_figures(view: RegionView, lang: Lang) -> impl IntoView {
    let catalog = Catalog::default_catalog();
    let scheme = |id: &str| {
        catalog
            .scheme(id)
            .map_or(id.to_string(), |s| s.label.get(lang).to_string())
    };
    let barrier = |id: &str| {
        catalog
            .barrier(id)
            .map_or(id.to_string(), |b| b.label.get(lang).to_string())
    };
    let status = |code: &str| {
        drempel_core::contact::Status::ALL
            .iter()
            .find(|s| s.code() == code)
            .map_or(code.to_string(), |s| s.label(lang).to_string())
    };
    let summary = view.summary;
    let money = match (summary.money.grants, summary.money.euros_per_year) {
        (Some(grants), Some(euros_a_year)) => format!(
            "{} {} ({} {grants})",
            euros(euros_a_year, lang),
            CT::RegionPerYear.get(lang),
            CT::RegionGrants.get(lang)
        ),
        _ => T::EvUnlockedHidden.get(lang).to_string(),
    };
    let month = |label: &str| month_text(label, lang);
    view! {
        <div class="stack" data-testid="region-figures">
            <section class="card" aria-labelledby="region-teams">
                <h2 id="region-teams" class="card-title">{tr(CT::RegionTeams)}</h2>
                <ul data-testid="region-team-list">
                    {view.teams.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                </ul>
            </section>
            {table_card("region-contacts", CT::RegionContacts, &summary.contacts, &|t| t.to_string(), &month, lang)}
            {table_card("region-statuses", CT::RegionStatuses, &summary.statuses, &scheme, &status, lang)}
            {table_card("region-barriers", CT::RegionBarriers, &summary.barriers, &scheme, &barrier, lang)}
            {table_card("region-not-used", CT::RegionNotUsed, &summary.not_used, &|t| t.to_string(), &scheme, lang)}
            <section class="card" aria-labelledby="region-money">
                <h2 id="region-money" class="card-title">{tr(CT::RegionMoney)}</h2>
                <p data-testid="region-money-value">{money}</p>
            </section>
        </div>
    }
}

/// One table with its totals, every figure as the region may see it.
fn table_card(
    testid: &'static str,
    title: CT,
    table: &RegionTable,
    row_label: &dyn Fn(&str) -> String,
    column_label: &dyn Fn(&str) -> String,
    lang: Lang,
) -> impl IntoView + use<> {
    let heading = format!("{testid}-title");
    let labelled_by = heading.clone();
    let head: Vec<String> = table.columns.iter().map(|c| column_label(c)).collect();
    let rows: Vec<(String, Vec<String>)> = table
        .rows
        .iter()
        .zip(&table.cells)
        .zip(&table.row_totals)
        .map(|((row, cells), total)| {
            let mut figures: Vec<String> = cells.iter().map(|c| shown_text(*c, lang)).collect();
            figures.push(shown_text(*total, lang));
            (row_label(row), figures)
        })
        .collect();
    let mut totals: Vec<String> = table
        .column_totals
        .iter()
        .map(|c| shown_text(*c, lang))
        .collect();
    totals.push(shown_text(table.total, lang));
    let total_word = CT::RegionTotal.get(lang);
    let empty = table.rows.is_empty();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading class="card-title">{tr(title)}</h2>
            {if empty {
                view! { <p class="hint">{tr(CT::RegionNothing)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" aria-label=title.get(lang) tabindex="0">
                        <table class="data-table" data-testid=testid>
                            <thead><tr>
                                <th scope="col"></th>
                                {head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                                <th scope="col">{total_word}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(label, figures)| view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        {figures.into_iter().map(|f| view! { <td>{f}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                                <tr class="total" data-testid=format!("{testid}-totals")>
                                    <th scope="row">{total_word}</th>
                                    {totals.into_iter().map(|f| view! { <td>{f}</td> }).collect_view()}
                                </tr>
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
