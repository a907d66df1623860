//! A consultation's results, the report editor, printing, the report link
//! and the CSV of responses.

use drempel_core::consultation::{
    ConsultationInfo, Phase, Point, PointStatus, QuestionKind, Report, Results,
};
use drempel_core::wire::ShareLink;
use drempel_core::wire::paths;
use leptos::prelude::*;

use super::texts::CT;
use crate::shared::Screen;
use crate::shared::api::problem_text;
use crate::shared::api::{net_message, token};
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net::{self};
use crate::shared::records::now_ms;
use crate::shared::report_view::{ReportView, result_rows, status_text};
use crate::shared::sync::use_sync;

/// `#/consult/results/<id>`: the coordinator's results, the report
/// editor, printing, the report link and the CSV of responses.
#[component]
pub fn ResultsScreen(id: String) -> impl IntoView {
    let lang = use_lang();
    let info = RwSignal::new(None::<ConsultationInfo>);
    let results = RwSignal::new(None::<Results>);
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(Report::default());
    let saved = RwSignal::new(false);
    let share = RwSignal::new(None::<String>);
    {
        let id = id.clone();
        let token = token();
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            let list =
                net::get::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, token.as_deref()).await;
            match list.map(|l| l.into_iter().find(|i| i.consultation.id == id)) {
                Ok(Some(found)) => {
                    let mut r = found.report.clone();
                    if r.caveat.is_empty() {
                        r.caveat = CT::DefaultCaveat.get(lang).to_string();
                    }
                    report.set(r);
                    share.set(found.share.clone());
                    info.set(Some(found));
                }
                Ok(None) => error.set(Some(CT::NotFound.get(lang).to_string())),
                Err(err) => error.set(Some(net_message(&err, lang))),
            }
            let path = paths::consultation_action(&id, "results");
            match net::get::<Results>(&path, token.as_deref()).await {
                Ok(found) => results.set(Some(found)),
                Err(err) => error.set(Some(net_message(&err, lang))),
            }
        });
    }
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            let body = report.get_untracked();
            let lang_now = lang.get_untracked();
            if let Err(invalid) = body.validate() {
                error.set(Some(problem_text(
                    &invalid.field,
                    Some(invalid.problem),
                    lang_now,
                )));
                return;
            }
            let path = paths::consultation_action(&id, "report");
            let token = token();
            leptos::task::spawn_local(async move {
                match net::put::<_, Report>(&path, token.as_deref(), &body).await {
                    Ok(_) => {
                        error.set(None);
                        saved.set(true);
                    }
                    Err(err) => error.set(Some(net_message(&err, lang_now))),
                }
            });
        }
    };
    let stored_id = StoredValue::new(id.clone());
    let share_action = {
        move |make: bool| {
            let id = stored_id.get_value();
            let token = token();
            let path = paths::consultation_action(&id, if make { "share" } else { "unshare" });
            leptos::task::spawn_local(async move {
                let lang_now = lang.get_untracked();
                let answer = if make {
                    net::post::<_, ShareLink>(&path, token.as_deref(), &())
                        .await
                        .map(|l| Some(l.code))
                } else {
                    net::post_empty(&path, token.as_deref())
                        .await
                        .map(|()| None)
                };
                match answer {
                    Ok(code) => share.set(code),
                    Err(err) => error.set(Some(net_message(&err, lang_now))),
                }
            });
        }
    };
    let share_url = move || {
        share.get().map(|code| {
            let origin = window().location().origin().unwrap_or_default();
            format!("{origin}{}", Screen::Report(code).href())
        })
    };
    let text_answers = move || {
        let info = info.get()?;
        let results = results.get()?;
        let texts: Vec<(String, Vec<String>)> = info
            .consultation
            .questions
            .iter()
            .zip(results.questions)
            .filter(|(q, r)| q.kind == QuestionKind::Text && !r.texts.is_empty())
            .map(|(q, r)| (q.text.get(lang.get()).to_string(), r.texts))
            .collect();
        (!texts.is_empty()).then_some(texts)
    };
    let published = move || {
        info.with(|i| {
            i.as_ref()
                .is_some_and(|i| i.consultation.phase == Phase::Published)
        })
    };
    view! {
        <div class="results-screen stack">
            <p class="no-print"><a href=Screen::Consult.hash()>{tr(T::BackToConsultations)}</a></p>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="results-error">{text}</p> })}
            {move || match (info.get(), results.get()) {
                (Some(info), Some(results)) => view! {
                    <ReportView team=use_sync().session.with_untracked(|s| s.as_ref().map(|s| s.team.clone()).unwrap_or_default())
                        consultation=info.consultation results=results.public() report=report/>
                }.into_any(),
                _ => view! { <p role="status">{tr(CT::Loading)}</p> }.into_any(),
            }}
            <div class="no-print stack">
                <div class="card stack">
                    <h2 class="card-title">{tr(CT::ShareAndPrint)}</h2>
                    <button type="button" class="button" data-testid="print-report" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button>
                    <Show when=published fallback=|| view! { <p class="field-hint">{tr(CT::PublishFirst)}</p> }>
                        {move || match share_url() {
                            Some(url) => view! {
                                <p class="field-hint">{tr(CT::ShareExplained)}</p>
                                <a class="share-url" href=url.clone() data-testid="share-url">{url.clone()}</a>
                                <button type="button" class="button" data-testid="unshare" on:click=move |_| share_action(false)>{tr(CT::Unshare)}</button>
                            }.into_any(),
                            None => view! {
                                <button type="button" class="button" data-testid="make-share" on:click=move |_| share_action(true)>{tr(CT::MakeShare)}</button>
                            }.into_any(),
                        }}
                    </Show>
                    <ExportResponses id=id.clone()/>
                </div>
                {move || match (info.get(), results.get()) {
                    (Some(info), Some(results)) => Some(view! { <TeamCounts consultation=info.consultation results/> }),
                    _ => None,
                }}
                {move || text_answers().map(|texts| view! {
                    <section class="card stack" aria-labelledby="own-words">
                        <h2 id="own-words" class="card-title">{tr(CT::OwnWords)}</h2>
                        <p class="field-hint">{tr(CT::OwnWordsPrivate)}</p>
                        {texts.into_iter().map(|(question, answers)| view! {
                            <h3 class="field-label">{question}</h3>
                            <ul class="plain-list" role="list" data-testid="text-answers">
                                {answers.into_iter().map(|a| view! { <li class="quote"><blockquote>{a}</blockquote></li> }).collect_view()}
                            </ul>
                        }).collect_view()}
                    </section>
                })}
                <ReportEditor report saved save/>
            </div>
        </div>
    }
}

