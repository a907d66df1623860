//! The frame around every screen: header, language, navigation, the
//! connection line and the update banner.

use drempel_core::Lang;
use drempel_core::wire::HealthStatus;
use leptos::prelude::*;

use super::i18n::{T, tr, use_lang};
use super::{Records, Screen, navigate, use_prefs};
use super::{net, sw};

/// Whether the server answers, as far as the app last saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Checking,
    Online,
    Degraded,
    /// The server does not answer.
    Offline,
    /// The phone has no network at all (the browser says so, which it
    /// only does when true): normal in a basement, not an error.
    NoNetwork,
}

/// The browser's word that there is no network; its "online" is not
/// trusted, its "offline" is.
fn no_network() -> bool {
    !window().navigator().on_line()
}

#[derive(Clone)]
struct CheckNow(std::sync::Arc<dyn Fn() + Send + Sync>);

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-name">"Drempel"</span>
                <span class="brand-tagline">{tr(T::Tagline)}</span>
            </div>
            <LanguagePicker/>
        </header>
    }
}

#[component]
fn LanguagePicker() -> impl IntoView {
    let lang = use_lang();
    let prefs = use_prefs();
    let choose = move |choice: Lang| {
        lang.set(choice);
        // The choice applies now; remembering it is best effort.
        if let Err(err) = prefs.update(|s| s.lang = Some(choice)) {
            leptos::logging::warn!("language not remembered: {err}");
        }
    };
    view! {
        <div class="lang-picker" role="group" aria-label=tr(T::Language)>
            {Lang::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <button
                            type="button"
                            class="chip chip-inverse"
                            lang=option.code()
                            data-testid=format!("lang-{}", option.code())
                            aria-pressed=move || (lang.get() == option).to_string()
                            on:click=move |_| choose(option)
                        >
                            <span aria-hidden="true">{match option { Lang::Nl => "NL", Lang::En => "EN" }}</span>
                            <span class="visually-hidden">{option.endonym()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn Nav(screen: RwSignal<Screen>) -> impl IntoView {
    let records = expect_context::<Records>();
    let sync = super::sync::use_sync();
    let coordinator = Memo::new(move |_| sync.is_coordinator());
    let item = move |target: Screen, key: T, testid: &'static str| {
        let here = target.clone();
        let go = target.clone();
        view! {
            <a
                href=target.href()
                class="nav-link"
                data-testid=testid
                aria-current=move || screen.with(|s| s.section() == here).then_some("page")
                on:click=move |ev| {
                    ev.prevent_default();
                    navigate(go.clone());
                }
            >
                {tr(key)}
                {(target == Screen::Contacts).then(|| view! {
                    <Show when=move || records.unsynced_count() != 0>
                        <span class="badge" data-testid="unsynced-badge">{move || records.unsynced_count()}</span>
                    </Show>
                })}
            </a>
        }
    };
    view! {
        <nav class="nav" aria-label=tr(T::Navigation)>
            {item(Screen::Capture, T::NavNew, "nav-new")}
            {item(Screen::Contacts, T::NavContacts, "nav-contacts")}
            {item(Screen::Consult, T::NavConsult, "nav-consult")}
            {item(Screen::Settings, T::NavSettings, "nav-settings")}
            <Show when=move || coordinator.get()>
                {item(Screen::Dashboard, T::NavDashboard, "nav-dashboard")}
                {item(Screen::Team, T::NavTeam, "nav-team")}
            </Show>
        </nav>
    }
}

#[component]
pub fn UpdateBanner(waiting: sw::UpdateWaiting) -> impl IntoView {
    view! {
        <Show when=move || waiting.0.with(Option::is_some)>
            <div class="notice notice-update" role="status" data-testid="update-banner">
                <span>{tr(T::UpdateReady)}</span>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| waiting.0.with_untracked(|w| if let Some(worker) = w { sw::activate(worker) })
                >
                    {tr(T::UpdateNow)}
                </button>
            </div>
        </Show>
    }
}

/// Checks the server at start, when the browser says it is online again,
/// when the app becomes visible, and on a timer that backs off while the
/// server stays away. `navigator.onLine` alone is never trusted.
pub fn provide_connection() {
    let connection = RwSignal::new(Connection::Checking);
    provide_context(connection);
    let check = move || {
        leptos::task::spawn_local(async move {
            connection.set(probe().await);
        })
    };
    let _ = window_event_listener(leptos::ev::online, move |_| check());
    // No network: say so at once, not at the next check a minute later.
    let _ = window_event_listener(leptos::ev::offline, move |_| {
        connection.set(Connection::NoNetwork)
    });
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            check();
        }
    });
    provide_context(CheckNow(std::sync::Arc::new(check)));
    leptos::task::spawn_local(async move {
        let mut failures = 0;
        loop {
            let state = probe().await;
            connection.set(state);
            let delay = if state == Connection::Online {
                failures = 0;
                60_000
            } else {
                failures += 1;
                drempel_core::retry::backoff_ms(failures - 1, 2_000, 30_000, js_sys::Math::random())
            };
            sleep_ms(delay).await;
        }
    });
}

async fn probe() -> Connection {
    if no_network() {
        return Connection::NoNetwork;
    }
    match net::health().await {
        Ok(health) if health.status == HealthStatus::Ok => Connection::Online,
        Ok(_) => Connection::Degraded,
        Err(_) if no_network() => Connection::NoNetwork,
        Err(_) => Connection::Offline,
    }
}

/// A request failed for want of an answer: the line says so now, instead
/// of at the next check.
pub fn unreachable_seen(connection: RwSignal<Connection>) {
    connection.set(if no_network() {
        Connection::NoNetwork
    } else {
        Connection::Offline
    });
}

async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            ms.min(i32::MAX as u64) as i32,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let connection = expect_context::<RwSignal<Connection>>();
    let check_now = expect_context::<CheckNow>();
    let lang = use_lang();
    let text = move || {
        let key = match connection.get() {
            Connection::Checking => T::ServerChecking,
            Connection::Online => T::ServerOnline,
            Connection::Degraded => T::ServerDegraded,
            Connection::Offline => T::ServerOffline,
            Connection::NoNetwork => T::NoNetwork,
        };
        key.get(lang.get())
    };
    let state = move || match connection.get() {
        Connection::Checking => "checking",
        Connection::Online => "online",
        Connection::Degraded => "degraded",
        Connection::Offline => "offline",
        Connection::NoNetwork => "no-network",
    };
    view! {
        <section class="connection" data-testid="connection" data-state=state role="status" aria-live="polite">
            <span class="connection-dot" aria-hidden="true"></span>
            <span class="connection-text">{text}</span>
            <Show when=move || connection.get() != Connection::Online>
                <button type="button" class="link-button" on:click={
                    let check_now = check_now.clone();
                    move |_| (check_now.0)()
                }>{tr(T::CheckNow)}</button>
            </Show>
        </section>
    }
}

/// Safari on iPhone or iPad, not started from the home screen: its storage
/// may be cleared after seven days without a visit.
pub fn needs_ios_install_hint() -> bool {
    let navigator = window().navigator();
    let agent = navigator.user_agent().unwrap_or_default();
    let ios = agent.contains("iPhone") || agent.contains("iPad") || agent.contains("iPod");
    let standalone = window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
        || js_sys::Reflect::get(&navigator, &"standalone".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    ios && !standalone
}
