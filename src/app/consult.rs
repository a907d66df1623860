//! Consultations: the list on this device, the kiosk residents answer on,
//! the coordinator's builder, the results with the "you said, we did"
//! report, and the report as a read-only link shows it to anyone.

use std::collections::BTreeMap;

use drempel_core::Lang;
use drempel_core::ProblemKind;
use drempel_core::catalog::Label;
use drempel_core::consultation::{
    Answer, Consultation, ConsultationInfo, MAX_ANSWER, Phase, Point, PointStatus, PublicReport,
    Question, QuestionKind, Report, Response, Results, SCALE, Status, clean_answers,
};
use drempel_core::wire::paths;
use drempel_core::wire::{ErrorCode, REPORT_FRAGMENT, ShareLink};
use leptos::prelude::*;

use super::content::use_content;
use super::records::{new_id, now_ms};
use super::sync::use_sync;
use super::team::{load, net_message, token};
use super::{Screen, navigate, storage_message};
use crate::i18n::{T, tr, use_lang};
use crate::net::{self, NetError};

/// Today's date in local time, as `YYYY-MM-DD`.
fn today() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// `2026-11-24` as `24-11-2026`, the Dutch order.
fn date_text(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_string(),
    }
}

fn is_coordinator() -> impl Fn() -> bool + Copy {
    let sync = use_sync();
    move || sync.is_coordinator()
}

