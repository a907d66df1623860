//! A region coordinator's view: the counts of the region's teams, summed
//! by the server with every count under 5 shown as "minder dan 5" (and
//! whatever would give one away). A region's sign-in is kept apart from
//! the team sign-in: it never syncs, and it opens no team's screen.

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, ChipLabel, Household, Work};
use drempel_core::region::{RegionQuotesPage, RegionTable};
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

use super::region_signals::{RegionSignalEditor, RegionSignals};

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
    let channel = RwSignal::new(None::<Channel>);
    let household = RwSignal::new(None::<Household>);
    let work = RwSignal::new(None::<Work>);
    // The signal open on the screen: none for the figures, `new`, or an id.
    let open = RwSignal::new(None::<String>);
    let token = move || signed_in.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    let stored_token = StoredValue::new(token());
    // The dashboard's question: months and the filters set.
    let query = move || {
        let mut query = format!(
            "from_month={}&until_month={}&offset={}",
            from.get(),
            until.get(),
            offset()
        );
        if let Some(c) = channel.get() {
            query.push_str(&format!("&channel={}", c.code()));
        }
        if let Some(h) = household.get() {
            query.push_str(&format!("&household={}", h.code()));
        }
        if let Some(w) = work.get() {
            query.push_str(&format!("&work={}", w.code()));
        }
        query
    };
    let view_of = LocalResource::new(move || {
        let path = format!("{}?{}", paths::REGION_DASHBOARD, query());
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
            "{}?{}&lang={}",
            paths::REGION_EXPORT,
            untrack(query),
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
    let choice = move |id: &'static str,
                       label: (&'static str, &'static str),
                       all: CT,
                       options: Vec<(&'static str, &'static str, &'static str)>,
                       set: Callback<String>| {
        view! {
            <label class="field-label" for=id>{move || if lang.get() == Lang::En { label.1 } else { label.0 }}</label>
            <select id=id class="field-input" data-testid=id on:change=move |ev| set.run(event_target_value(&ev))>
                <option value="">{tr(all)}</option>
                {options.into_iter().map(|(code, nl, en)| view! {
                    <option value=code>{move || if lang.get() == Lang::En { en } else { nl }}</option>
                }).collect_view()}
            </select>
        }
    };
    let overview = move || {
        let labels = |code: &'static str, label: &dyn Fn(Lang) -> &'static str| {
            (code, label(Lang::Nl), label(Lang::En))
        };
        let channels = Channel::ALL
            .iter()
            .map(|c| labels(c.code(), &|l| c.label(l)))
            .collect();
        let households = Household::ALL
            .iter()
            .map(|h| labels(h.code(), &|l| h.label(l)))
            .collect();
        let works = Work::ALL
            .iter()
            .map(|w| labels(w.code(), &|l| w.label(l)))
            .collect();
        view! {
            <p class="hint">{tr(CT::RegionIntro)}</p>
            <form class="card filters" on:submit=|ev| ev.prevent_default()>
                <label class="field-label" for="region-from">{tr(CT::RegionFrom)}</label>
                <input id="region-from" class="field-input" type="month" data-testid="region-from"
                    prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/>
                <label class="field-label" for="region-until">{tr(CT::RegionUntil)}</label>
                <input id="region-until" class="field-input" type="month" data-testid="region-until"
                    prop:value=move || until.get() on:change=move |ev| until.set(event_target_value(&ev))/>
                {choice("region-channel", (T::ChannelLabel.get(Lang::Nl), T::ChannelLabel.get(Lang::En)), CT::AllChannels, channels, Callback::new(move |code: String| channel.set(Channel::ALL.into_iter().find(|c| c.code() == code))))}
                {choice("region-household", (T::HouseholdLabel.get(Lang::Nl), T::HouseholdLabel.get(Lang::En)), CT::RegionAllHouseholds, households, Callback::new(move |code: String| household.set(Household::ALL.into_iter().find(|h| h.code() == code))))}
                {choice("region-work", (CT::WorkColumn.get(Lang::Nl), CT::WorkColumn.get(Lang::En)), CT::AllWork, works, Callback::new(move |code: String| work.set(Work::ALL.into_iter().find(|w| w.code() == code))))}
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
            <RegionSignals token=stored_token open/>
            <RegionQuotes token=stored_token/>
        }
    };
    view! {
        <section class="region" aria-labelledby="region-title" data-testid="region-screen">
            <h1 id="region-title" class="screen-title">{title}</h1>
            {move || match open.get() {
                None => overview().into_any(),
                Some(id) => view! {
                    <RegionSignalEditor id token=stored_token open
                        default_from=from.get_untracked() default_until=until.get_untracked()/>
                }.into_any(),
            }}
            <button type="button" class="button" data-testid="region-logout" on:click=sign_out>{tr(CT::LogoutTitle)}</button>
        </section>
    }
}

/// The quotes the region's teams shared with it, newest first.
#[component]
fn RegionQuotes(token: StoredValue<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let offset = RwSignal::new(0u32);
    let shown = RwSignal::new(Vec::<drempel_core::region::RegionQuote>::new());
    let next = RwSignal::new(None::<u32>);
    let page = LocalResource::new(move || {
        let path = paths::region_quotes(offset.get());
        let token = token.get_value();
        async move { net::get::<RegionQuotesPage>(&path, token.as_deref()).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(answer)) = page.get() {
            shown.update(|q| q.extend(answer.quotes.clone()));
            next.set(answer.next_offset);
        }
    });
    view! {
        <section class="card" aria-labelledby="region-quotes-title">
            <h2 id="region-quotes-title" class="card-title">{tr(CT::RegionQuotes)}</h2>
            {move || match page.get() {
                Some(Err(err)) => Some(view! { <p class="notice notice-error" role="alert">{net_message(&err, lang.get())}</p> }),
                _ => None,
            }}
            <Show when=move || shown.with(Vec::is_empty)>
                <p>{tr(CT::RegionNoQuotes)}</p>
            </Show>
            <ul class="plain-list" role="list" data-testid="region-quotes">
                {move || shown.get().into_iter().map(|q| view! {
                    <li class="quote"><blockquote>{q.text}</blockquote><span class="field-hint">{q.team}</span></li>
                }).collect_view()}
            </ul>
            {move || next.get().map(|at| view! {
                <button type="button" class="button" on:click=move |_| offset.set(at)>{tr(T::ShowMore)}</button>
            })}
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
    let per_year = CT::RegionPerYear.get(lang);
    let unclaimed_total = format!(
        "{} {per_year}",
        euros(
            summary
                .money
                .unclaimed
                .iter()
                .map(|l| l.euros_per_year)
                .sum(),
            lang
        )
    );
    let unclaimed: Vec<String> = summary
        .money
        .unclaimed
        .iter()
        .map(|l| {
            format!(
                "{}: {} {per_year} ({} × {})",
                scheme(&l.scheme),
                euros(l.euros_per_year, lang),
                l.not_used,
                CT::NotUsedColumn.get(lang).to_lowercase()
            )
        })
        .collect();
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
                <h3 class="card-title">{tr(CT::RegionUnclaimed)}</h3>
                {if unclaimed.is_empty() {
                    view! { <p data-testid="region-unclaimed">{tr(CT::RegionNoUnclaimed)}</p> }.into_any()
                } else {
                    view! {
                        <p data-testid="region-unclaimed"><strong>{unclaimed_total}</strong></p>
                        <ul class="plain-list" role="list">
                            {unclaimed.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="field-hint">{tr(CT::RegionUnclaimedHint)}</p>
            </section>
        </div>
    }
}

/// One table with its totals, every figure as the region may see it.
pub(super) fn table_card(
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
