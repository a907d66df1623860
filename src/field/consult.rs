//! Consultations on this phone: the open ones, and the kiosk residents
//! answer on. A coordinator's list of the team's consultations is passed in
//! by the coordinator's app.

use std::collections::BTreeMap;

use drempel_core::consultation::{
    Answer, MAX_ANSWER, Question, QuestionKind, Response, SCALE, clean_answers,
};
use drempel_core::resident::ResidentLang;
use leptos::prelude::*;

use crate::shared::content::use_content;
use crate::shared::i18n::{T, count, tr, use_lang};
use crate::shared::records::{new_id, now_ms};
use crate::shared::sync::use_sync;
use crate::shared::time::{date_text, today};
use crate::shared::{Page, Screen, navigate, storage_message};

/// `#/consult`: what residents can answer on this phone, and for
/// coordinators the team's consultations.
#[component]
pub fn ConsultScreen(
    /// The coordinator's list of the team's consultations, when the
    /// coordinator's app shows this screen.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let content = use_content();
    let lang = use_lang();
    let sync = use_sync();
    let coordinator = move || sync.is_coordinator();
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
                    {move || count(waiting(), T::ResponseWaitingOne, T::ResponsesWaiting, lang.get())}
                </p>
            </Show>
            {move || {
                let refused = refused();
                (!refused.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="responses-refused">
                        <p>{move || count(refused.len(), T::ResponseRefusedOne, T::ResponsesRefused, lang.get())}</p>
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
            {match children {
                Some(manage) => manage().into_any(),
                // In the field app, the team's consultations are a link
                // to the coordinator's page.
                None => view! {
                    <Show when=coordinator>
                        <p>
                            <a class="button" href=Screen::Consult.on(Page::Coordinator) data-testid="manage-link">
                                {tr(T::TeamConsultations)}
                            </a>
                        </p>
                    </Show>
                }.into_any(),
            }}
        </section>
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
    // The resident's language: the languages every text is written in,
    // picked by their own names; the volunteer's when it is one of them.
    let offered = consultation.languages();
    let first_voice = {
        let consultation = StoredValue::new(consultation.clone());
        move || consultation.with_value(|c| c.first_language(lang.get_untracked()))
    };
    let voice = RwSignal::new(first_voice());
    let words = move || voice.get().words();

    let focus_top = || {
        if let Some(el) = document().get_element_by_id("kiosk-title") {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let next_person = move || {
        voice.set(first_voice());
        answers.set(BTreeMap::new());
        pii_warned.set(false);
        error.set(None);
        done.set(false);
        focus_top();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang_now = lang.get_untracked();
        let voice_now = voice.get_untracked();
        let given = clean_answers(answers.get_untracked());
        if given.is_empty() {
            error.set(Some(voice_now.words().answer_something.to_string()));
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
            lang: voice_now,
            answers: given,
        };
        let Some(current) = content.consultation(&consultation_id) else {
            return;
        };
        if let Err(invalid) = response.validate(&current) {
            error.set(Some(format!(
                "{} ({})",
                voice_now.words().answer_something,
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

    let pick = (offered.len() > 1).then(|| {
        view! {
            <div class="chip-row kiosk-langs" role="group" aria-labelledby="kiosk-langs-label" data-testid="kiosk-langs">
                <span id="kiosk-langs-label" class="field-label">{move || words().choose_language}</span>
                {offered.iter().map(|&choice| view! {
                    <button type="button" class="chip" lang=choice.code() dir=if choice.rtl() { "rtl" } else { "ltr" }
                        data-testid=format!("kiosk-lang-{}", choice.code())
                        aria-pressed=move || (voice.get() == choice).to_string()
                        on:click=move |_| voice.set(choice)>
                        {choice.endonym()}
                    </button>
                }).collect_view()}
            </div>
        }
    });
    view! {
        <section class="kiosk stack" aria-labelledby="kiosk-title" data-testid="kiosk">
            // What the resident reads, in the resident's language and its
            // direction; the volunteer's own controls below stay in the app's.
            <div class="stack" data-testid="kiosk-resident" lang=move || voice.get().code()
                dir=move || if voice.get().rtl() { "rtl" } else { "ltr" }>
            {pick}
            <h1 id="kiosk-title" class="screen-title" tabindex="-1">{move || title.for_resident(voice.get()).to_string()}</h1>
            <Show when=move || !done.get() fallback=move || view! {
                <div class="card stack kiosk-thanks" role="status" data-testid="kiosk-thanks">
                    <p class="kiosk-thanks-text">{move || words().thanks_title}</p>
                    <p>{move || words().thanks_text}</p>
                    <button type="button" class="button button-primary" data-testid="kiosk-next" on:click=move |_| next_person()>{move || words().next_person}</button>
                </div>
            }>
                {
                    let intro = intro.clone();
                    move || {
                        let text = intro.in_lang(voice.get()).unwrap_or_default().to_string();
                        (!text.is_empty()).then(|| view! { <p class="kiosk-intro">{text}</p> })
                    }
                }
                <form class="stack" on:submit=submit.clone() novalidate>
                    {questions.iter().cloned().map(|q| view! { <KioskQuestion question=q answers voice=voice.read_only()/> }).collect_view()}
                    <Show when=move || pii_warned.get()>
                        <p class="notice notice-warn" role="alert" data-testid="kiosk-pii">{move || words().seems_personal}</p>
                    </Show>
                    {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="kiosk-error">{text}</p> })}
                    <button type="submit" class="button button-primary button-large" data-testid="kiosk-submit">
                        {move || if pii_warned.get() { words().send_anyway } else { words().send }}
                    </button>
                </form>
            </Show>
            </div>
            <div class="kiosk-foot">
                <p class="field-hint" data-testid="kiosk-count">{move || count(taken.get() as usize, T::TakenHereOne, T::TakenHere, lang.get())}</p>
                <crate::shared::shell::StatusLine kiosk=true/>
                <Show when=move || leaving.get() fallback=move || view! {
                    <button type="button" class="link-button" data-testid="kiosk-leave" on:click=move |_| {
                        leaving.set(true);
                        // The question and its answers open below: bring
                        // all of it into view, its buttons at the bottom.
                        request_animation_frame(|| {
                            if let Some(question) = document().get_element_by_id("leave-box") {
                                question.scroll_into_view_with_bool(false);
                            }
                        });
                    }>{tr(T::LeaveKiosk)}</button>
                }>
                    <div class="card stack" id="leave-box" role="group" aria-labelledby="leave-title">
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
fn KioskQuestion(
    question: Question,
    answers: RwSignal<BTreeMap<String, Answer>>,
    /// The language the resident reads.
    voice: ReadSignal<ResidentLang>,
) -> impl IntoView {
    let qid = question.id.clone();
    let text = question.text.clone();
    let legend = move || text.for_resident(voice.get()).to_string();
    // What the read-aloud button says: the question and its options.
    let spoken = {
        let question = StoredValue::new(question.clone());
        move || {
            let voice = voice.get_untracked();
            question.with_value(|q| {
                std::iter::once(q.text.for_resident(voice))
                    .chain(q.options.iter().map(|o| o.for_resident(voice)))
                    .collect::<Vec<_>>()
                    .join(". ")
            })
        }
    };
    let can_speak = move || speech_voice(voice.get()).is_some();
    let speak = move |_| {
        let voice = voice.get_untracked();
        if let (Some(chosen), Ok(synth)) = (speech_voice(voice), window().speech_synthesis())
            && let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&spoken())
        {
            synth.cancel();
            utterance.set_lang(voice.code());
            utterance.set_voice(Some(&chosen));
            synth.speak(&utterance);
        }
    };
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
                    let picture = drempel_core::plain::Pictogram::of_option(&option).map(pictogram);
                    view! {
                        <label class="answer-option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=qid.clone()
                                prop:checked=checked on:change=change/>
                            {picture}
                            <span>{move || option.for_resident(voice.get()).to_string()}</span>
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
                            {face(n)}
                            <span>{n}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="scale">{points}</div>
                <p class="scale-ends field-hint"><span>{move || voice.get().words().scale_low}</span><span>{move || voice.get().words().scale_high}</span></p>
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
                <p id=hint_id class="field-hint">{move || voice.get().words().no_personal_data}</p>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="card stack kiosk-question" data-testid="kiosk-question" data-kind=question.kind.code()>
            <legend class="card-title">{legend.clone()}</legend>
            <Show when=can_speak>
                <button type="button" class="link-button read-aloud" data-testid="read-aloud" on:click=speak>
                    {move || voice.get().words().read_aloud}
                </button>
            </Show>
            {body}
        </fieldset>
    }
}

/// A voice of the browser's speech that speaks `lang`, when it has one.
fn speech_voice(lang: ResidentLang) -> Option<web_sys::SpeechSynthesisVoice> {
    use wasm_bindgen::JsCast;
    let voices = window().speech_synthesis().ok()?.get_voices();
    voices
        .iter()
        .filter_map(|v| v.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
        .find(|v| {
            v.lang()
                .split(['-', '_'])
                .next()
                .is_some_and(|tag| tag.eq_ignore_ascii_case(lang.code()))
        })
}

/// The pictogram beside "yes", "no" or "don't know": a drawing only, the
/// words stay beside it.
fn pictogram(picture: drempel_core::plain::Pictogram) -> impl IntoView {
    use drempel_core::plain::Pictogram;
    let (class, path) = match picture {
        Pictogram::Yes => ("pictogram pictogram-yes", "M5 12.5l4.5 4.5L19 7.5"),
        Pictogram::No => ("pictogram pictogram-no", "M6.5 6.5l11 11M17.5 6.5l-11 11"),
        Pictogram::DontKnow => (
            "pictogram pictogram-maybe",
            "M9 9.2a3 3 0 1 1 4.2 2.8c-.8.4-1.2 1-1.2 1.9v.6M12 17.6v.4",
        ),
    };
    view! {
        <svg class=class viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="11" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d=path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A face for point `n` of the 1–5 scale, from sad to happy; the number
/// stays beside it.
fn face(n: u8) -> impl IntoView {
    // The mouth: a frown at 1, flat at 3, a smile at 5.
    let bend = (f32::from(n) - 3.0) * 2.5;
    let mouth = format!("M7.5 15.5Q12 {:.1} 16.5 15.5", 15.5 + bend);
    view! {
        <svg class="pictogram" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="11" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <circle cx="8.5" cy="9.5" r="1.3" fill="currentColor"/>
            <circle cx="15.5" cy="9.5" r="1.3" fill="currentColor"/>
            <path d=mouth fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>
        </svg>
    }
}
