//! The coordinator's consultations: the team's list and the builder.

use drempel_core::Lang;
use drempel_core::catalog::Label;
use drempel_core::consultation::{
    Consultation, ConsultationInfo, Phase, Question, QuestionKind, Status,
};
use drempel_core::wire::ErrorCode;
use drempel_core::wire::paths;
use leptos::prelude::*;

use super::texts::CT;
use crate::shared::Screen;
use crate::shared::api::problem_text;
use crate::shared::api::{load, net_message, token};
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net::{self, NetError};
use crate::shared::sync::use_sync;
use crate::shared::time::today;

fn phase_text(consultation: &Consultation, lang: Lang) -> &'static str {
    match consultation.status_on(&today()) {
        Status::Draft => CT::PhaseDraft,
        Status::Closed => CT::PhaseClosed,
        Status::Upcoming => CT::PhaseUpcoming,
        Status::Open => CT::PhaseOpen,
    }
    .get(lang)
}

/// The coordinator's list of the team's consultations.
#[component]
pub fn Manage() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let (list, error) = load::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, reload);
    view! {
        <section class="card stack" aria-labelledby="manage-title" data-testid="manage-consultations">
            <h2 id="manage-title" class="card-title">{tr(T::TeamConsultations)}</h2>
            <a class="button" href=Screen::ConsultEdit("new".into()).hash() data-testid="new-consultation">{tr(CT::NewConsultation)}</a>
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
                                <a class="button" href=Screen::Results(c.id.clone()).hash() data-testid="consultation-results">{tr(CT::ResultsButton)}</a>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `#/consult/edit/<id>`: a coordinator writes a consultation, in Dutch and
/// English, and publishes it. Once published, the questions stay.
#[component]
pub fn Builder(id: String) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let form = RwSignal::new(Consultation::draft(&today()));
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<CT>);
    let busy = RwSignal::new(false);
    if id != "new" {
        let token = token();
        leptos::task::spawn_local(async move {
            match net::get::<Vec<ConsultationInfo>>(paths::CONSULTATIONS, token.as_deref()).await {
                Ok(list) => match list.into_iter().find(|i| i.consultation.id == id) {
                    Some(info) => form.set(info.consultation),
                    None => error.set(Some(CT::NotFound.get(lang.get_untracked()).to_string())),
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
                    saved.set(Some(if publish {
                        CT::Published
                    } else {
                        CT::DraftSaved
                    }));
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
                           label: CT,
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
            <h1 id="builder-title" class="screen-title">{tr(CT::BuilderTitle)}</h1>
            <p><a href=Screen::Consult.hash()>{tr(T::BackToConsultations)}</a></p>
            <Show when=published>
                <p class="notice" role="note">{tr(CT::QuestionsFixedNote)}</p>
            </Show>
            <div class="card stack">
                {text_input("c-title-nl", CT::TitleNl, |f| &f.title.nl, |f, v| f.title.nl = v, false)}
                {text_input("c-title-en", CT::TitleEn, |f| &f.title.en, |f, v| f.title.en = v, false)}
                {text_input("c-intro-nl", CT::IntroNl, |f| &f.intro.nl, |f, v| f.intro.nl = v, true)}
                {text_input("c-intro-en", CT::IntroEn, |f| &f.intro.en, |f, v| f.intro.en = v, true)}
                <div class="two-up">
                    <div class="stack">
                        <label class="field-label" for="c-opens">{tr(CT::Opens)}</label>
                        <input id="c-opens" class="field-input" type="date" data-testid="c-opens"
                            prop:value=move || form.with(|f| f.opens.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.opens = v) }/>
                    </div>
                    <div class="stack">
                        <label class="field-label" for="c-closes">{tr(CT::Closes)}</label>
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
                    {tr(CT::AddQuestion)}
                </button>
            </Show>
            <PlainHints form/>
            <Translations form/>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="builder-error">{text}</p> })}
            <p role="status" class="notice-ok-text" data-testid="builder-saved">{move || saved.get().map(|t| t.get(lang.get()))}</p>
            <div class="save-bar">
                <button type="button" class="button" data-testid="save-consultation" disabled=move || busy.get()
                    on:click=move |_| save(false)>{tr(CT::SaveDraft)}</button>
                <Show when=move || !published()>
                    <button type="button" class="button button-primary" data-testid="publish-consultation" disabled=move || busy.get()
                        on:click=move |_| save(true)>{tr(CT::Publish)}</button>
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
    // Which residents' languages this question (with its options) is
    // written in, each named in its own.
    let done_in = {
        let qid = qid.clone();
        move || {
            form.with(|f| {
                f.question(&qid)
                    .map(|q| {
                        drempel_core::resident::ResidentLang::ALL
                            .into_iter()
                            .filter(|l| q.complete_in(*l))
                            .map(|l| l.endonym())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            })
        }
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
            <label class="field-label" for=kind_id.clone()>{tr(CT::QuestionKindLabel)}</label>
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
                        QuestionKind::Single => CT::KindSingle,
                        QuestionKind::Multiple => CT::KindMultiple,
                        QuestionKind::Scale => CT::KindScale,
                        QuestionKind::Text => CT::KindText,
                    };
                    view! { <option value=k.code()>{tr(text)}</option> }
                }).collect_view()}
            </select>
            <label class="field-label" for=nl_id.clone()>{tr(CT::QuestionNl)}</label>
            <input id=nl_id class="field-input" type="text" data-testid="question-nl"
                prop:value={ let read = read.clone(); move || read(&|q| q.text.nl.clone()) }
                on:input={ let with_q = with_q.clone(); move |ev| { let v = event_target_value(&ev); with_q(&|q| q.text.nl = v.clone()) } }/>
            <label class="field-label" for=en_id.clone()>{tr(CT::QuestionEn)}</label>
            <input id=en_id class="field-input" type="text" data-testid="question-en"
                prop:value={ let read = read.clone(); move || read(&|q| q.text.en.clone()) }
                on:input={ let with_q = with_q.clone(); move |ev| { let v = event_target_value(&ev); with_q(&|q| q.text.en = v.clone()) } }/>
            <Show when=has_options.clone()>
                <OptionsEditor form qid=qid.clone() locked/>
            </Show>
            <p class="field-hint" data-testid="question-languages">{move || format!("{} {}", CT::WrittenIn.get(lang.get()), done_in())}</p>
            <Show when=move || !locked.get()>
                <button type="button" class="link-button" data-testid="remove-question" on:click=remove.clone()>{tr(CT::RemoveQuestion)}</button>
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
        <div class="stack" role="group" aria-label=tr(CT::Options)>
            <p class="field-label">{tr(CT::Options)}</p>
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
                        let label_nl = move || format!("{} {} (NL)", CT::OptionN.get(lang.get()), i + 1);
                        let label_en = move || format!("{} {} (EN)", CT::OptionN.get(lang.get()), i + 1);
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
                                        aria-label=move || format!("{} {}", CT::RemoveOption.get(lang.get()), i + 1)>"×"</button>
                                </Show>
                            </div>
                        }
                    }
                }
            />
            <Show when=move || !locked.get()>
                <button type="button" class="button" data-testid="add-option" on:click=add.clone()>{tr(CT::AddOption)}</button>
            </Show>
        </div>
    }
}

