//! The "you said, we did" report as the coordinator and a report link
//! both show it.

use drempel_core::Lang;
use drempel_core::consultation::{
    Consultation, PointStatus, PublicResults, Question, QuestionKind, Report, SCALE,
};
use drempel_core::small::Shown;
use leptos::prelude::*;

use super::i18n::{T, tr, use_lang};
use super::time::date_text;

/// A count as a report shows it: "minder dan 5" when hidden.
pub fn shown_text(count: Shown, lang: Lang) -> String {
    match count {
        Shown::Count(n) => n.to_string(),
        Shown::Hidden => T::FewerThan5.get(lang).to_string(),
    }
}

/// "€ 2.232" in Dutch, "€2,232" in English.
pub fn euros(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(if lang == Lang::Nl { '.' } else { ',' });
        }
        grouped.push(d);
    }
    match lang {
        Lang::Nl => format!("€ {grouped}"),
        Lang::En => format!("€{grouped}"),
    }
}

/// Rows of one question's result: label and count.
pub fn result_rows<C: Copy>(question: &Question, counts: &[C], lang: Lang) -> Vec<(String, C)> {
    match question.kind {
        // The ends say what they mean, as the resident saw them.
        QuestionKind::Scale => (1..=SCALE)
            .zip(counts)
            .map(|(n, c)| {
                let label = match n {
                    1 => T::ScaleLow.get(lang).to_string(),
                    SCALE => T::ScaleHigh.get(lang).to_string(),
                    n => n.to_string(),
                };
                (label, *c)
            })
            .collect(),
        _ => question
            .options
            .iter()
            .zip(counts)
            .map(|(o, c)| (o.get(lang).to_string(), *c))
            .collect(),
    }
}