/// `#/consult`: what residents can answer on this phone, and for
/// coordinators the team's consultations.
#[component]
pub fn ConsultScreen() -> impl IntoView {
    let content = use_content();
    let lang = use_lang();
    let coordinator = is_coordinator();
    let open = move || {
        let today = today();
        content.team.with(|t| {
            t.consultations
                .iter()
                .filter(|c| c.open_on(&today))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let waiting = move || {
        content
            .pending
            .with(|p| p.iter().filter(|p| p.refused.is_none()).count())
    };
    let refused = move || {
        content.pending.with(|p| {
            p.iter()
                .filter_map(|p| p.refused.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="consult stack" aria-labelledby="consult-title">
            <h1 id="consult-title" class="screen-title">{tr(T::ConsultTitle)}</h1>
            <Show when=move || waiting() != 0>
                <p class="notice" role="status" data-testid="responses-waiting">
                    {move || format!("{} {}", waiting(), T::ResponsesWaiting.get(lang.get()))}
                </p>
            </Show>
            {move || {
                let refused = refused();
                (!refused.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="responses-refused">
                        <p>{move || format!("{} {}", refused.len(), T::ResponsesRefused.get(lang.get()))}</p>
                    </div>
                })
            }}
            <section class="card stack" aria-labelledby="open-title">
                <h2 id="open-title" class="card-title">{tr(T::OpenConsultations)}</h2>
                {move || {
                    let open = open();
                    if open.is_empty() {
                        return view! { <p class="field-hint" data-testid="no-consultations">{tr(T::NoOpenConsultations)}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain-list" role="list">
                            {open.into_iter().map(|c| {
                                let title = c.title.clone();
                                let kiosk = Screen::Kiosk(c.id.clone());
                                let href = kiosk.hash();
                                view! {
                                    <li class="list-row" data-testid="open-consultation">
                                        <span>
                                            <strong>{move || title.get(lang.get()).to_string()}</strong>
                                            <br/>
                                            <span class="field-hint">{format!("{} – {}", date_text(&c.opens), date_text(&c.closes))}</span>
                                        </span>
                                        <a class="button button-primary" href=href data-testid="start-kiosk">{tr(T::StartKiosk)}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="field-hint">{tr(T::KioskExplained)}</p>
            </section>
            <Show when=coordinator>
                <Manage/>
            </Show>
        </section>
    }
}

fn phase_text(consultation: &Consultation, lang: Lang) -> &'static str {
    match consultation.status_on(&today()) {
        Status::Draft => T::PhaseDraft,
        Status::Closed => T::PhaseClosed,
        Status::Upcoming => T::PhaseUpcoming,
        Status::Open => T::PhaseOpen,
    }
    .get(lang)
}

/// The coordinator's list of the team's consultations.
#[component]
fn Manage() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let (list, error) = load::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, reload);
    view! {
        <section class="card stack" aria-labelledby="manage-title" data-testid="manage-consultations">
            <h2 id="manage-title" class="card-title">{tr(T::TeamConsultations)}</h2>
            <a class="button" href=Screen::ConsultEdit("new".into()).hash() data-testid="new-consultation">{tr(T::NewConsultation)}</a>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <ul class="plain-list" role="list">
                {move || list.get().unwrap_or_default().into_iter().map(|info| {
                    let c = info.consultation;
                    let title = c.title.clone();
                    let phase = c.clone();
                    view! {
                        <li class="list-row" data-testid="consultation-row">
                            <span>
                                <strong>{move || title.get(lang.get()).to_string()}</strong>
                                <br/>
                                <span class="field-hint">
                                    {move || phase_text(&phase, lang.get())}" · "
                                    <span data-testid="response-count">{info.responses}</span>" "{tr(T::Respondents)}
                                </span>
                            </span>
                            <span class="chip-row">
                                <a class="button" href=Screen::ConsultEdit(c.id.clone()).hash() data-testid="edit-consultation">{tr(T::Edit)}</a>
                                <a class="button" href=Screen::Results(c.id.clone()).hash() data-testid="consultation-results">{tr(T::ResultsButton)}</a>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Which field a server or core complaint is about, in words.
/// "Check: question 2 (2 to 12 choices)": where the builder's form is
/// wrong and what is wrong, from the field and the typed problem.
fn problem_text(field: &str, problem: Option<ProblemKind>, lang: Lang) -> String {
    let question = field
        .strip_prefix("questions[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    let what = if field.starts_with("title") {
        T::ConsultTitleLabel.get(lang).to_string()
    } else if field.starts_with("closes") || field.starts_with("opens") {
        T::DatesWrong.get(lang).to_string()
    } else if let Some(n) = question {
        let part = if field.contains("options") {
            T::OptionsOf.get(lang)
        } else {
            T::QuestionN.get(lang)
        };
        format!("{part} {}", n + 1)
    } else {
        field.to_string()
    };
    let why = match problem {
        Some(ProblemKind::Required) => T::IsRequired.get(lang).to_string(),
        Some(ProblemKind::TooLong { .. }) => T::IsTooLong.get(lang).to_string(),
        Some(ProblemKind::Count { min: 2, .. }) => T::TwoOptions.get(lang).to_string(),
        Some(problem) => format!("({})", crate::i18n::problem_words(problem, lang)),
        None => String::new(),
    };
    format!("{}: {what} {why}", T::CheckThis.get(lang))
}

/// `#/consult/edit/<id>`: a coordinator writes a consultation, in Dutch and
/// English, and publishes it. Once published, the questions stay.
#[component]
pub fn Builder(id: String) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let form = RwSignal::new(Consultation::draft(&today()));
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<T>);
    let busy = RwSignal::new(false);
    if id != "new" {
        let token = token();
        leptos::task::spawn_local(async move {
            match net::get::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, token.as_deref()).await {
                Ok(list) => match list.into_iter().find(|i| i.consultation.id == id) {
                    Some(info) => form.set(info.consultation),
                    None => error.set(Some(T::NotFound.get(lang.get_untracked()).to_string())),
                },
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    }
    let published = move || form.with(|f| f.phase == Phase::Published);

    let save = move |publish: bool| {
        if busy.get_untracked() {
            return;
        }
        let consultation = form.get_untracked();
        let lang_now = lang.get_untracked();
        if let Err(invalid) = consultation.validate() {
            error.set(Some(problem_text(
                &invalid.field,
                Some(invalid.problem),
                lang_now,
            )));
            return;
        }
        busy.set(true);
        error.set(None);
        saved.set(None);
        let token = token();
        leptos::task::spawn_local(async move {
            // A new one has no id until the server gave it one.
            let stored = (!consultation.id.is_empty()).then(|| consultation.id.clone());
            let answer: Result<ConsultationInfo, NetError> = match stored.clone() {
                None => net::post(paths::CONSULTATIONS, token.as_deref(), &consultation).await,
                Some(id) => {
                    let path = paths::consultation(&id);
                    net::put(&path, token.as_deref(), &consultation).await
                }
            };
            let answer = match answer {
                Ok(info) if publish && info.consultation.phase == Phase::Draft => {
                    let path = paths::consultation_action(&info.consultation.id, "publish");
                    net::post(&path, token.as_deref(), &()).await
                }
                other => other,
            };
            match answer {
                Ok(info) => {
                    let id = info.consultation.id.clone();
                    if stored.is_none() {
                        // The address names the stored one now, without a
                        // hashchange: this screen stays as it is.
                        if let Ok(history) = window().history() {
                            let hash = Screen::ConsultEdit(id.clone()).hash();
                            let _ = history.replace_state_with_url(
                                &wasm_bindgen::JsValue::NULL,
                                "",
                                Some(&hash),
                            );
                        }
                    }
                    form.set(info.consultation);
                    saved.set(Some(if publish { T::Published } else { T::DraftSaved }));
                    // This phone receives it like every other.
                    sync.now();
                }
                Err(NetError::Api(failure)) if failure.code == Some(ErrorCode::Invalid) => {
                    let field = failure.field.as_deref().unwrap_or_default();
                    error.set(Some(problem_text(field, failure.problem, lang_now)));
                }
                Err(err) => error.set(Some(net_message(&err, lang_now))),
            }
            busy.set(false);
        });
    };

    let text_input = move |id: &'static str,
                           label: T,
                           get: fn(&Consultation) -> &String,
                           set: fn(&mut Consultation, String),
                           multiline: bool| {
        let value = move || form.with(|f| get(f).clone());
        let input = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| set(f, v));
        };
        view! {
            <label class="field-label" for=id>{tr(label)}</label>
            {if multiline {
                view! { <textarea id=id class="field-input" rows="3" data-testid=id prop:value=value on:input=input></textarea> }.into_any()
            } else {
                view! { <input id=id class="field-input" type="text" data-testid=id prop:value=value on:input=input/> }.into_any()
            }}
        }
    };

    view! {
        <section class="builder stack" aria-labelledby="builder-title">
            <h1 id="builder-title" class="screen-title">{tr(T::BuilderTitle)}</h1>
            <p><a href=Screen::Consult.hash()>{tr(T::BackToConsultations)}</a></p>
            <Show when=published>
                <p class="notice" role="note">{tr(T::QuestionsFixedNote)}</p>
            </Show>
            <div class="card stack">
                {text_input("c-title-nl", T::TitleNl, |f| &f.title.nl, |f, v| f.title.nl = v, false)}
                {text_input("c-title-en", T::TitleEn, |f| &f.title.en, |f, v| f.title.en = v, false)}
                {text_input("c-intro-nl", T::IntroNl, |f| &f.intro.nl, |f, v| f.intro.nl = v, true)}
                {text_input("c-intro-en", T::IntroEn, |f| &f.intro.en, |f, v| f.intro.en = v, true)}
                <div class="two-up">
                    <div class="stack">
                        <label class="field-label" for="c-opens">{tr(T::Opens)}</label>
                        <input id="c-opens" class="field-input" type="date" data-testid="c-opens"
                            prop:value=move || form.with(|f| f.opens.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.opens = v) }/>
                    </div>
                    <div class="stack">
                        <label class="field-label" for="c-closes">{tr(T::Closes)}</label>
                        <input id="c-closes" class="field-input" type="date" data-testid="c-closes"
                            prop:value=move || form.with(|f| f.closes.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.closes = v) }/>
                    </div>
                </div>
            </div>
            <For
                each=move || form.with(|f| f.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
                key=|id| id.clone()
                children=move |qid| view! { <QuestionEditor form qid locked=Signal::derive(published)/> }
            />
            <Show when=move || !published()>
                <button type="button" class="button" data-testid="add-question"
                    on:click=move |_| form.update(|f| {
                        let id = f.next_question_id();
                        f.questions.push(Question {
                            id,
                            kind: QuestionKind::Single,
                            text: Label::default(),
                            options: vec![Label::default(), Label::default()],
                        });
                    })>
                    {tr(T::AddQuestion)}
                </button>
            </Show>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="builder-error">{text}</p> })}
            <p role="status" class="notice-ok-text" data-testid="builder-saved">{move || saved.get().map(|t| t.get(lang.get()))}</p>
            <div class="save-bar">
                <button type="button" class="button" data-testid="save-consultation" disabled=move || busy.get()
                    on:click=move |_| save(false)>{tr(T::SaveDraft)}</button>
                <Show when=move || !published()>
                    <button type="button" class="button button-primary" data-testid="publish-consultation" disabled=move || busy.get()
                        on:click=move |_| save(true)>{tr(T::Publish)}</button>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn QuestionEditor(
    form: RwSignal<Consultation>,
    qid: String,
    locked: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let number = {
        let qid = qid.clone();
        move || form.with(|f| f.questions.iter().position(|q| q.id == qid).unwrap_or(0) + 1)
    };
    let with_q = {
        let qid = qid.clone();
        move |change: &dyn Fn(&mut Question)| {
            form.update(|f| {
                if let Some(q) = f.questions.iter_mut().find(|q| q.id == qid) {
                    change(q);
                }
            })
        }
    };
    let read = {
        let qid = qid.clone();
        move |get: &dyn Fn(&Question) -> String| {
            form.with(|f| f.question(&qid).map(get).unwrap_or_default())
        }
    };
    let kind = {
        let read = read.clone();
        move || read(&|q| q.kind.code().to_string())
    };
    let has_options = {
        let kind = kind.clone();
        move || matches!(kind().as_str(), "single" | "multiple")
    };
    let dom = |part: &str| format!("{qid}-{part}");
    let (kind_id, nl_id, en_id) = (dom("kind"), dom("nl"), dom("en"));
    let remove = {
        let qid = qid.clone();
        move |_| {
            form.update(|f| {
                if f.questions.len() > 1 {
                    f.questions.retain(|q| q.id != qid);
                }
            })
        }
    };
    view! {
        <fieldset class="card stack" data-testid="question-editor">
            <legend class="card-title">{move || format!("{} {}", T::QuestionN.get(lang.get()), number())}</legend>
            <label class="field-label" for=kind_id.clone()>{tr(T::QuestionKindLabel)}</label>
            <select id=kind_id class="field-input" data-testid="question-kind" disabled=move || locked.get()
                prop:value=kind.clone()
                on:change={
                    let with_q = with_q.clone();
                    move |ev| {
                        let code = event_target_value(&ev);
                        let Some(kind) = QuestionKind::ALL.into_iter().find(|k| k.code() == code) else { return };
                        with_q(&|q| {
                            q.kind = kind;
                            if kind.has_options() {
                                while q.options.len() < 2 { q.options.push(Label::default()); }
                            } else {
                                q.options.clear();
                            }
                        });
                    }
                }>
                {QuestionKind::ALL.into_iter().map(|k| {
                    let text = match k {
                        QuestionKind::Single => T::KindSingle,
                        QuestionKind::Multiple => T::KindMultiple,
                        QuestionKind::Scale => T::KindScale,
                        QuestionKind::Text => T::KindText,
                    };
                    view! { <option value=k.code()>{tr(text)}</option> }
                }).collect_view()}
            </select>
            <label class="field-label" for=nl_id.clone()>{tr(T::QuestionNl)}</label>
            <input id=nl_id class="field-input" type="text" data-testid="question-nl"
                prop:value={ let read = read.clone(); move || read(&|q| q.text.nl.clone()) }
                on:input={ let with_q = with_q.clone(); move |ev| { let v = event_target_value(&ev); with_q(&|q| q.text.nl = v.clone()) } }/>
            <label class="field-label" for=en_id.clone()>{tr(T::QuestionEn)}</label>
            <input id=en_id class="field-input" type="text" data-testid="question-en"
                prop:value={ let read = read.clone(); move || read(&|q| q.text.en.clone()) }
                on:input={ let with_q = with_q.clone(); move |ev| { let v = event_target_value(&ev); with_q(&|q| q.text.en = v.clone()) } }/>
            <Show when=has_options.clone()>
                <OptionsEditor form qid=qid.clone() locked/>
            </Show>
            <Show when=move || !locked.get()>
                <button type="button" class="link-button" data-testid="remove-question" on:click=remove.clone()>{tr(T::RemoveQuestion)}</button>
            </Show>
        </fieldset>
    }
}

/// An edit of one question's choices.
type OptionsChange = Box<dyn FnOnce(&mut Vec<Label>)>;

#[component]
fn OptionsEditor(form: RwSignal<Consultation>, qid: String, locked: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let count = {
        let qid = qid.clone();
        move || form.with(|f| f.question(&qid).map_or(0, |q| q.options.len()))
    };
    let update = {
        let qid = qid.clone();
        move |change: OptionsChange| {
            form.update(|f| {
                if let Some(q) = f.questions.iter_mut().find(|q| q.id == qid) {
                    change(&mut q.options);
                }
            })
        }
    };
    let add = {
        let update = update.clone();
        move |_| update(Box::new(|o: &mut Vec<Label>| o.push(Label::default())))
    };
    view! {
        <div class="stack" role="group" aria-label=tr(T::Options)>
            <p class="field-label">{tr(T::Options)}</p>
            <For
                each=move || 0..count()
                key=|i| *i
                children={
                    let qid = qid.clone();
                    let update = update.clone();
                    move |i| {
                        let value = {
                            let qid = qid.clone();
                            move |nl: bool| form.with(|f| f.question(&qid).and_then(|q| q.options.get(i)).map(|o| if nl { o.nl.clone() } else { o.en.clone() }).unwrap_or_default())
                        };
                        let set = {
                            let update = update.clone();
                            move |nl: bool, v: String| update(Box::new(move |o: &mut Vec<Label>| {
                                if let Some(o) = o.get_mut(i) { if nl { o.nl = v } else { o.en = v } }
                            }))
                        };
                        let remove = {
                            let update = update.clone();
                            move |_| update(Box::new(move |o: &mut Vec<Label>| { if o.len() > 2 { o.remove(i); } }))
                        };
                        let label_nl = move || format!("{} {} (NL)", T::OptionN.get(lang.get()), i + 1);
                        let label_en = move || format!("{} {} (EN)", T::OptionN.get(lang.get()), i + 1);
                        let (set_nl, set_en) = (set.clone(), set);
                        let (value_nl, value_en) = (value.clone(), value);
                        view! {
                            <div class="option-row">
                                <input class="field-input" type="text" data-testid="option-nl" aria-label=label_nl
                                    prop:value=move || value_nl(true) on:input=move |ev| set_nl(true, event_target_value(&ev))/>
                                <input class="field-input" type="text" data-testid="option-en" aria-label=label_en
                                    prop:value=move || value_en(false) on:input=move |ev| set_en(false, event_target_value(&ev))/>
                                <Show when=move || !locked.get()>
                                    <button type="button" class="link-button" on:click=remove.clone()
                                        aria-label=move || format!("{} {}", T::RemoveOption.get(lang.get()), i + 1)>"×"</button>
                                </Show>
                            </div>
                        }
                    }
                }
            />
            <Show when=move || !locked.get()>
                <button type="button" class="button" data-testid="add-option" on:click=add.clone()>{tr(T::AddOption)}</button>
            </Show>
        </div>
    }
}

/// `#/kiosk/<id>`: the phone goes from resident to resident. Each response
/// is saved here at once, and the form starts empty for the next person;
/// nothing of an earlier answer is shown again.
#[component]
pub fn Kiosk(id: String) -> impl IntoView {
    let content = use_content();
    let lang = use_lang();
    let consultation = content.consultation(&id).filter(|c| c.open_on(&today()));
    let Some(consultation) = consultation else {
        return view! {
            <section class="stack">
                <h1 class="screen-title">{tr(T::ConsultTitle)}</h1>
                <p class="notice notice-error" role="alert" data-testid="kiosk-closed">{tr(T::KioskNotOpen)}</p>
                <a class="button" href=Screen::Consult.hash()>{tr(T::BackToConsultations)}</a>
            </section>
        }
        .into_any();
    };
    let sync = use_sync();
    let answers = RwSignal::new(BTreeMap::<String, Answer>::new());
    let done = RwSignal::new(false);
    let taken = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let pii_warned = RwSignal::new(false);
    let leaving = RwSignal::new(false);
    let title = consultation.title.clone();
    let intro = consultation.intro.clone();
    let questions = consultation.questions.clone();
    let consultation_id = consultation.id.clone();

    let focus_top = || {
        if let Some(el) = document().get_element_by_id("kiosk-title") {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let next_person = move || {
        answers.set(BTreeMap::new());
        pii_warned.set(false);
        error.set(None);
        done.set(false);
        focus_top();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang_now = lang.get_untracked();
        let given = clean_answers(answers.get_untracked());
        if given.is_empty() {
            error.set(Some(T::AnswerSomething.get(lang_now).to_string()));
            return;
        }
        let personal = given
            .values()
            .any(|a| matches!(a, Answer::Text(t) if !drempel_core::pii::scan(t).is_empty()));
        if personal && !pii_warned.get_untracked() {
            pii_warned.set(true);
            return;
        }
        let response = Response {
            id: new_id(),
            consultation: consultation_id.clone(),
            at: now_ms(),
            lang: lang_now,
            answers: given,
        };
        let Some(current) = content.consultation(&consultation_id) else {
            return;
        };
        if let Err(invalid) = response.validate(&current) {
            error.set(Some(format!(
                "{} ({})",
                T::AnswerSomething.get(lang_now),
                invalid.field
            )));
            return;
        }
        match content.save_response(response) {
            Ok(()) => {
                // Nothing of this person's answers stays on screen.
                answers.set(BTreeMap::new());
                pii_warned.set(false);
                error.set(None);
                taken.update(|n| *n += 1);
                done.set(true);
                sync.soon();
                focus_top();
            }
            Err(err) => error.set(Some(storage_message(&err, lang_now).to_string())),
        }
    };

    view! {
        <section class="kiosk stack" aria-labelledby="kiosk-title" data-testid="kiosk">
            <h1 id="kiosk-title" class="screen-title" tabindex="-1">{move || title.get(lang.get()).to_string()}</h1>
            <Show when=move || !done.get() fallback=move || view! {
                <div class="card stack kiosk-thanks" role="status" data-testid="kiosk-thanks">
                    <p class="kiosk-thanks-text">{tr(T::ThanksTitle)}</p>
                    <p>{tr(T::ThanksText)}</p>
                    <button type="button" class="button button-primary" data-testid="kiosk-next" on:click=move |_| next_person()>{tr(T::NextPerson)}</button>
                </div>
            }>
                {
                    let intro = intro.clone();
                    move || {
                        let text = intro.get(lang.get()).to_string();
                        (!text.is_empty()).then(|| view! { <p class="kiosk-intro">{text}</p> })
                    }
                }
                <form class="stack" on:submit=submit.clone() novalidate>
                    {questions.iter().cloned().map(|q| view! { <KioskQuestion question=q answers/> }).collect_view()}
                    <Show when=move || pii_warned.get()>
                        <p class="notice notice-warn" role="alert" data-testid="kiosk-pii">{tr(T::KioskPii)}</p>
                    </Show>
                    {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="kiosk-error">{text}</p> })}
                    <button type="submit" class="button button-primary button-large" data-testid="kiosk-submit">
                        {move || if pii_warned.get() { T::SendAnyway.get(lang.get()) } else { T::SendAnswers.get(lang.get()) }}
                    </button>
                </form>
            </Show>
            <div class="kiosk-foot">
                <p class="field-hint" data-testid="kiosk-count">{move || format!("{} {}", taken.get(), T::TakenHere.get(lang.get()))}</p>
                <Show when=move || leaving.get() fallback=move || view! {
                    <button type="button" class="link-button" data-testid="kiosk-leave" on:click=move |_| leaving.set(true)>{tr(T::LeaveKiosk)}</button>
                }>
                    <div class="card stack" role="group" aria-labelledby="leave-title">
                        <p id="leave-title">{tr(T::LeaveKioskConfirm)}</p>
                        <div class="chip-row">
                            <button type="button" class="button" data-testid="kiosk-leave-yes" on:click=move |_| navigate(Screen::Consult)>{tr(T::LeaveYes)}</button>
                            <button type="button" class="button" on:click=move |_| leaving.set(false)>{tr(T::LeaveNo)}</button>
                        </div>
                    </div>
                </Show>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn KioskQuestion(question: Question, answers: RwSignal<BTreeMap<String, Answer>>) -> impl IntoView {
    let lang = use_lang();
    let qid = question.id.clone();
    let text = question.text.clone();
    let legend = move || text.get(lang.get()).to_string();
    let body = match question.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = question.kind == QuestionKind::Multiple;
            question
                .options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let i = i as u32;
                    let option = option.clone();
                    let (qid_read, qid_write) = (qid.clone(), qid.clone());
                    let checked = move || {
                        answers.with(|a| match a.get(&qid_read) {
                            Some(Answer::Single(j)) => *j == i,
                            Some(Answer::Multiple(chosen)) => chosen.contains(&i),
                            _ => false,
                        })
                    };
                    let change = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        answers.update(|a| {
                            if !multiple {
                                a.insert(qid_write.clone(), Answer::Single(i));
                                return;
                            }
                            let mut chosen = match a.get(&qid_write) {
                                Some(Answer::Multiple(c)) => c.clone(),
                                _ => Vec::new(),
                            };
                            chosen.retain(|j| *j != i);
                            if on {
                                chosen.push(i);
                                chosen.sort_unstable();
                            }
                            a.insert(qid_write.clone(), Answer::Multiple(chosen));
                        });
                    };
                    view! {
                        <label class="answer-option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=qid.clone()
                                prop:checked=checked on:change=change/>
                            <span>{move || option.get(lang.get()).to_string()}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::Scale => {
            let points = (1..=SCALE)
                .map(|n| {
                    let (qid_read, qid_write) = (qid.clone(), qid.clone());
                    view! {
                        <label class="scale-point">
                            <input type="radio" name=qid.clone()
                                prop:checked=move || answers.with(|a| a.get(&qid_read) == Some(&Answer::Scale(n)))
                                on:change=move |_| answers.update(|a| { a.insert(qid_write.clone(), Answer::Scale(n)); })/>
                            <span>{n}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="scale">{points}</div>
                <p class="scale-ends field-hint"><span>{tr(T::ScaleLow)}</span><span>{tr(T::ScaleHigh)}</span></p>
            }
            .into_any()
        }
        QuestionKind::Text => {
            let (qid_read, qid_write) = (qid.clone(), qid.clone());
            let hint_id = format!("{qid}-hint");
            view! {
                <textarea class="field-input" rows="3" maxlength=MAX_ANSWER.to_string() aria-describedby=hint_id.clone()
                    aria-label=legend.clone()
                    prop:value=move || answers.with(|a| match a.get(&qid_read) { Some(Answer::Text(t)) => t.clone(), _ => String::new() })
                    on:input=move |ev| { let v = event_target_value(&ev); answers.update(|a| { a.insert(qid_write.clone(), Answer::Text(v)); }) }>
                </textarea>
                <p id=hint_id class="field-hint">{tr(T::KioskTextHint)}</p>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="card stack kiosk-question" data-testid="kiosk-question" data-kind=question.kind.code()>
            <legend class="card-title">{legend.clone()}</legend>
            {body}
        </fieldset>
    }
}

/// Rows of one question's result: label and count.
fn result_rows(question: &Question, counts: &[u32], lang: Lang) -> Vec<(String, u32)> {
    match question.kind {
        QuestionKind::Scale => (1..=SCALE)
            .zip(counts)
            .map(|(n, c)| (n.to_string(), *c))
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
/// Only counts; no response and no text answer.
#[component]
fn ReportView(
    team: String,
    consultation: Consultation,
    results: Results,
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
                    <dt>{tr(T::Respondents)}</dt><dd data-testid="report-respondents">{respondents}</dd>
                    {move || { let g = report.with(|r| r.gathered.clone()); (!g.is_empty()).then(|| view! { <dt>{tr(T::Gathered)}</dt><dd>{g}</dd> }) }}
                </dl>
                {move || { let c = report.with(|r| r.caveat.clone()); (!c.is_empty()).then(|| view! {
                    <p class="notice notice-warn" role="note"><strong>{tr(T::Caveat)}": "</strong>{c}</p>
                }) }}
            </header>
            <section class="stack" aria-labelledby="report-results">
                <h2 id="report-results" class="card-title">{tr(T::WhatYouSaid)}</h2>
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
                                    return view! { <p>{answered}" "{T::WroteOwnWords.get(lang)}</p> }.into_any();
                                }
                                let rows = result_rows(&question, &result.counts, lang);
                                let base = if kind == QuestionKind::Multiple { answered } else { rows.iter().map(|r| r.1).sum() };
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
                                                let pct = (count * 100).checked_div(base).unwrap_or(0);
                                                view! {
                                                    <tr>
                                                        <th scope="row">{label}</th>
                                                        <td>{count}</td>
                                                        <td>{pct}</td>
                                                        <td class="bar-cell">
                                                            <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                                                <rect class="chart-bar" x="0" y="0" height="10" width=pct.to_string()/>
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

fn status_text(status: PointStatus) -> T {
    match status {
        PointStatus::Adopted => T::StatusAdopted,
        PointStatus::NotAdopted => T::StatusNotAdopted,
        PointStatus::Pending => T::StatusPending,
    }
}

/// `#/report/<code>`: the report link, for anyone; no sign-in.
#[component]
pub fn SharedReport(code: String) -> impl IntoView {
    let lang = use_lang();
    let report = RwSignal::new(None::<PublicReport>);
    let error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        let path = paths::public_report(&code);
        match net::get::<PublicReport>(&path, None).await {
            Ok(found) => report.set(Some(found)),
            Err(err) if err.code() == Some(ErrorCode::NoSuchItem) => {
                error.set(Some(T::ReportGone.get(lang.get_untracked()).to_string()))
            }
            Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
        }
    });
    view! {
        {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="report-error">{text}</p> })}
        {move || report.get().map(|r| {
            let text = r.report.clone();
            view! {
                <ReportView team=r.team consultation=r.consultation results=r.results report=Signal::derive(move || text.clone())/>
                <p class="no-print"><button type="button" class="button" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button></p>
            }
        })}
    }
}

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
                        r.caveat = T::DefaultCaveat.get(lang).to_string();
                    }
                    report.set(r);
                    share.set(found.share.clone());
                    info.set(Some(found));
                }
                Ok(None) => error.set(Some(T::NotFound.get(lang).to_string())),
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
            format!("{origin}/#{REPORT_FRAGMENT}{code}")
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
                _ => view! { <p role="status">{tr(T::Loading)}</p> }.into_any(),
            }}
            <div class="no-print stack">
                <div class="card stack">
                    <h2 class="card-title">{tr(T::ShareAndPrint)}</h2>
                    <button type="button" class="button" data-testid="print-report" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button>
                    <Show when=published fallback=|| view! { <p class="field-hint">{tr(T::PublishFirst)}</p> }>
                        {move || match share_url() {
                            Some(url) => view! {
                                <p class="field-hint">{tr(T::ShareExplained)}</p>
                                <a class="share-url" href=url.clone() data-testid="share-url">{url.clone()}</a>
                                <button type="button" class="button" data-testid="unshare" on:click=move |_| share_action(false)>{tr(T::Unshare)}</button>
                            }.into_any(),
                            None => view! {
                                <button type="button" class="button" data-testid="make-share" on:click=move |_| share_action(true)>{tr(T::MakeShare)}</button>
                            }.into_any(),
                        }}
                    </Show>
                    <ExportResponses id=id.clone()/>
                </div>
                {move || text_answers().map(|texts| view! {
                    <section class="card stack" aria-labelledby="own-words">
                        <h2 id="own-words" class="card-title">{tr(T::OwnWords)}</h2>
                        <p class="field-hint">{tr(T::OwnWordsPrivate)}</p>
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
            <h2 id="editor-title" class="card-title">{tr(T::WriteReport)}</h2>
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
                        let label = move |t: T| format!("{} {}: {}", T::PointN.get(lang.get()), i + 1, t.get(lang.get()));
                        view! {
                            <div class="point-editor stack">
                                <input class="field-input" type="text" data-testid="point-text" aria-label=move || label(T::PointText)
                                    prop:value=move || read(|p| p.text.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); write(Box::new(move |p| p.text = v)) }/>
                                <select class="field-input" data-testid="point-status" aria-label=move || label(T::PointStatusLabel)
                                    prop:value=move || read(|p| p.status.code().to_string())
                                    on:change=move |ev| {
                                        let code = event_target_value(&ev);
                                        if let Some(s) = PointStatus::ALL.into_iter().find(|s| s.code() == code) {
                                            write(Box::new(move |p| p.status = s));
                                        }
                                    }>
                                    {PointStatus::ALL.into_iter().map(|s| view! { <option value=s.code()>{tr(status_text(s))}</option> }).collect_view()}
                                </select>
                                <input class="field-input" type="text" data-testid="point-reason" aria-label=move || label(T::PointReason)
                                    prop:value=move || read(|p| p.reason.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); write(Box::new(move |p| p.reason = v)) }/>
                                <button type="button" class="link-button" on:click=move |_| { saved.set(false); report.update(|r| { if i < r.points.len() { r.points.remove(i); } }) }>{tr(T::RemovePoint)}</button>
                            </div>
                        }
                    }
                />
                <button type="button" class="button" data-testid="add-point"
                    on:click=move |_| report.update(|r| r.points.push(Point { text: String::new(), status: PointStatus::Pending, reason: String::new() }))>
                    {tr(T::AddPoint)}
                </button>
            </fieldset>
            <p role="status" class="field-hint" data-testid="report-saved">{move || saved.get().then(|| T::SettingsSaved.get(lang.get()))}</p>
            <button type="submit" class="button button-primary" data-testid="save-report">{tr(T::SaveReport)}</button>
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
        let path = paths::export_responses(&id);
        leptos::task::spawn_local(async move {
            let answer = net::get_blob_progress(&path, token.as_deref(), move |bytes| {
                progress.set(Some(bytes))
            })
            .await;
            match answer {
                Ok(blob) => {
                    let date = drempel_core::stats::iso_datetime(now_ms());
                    super::settings::save_file(
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
            aria-busy=move || progress.get().is_some().to_string()>{tr(T::ExportResponses)}</button>
        <p role="status" aria-live="polite" class="field-hint">{move || progress.get().map(|b| super::team::progress_text(b, lang.get()))}</p>
        {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
    }
}

/// The dashboard's line per consultation: how many responded. Read from the
/// server (responses are not kept on phones), so it needs a connection.
#[component]
pub fn ConsultationTotals() -> impl IntoView {
    let lang = use_lang();
    let (list, error) = load::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, RwSignal::new(0));
    view! {
        <section class="card" aria-labelledby="totals-title">
            <h2 id="totals-title" class="card-title">{tr(T::ConsultationTotals)}</h2>
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
