//! The report link, for anyone: `/report.html#/report/<code>`. Its own
//! small app: no service worker, no team, nothing stored but the language.

use drempel_core::consultation::PublicReport;
use drempel_core::wire::ErrorCode;
use drempel_core::wire::paths;
use leptos::prelude::*;

use crate::shared::api::net_message;
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::report_view::ReportView;
use crate::shared::signal_view::SignalDocument;
use crate::shared::{self, Page, Screen, net, shell};
use drempel_core::signal::SignalView;

/// Mounts the report page.
pub fn mount() {
    if shared::start(Page::Report) {
        leptos::mount::mount_to_body(ReportPage);
    }
}

#[component]
fn ReportPage() -> impl IntoView {
    let (settings, _) = shared::load_settings();
    shared::provide_prefs(settings);
    // `mount` made sure this is a report's fragment.
    let screen = Screen::from_hash(&window().location().hash().unwrap_or_default());
    view! {
        <shell::Header/>
        <main id="main" class="content">
            {match screen {
                Screen::Report(code) => view! { <SharedReport code/> }.into_any(),
                Screen::SignalReport(code) => view! { <SharedSignal code/> }.into_any(),
                _ => ().into_any(),
            }}
        </main>
    }
}

/// `#/signal/<code>`: a signal link, for anyone; no sign-in.
#[component]
fn SharedSignal(code: String) -> impl IntoView {
    let lang = use_lang();
    let found = RwSignal::new(None::<SignalView>);
    let error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match net::get::<SignalView>(&paths::public_signal(&code), None).await {
            Ok(view) => found.set(Some(view)),
            Err(err) if err.code() == Some(ErrorCode::NoSuchItem) => {
                error.set(Some(T::SignalGone.get(lang.get_untracked()).to_string()))
            }
            Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
        }
    });
    view! {
        {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="report-error">{text}</p> })}
        {move || found.get().map(|view| view! {
            <SignalDocument view/>
            <p class="no-print"><button type="button" class="button" on:click=move |_| { let _ = window().print(); }>{tr(T::Print)}</button></p>
        })}
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
