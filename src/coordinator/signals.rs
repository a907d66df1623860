//! Signals to the municipality: the team's list, and the editor with the
//! signal as it prints (its evidence counted by the server from the
//! filter), a print button and a read-only link.

use drempel_core::signal::{SIGNALS_PAGE, Signal, SignalInfo, SignalStatus, SignalView};
use drempel_core::wire::{ShareLink, paths};
use leptos::prelude::*;

use super::texts::{CT, signal_invalid_text};
use crate::shared::api::{net_message, token};
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::signal_view::SignalDocument;
use crate::shared::time::date_text;
use crate::shared::{Screen, navigate, net, use_catalog};

/// `#/signals`: the team's signals, newest first, a page at a time.
#[component]
pub fn SignalsScreen() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<SignalInfo>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let token = StoredValue::new(token());
    let fetch = move |before: Option<String>| {
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let path = paths::signals(before.as_deref());
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
        <section class="stack" aria-labelledby="signals-title">
            <h1 id="signals-title" class="screen-title">{tr(CT::SignalsTitle)}</h1>
            <p>{tr(CT::SignalsIntro)}</p>
            <a class="button button-primary" href=Screen::SignalEdit("new".into()).hash() data-testid="new-signal">{tr(CT::NewSignal)}</a>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <Show when=move || list.with(Vec::is_empty) && error.with(Option::is_none)>
                <p>{tr(CT::NoSignals)}</p>
            </Show>
            <ul class="plain-list" role="list" data-testid="signal-list">
                {move || list.get().into_iter().map(|info| {
                    let href = Screen::SignalEdit(info.signal.id.clone()).hash();
                    let status = info.signal.status;
                    view! {
                        <li class="list-row">
                            <a href=href>{info.signal.title.clone()}</a>
                            <span class="status-badge">{move || status.label(lang.get())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || more.get()>
                <button type="button" class="button" data-testid="more-signals"
                    on:click=move |_| fetch(list.with_untracked(|l| l.last().map(|i| i.signal.id.clone())))>
                    {tr(T::ShowMore)}
                </button>
            </Show>
        </section>
    }
}

/// `#/signals/<id>`: writes a signal (`new` for a new one) and shows it as
/// it prints, with its link.
#[component]
pub fn SignalEditor(id: String) -> impl IntoView {
    let lang = use_lang();
    let catalog = use_catalog();
    let is_new = id == "new";
    let draft = RwSignal::new(Signal {
        filter: drempel_core::signal::SignalFilter {
            scheme: catalog.with_untracked(|c| {
                c.schemes
                    .iter()
                    .find(|s| s.active)
                    .map(|s| s.id.clone())
                    .unwrap_or_default()
            }),
            ..Default::default()
        },
        ..Signal::default()
    });
    let shown = RwSignal::new(None::<SignalView>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let token = StoredValue::new(token());
    let load = move |id: String| {
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            match net::get::<SignalView>(&paths::signal(&id, ""), token.as_deref()).await {
                Ok(view) => {
                    draft.set(view.signal.clone());
                    shown.set(Some(view));
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    if !is_new {
        load(id.clone());
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = draft.get_untracked();
        let lang_now = lang.get_untracked();
        if let Err(invalid) = catalog.with_untracked(|c| body.validate(c)) {
            error.set(Some(signal_invalid_text(&invalid, lang_now, false)));
            return;
        }
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let answer = if body.id.is_empty() {
                net::post::<_, SignalInfo>(paths::SIGNALS, token.as_deref(), &body).await
            } else {
                net::put::<_, SignalInfo>(&paths::signal(&body.id, ""), token.as_deref(), &body)
                    .await
            };
            match answer {
                Ok(info) => {
                    error.set(None);
                    saved.set(true);
                    if body.id.is_empty() {
                        navigate(Screen::SignalEdit(info.signal.id));
                    } else {
                        load(info.signal.id);
                    }
                }
                // The form keeps what was typed; only the message is new.
                Err(err) => error.set(Some(net_message(&err, lang_now))),
            }
        });
    };
    let share = move |make: bool| {
        let Some(id) = shown.with_untracked(|v| v.as_ref().map(|v| v.signal.id.clone())) else {
            return;
        };
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            let path = paths::signal(&id, if make { "share" } else { "unshare" });
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
                Ok(code) => shown.update(|v| {
                    if let Some(v) = v {
                        v.share = code;
                    }
                }),
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    let share_url = move || {
        shown
            .with(|v| v.as_ref().and_then(|v| v.share.clone()))
            .map(|code| {
                let origin = window().location().origin().unwrap_or_default();
                format!("{origin}{}", Screen::SignalReport(code).href())
            })
    };
    let text = move |label: CT,
                     testid: &'static str,
                     get: fn(&Signal) -> String,
                     set: fn(&mut Signal, String),
                     multiline: bool| {
        let input_id = format!("sig-{testid}");
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
    let date = move |label: CT,
                     testid: &'static str,
                     get: fn(&Signal) -> Option<String>,
                     set: fn(&mut Signal, Option<String>)| {
        let input_id = format!("sig-{testid}");
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
    let schemes = move || {
        catalog.with(|c| {
            c.schemes
                .iter()
                .map(|s| (s.id.clone(), s.label.get(lang.get()).to_string()))
                .collect::<Vec<_>>()
        })
    };
    let barriers = move || {
        catalog.with(|c| {
            c.barriers
                .iter()
                .map(|b| (b.id.clone(), b.label.get(lang.get()).to_string()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="stack">
            <p class="no-print"><a href=Screen::Signals.hash()>{tr(CT::BackToSignals)}</a></p>
            <form class="card stack no-print" novalidate on:submit=save aria-labelledby="signal-form-title">
                <h1 id="signal-form-title" class="screen-title">{move || if is_new { CT::NewSignal.get(lang.get()) } else { CT::SignalsTitle.get(lang.get()) }}</h1>
                {text(CT::SignalTitleLabel, "signal-title", |s| s.title.clone(), |s, v| s.title = v, false)}
                {text(CT::SignalProblemLabel, "signal-problem", |s| s.problem.clone(), |s, v| s.problem = v, true)}
                <fieldset class="stack">
                    <legend class="field-label">{tr(CT::SignalEvidenceTitle)}</legend>
                    <label class="field-label" for="sig-scheme">{tr(T::SchemeWord)}</label>
                    <select id="sig-scheme" class="field-input" data-testid="signal-scheme"
                        prop:value=move || draft.with(|d| d.filter.scheme.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.filter.scheme = v); }>
                        {move || schemes().into_iter().map(|(id, name)| {
                            let selected = draft.with_untracked(|d| d.filter.scheme == id);
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <label class="field-label" for="sig-barrier">{tr(T::BarrierWord)}</label>
                    <select id="sig-barrier" class="field-input" data-testid="signal-barrier"
                        prop:value=move || draft.with(|d| d.filter.barrier.clone().unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.filter.barrier = Some(v).filter(|v| !v.is_empty())); }>
                        <option value="">{tr(CT::AnyBarrier)}</option>
                        {move || barriers().into_iter().map(|(id, name)| {
                            let selected = draft.with_untracked(|d| d.filter.barrier.as_deref() == Some(id.as_str()));
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    {text(CT::SignalSiteLabel, "signal-site", |s| s.filter.site.clone().unwrap_or_default(), |s, v| s.filter.site = Some(v).filter(|v| !v.trim().is_empty()), false)}
                    {date(CT::FromLabel, "signal-from", |s| s.filter.from.clone(), |s, v| s.filter.from = v)}
                    {date(CT::UntilLabel, "signal-until", |s| s.filter.until.clone(), |s, v| s.filter.until = v)}
                </fieldset>
                {text(CT::SignalAskLabel, "signal-ask", |s| s.ask.clone(), |s, v| s.ask = v, true)}
                <div class="chip-row" role="group" aria-labelledby="sig-status-label">
                    <span id="sig-status-label" class="field-label">{tr(CT::SignalStatusLabel)}</span>
                    {SignalStatus::ALL.into_iter().map(|status| view! {
                        <button type="button" class="chip" data-testid=format!("signal-status-{}", status.code())
                            aria-pressed=move || draft.with(|d| d.status == status).to_string()
                            on:click=move |_| draft.update(|d| d.status = status)>
                            {move || status.label(lang.get())}
                        </button>
                    }).collect_view()}
                </div>
                {date(CT::SentOnLabel, "signal-sent-on", |s| s.sent_on.clone(), |s, v| s.sent_on = v)}
                {text(CT::AnswerLabel, "signal-answer", |s| s.answer.clone(), |s, v| s.answer = v, true)}
                {date(CT::AnsweredOnLabel, "signal-answered-on", |s| s.answered_on.clone(), |s, v| s.answered_on = v)}
                {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="signal-error">{text}</p> })}
                <p role="status" class="field-hint" data-testid="signal-saved">{move || saved.get().then(|| CT::SignalSaved.get(lang.get()))}</p>
                <button type="submit" class="button button-primary" data-testid="save-signal">{tr(CT::SaveSignal)}</button>
            </form>
            {move || shown.get().map(|view| {
                let sent = view.signal.sent_on.clone().map(|d| date_text(&d));
                view! {
                    <SignalDocument view/>
                    <div class="card stack no-print">
                        <h2 class="card-title">{tr(CT::ShareAndPrint)}</h2>
                        {sent.map(|d| view! { <p class="field-hint">{tr(CT::SentOnLabel)}" "{d}</p> })}
                        <button type="button" class="button" data-testid="print-signal" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button>
                        {move || match share_url() {
                            Some(url) => view! {
                                <p class="field-hint">{tr(CT::SignalShareExplained)}</p>
                                <a class="share-url" href=url.clone() data-testid="signal-share-url">{url.clone()}</a>
                                <button type="button" class="button" data-testid="signal-unshare" on:click=move |_| share(false)>{tr(CT::Unshare)}</button>
                            }.into_any(),
                            None => view! {
                                <button type="button" class="button" data-testid="signal-share" on:click=move |_| share(true)>{tr(CT::MakeShare)}</button>
                            }.into_any(),
                        }}
                    </div>
                }
            })}
        </div>
    }
}
