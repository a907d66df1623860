//! The coordinator's dashboard: non-use per scheme, the scheme × barrier
//! table, contacts per month, the top barriers per location, and the wall
//! of quotes residents agreed to share. The figures are counted by the
//! server (one route, core's rules); the phone keeps the last answers,
//! dated, and shows them offline saying they may be out of date. Every
//! chart is SVG drawn here, with a table of the same numbers beside it.

use drempel_core::Lang;
use drempel_core::catalog::{Catalog, CatalogHistory};
use drempel_core::contact::{Channel, ChipLabel, Status, Work};
use drempel_core::money::Decision;
use drempel_core::money::estimate;
use drempel_core::stats::{Filter, KeptAnswer, Period, Summary};
use leptos::prelude::*;

use super::texts::CT;
use crate::shared::Screen;
use crate::shared::api::{load, net_message, token};
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net;
use crate::shared::records::now_ms;
use crate::shared::report_view::euros;
use crate::shared::storage;
use crate::shared::time::{month_of, time_of};
use crate::shared::use_catalog;
use drempel_core::consultation::ConsultationInfo;
use drempel_core::wire::QuoteInfo;
use drempel_core::wire::paths;

const DAY: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    All,
    Days30,
    Months12,
}

impl Span {
    /// From the start of a day, so the same choice asks the same question
    /// all day (and finds its kept answer offline).
    fn from(self, now: i64) -> Option<i64> {
        let today = now - now.rem_euclid(DAY);
        match self {
            Span::All => None,
            Span::Days30 => Some(today - 30 * DAY),
            Span::Months12 => Some(today - 365 * DAY),
        }
    }
}

/// What the dashboard shows: an answer and whether it is fresh from the
/// server, or why there is none.
#[derive(Debug, Clone, PartialEq)]
enum Figures {
    Loading,
    Fresh(KeptAnswer),
    /// The server did not answer; the last answer this phone had.
    Kept(KeptAnswer),
    Missing(String),
}

