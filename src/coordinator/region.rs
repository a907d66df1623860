//! A region coordinator's view: the counts of the region's teams, summed
//! by the server with every count under 5 shown as "minder dan 5" (and
//! whatever would give one away). A region's sign-in is kept apart from
//! the team sign-in: it never syncs, and it opens no team's screen.
//!
//! The region's own signals live here too: the team signal's fields,
//! counted over every team of the region in whole months, with each
//! team's figures beside the region's, every count under 5 hidden, the
//! money left unclaimed, and only quotes a team shared with the region.

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use drempel_core::contact::{Channel, ChipLabel, Household, Work};
use drempel_core::region::{RegionQuotesPage, RegionSignalView, RegionTable};
use drempel_core::signal::{SIGNALS_PAGE, Signal, SignalFilter, SignalInfo, SignalStatus};
use drempel_core::small::Shown;
use drempel_core::wire::paths;
use leptos::prelude::*;
use serde::Deserialize;

use super::texts::{CT, signal_invalid_text};
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

/// The region's signals, newest first, and the button for a new one.
#[component]
pub fn RegionSignals(
    token: StoredValue<Option<String>>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<SignalInfo>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let fetch = move |before: Option<String>| {
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let path = paths::region_signals(before.as_deref());
            match net::get::<Vec<SignalInfo>>(&path, token.as_deref()).await {
                Ok(page) => {
                    more.set(page.len() == SIGNALS_PAGE);
                    list.update(|l| l.extend(page));
                    error.set(None);
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    fetch(None);
    view! {
        <section class="card stack" aria-labelledby="region-signals-title">
            <h2 id="region-signals-title" class="card-title">{tr(CT::RegionSignals)}</h2>
            <p class="hint">{tr(CT::RegionSignalsIntro)}</p>
            <button type="button" class="button button-primary" data-testid="region-new-signal"
                on:click=move |_| open.set(Some("new".into()))>{tr(CT::NewSignal)}</button>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <Show when=move || list.with(Vec::is_empty) && error.with(Option::is_none)>
                <p>{tr(CT::NoSignals)}</p>
            </Show>
            <ul class="plain-list" role="list" data-testid="region-signal-list">
                {move || list.get().into_iter().map(|info| {
                    let id = info.signal.id.clone();
                    let status = info.signal.status;
                    view! {
                        <li class="list-row">
                            <button type="button" class="link-button" on:click=move |_| open.set(Some(id.clone()))>
                                {info.signal.title.clone()}
                            </button>
                            <span class="status-badge">{move || status.label(lang.get())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || more.get()>
                <button type="button" class="button"
                    on:click=move |_| fetch(list.with_untracked(|l| l.last().map(|i| i.signal.id.clone())))>
                    {tr(T::ShowMore)}
                </button>
            </Show>
        </section>
    }
}

/// The month (`YYYY-MM`) of a stored day, for a month field.
fn month_of(day: &Option<String>) -> String {
    day.as_deref()
        .and_then(|d| d.get(..7))
        .unwrap_or_default()
        .to_string()
}

/// Writes a region signal (`new` for a new one) and shows its evidence.
#[component]
pub fn RegionSignalEditor(
    id: String,
    token: StoredValue<Option<String>>,
    open: RwSignal<Option<String>>,
    default_from: String,
    default_until: String,
) -> impl IntoView {
    let lang = use_lang();
    let catalog = StoredValue::new(Catalog::default_catalog());
    let draft = RwSignal::new(Signal {
        filter: SignalFilter {
            scheme: catalog
                .with_value(|c| c.schemes.first().map(|s| s.id.clone()).unwrap_or_default()),
            from: Some(format!("{default_from}-01")),
            until: Some(format!("{default_until}-01")),
            ..SignalFilter::default()
        },
        ..Signal::default()
    });
    let shown = RwSignal::new(None::<RegionSignalView>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let load = move |id: String| {
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            match net::get::<RegionSignalView>(&paths::region_signal(&id), token.as_deref()).await {
                Ok(view) => {
                    draft.set(view.signal.clone());
                    shown.set(Some(view));
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    if id != "new" {
        load(id);
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = draft.get_untracked();
        let lang_now = lang.get_untracked();
        if let Err(invalid) = body.validate_for_region() {
            error.set(Some(signal_invalid_text(&invalid, lang_now, true)));
            return;
        }
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let answer = if body.id.is_empty() {
                net::post::<_, SignalInfo>(paths::REGION_SIGNALS, token.as_deref(), &body).await
            } else {
                net::put::<_, SignalInfo>(&paths::region_signal(&body.id), token.as_deref(), &body)
                    .await
            };
            match answer {
                Ok(info) => {
                    error.set(None);
                    saved.set(true);
                    load(info.signal.id);
                }
                // The form keeps what was typed; only the message is new.
                Err(err) => error.set(Some(net_message(&err, lang_now))),
            }
        });
    };
    let text = move |label: CT,
                     testid: &'static str,
                     get: fn(&Signal) -> String,
                     set: fn(&mut Signal, String),
                     multiline: bool| {
        let input_id = format!("rsig-{testid}");
        let value = move || draft.with(get);
        let on_input = move |ev: leptos::ev::Event| {
            let typed = event_target_value(&ev);
            draft.update(|d| set(d, typed));
        };
        view! {
            <label class="field-label" for=input_id.clone()>{tr(label)}</label>
            {if multiline {
                view! { <textarea id=input_id class="field-input field-textarea" rows="4" data-testid=testid prop:value=value on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input id=input_id class="field-input" type="text" data-testid=testid prop:value=value on:input=on_input/> }.into_any()
            }}
        }
    };
    let month = move |label: CT,
                      testid: &'static str,
                      get: fn(&Signal) -> &Option<String>,
                      set: fn(&mut Signal, Option<String>)| {
        let input_id = format!("rsig-{testid}");
        view! {
            <label class="field-label" for=input_id.clone()>{tr(label)}</label>
            <input id=input_id class="field-input" type="month" data-testid=testid
                prop:value=move || draft.with(|d| month_of(get(d)))
                on:change=move |ev| {
                    let month = event_target_value(&ev);
                    draft.update(|d| set(d, Some(month).filter(|m| !m.is_empty()).map(|m| format!("{m}-01"))));
                }/>
        }
    };
    let date = move |label: CT,
                     testid: &'static str,
                     get: fn(&Signal) -> Option<String>,
                     set: fn(&mut Signal, Option<String>)| {
        let input_id = format!("rsig-{testid}");
        view! {
            <label class="field-label" for=input_id.clone()>{tr(label)}</label>
            <input id=input_id class="field-input" type="date" data-testid=testid
                prop:value=move || draft.with(|d| get(d).unwrap_or_default())
                on:input=move |ev| {
                    let day = event_target_value(&ev);
                    draft.update(|d| set(d, Some(day).filter(|d| !d.is_empty())));
                }/>
        }
    };
    let options = move |barriers: bool| {
        catalog.with_value(|c| {
            let lang = lang.get();
            if barriers {
                c.barriers
                    .iter()
                    .map(|b| (b.id.clone(), b.label.get(lang).to_string()))
                    .collect::<Vec<_>>()
            } else {
                c.schemes
                    .iter()
                    .map(|s| (s.id.clone(), s.label.get(lang).to_string()))
                    .collect::<Vec<_>>()
            }
        })
    };
    view! {
        <div class="stack">
            <p class="no-print">
                <button type="button" class="link-button" data-testid="region-back" on:click=move |_| open.set(None)>{tr(CT::RegionBack)}</button>
            </p>
            <form class="card stack no-print" novalidate on:submit=save aria-labelledby="rsig-form-title">
                <h1 id="rsig-form-title" class="screen-title">{tr(CT::RegionSignals)}</h1>
                {text(CT::SignalTitleLabel, "rsig-title", |s| s.title.clone(), |s, v| s.title = v, false)}
                {text(CT::SignalProblemLabel, "rsig-problem", |s| s.problem.clone(), |s, v| s.problem = v, true)}
                <fieldset class="stack">
                    <legend class="field-label">{tr(CT::SignalEvidenceTitle)}</legend>
                    <label class="field-label" for="rsig-scheme">{tr(T::SchemeWord)}</label>
                    <select id="rsig-scheme" class="field-input" data-testid="rsig-scheme"
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.filter.scheme = v); }>
                        {move || options(false).into_iter().map(|(id, name)| {
                            let selected = draft.with_untracked(|d| d.filter.scheme == id);
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <label class="field-label" for="rsig-barrier">{tr(T::BarrierWord)}</label>
                    <select id="rsig-barrier" class="field-input" data-testid="rsig-barrier"
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.filter.barrier = Some(v).filter(|v| !v.is_empty())); }>
                        <option value="">{tr(CT::AnyBarrier)}</option>
                        {move || options(true).into_iter().map(|(id, name)| {
                            let selected = draft.with_untracked(|d| d.filter.barrier.as_deref() == Some(id.as_str()));
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    {month(CT::RegionFromNeeded, "rsig-from", |s| &s.filter.from, |s, v| s.filter.from = v)}
                    {month(CT::RegionUntilNeeded, "rsig-until", |s| &s.filter.until, |s, v| s.filter.until = v)}
                </fieldset>
                {text(CT::SignalAskLabel, "rsig-ask", |s| s.ask.clone(), |s, v| s.ask = v, true)}
                <div class="chip-row" role="group" aria-labelledby="rsig-status-label">
                    <span id="rsig-status-label" class="field-label">{tr(CT::SignalStatusLabel)}</span>
                    {SignalStatus::ALL.into_iter().map(|status| view! {
                        <button type="button" class="chip"
                            aria-pressed=move || draft.with(|d| d.status == status).to_string()
                            on:click=move |_| draft.update(|d| d.status = status)>
                            {move || status.label(lang.get())}
                        </button>
                    }).collect_view()}
                </div>
                {date(CT::SentOnLabel, "rsig-sent-on", |s| s.sent_on.clone(), |s, v| s.sent_on = v)}
                {text(CT::AnswerLabel, "rsig-answer", |s| s.answer.clone(), |s, v| s.answer = v, true)}
                {date(CT::AnsweredOnLabel, "rsig-answered-on", |s| s.answered_on.clone(), |s, v| s.answered_on = v)}
                {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="rsig-error">{text}</p> })}
                <p role="status" class="field-hint" data-testid="rsig-saved">{move || saved.get().then(|| CT::SignalSaved.get(lang.get()))}</p>
                <button type="submit" class="button button-primary" data-testid="rsig-save">{tr(CT::SaveSignal)}</button>
            </form>
            {move || shown.get().map(|view| evidence_view(view, lang.get()))}
        </div>
    }
}

/// The signal as it prints: its text, the region's figures with each
/// team's beside them, the estimate and the shared quotes.
fn evidence_view(view: RegionSignalView, lang: Lang) -> impl IntoView {
    let evidence = view.evidence;
    let months = if evidence.from_month == evidence.until_month {
        format!(
            "{} {}",
            CT::RegionMonthsCounted.get(lang),
            month_text(&evidence.from_month, lang)
        )
    } else {
        format!(
            "{} {} – {}",
            CT::RegionMonthsCounted.get(lang),
            month_text(&evidence.from_month, lang),
            month_text(&evidence.until_month, lang)
        )
    };
    let title = view.signal.title.clone();
    let scheme = view.scheme.get(lang).to_string();
    let barrier = view.barrier.as_ref().map(|b| b.get(lang).to_string());
    // Each team's figures in one table: contacts, discussed, not used
    // and (when the signal names one) the barrier.
    let mut columns = vec![
        CT::ContactsColumn.get(lang).to_string(),
        CT::DiscussedColumn.get(lang).to_string(),
        CT::NotUsedColumn.get(lang).to_string(),
    ];
    let mut parts: Vec<&RegionTable> =
        vec![&evidence.contacts, &evidence.discussed, &evidence.not_used];
    if let (Some(table), Some(name)) = (&evidence.barrier, &barrier) {
        columns.push(name.clone());
        parts.push(table);
    }
    let per_team: Vec<(String, Vec<String>)> = evidence
        .contacts
        .rows
        .iter()
        .enumerate()
        .map(|(i, team)| {
            let figures = parts
                .iter()
                .map(|t| shown_text(t.row_totals.get(i).copied().unwrap_or(Shown::Hidden), lang))
                .collect();
            (team.clone(), figures)
        })
        .chain(std::iter::once((
            CT::RegionTotal.get(lang).to_string(),
            parts.iter().map(|t| shown_text(t.total, lang)).collect(),
        )))
        .collect();
    let percent = evidence.non_use_percent.map(|p| format!("{p}%"));
    let estimate = evidence.estimate.as_ref().map(|e| {
        format!(
            "{} {} ({} × {})",
            euros(e.euros_per_year, lang),
            CT::RegionPerYear.get(lang),
            e.not_used,
            CT::NotUsedColumn.get(lang).to_lowercase()
        )
    });
    let month = move |label: &str| month_text(label, lang);
    view! {
        <article class="card stack signal-document" data-testid="rsig-document" aria-labelledby="rsig-doc-title">
            <h2 id="rsig-doc-title" class="card-title">{title}</h2>
            <p>{view.region.clone()}</p>
            {(!view.signal.problem.is_empty()).then(|| view! { <p>{view.signal.problem.clone()}</p> })}
            <p><strong>{scheme}</strong>{barrier.clone().map(|b| format!(" · {b}"))}</p>
            <p class="field-hint" data-testid="rsig-months">{months}</p>
            <div class="table-scroll" role="region" aria-label=CT::RegionByTeam.get(lang) tabindex="0">
                <table class="data-table" data-testid="rsig-teams">
                    <caption>{tr(CT::RegionByTeam)}</caption>
                    <thead><tr>
                        <th scope="col"></th>
                        {columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {per_team.into_iter().map(|(team, figures)| view! {
                            <tr>
                                <th scope="row">{team}</th>
                                {figures.into_iter().map(|f| view! { <td>{f}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {percent.map(|p| view! { <p data-testid="rsig-percent">{CT::NotUsedColumn.get(lang)}": "{p}</p> })}
            {table_card("rsig-months-table", CT::RegionNotUsed, &evidence.not_used, &|t| t.to_string(), &month, lang)}
            <section aria-labelledby="rsig-money">
                <h3 id="rsig-money" class="card-title">{tr(CT::RegionUnclaimed)}</h3>
                <p data-testid="rsig-estimate">{estimate.unwrap_or_else(|| CT::RegionNoUnclaimed.get(lang).to_string())}</p>
                <p class="field-hint">{tr(CT::RegionUnclaimedHint)}</p>
            </section>
            {(!evidence.quotes.is_empty()).then(|| view! {
                <ul class="plain-list" role="list" data-testid="rsig-quotes">
                    {evidence.quotes.iter().map(|q| view! {
                        <li class="quote"><blockquote>{q.text.clone()}</blockquote><span class="field-hint">{q.team.clone()}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!view.signal.ask.is_empty()).then(|| view! { <p><strong>{view.signal.ask.clone()}</strong></p> })}
            <p class="hint">{tr(T::SmallHidden)}</p>
            <button type="button" class="button no-print" data-testid="rsig-print" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button>
        </article>
    }
}
