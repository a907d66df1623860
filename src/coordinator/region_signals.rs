//! A region's own signals to the municipality: the team signal's fields,
//! counted over every team of the region in whole months, with each
//! team's figures beside the region's, every count under 5 hidden, the
//! money left unclaimed, and only quotes a team shared with the region.

use drempel_core::Lang;
use drempel_core::catalog::Catalog;
use drempel_core::region::{RegionSignalView, RegionTable};
use drempel_core::signal::{SIGNALS_PAGE, Signal, SignalFilter, SignalInfo, SignalStatus};
use drempel_core::small::Shown;
use drempel_core::wire::paths;
use leptos::prelude::*;

use super::region::table_card;
use super::signals::invalid_text;
use super::texts::CT;
use crate::shared::api::net_message;
use crate::shared::i18n::{T, problem_words, tr, use_lang};
use crate::shared::net;
use crate::shared::report_view::{euros, shown_text};
use crate::shared::time::month_text;

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

/// A region signal's message: the month fields are needed here.
fn region_invalid_text(invalid: &drempel_core::Invalid, lang: Lang) -> String {
    let field = match invalid.field.as_str() {
        "filter.from" => CT::RegionFromNeeded.get(lang),
        "filter.until" => CT::RegionUntilNeeded.get(lang),
        _ => return invalid_text(invalid, lang),
    };
    format!(
        "{}: {} ({})",
        T::CheckThis.get(lang),
        field,
        problem_words(invalid.problem, lang)
    )
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
            error.set(Some(region_invalid_text(&invalid, lang_now)));
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