#[component]
fn ReportEditor(
    report: RwSignal<Report>,
    saved: RwSignal<bool>,
    save: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let area = move |id: &'static str,
                     label: T,
                     get: fn(&Report) -> &String,
                     set: fn(&mut Report, String)| {
        view! {
            <label class="field-label" for=id>{tr(label)}</label>
            <textarea id=id class="field-input" rows="4" data-testid=id
                prop:value=move || report.with(|r| get(r).clone())
                on:input=move |ev| { let v = event_target_value(&ev); saved.set(false); report.update(|r| set(r, v)) }></textarea>
        }
    };
    view! {
        <form class="card stack" on:submit=save aria-labelledby="editor-title">
            <h2 id="editor-title" class="card-title">{tr(CT::WriteReport)}</h2>
            {area("r-gathered", T::Gathered, |r| &r.gathered, |r, v| r.gathered = v)}
            {area("r-caveat", T::Caveat, |r| &r.caveat, |r, v| r.caveat = v)}
            {area("r-advice", T::Advice, |r| &r.advice, |r, v| r.advice = v)}
            {area("r-response", T::MunicipalityResponse, |r| &r.response, |r, v| r.response = v)}
            <fieldset class="stack">
                <legend class="field-label">{tr(T::WeDid)}</legend>
                <For
                    each=move || 0..report.with(|r| r.points.len())
                    key=|i| *i
                    children=move |i| {
                        let read = move |get: fn(&Point) -> String| report.with(|r| r.points.get(i).map(get).unwrap_or_default());
                        let write = move |change: Box<dyn FnOnce(&mut Point)>| {
                            saved.set(false);
                            report.update(|r| if let Some(p) = r.points.get_mut(i) { change(p) })
                        };
                        let label = move |t: CT| format!("{} {}: {}", CT::PointN.get(lang.get()), i + 1, t.get(lang.get()));
                        view! {
                            <div class="point-editor stack">
                                <input class="field-input" type="text" data-testid="point-text" aria-label=move || label(CT::PointText)
                                    prop:value=move || read(|p| p.text.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); write(Box::new(move |p| p.text = v)) }/>
                                <select class="field-input" data-testid="point-status" aria-label=move || label(CT::PointStatusLabel)
                                    prop:value=move || read(|p| p.status.code().to_string())
                                    on:change=move |ev| {
                                        let code = event_target_value(&ev);
                                        if let Some(s) = PointStatus::ALL.into_iter().find(|s| s.code() == code) {
                                            write(Box::new(move |p| p.status = s));
                                        }
                                    }>
                                    {PointStatus::ALL.into_iter().map(|s| view! { <option value=s.code()>{tr(status_text(s))}</option> }).collect_view()}
                                </select>
                                <input class="field-input" type="text" data-testid="point-reason" aria-label=move || label(CT::PointReason)
                                    prop:value=move || read(|p| p.reason.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); write(Box::new(move |p| p.reason = v)) }/>
                                <button type="button" class="link-button" on:click=move |_| { saved.set(false); report.update(|r| { if i < r.points.len() { r.points.remove(i); } }) }>{tr(CT::RemovePoint)}</button>
                            </div>
                        }
                    }
                />
                <button type="button" class="button" data-testid="add-point"
                    on:click=move |_| report.update(|r| r.points.push(Point { text: String::new(), status: PointStatus::Pending, reason: String::new() }))>
                    {tr(CT::AddPoint)}
                </button>
            </fieldset>
            <p role="status" class="field-hint" data-testid="report-saved">{move || saved.get().then(|| CT::SettingsSaved.get(lang.get()))}</p>
            <button type="submit" class="button button-primary" data-testid="save-report">{tr(CT::SaveReport)}</button>
        </form>
    }
}