/// The report as residents, council and municipality read it: printable on
/// A4, and the same whether the coordinator or a report link shows it.
/// Only counts, none between 1 and 4; no response and no text answer.
#[component]
pub fn ReportView(
    team: String,
    consultation: Consultation,
    results: PublicResults,
    #[prop(into)] report: Signal<Report>,
) -> impl IntoView {
    let lang = use_lang();
    let title = consultation.title.clone();
    let intro = consultation.intro.clone();
    let period = format!(
        "{} – {}",
        date_text(&consultation.opens),
        date_text(&consultation.closes)
    );
    let respondents = results.respondents;
    // How many answered in each language, each named in its own.
    let languages: Vec<(drempel_core::resident::ResidentLang, Shown)> =
        results.languages.clone().into_iter().collect();
    let questions = consultation.questions.clone();
    let answered = results.questions.clone();
    view! {
        <article class="report stack" data-testid="report" aria-labelledby="report-title">
            <header class="stack">
                <p class="report-kicker">{tr(T::YouSaidWeDid)}" · "{team}</p>
                <h1 id="report-title" class="screen-title">{move || title.get(lang.get()).to_string()}</h1>
                {move || { let t = intro.get(lang.get()).to_string(); (!t.is_empty()).then(|| view! { <p>{t}</p> }) }}
                <dl class="report-facts">
                    <dt>{tr(T::Period)}</dt><dd>{period}</dd>
                    <dt>{tr(T::Respondents)}</dt><dd data-testid="report-respondents">{move || shown_text(respondents, lang.get())}</dd>
                    {(!languages.is_empty()).then(|| view! {
                        <dt>{tr(T::ByLanguage)}</dt>
                        <dd data-testid="report-languages">
                            {languages.into_iter().map(|(voice, n)| view! {
                                <span class="report-lang" data-testid=format!("report-lang-{}", voice.code())>
                                    <span lang=voice.code() dir=if voice.rtl() { "rtl" } else { "ltr" }>{voice.endonym()}</span>
                                    ": "{move || shown_text(n, lang.get())}
                                </span>
                            }).collect_view()}
                        </dd>
                    })}
                    {move || { let g = report.with(|r| r.gathered.clone()); (!g.is_empty()).then(|| view! { <dt>{tr(T::Gathered)}</dt><dd>{g}</dd> }) }}
                </dl>
                {move || { let c = report.with(|r| r.caveat.clone()); (!c.is_empty()).then(|| view! {
                    <p class="notice notice-warn" role="note"><strong>{tr(T::Caveat)}": "</strong>{c}</p>
                }) }}
            </header>
            <section class="stack" aria-labelledby="report-results">
                <h2 id="report-results" class="card-title">{tr(T::WhatYouSaid)}</h2>
                <p class="field-hint">{tr(T::SmallHidden)}</p>
                {questions.into_iter().zip(answered).map(|(question, result)| {
                    let q_text = question.text.clone();
                    let kind = question.kind;
                    let mean = result.mean_centi;
                    let answered = result.answered;
                    view! {
                        <section class="report-question">
                            <h3>{move || q_text.get(lang.get()).to_string()}</h3>
                            {move || {
                                let lang = lang.get();
                                if kind == QuestionKind::Text {
                                    return view! { <p>{shown_text(answered, lang)}" "{T::WroteOwnWords.get(lang)}</p> }.into_any();
                                }
                                let rows = result_rows(&question, &result.counts, lang);
                                // Every kind's percentages are of those who answered it.
                                let base = answered.count();
                                view! {
                                    <table class="data-table result-table">
                                        <caption class="visually-hidden">{question.text.get(lang).to_string()}</caption>
                                        <thead><tr>
                                            <th scope="col">{T::Answer.get(lang)}</th>
                                            <th scope="col">{T::Count.get(lang)}</th>
                                            <th scope="col">"%"</th>
                                            <th scope="col"><span class="visually-hidden">{T::Chart.get(lang)}</span></th>
                                        </tr></thead>
                                        <tbody>
                                            {rows.into_iter().map(|(label, count)| {
                                                // No share of a hidden count: it would give the count away.
                                                let pct = count.count().zip(base).map(|(n, base)| (n * 100).checked_div(base).unwrap_or(0));
                                                view! {
                                                    <tr>
                                                        <th scope="row">{label}</th>
                                                        <td>{shown_text(count, lang)}</td>
                                                        <td>{pct.map_or_else(|| "–".to_string(), |p| p.to_string())}</td>
                                                        <td class="bar-cell">
                                                            <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                                                <rect class="chart-bar" x="0" y="0" height="10" width=pct.unwrap_or(0).to_string()/>
                                                            </svg>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    {mean.map(|m| view! { <p>{T::Mean.get(lang)}" "{format!("{},{:02}", m / 100, m % 100)}" / 5"</p> })}
                                }.into_any()
                            }}
                        </section>
                    }
                }).collect_view()}
            </section>
            {move || { let a = report.with(|r| r.advice.clone()); (!a.is_empty()).then(|| view! {
                <section><h2 class="card-title">{tr(T::Advice)}</h2><p class="report-text">{a}</p></section>
            }) }}
            {move || { let a = report.with(|r| r.response.clone()); (!a.is_empty()).then(|| view! {
                <section><h2 class="card-title">{tr(T::MunicipalityResponse)}</h2><p class="report-text">{a}</p></section>
            }) }}
            {move || { let points = report.with(|r| r.points.clone()); (!points.is_empty()).then(|| view! {
                <section>
                    <h2 class="card-title">{tr(T::WeDid)}</h2>
                    <ul class="plain-list" role="list">
                        {points.into_iter().map(|p| {
                            let status = status_text(p.status);
                            view! {
                                <li class="list-row point" data-status=p.status.code()>
                                    <span>{p.text}{(!p.reason.is_empty()).then(|| view! { <br/><span class="field-hint">{p.reason}</span> })}</span>
                                    <span class="status-badge">{tr(status)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }) }}
        </article>
    }
}

pub fn status_text(status: PointStatus) -> T {
    match status {
        PointStatus::Adopted => T::StatusAdopted,
        PointStatus::NotAdopted => T::StatusNotAdopted,
        PointStatus::Pending => T::StatusPending,
    }
}