/// Where a translated text sits in a consultation.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Title,
    Intro,
    Question(usize),
    Option(usize, usize),
}

impl Place {
    fn label_mut(self, form: &mut Consultation) -> Option<&mut Label> {
        match self {
            Place::Title => Some(&mut form.title),
            Place::Intro => Some(&mut form.intro),
            Place::Question(q) => form.questions.get_mut(q).map(|q| &mut q.text),
            Place::Option(q, o) => form.questions.get_mut(q).and_then(|q| q.options.get_mut(o)),
        }
    }

    fn label(self, form: &Consultation) -> Option<&Label> {
        match self {
            Place::Title => Some(&form.title),
            Place::Intro => Some(&form.intro),
            Place::Question(q) => form.questions.get(q).map(|q| &q.text),
            Place::Option(q, o) => form.questions.get(q).and_then(|q| q.options.get(o)),
        }
    }
}

/// The consultation's texts in residents' other languages: one language
/// at a time, each text beside its Dutch, with what is still missing. A
/// language is offered at the kiosk once every text is written in it.
#[component]
fn Translations(form: RwSignal<Consultation>) -> impl IntoView {
    use drempel_core::resident::ResidentLang;
    let lang = use_lang();
    let extra: Vec<ResidentLang> = ResidentLang::ALL
        .into_iter()
        .filter(|l| !matches!(l, ResidentLang::Nl | ResidentLang::En))
        .collect();
    let chosen = RwSignal::new(extra[0]);
    let offered = move || {
        form.with(|f| {
            f.languages()
                .into_iter()
                .map(|l| l.endonym())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    // Every text a resident reads, with its Dutch words.
    let places = move || {
        form.with(|f| {
            let mut places = vec![(Place::Title, f.title.nl.clone())];
            if !f.intro.nl.trim().is_empty() {
                places.push((Place::Intro, f.intro.nl.clone()));
            }
            for (q, question) in f.questions.iter().enumerate() {
                places.push((Place::Question(q), question.text.nl.clone()));
                for (o, option) in question.options.iter().enumerate() {
                    places.push((Place::Option(q, o), option.nl.clone()));
                }
            }
            places
        })
    };
    let missing = move || {
        let voice = chosen.get();
        form.with(|f| {
            f.questions
                .iter()
                .enumerate()
                .filter(|(_, q)| !q.complete_in(voice))
                .map(|(i, _)| (i + 1).to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card stack" aria-labelledby="translations-title" data-testid="translations">
            <h2 id="translations-title" class="card-title">{tr(CT::TranslationsTitle)}</h2>
            <p class="field-hint">{tr(CT::TranslationsHint)}</p>
            <p data-testid="offered-languages"><strong>{tr(CT::OfferedLanguages)}</strong>" "{offered}</p>
            <label class="field-label" for="translation-lang">{tr(CT::TranslationLanguage)}</label>
            <select id="translation-lang" class="field-input" data-testid="translation-lang"
                on:change=move |ev| {
                    if let Some(l) = ResidentLang::from_code(&event_target_value(&ev)) { chosen.set(l) }
                }>
                {extra.into_iter().map(|l| view! { <option value=l.code() lang=l.code()>{l.endonym()}</option> }).collect_view()}
            </select>
            <p data-testid="translation-missing">{move || {
                let missing = missing();
                if missing.is_empty() {
                    CT::TranslationComplete.get(lang.get()).to_string()
                } else {
                    format!("{} {}", CT::TranslationMissing.get(lang.get()), missing.join(", "))
                }
            }}</p>
            {move || {
                let voice = chosen.get();
                places().into_iter().enumerate().map(|(i, (place, dutch))| {
                    let id = format!("tr-{}-{i}", voice.code());
                    let kind = match place {
                        Place::Title => CT::TitleWord,
                        Place::Intro => CT::IntroWord,
                        Place::Question(_) => CT::QuestionWord,
                        Place::Option(..) => CT::OptionWord,
                    };
                    view! {
                        <label class="field-label" for=id.clone()>{move || format!("{}: {dutch}", kind.get(lang.get()))}</label>
                        <input id=id class="field-input" type="text" data-testid="translation-input"
                            lang=voice.code() dir=if voice.rtl() { "rtl" } else { "ltr" }
                            prop:value=move || form.with(|f| place.label(f).and_then(|l| l.more.get(&voice).cloned()).unwrap_or_default())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                form.update(|f| if let Some(label) = place.label_mut(f) {
                                    if text.trim().is_empty() { label.more.remove(&voice); } else { label.more.insert(voice, text); }
                                });
                            }/>
                    }
                }).collect_view()
            }}
        </section>
    }
}

/// The B1 hint: sentences over 15 words and words over 4 syllables in the
/// Dutch and English texts, each with where it is.
#[component]
fn PlainHints(form: RwSignal<Consultation>) -> impl IntoView {
    use drempel_core::plain::{MAX_SENTENCE_WORDS, PlainHint, hints};
    let lang = use_lang();
    let found = move || {
        let ui = lang.get();
        form.with(|f| {
            let mut texts: Vec<(String, &Label)> = vec![
                (CT::TitleWord.get(ui).to_string(), &f.title),
                (CT::IntroWord.get(ui).to_string(), &f.intro),
            ];
            for (i, q) in f.questions.iter().enumerate() {
                texts.push((format!("{} {}", CT::QuestionWord.get(ui), i + 1), &q.text));
                for option in &q.options {
                    texts.push((format!("{} {}", CT::QuestionWord.get(ui), i + 1), option));
                }
            }
            let mut lines = Vec::new();
            for (place, label) in texts {
                for (text, written) in [(&label.nl, Lang::Nl), (&label.en, Lang::En)] {
                    for hint in hints(text, written) {
                        let what = match hint {
                            PlainHint::LongSentence { words } => format!(
                                "{} {words} {}",
                                CT::PlainSentenceOf.get(ui),
                                CT::PlainWords.get(ui)
                            ),
                            PlainHint::LongWord { word, syllables } => format!(
                                "{} “{word}” ({syllables} {})",
                                CT::PlainLongWord.get(ui),
                                CT::PlainSyllables.get(ui)
                            ),
                        };
                        lines.push(format!("{place} ({}): {what}", written.endonym()));
                    }
                }
            }
            lines
        })
    };
    view! {
        <section class="card stack" aria-labelledby="plain-title" data-testid="plain-hints">
            <h2 id="plain-title" class="card-title">{tr(CT::PlainTitle)}</h2>
            <p class="field-hint">{move || format!("{} ({MAX_SENTENCE_WORDS})", CT::PlainHint.get(lang.get()))}</p>
            {move || {
                let lines = found();
                if lines.is_empty() {
                    view! { <p data-testid="plain-ok">{tr(CT::PlainOk)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" role="list" data-testid="plain-list">
                            {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
