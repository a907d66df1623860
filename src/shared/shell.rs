//! The frame around every screen: header, language, the bottom navigation,
//! the status line (core's `sync::line` says what it shows) and the update banner.

use drempel_core::Lang;
use drempel_core::sync::SyncStatus;
use drempel_core::sync::line::{Line, Membership, Seen, Server, line};
use drempel_core::wire::HealthStatus;
use leptos::prelude::*;

use super::i18n::{T, tr, use_lang};
use super::sync::SyncView;
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

/// How often the server is checked while it answers: a server that went
/// away shows on the line within this.
const HEALTH_EVERY_MS: u64 = 20_000;

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

/// A 24 px outline icon for the navigation bar, drawn from one path.
fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="nav-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d=path/>
        </svg>
    }
}

/// The navigation bar along the bottom, in reach of a thumb: one row at
/// 360 px, each item an icon over a short word. The count of unsent
/// contacts sits on their own item's icon, so nothing moves when it shows.
#[component]
pub fn Nav(screen: RwSignal<Screen>) -> impl IntoView {
    let records = expect_context::<Records>();
    let sync = super::sync::use_sync();
    let coordinator = Memo::new(move |_| sync.is_coordinator());
    let item = move |target: Screen, key: T, testid: &'static str, path: &'static str| {
        let here = target.clone();
        let go = target.clone();
        let unsent = target == Screen::Contacts;
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
                <span class="nav-glyph">
                    {icon(path)}
                    {unsent.then(|| view! {
                        <Show when=move || records.unsynced_count() != 0>
                            <span class="badge" data-testid="unsynced-badge">
                                {move || records.unsynced_count()}
                                <span class="visually-hidden">" "{tr(T::NotSentYet)}</span>
                            </span>
                        </Show>
                    })}
                </span>
                <span class="nav-word">{tr(key)}</span>
            </a>
        }
    };
    view! {
        <nav class="nav" aria-label=tr(T::Navigation)>
            {item(Screen::Capture, T::NavNew, "nav-new", "M12 5v14M5 12h14")}
            {item(Screen::Contacts, T::NavContacts, "nav-contacts", "M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01")}
            {item(Screen::Consult, T::NavConsult, "nav-consult", "M4 5h16v11H9l-5 4z")}
            <Show when=move || coordinator.get()>
                {item(Screen::Dashboard, T::NavDashboard, "nav-dashboard", "M5 20V11M12 20V4M19 20v-6")}
                {item(Screen::Team, T::NavTeam, "nav-team", "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 5a3 3 0 0 1 0 6M21 20a6 6 0 0 0-4-5.6")}
            </Show>
            {item(Screen::Settings, T::NavSettings, "nav-settings", "M5 12h.01M12 12h.01M19 12h.01")}
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
                HEALTH_EVERY_MS
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

/// The one line about where this phone's contacts stand (core's
/// [`line`] over the browser's network state, the health check, the
/// team membership and the sync engine), for every screen to read.
pub fn provide_line(records: Records) -> Memo<Line> {
    let connection = expect_context::<RwSignal<Connection>>();
    let sync = super::sync::use_sync();
    let line = Memo::new(move |_| {
        let (no_network, server) = match connection.get() {
            Connection::Checking => (false, Server::Unknown),
            Connection::Online => (false, Server::Ok),
            Connection::Degraded => (false, Server::Degraded),
            Connection::Offline => (false, Server::Unreachable),
            Connection::NoNetwork => (true, Server::Unknown),
        };
        let view = sync.view.get();
        let membership = match view {
            SyncView::NotJoined => Membership::None,
            SyncView::Revoked => Membership::Removed,
            _ => Membership::Member,
        };
        let status = match view {
            SyncView::Sending { done, total } => SyncStatus::Pushing { sent: done, total },
            SyncView::Receiving { received } => SyncStatus::Pulling { received },
            SyncView::Failed { code, retry_at } => SyncStatus::Failed {
                reason: code,
                retry_at,
            },
            SyncView::Idle { last_success } => SyncStatus::Idle { last_success },
            SyncView::NotJoined | SyncView::Revoked => SyncStatus::Idle { last_success: None },
        };
        line(&Seen {
            no_network,
            server,
            membership,
            sync: status,
            unsent: records.unsynced_count(),
        })
    });
    provide_context(line);
    line
}

/// "1 gesprek", "3 gesprekken".
pub fn contacts_count(n: usize, lang: Lang) -> String {
    let word = match (lang, n == 1) {
        (Lang::Nl, true) => "gesprek",
        (Lang::Nl, false) => "gesprekken",
        (Lang::En, true) => "contact",
        (Lang::En, false) => "contacts",
    };
    format!("{n} {word}")
}

/// The line's words.
fn line_text(line: &Line, lang: Lang) -> String {
    let t = |key: T| key.get(lang);
    let waiting = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            format!(" {} {}.", t(T::StillToSend), contacts_count(n, lang))
        }
    };
    match line {
        Line::NotJoined { .. } => t(T::LineNotJoined).to_string(),
        Line::Removed { .. } => t(T::SyncRevoked).to_string(),
        Line::Offline { unsent } => format!("{}{}", t(T::NoNetwork), waiting(*unsent)),
        Line::Fetching => t(T::LineUpdating).to_string(),
        Line::Sending { done, total } => {
            format!("{} {done} {} {total}", t(T::SyncSending), t(T::SyncOf))
        }
        Line::NeedsAttention { reason } => {
            format!(
                "{} {}",
                t(T::LineAttention),
                super::api::reason(reason, lang)
            )
        }
        Line::Unreachable { unsent, retry_at } => {
            let mut text = format!("{}{}", t(T::ServerOffline), waiting(*unsent));
            if let Some(at) = retry_at {
                text.push_str(&format!(
                    " {} {}.",
                    t(T::RetryAt),
                    super::time::time_of(*at)
                ));
            }
            text
        }
        Line::Checking => t(T::ServerChecking).to_string(),
        Line::Waiting { unsent } => {
            format!("{} {}.", t(T::StillToSend), contacts_count(*unsent, lang))
        }
        Line::AllSent { at: Some(at) } => {
            format!("{} {}.", t(T::AllSentAt), super::time::time_of(*at))
        }
        Line::AllSent { at: None } => t(T::AllSent).to_string(),
    }
}