/// Minutes to add to UTC for local time (the browser knows).
fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    let span = RwSignal::new(Span::All);
    let site = RwSignal::new(String::new());
    let channel = RwSignal::new(None::<Channel>);
    let work = RwSignal::new(None::<Work>);
    let scheme_filter = RwSignal::new(String::new());

    let kept = RwSignal::new(storage::load_dashboard());
    let sites = Memo::new(move |_| kept.with(|k| k.sites()));
    let filter = Memo::new(move |_| Filter {
        from: span.get().from(now_ms()),
        until: None,
        site: Some(site.get()).filter(|s| !s.is_empty()),
        channel: channel.get(),
        household: None,
        work: work.get(),
    });
    let query = Memo::new(move |_| {
        drempel_core::wire::paths::dashboard(&filter.get(), Period::Month, local_offset_minutes())
    });
    let figures = RwSignal::new(Figures::Loading);
    let token = token();
    Effect::new(move |_| {
        let asked = query.get();
        // The kept answer shows at once; the server's replaces it.
        figures.set(match kept.with_untracked(|k| k.get(&asked).cloned()) {
            Some(answer) => Figures::Kept(answer),
            None => Figures::Loading,
        });
        let token = token.clone();
        leptos::task::spawn_local(async move {
            let answer = net::get::<Summary>(&asked, token.as_deref()).await;
            if asked != query.get_untracked() {
                return; // the filter changed meanwhile
            }
            match answer {
                Ok(summary) => {
                    let at = now_ms();
                    kept.update(|k| k.keep(asked.clone(), at, summary.clone()));
                    // A copy for offline use; not keeping it loses nothing.
                    let _ = kept.with_untracked(storage::save_dashboard);
                    figures.set(Figures::Fresh(KeptAnswer {
                        query: asked,
                        at,
                        summary,
                    }));
                }
                Err(err) => {
                    if !matches!(figures.get_untracked(), Figures::Kept(_)) {
                        figures.set(Figures::Missing(net_message(&err, lang.get_untracked())));
                    }
                }
            }
        });
    });
    let summary = Memo::new(move |_| match figures.get() {
        Figures::Fresh(a) | Figures::Kept(a) => a.summary,
        Figures::Loading | Figures::Missing(_) => Summary::default(),
    });
    let scheme_name = move |id: &str, lang: Lang| {
        catalog.with(|c| {
            c.scheme(id)
                .map_or_else(|| id.to_string(), |s| s.label.get(lang).to_string())
        })
    };

    let span_choice = move |value: Span, label: CT, testid: &'static str| {
        view! {
            <button type="button" class="chip" data-testid=testid aria-pressed=move || (span.get() == value).to_string()
                on:click=move |_| span.set(value)>{tr(label)}</button>
        }
    };

    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title" class="screen-title">{tr(CT::DashboardTitle)}</h1>
            <p><a href=Screen::Signals.hash() data-testid="open-signals">{tr(CT::OpenSignals)}</a></p>
            <div class="card stack" role="group" aria-label=tr(CT::Filters)>
                <div class="chip-row" role="group" aria-label=tr(CT::PeriodLabel)>
                    <span class="field-label">{tr(CT::PeriodLabel)}</span>
                    {span_choice(Span::All, CT::SpanAll, "span-all")}
                    {span_choice(Span::Days30, CT::Span30, "span-30")}
                    {span_choice(Span::Months12, CT::Span12, "span-12")}
                </div>
                <label class="field-label" for="filter-site">{tr(T::SiteLabel)}</label>
                <select id="filter-site" class="field-input" data-testid="filter-site"
                    on:change=move |ev| site.set(event_target_value(&ev))>
                    <option value="">{tr(CT::Everywhere)}</option>
                    {move || sites.get().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                </select>
                <label class="field-label" for="filter-channel">{tr(T::ChannelLabel)}</label>
                <select id="filter-channel" class="field-input" data-testid="filter-channel"
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        channel.set(Channel::ALL.into_iter().find(|c| c.code() == code));
                    }>
                    <option value="">{tr(CT::AllChannels)}</option>
                    {Channel::ALL.into_iter().map(|c| view! { <option value=c.code()>{move || c.label(lang.get())}</option> }).collect_view()}
                </select>
                <label class="field-label" for="filter-work">{tr(CT::WorkColumn)}</label>
                <select id="filter-work" class="field-input" data-testid="filter-work"
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        work.set(Work::ALL.into_iter().find(|w| w.code() == code));
                    }>
                    <option value="">{tr(CT::AllWork)}</option>
                    {Work::ALL.into_iter().map(|w| view! { <option value=w.code()>{move || w.label(lang.get())}</option> }).collect_view()}
                </select>
            </div>
            {move || match figures.get() {
                Figures::Loading => view! { <p role="status" data-testid="dash-as-of">{tr(CT::Loading)}</p> }.into_any(),
                Figures::Fresh(answer) => view! {
                    <p class="field-hint" data-testid="dash-as-of">{move || format!("{} {}", CT::FiguresOf.get(lang.get()), time_of(answer.at))}</p>
                }.into_any(),
                Figures::Kept(answer) => view! {
                    <p class="notice notice-warn" role="status" data-testid="dash-as-of" data-state="kept">
                        {move || format!("{} {}. {}", CT::FiguresOf.get(lang.get()), time_of(answer.at), CT::MaybeOutdated.get(lang.get()))}
                    </p>
                }.into_any(),
                Figures::Missing(why) => view! {
                    <p class="notice notice-error" role="alert" data-testid="dash-as-of" data-state="missing">
                        {move || format!("{} {}", CT::NoFiguresYet.get(lang.get()), why)}
                    </p>
                }.into_any(),
            }}
            <p class="key-figure" data-testid="dash-contacts">
                <strong>{move || summary.with(|s| s.contacts)}</strong>" "{tr(CT::ContactsCounted)}
            </p>
            // Drawn as one piece of markup: the charts and tables are many
            // small elements, and as views they would cost the app (which
            // every volunteer downloads) tens of kilobytes.
            <div class="stack" data-testid="dash-report" inner_html=move || {
                let lang = lang.get();
                summary.with(|s| catalog.with(|c| report_html(s, lang, c)))
            }></div>
            <Quotes filter scheme_filter scheme_name/>
            <ConsultationTotals/>
        </section>
    }
}

