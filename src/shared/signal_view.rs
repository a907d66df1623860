//! A signal to the municipality as the coordinator and a signal link both
//! show it: printable on A4 (one to three pages), with core's evidence as
//! counted, so no count between 1 and 4 and only shared quotes appear.

use drempel_core::Lang;
use drempel_core::signal::{SignalStatus, SignalView};
use drempel_core::small::Shown;
use leptos::prelude::*;

use super::i18n::{T, use_lang};
use super::report_view::{euros, shown_text};
use super::time::{date_text, month_text, time_of};

/// The period a filter counts, in words.
fn period_text(from: Option<&str>, until: Option<&str>, lang: Lang) -> String {
    match (from, until) {
        (None, None) => T::AllSoFar.get(lang).to_string(),
        (from, until) => format!(
            "{} – {}",
            from.map(date_text).unwrap_or_default(),
            until.map(date_text).unwrap_or_default()
        ),
    }
}

#[component]
pub fn SignalDocument(#[prop(into)] view: Signal<SignalView>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let v = view.get();
        let s = &v.signal;
        let e = &v.evidence;
        let shown = |n: Shown| shown_text(n, lang);
        let mut facts = vec![
            (T::SchemeWord, v.scheme.get(lang).to_string()),
            (
                T::Period,
                period_text(s.filter.from.as_deref(), s.filter.until.as_deref(), lang),
            ),
            (
                T::PlaceWord,
                s.filter
                    .site
                    .clone()
                    .unwrap_or_else(|| T::EveryPlace.get(lang).to_string()),
            ),
            (T::StatusWord, s.status.label(lang).to_string()),
        ];
        if let Some(barrier) = &v.barrier {
            facts.insert(1, (T::BarrierWord, barrier.get(lang).to_string()));
        }
        if let Some(day) = &s.sent_on {
            facts.push((T::SentOn, date_text(day)));
        }
        facts.push((T::CountedOn, time_of(v.counted_at)));
        let mut rows = vec![
            (T::EvContacts, shown(e.contacts), "ev-contacts"),
            (T::EvDiscussed, shown(e.discussed), "ev-discussed"),
            (T::EvNotUsed, shown(e.not_used), "ev-not-used"),
        ];
        if let Some(percent) = e.non_use_percent {
            rows.push((T::EvNonUse, format!("{percent}%"), "ev-percent"));
        }
        if let Some(n) = e.barrier {
            rows.push((T::EvBarrier, shown(n), "ev-barrier"));
        }
        let months = e.months.clone();
        let quotes = e.quotes.clone();
        let answered = matches!(s.status, SignalStatus::Answered | SignalStatus::Resolved)
            || !s.answer.is_empty();
        let answer = s.answer.clone();
        let answered_on = s.answered_on.clone();
        view! {
            <article class="report signal stack" data-testid="signal-document" aria-labelledby="signal-title">
                <header class="stack">
                    <p class="report-kicker">{T::SignalKicker.get(lang)}" · "{v.team.clone()}</p>
                    <h1 id="signal-title" class="screen-title">{s.title.clone()}</h1>
                    <dl class="report-facts" data-testid="signal-facts">
                        {facts.into_iter().map(|(term, value)| view! { <dt>{term.get(lang)}</dt><dd>{value}</dd> }).collect_view()}
                    </dl>
                </header>
                {(!s.problem.is_empty()).then(|| view! {
                    <section><h2 class="card-title">{T::WhatGoesWrong.get(lang)}</h2><p class="report-text">{s.problem.clone()}</p></section>
                })}
                <section class="stack" aria-labelledby="signal-heard">
                    <h2 id="signal-heard" class="card-title">{T::WhatWeHeard.get(lang)}</h2>
                    <p class="field-hint">{T::SmallHidden.get(lang)}</p>
                    <table class="data-table" data-testid="signal-counts">
                        <caption class="visually-hidden">{T::WhatWeHeard.get(lang)}</caption>
                        <tbody>
                            {rows.into_iter().map(|(label, value, testid)| view! {
                                <tr><th scope="row">{label.get(lang)}</th><td data-testid=testid>{value}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(!months.is_empty()).then(|| view! {
                        <table class="data-table" data-testid="signal-months">
                            <caption class="field-label">{T::EvMonths.get(lang)}</caption>
                            <thead><tr><th scope="col">{T::MonthWord.get(lang)}</th><th scope="col">{T::EvNotUsed.get(lang)}</th></tr></thead>
                            <tbody>
                                {months.into_iter().map(|m| view! {
                                    <tr><th scope="row">{month_text(&m.month, lang)}</th><td>{shown(m.not_used)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                </section>
                <section class="stack" aria-labelledby="signal-money">
                    <h2 id="signal-money" class="card-title">{T::MoneyTitle.get(lang)}</h2>
                    {match e.unlocked_per_year {
                        Some(euro) => view! {
                            <p data-testid="signal-unlocked">{T::EvUnlocked.get(lang)}": "<strong>{euros(euro, lang)}</strong>" ("{T::EvUnlockedBasis.get(lang)}" "{shown(e.granted)}")"</p>
                        }.into_any(),
                        None => view! { <p data-testid="signal-unlocked">{T::EvUnlockedHidden.get(lang)}</p> }.into_any(),
                    }}
                    {e.estimate.clone().map(|est| view! {
                        <p data-testid="signal-estimate">{T::EvEstimate.get(lang)}": "<strong>{euros(est.euros_per_year, lang)}</strong>". "
                            <span class="field-hint">{T::EvEstimateBasis.get(lang)}" "{est.source}</span></p>
                    })}
                </section>
                {(!quotes.is_empty()).then(|| view! {
                    <section aria-labelledby="signal-quotes">
                        <h2 id="signal-quotes" class="card-title">{T::QuotesShared.get(lang)}</h2>
                        <ul class="plain-list" role="list" data-testid="signal-quotes">
                            {quotes.into_iter().map(|q| view! { <li class="quote"><blockquote>{q}</blockquote></li> }).collect_view()}
                        </ul>
                    </section>
                })}
                {(!s.ask.is_empty()).then(|| view! {
                    <section><h2 class="card-title">{T::WhatWeAsk.get(lang)}</h2><p class="report-text">{s.ask.clone()}</p></section>
                })}
                {answered.then(|| view! {
                    <section data-testid="signal-answer">
                        <h2 class="card-title">{T::MunicipalityAnswer.get(lang)}{answered_on.map(|d| format!(" ({})", date_text(&d)))}</h2>
                        <p class="report-text">{answer}</p>
                    </section>
                })}
            </article>
        }
    }
}