/// The line, at the top of every screen and in the kiosk: offline is said
/// plainly (grey), only what needs the person is shown as a problem. In
/// the kiosk a resident holds the phone: no buttons that leave it.
#[component]
pub fn StatusLine(#[prop(optional)] kiosk: bool) -> impl IntoView {
    let line = expect_context::<Memo<Line>>();
    let check_now = expect_context::<CheckNow>();
    let lang = use_lang();
    let state = move || line.with(Line::code);
    view! {
        <section class="connection" data-testid="connection" data-state=state role="status" aria-live="polite"
            class:connection-problem=move || line.with(Line::is_problem)>
            <span class="connection-dot" aria-hidden="true"></span>
            <span class="connection-text" data-testid="connection-text">{move || line.with(|l| line_text(l, lang.get()))}</span>
            {move || match line.get() {
                _ if kiosk => ().into_any(),
                Line::Unreachable { .. } => {
                    let check_now = check_now.clone();
                    view! {
                        <button type="button" class="link-button" data-testid="check-now" on:click=move |_| (check_now.0)()>
                            {tr(T::CheckNow)}
                        </button>
                    }.into_any()
                }
                Line::NotJoined { .. } | Line::NeedsAttention { .. } | Line::Removed { .. } => view! {
                    <a class="link-button" href=Screen::Settings.href() data-testid="line-more"
                        on:click=move |ev| { ev.prevent_default(); navigate(Screen::Settings); }>
                        {tr(T::LineWhatToDo)}
                    </a>
                }.into_any(),
                _ => ().into_any(),
            }}
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