/// The consultation's responses as CSV, with the download's progress.
#[component]
fn ExportResponses(id: String) -> impl IntoView {
    let lang = use_lang();
    let progress = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        if progress.get_untracked().is_some() {
            return;
        }
        progress.set(Some(0));
        error.set(None);
        let token = token();
        let path = paths::export_responses(&id, lang.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = net::get_blob_progress(&path, token.as_deref(), move |bytes| {
                progress.set(Some(bytes))
            })
            .await;
            match answer {
                Ok(blob) => {
                    let date = drempel_core::stats::iso_datetime(now_ms());
                    crate::shared::files::save_file(
                        &format!("drempel-antwoorden-{}.csv", &date[..10]),
                        &blob,
                    );
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
            progress.set(None);
        });
    };
    view! {
        <button type="button" class="button" data-testid="export-responses" on:click=start
            aria-busy=move || progress.get().is_some().to_string()>{tr(CT::ExportResponses)}</button>
        <p role="status" aria-live="polite" class="field-hint">{move || progress.get().map(|b| crate::shared::api::progress_text(b, lang.get()))}</p>
        {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
    }
}

/// The exact counts, for the team only: the report hides those under 5.
#[component]
fn TeamCounts(
    consultation: drempel_core::consultation::Consultation,
    results: Results,
) -> impl IntoView {
    let lang = use_lang();
    let languages: Vec<_> = results.languages.clone().into_iter().collect();
    view! {
        <section class="card stack" aria-labelledby="team-counts-title" data-testid="team-counts">
            <h2 id="team-counts-title" class="card-title">{tr(CT::TeamCounts)}</h2>
            <p class="field-hint">{tr(CT::TeamCountsPrivate)}</p>
            <h3 class="field-label">{tr(T::ByLanguage)}</h3>
            <ul class="plain-list" role="list" data-testid="team-languages">
                {languages.into_iter().map(|(voice, n)| view! {
                    <li class="list-row">
                        <span lang=voice.code() dir=if voice.rtl() { "rtl" } else { "ltr" }>{voice.endonym()}</span>
                        <span data-testid=format!("team-lang-{}", voice.code())>{n}</span>
                    </li>
                }).collect_view()}
            </ul>
            {consultation.questions.into_iter().zip(results.questions).filter(|(q, _)| q.kind != QuestionKind::Text).map(|(question, result)| {
                let text = question.text.clone();
                view! {
                    <h3 class="field-label">{move || text.get(lang.get()).to_string()}</h3>
                    <ul class="plain-list" role="list">
                        {move || result_rows(&question, &result.counts, lang.get()).into_iter().map(|(label, n)| view! {
                            <li class="list-row"><span>{label}</span><span data-testid="team-count">{n}</span></li>
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </section>
    }
}