/// Quotes residents agreed to share, newest first, filterable by scheme
/// and barrier (the dashboard's other filters apply too).
/// The wall of quotes residents agreed to share, a page at a time from the
/// server, with the dashboard's filter and a scheme and barrier of its own.
#[component]
fn Quotes(
    filter: Memo<Filter>,
    scheme_filter: RwSignal<String>,
    scheme_name: impl Fn(&str, Lang) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let catalog = use_catalog();
    let barrier_filter = RwSignal::new(String::new());
    let history = crate::shared::content::use_content().history;
    let quotes = RwSignal::new(Vec::<QuoteInfo>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let token = StoredValue::new(token());
    // Asks for the page after the last quote shown (the first page when
    // `fresh`); an answer to an older question is dropped.
    let fetch = move |fresh: bool| {
        let asked = (
            filter.get_untracked(),
            scheme_filter.get_untracked(),
            barrier_filter.get_untracked(),
        );
        let after = if fresh {
            None
        } else {
            quotes.with_untracked(|q| q.last().map(|q| (q.created_at, q.id.clone())))
        };
        let path = drempel_core::wire::paths::quotes(
            &asked.0,
            &asked.1,
            &asked.2,
            after.as_ref().map(|(at, id)| (*at, id.as_str())),
        );
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let answer = net::get::<Vec<QuoteInfo>>(&path, token.as_deref()).await;
            let now = (
                filter.get_untracked(),
                scheme_filter.get_untracked(),
                barrier_filter.get_untracked(),
            );
            if now != asked {
                return;
            }
            match answer {
                Ok(page) => {
                    more.set(page.len() == drempel_core::wire::QUOTES_PAGE);
                    error.set(None);
                    if fresh {
                        quotes.set(page);
                    } else {
                        quotes.update(|q| q.extend(page));
                    }
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    Effect::new(move |_| {
        filter.track();
        scheme_filter.track();
        barrier_filter.track();
        fetch(true);
    });
    // Shares a quote with the team's regions, or stops sharing it.
    let on_wall_click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button[data-quote]").ok().flatten())
        else {
            return;
        };
        let id = button.get_attribute("data-quote").unwrap_or_default();
        let share = button.get_attribute("data-regional").as_deref() != Some("true");
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let path = drempel_core::wire::paths::quote_region(&id);
            match net::mark(&path, token.as_deref(), share).await {
                Ok(()) => {
                    error.set(None);
                    quotes.update(|q| {
                        if let Some(quote) = q.iter_mut().find(|q| q.id == id) {
                            quote.regional = share;
                        }
                    });
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    let shown = Memo::new(move |_| {
        let lang = lang.get();
        quotes.with(|q| {
            history.with(|h| {
                q.iter()
                    .map(|quote| quote_of(quote, h, lang))
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <section class="card" aria-labelledby="quotes-title">
            <h2 id="quotes-title" class="card-title">{tr(CT::QuotesTitle)}</h2>
            <label class="field-label" for="filter-scheme">{tr(CT::SchemeColumn)}</label>
            <select id="filter-scheme" class="field-input" data-testid="filter-scheme"
                on:change=move |ev| scheme_filter.set(event_target_value(&ev))>
                <option value="">{tr(CT::AllSchemes)}</option>
                {move || catalog.with(|c| c.schemes.iter().map(|s| s.id.clone()).collect::<Vec<_>>()).into_iter().map(|id| {
                    let name = scheme_name(&id, lang.get());
                    view! { <option value=id>{name}</option> }
                }).collect_view()}
            </select>
            <label class="field-label" for="filter-barrier">{tr(CT::BarrierColumn)}</label>
            <select id="filter-barrier" class="field-input" data-testid="filter-barrier"
                on:change=move |ev| barrier_filter.set(event_target_value(&ev))>
                <option value="">{tr(CT::AllBarriers)}</option>
                {move || catalog.with(|c| c.barriers.iter().map(|b| (b.id.clone(), b.label.get(lang.get()).to_string())).collect::<Vec<_>>())
                    .into_iter()
                    .map(|(id, name)| view! { <option value=id>{name}</option> })
                    .collect_view()}
            </select>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="quotes-error">{text}</p> })}
            <Show when=move || shown.with(Vec::is_empty) && error.with(Option::is_none)>
                <p>{tr(CT::NoQuotes)}</p>
            </Show>
            // One click handler for the whole wall: each quote's button says
            // which quote and whether the regions read it now.
            <ul class="plain-list" role="list" data-testid="quote-wall" on:click=on_wall_click inner_html=move || {
                let lang = lang.get();
                shown.with(|q| q.iter().map(|quote| {
                    let about = quote
                        .schemes
                        .iter()
                        .map(|(scheme, status)| format!("{scheme} · {}", status.label(lang)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let (note, button) = if quote.regional {
                        (
                            format!("<span class=\"field-hint\" data-testid=\"quote-regional\">{}</span>", esc(CT::SharedWithRegion.get(lang))),
                            CT::StopRegionShare.get(lang),
                        )
                    } else {
                        (String::new(), CT::ShareWithRegion.get(lang))
                    };
                    format!(
                        "<li class=\"quote\"><blockquote>{}</blockquote><span class=\"field-hint\">{}</span>{note}\
                         <button type=\"button\" class=\"button\" data-testid=\"quote-region\" data-quote=\"{}\" data-regional=\"{}\">{}</button></li>",
                        esc(&quote.text),
                        esc(&about),
                        esc(&quote.id),
                        quote.regional,
                        esc(button),
                    )
                }).collect::<String>())
            }></ul>
            <Show when=move || more.get()>
                <button type="button" class="button" data-testid="more-quotes" on:click=move |_| fetch(false)>{tr(T::ShowMore)}</button>
            </Show>
        </section>
    }
}

/// A quote and its schemes with what the resident said, named as the
/// catalog version the contact was made with named them.
fn quote_of(quote: &QuoteInfo, history: &CatalogHistory, lang: Lang) -> ShownQuote {
    let schemes = quote
        .findings
        .iter()
        .map(|f| {
            let name = history
                .scheme_label(quote.catalog_version, &f.scheme)
                .map_or_else(|| f.scheme.clone(), |l| l.get(lang).to_string());
            (name, f.status)
        })
        .collect();
    ShownQuote {
        id: quote.id.clone(),
        text: quote.text.clone(),
        schemes,
        regional: quote.regional,
    }
}

/// A quote as the wall shows it.
#[derive(Clone, PartialEq)]
struct ShownQuote {
    id: String,
    text: String,
    schemes: Vec<(String, Status)>,
    regional: bool,
}

/// A period on a chart's axis: `2026-11` as "nov 26", `2026-W48` as "w48".
fn period_short(label: &str, lang: Lang) -> String {
    match month_of(label, lang) {
        Some((month, year)) => format!("{month} {}", year.get(2..).unwrap_or(year)),
        None => label
            .split_once("-W")
            .map_or_else(|| label.to_string(), |(_, week)| format!("w{week}")),
    }
}

/// A period in a table: `2026-11` as "nov 2026", `2026-W48` as "Week 48
/// van 2026".
fn period_long(label: &str, lang: Lang) -> String {
    match month_of(label, lang) {
        Some((month, year)) => format!("{month} {year}"),
        None => label.split_once("-W").map_or_else(
            || label.to_string(),
            |(year, week)| {
                CT::WeekOfYear
                    .get(lang)
                    .replace("{w}", week)
                    .replace("{y}", year)
            },
        ),
    }
}

/// Text made safe to place in markup.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn label_of(catalog: &Catalog, id: &str, lang: Lang, scheme: bool) -> String {
    let label = if scheme {
        catalog.scheme(id).map(|s| s.label.get(lang))
    } else {
        catalog.barrier(id).map(|b| b.label.get(lang))
    };
    esc(label.unwrap_or(id))
}

fn card(id: &str, title: CT, lang: Lang, body: &str) -> String {
    format!(
        "<section class=\"card\" aria-labelledby=\"{id}\"><h2 id=\"{id}\" class=\"card-title\">{}</h2>{body}</section>",
        esc(title.get(lang))
    )
}

fn table(testid: &str, class: &str, head: &[String], rows: &[(String, Vec<String>)]) -> String {
    let head: String = head
        .iter()
        .map(|h| format!("<th scope=\"col\">{h}</th>"))
        .collect();
    let body: String = rows
        .iter()
        .map(|(name, cells)| {
            let cells: String = cells.iter().map(|c| format!("<td{c}</td>")).collect();
            format!("<tr><th scope=\"row\">{name}</th>{cells}</tr>")
        })
        .collect();
    format!(
        "<table class=\"data-table {class}\" data-testid=\"{testid}\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
}

/// Money left unclaimed, an estimate (core's [`estimate`]): non-use counted
/// × the yearly amount the team set per scheme, always with its basis and
/// its sources; the schemes without an amount are named. Empty when
/// nothing was counted as not used.
fn estimate_card(summary: &Summary, lang: Lang, catalog: &Catalog) -> String {
    let found = estimate(
        summary
            .schemes
            .iter()
            .map(|(id, c)| (id.as_str(), c.not_used)),
        |id| catalog.typical(id),
    );
    if found.lines.is_empty() && found.without_amount.is_empty() {
        return String::new();
    }
    let scheme = |id: &str| label_of(catalog, id, lang, true);
    let basis: u32 = found.lines.iter().map(|l| l.not_used).sum();
    let mut body = format!(
        "<p class=\"key-figure\" data-testid=\"estimate-total\"><strong>{}</strong> {}</p><p class=\"field-hint\">{} {basis} {}</p>",
        euros(found.euros_per_year, lang),
        esc(CT::EstimatePerYear.get(lang)),
        esc(CT::EstimateBasis.get(lang)),
        esc(CT::EstimateBasisEnd.get(lang)),
    );
    if !found.lines.is_empty() {
        let head = [
            CT::SchemeColumn,
            CT::NotUsedColumn,
            CT::TypicalColumn,
            CT::EstimateColumn,
            CT::SourceColumn,
        ]
        .map(|t| esc(t.get(lang)));
        let rows: Vec<(String, Vec<String>)> = found
            .lines
            .iter()
            .map(|l| {
                (
                    scheme(&l.scheme),
                    vec![
                        cell(l.not_used),
                        cell(euros(u64::from(l.typical_per_year), lang)),
                        cell(euros(l.euros_per_year, lang)),
                        format!(" class=\"text-cell\">{}", esc(&l.source)),
                    ],
                )
            })
            .collect();
        body.push_str(&format!(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"estimate-title\">{}</div>",
            table("estimate-table", "", &head, &rows)
        ));
    }
    if !found.without_amount.is_empty() {
        let names: Vec<String> = found.without_amount.iter().map(|id| scheme(id)).collect();
        body.push_str(&format!(
            "<p class=\"field-hint\" data-testid=\"estimate-without\">{} {}.</p>",
            esc(CT::EstimateWithout.get(lang)),
            names.join(", ")
        ));
    }
    card("estimate-title", CT::EstimateTitle, lang, &body)
}

/// A plain table cell (`<td` is written by [`table`]).
fn cell(n: impl std::fmt::Display) -> String {
    format!(">{n}")
}

/// The dashboard's charts and tables for `summary`, as markup. Every
/// text that came from people (site names, ids of old catalogs) is escaped.
pub fn report_html(summary: &Summary, lang: Lang, catalog: &Catalog) -> String {
    let scheme = |id: &str| label_of(catalog, id, lang, true);
    let barrier = |id: &str| label_of(catalog, id, lang, false);
    let as_table = esc(CT::AsTable.get(lang));

    // Non-use per scheme: bars, highest share first.
    let mut non_use: Vec<(String, u32, u32, u32)> = summary
        .schemes
        .iter()
        .map(|(id, c)| {
            (
                scheme(id),
                c.non_use_permille().unwrap_or(0),
                c.not_used,
                c.discussed,
            )
        })
        .collect();
    non_use.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // Bars as a list in the page's own type, so names and figures stay
    // readable on a phone; only the bar itself is drawn.
    let bars: String = non_use
        .iter()
        .map(|(name, permille, _, _)| {
            format!(
                "<li class=\"hbar\"><span class=\"hbar-label\">{}</span><svg class=\"hbar-track\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"chart-bar\" x=\"0\" y=\"0\" height=\"10\" width=\"{}\"/></svg><span class=\"hbar-value\">{}%</span></li>",
                name,
                (*permille).max(5),
                permille / 10
            )
        })
        .collect();
    let rows: Vec<(String, Vec<String>)> = non_use
        .iter()
        .map(|(name, permille, not_used, discussed)| {
            (
                name.clone(),
                vec![cell(not_used), cell(discussed), cell(permille / 10)],
            )
        })
        .collect();
    let head = [CT::SchemeColumn, CT::NotUsedColumn, CT::DiscussedColumn]
        .map(|t| esc(t.get(lang)))
        .into_iter()
        .chain(["%".to_string()])
        .collect::<Vec<_>>();
    let mut out = card(
        "nonuse-title",
        CT::NonUseTitle,
        lang,
        &format!(
            "<ul class=\"hbars\" role=\"list\" data-testid=\"nonuse-chart\">{bars}</ul><details><summary>{as_table}</summary>{}</details>",
            table("nonuse-table", "", &head, &rows)
        ),
    );

    out.push_str(&unlocked_card(summary, lang, catalog));
    out.push_str(&estimate_card(summary, lang, catalog));

    // Which barriers block which scheme: cells darken with the count.
    let mut barriers: Vec<&String> = summary
        .schemes
        .values()
        .flat_map(|c| c.barriers.keys())
        .collect();
    barriers.sort();
    barriers.dedup();
    let max = summary
        .schemes
        .values()
        .flat_map(|c| c.barriers.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let head: Vec<String> = std::iter::once(esc(CT::SchemeColumn.get(lang)))
        .chain(barriers.iter().map(|b| barrier(b)))
        .collect();
    let rows: Vec<(String, Vec<String>)> = summary
        .schemes
        .iter()
        .filter(|(_, c)| !c.barriers.is_empty())
        .map(|(id, c)| {
            let cells = barriers
                .iter()
                .map(|b| {
                    let n = c.barriers.get(*b).copied().unwrap_or(0);
                    let level = if n == 0 { 0 } else { (1 + n * 3 / max).min(4) };
                    format!(" class=\"heat-{level}\">{n}")
                })
                .collect();
            (scheme(id), cells)
        })
        .collect();
    out.push_str(&card(
        "heat-title",
        CT::HeatTitle,
        lang,
        &format!(
            // Wider than a phone: it scrolls, and a keyboard can scroll it.
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"heat-title\">{}</div>",
            table("heat-table", "heat", &head, &rows)
        ),
    ));

    // Contacts per month.
    let months: Vec<(&String, u32)> = summary
        .periods
        .iter()
        .map(|(m, p)| (m, p.contacts))
        .collect();
    let top = months.iter().map(|m| m.1).max().unwrap_or(1).max(1);
    let step = 320 / months.len().max(1) as u32;
    // An axis label is about 50 wide: only every so many columns has one.
    let every = (50 / step.max(1) + 1) as usize;
    let columns: String = months
        .iter()
        .enumerate()
        .map(|(i, (month, n))| {
            let h = n * 100 / top;
            let x = i as u32 * step;
            let axis = if i % every == 0 {
                format!(
                    "<text x=\"{}\" y=\"130\" class=\"chart-axis\">{}</text>",
                    x + 2,
                    esc(&period_short(month, lang))
                )
            } else {
                String::new()
            };
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"chart-bar\"/>{axis}",
                x + 2,
                110 - h,
                step.saturating_sub(4).max(2),
                h.max(1),
            )
        })
        .collect();
    let head = [CT::MonthColumn, CT::ContactsColumn].map(|t| esc(t.get(lang)));
    let rows: Vec<(String, Vec<String>)> = months
        .iter()
        .map(|(m, n)| (esc(&period_long(m, lang)), vec![cell(n)]))
        .collect();
    out.push_str(&card(
        "trend-title",
        CT::TrendTitle,
        lang,
        &format!(
            "<svg class=\"chart\" viewBox=\"0 0 320 140\" role=\"img\" aria-labelledby=\"trend-title\" data-testid=\"trend-chart\">{columns}</svg><details><summary>{as_table}</summary>{}</details>",
            table("trend-table", "", &head, &rows)
        ),
    ));

    // The barriers named most per location.
    let sites: String = summary
        .sites
        .iter()
        .map(|(site, counts)| {
            let top = counts
                .top_barriers(3)
                .into_iter()
                .map(|(id, n)| format!("{} ({n})", barrier(id)))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "<dt>{}</dt><dd>{}</dd>",
                esc(site),
                if top.is_empty() { "—".into() } else { top }
            )
        })
        .collect();
    out.push_str(&card(
        "top-title",
        CT::TopBarriersTitle,
        lang,
        &format!("<dl class=\"facts\" data-testid=\"top-barriers\">{sites}</dl>"),
    ));

    // Work situation, for those who said.
    if !summary.works.is_empty() {
        let head = [CT::WorkColumn, CT::ContactsColumn].map(|t| esc(t.get(lang)));
        let rows: Vec<(String, Vec<String>)> = Work::ALL
            .into_iter()
            .filter_map(|w| {
                let n = summary.works.get(w.code())?;
                Some((esc(w.label(lang)), vec![cell(n)]))
            })
            .collect();
        out.push_str(&card(
            "work-title",
            CT::WorkTitle,
            lang,
            &table("work-table", "", &head, &rows),
        ));
    }
    out
}

/// Money unlocked (core's [`Summary::unlocked`]): granted amounts by the
/// year, the number of outcomes they rest on, and per scheme what was
/// decided.
fn unlocked_card(summary: &Summary, lang: Lang, catalog: &Catalog) -> String {
    let total = summary.unlocked();
    let decided: Vec<(&String, &drempel_core::stats::SchemeCounts)> = summary
        .schemes
        .iter()
        .filter(|(_, c)| !c.decisions.is_empty())
        .collect();
    let mut body = if decided.is_empty() {
        format!(
            "<p class=\"field-hint\" data-testid=\"unlocked-none\">{}</p>",
            esc(CT::NoOutcomesYet.get(lang))
        )
    } else {
        format!(
            "<p class=\"key-figure\" data-testid=\"unlocked-total\"><strong>{}</strong> {}</p><p class=\"field-hint\">{} <span data-testid=\"unlocked-basis\">{}</span>.</p>",
            euros(total.euros_per_year, lang),
            esc(CT::UnlockedPerYear.get(lang)),
            esc(CT::UnlockedBasis.get(lang)),
            total.with_amount,
        )
    };
    if total.without_amount > 0 {
        body.push_str(&format!(
            "<p class=\"field-hint\" data-testid=\"unlocked-without\">{} {}</p>",
            esc(CT::UnlockedWithout.get(lang)),
            total.without_amount
        ));
    }
    if !decided.is_empty() {
        let head: Vec<String> = std::iter::once(esc(CT::SchemeColumn.get(lang)))
            .chain(Decision::ALL.iter().map(|d| esc(d.label(lang))))
            .chain([esc(CT::UnlockedTitle.get(lang))])
            .collect();
        let rows: Vec<(String, Vec<String>)> = decided
            .iter()
            .map(|(id, c)| {
                let cells = Decision::ALL
                    .iter()
                    .map(|d| cell(c.decisions.get(d.code()).copied().unwrap_or(0)))
                    .chain([cell(euros(c.unlocked.euros_per_year, lang))])
                    .collect();
                (label_of(catalog, id, lang, true), cells)
            })
            .collect();
        body.push_str(&format!(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"unlocked-title\">{}</div>",
            table("unlocked-table", "", &head, &rows)
        ));
    }
    card("unlocked-title", CT::UnlockedTitle, lang, &body)
}

/// The dashboard's line per consultation: how many responded. Read from the
/// server (responses are not kept on phones), so it needs a connection.
#[component]
pub fn ConsultationTotals() -> impl IntoView {
    let lang = use_lang();
    let (list, error) = load::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, RwSignal::new(0));
    view! {
        <section class="card" aria-labelledby="totals-title">
            <h2 id="totals-title" class="card-title">{tr(CT::ConsultationTotals)}</h2>
            {move || error.get().map(|text| view! { <p class="field-hint">{text}</p> })}
            <ul class="plain-list" role="list" data-testid="consultation-totals">
                {move || list.get().unwrap_or_default().into_iter().map(|info| {
                    let title = info.consultation.title.clone();
                    let href = Screen::Results(info.consultation.id.clone()).hash();
                    view! {
                        <li class="list-row">
                            <a href=href>{move || title.get(lang.get()).to_string()}</a>
                            <span><strong data-testid="total-responses">{info.responses}</strong>" "{tr(T::Respondents)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drempel_core::contact::{ContactInput, SchemeFinding};
    use drempel_core::site::SiteName;

    #[test]
    fn the_report_counts_and_escapes_what_people_typed() {
        let input = ContactInput {
            site: SiteName::parse("<b>Noord</b> & Zuid").unwrap(),
            postcode4: None,
            channel: Channel::FoodBank,
            household: None,
            life_event: None,
            work: None,
            outcomes: Vec::new(),
            findings: vec![SchemeFinding {
                scheme: "huurtoeslag".into(),
                status: Status::NotUsed,
                barriers: vec!["unaware".into()],
                other_barrier: None,
            }],
            quote: None,
            follow_up: None,
            notes: String::new(),
        };
        let contact = drempel_core::contact::Contact::new("c1".into(), 1_700_000_000_000, 1, input);
        let summary =
            drempel_core::stats::summarise([&contact], &Filter::default(), Period::Month, 0);
        let html = report_html(&summary, Lang::Nl, &Catalog::default_catalog());
        assert!(
            html.contains("&lt;b&gt;Noord&lt;/b&gt; &amp; Zuid"),
            "{html}"
        );
        assert!(!html.contains("<b>Noord"));
        assert!(
            html.contains("<th scope=\"row\">Huurtoeslag</th><td>1</td><td>1</td><td>100</td>"),
            "{html}"
        );
        assert!(html.contains("class=\"heat-4\">1"), "{html}");
        assert!(
            html.contains("<th scope=\"row\">nov 2023</th><td>1</td>"),
            "{html}"
        );
        assert!(
            html.contains("class=\"chart-axis\">nov 23</text>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hbar-value\">100%</span>"),
            "the whole share is written out: {html}"
        );
        assert_eq!(period_short("2026-W48", Lang::En), "w48");
        assert_eq!(period_long("2026-W48", Lang::Nl), "Week 48 van 2026");
        assert_eq!(period_long("2026-03", Lang::En), "Mar 2026");
        assert_eq!(period_long("odd", Lang::En), "odd");
        assert_eq!(esc("a\"'<>&"), "a&quot;&#39;&lt;&gt;&amp;");
        // No amount set: the estimate names the scheme it leaves out.
        assert!(html.contains("data-testid=\"estimate-without\""), "{html}");
        assert!(!html.contains("data-testid=\"estimate-table\""), "{html}");

        // With the team's amount and its source: 1 × € 744, the source escaped.
        let mut catalog = Catalog::default_catalog();
        catalog.schemes[0].typical = Some(drempel_core::money::TypicalAmount {
            euros_per_year: 744,
            source: "<i>team</i>".into(),
        });
        assert_eq!(catalog.schemes[0].id, "huurtoeslag");
        let html = report_html(&summary, Lang::Nl, &catalog);
        assert!(
            html.contains("<strong>€ 744</strong> per jaar, een schatting"),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;team&lt;/i&gt;"), "{html}");
        assert!(!html.contains("estimate-without"), "{html}");
    }

    #[test]
    fn euros_are_grouped_as_each_language_writes_them() {
        assert_eq!(euros(0, Lang::Nl), "€ 0");
        assert_eq!(euros(540, Lang::Nl), "€ 540");
        assert_eq!(euros(2_232, Lang::Nl), "€ 2.232");
        assert_eq!(euros(1_234_567, Lang::En), "€1,234,567");
    }
}
