//! The coordinator's team screen: sign in, join links with their QR code,
//! devices, conflicts, exports, privacy, sign out.

use drempel_core::Lang;
use drempel_core::keep::KEEP_DAYS;
use drempel_core::sync::LoggedConflict;
use drempel_core::wire::paths;
use drempel_core::wire::{
    AuditAbout, AuditAction, AuditEntry, CreatedJoinLink, DeviceInfo, JoinLinkInfo, LoginRequest,
    NewJoinLink, RETENTION_DAYS, Role, Session, TeamSettings,
};
use leptos::prelude::*;

use super::texts::CT;
use crate::shared::Screen;
use crate::shared::api::progress_text;
use crate::shared::api::{Paged, load, net_message, token};
use crate::shared::i18n::{T, count, tr, use_lang};
use crate::shared::net::{self, NetError};
use crate::shared::records::now_ms;
use crate::shared::sync::{LogoutError, use_sync};
use crate::shared::time::time_of;

/// `#/team`: sign in as coordinator, or manage the team.
#[component]
pub fn TeamScreen() -> impl IntoView {
    let sync = use_sync();
    let coordinator = move || sync.is_coordinator();
    let signed_out = RwSignal::new(false);
    view! {
        <section class="team" aria-labelledby="team-title">
            <Show when=coordinator fallback=move || view! {
                <h1 id="team-title" class="screen-title">{tr(CT::LoginTitle)}</h1>
                <Show when=move || signed_out.get()>
                    <p class="notice" role="status" data-testid="signed-out">{tr(CT::LoggedOut)}</p>
                </Show>
                <LoginForm/>
            }>
                <h1 id="team-title" class="screen-title">{move || sync.session.with(|s| s.as_ref().map(|s| s.team.clone()).unwrap_or_default())}</h1>
                <JoinLinks/>
                <Writing/>
                <Devices/>
                <Conflicts/>
                <Export/>
                <Privacy/>
                <Regions/>
                <Logout signed_out/>
            </Show>
        </section>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let region = use_context::<crate::shared::region::RegionSignedIn>();
    let sync = use_sync();
    let lang = use_lang();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let request = LoginRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
            label: crate::shared::device_name(""),
        };
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            let answer: Result<Session, NetError> = net::post(paths::LOGIN, None, &request).await;
            match answer {
                Ok(session) if session.role == Role::Region => {
                    password.set(String::new());
                    let sign_in = crate::shared::region::RegionSignIn {
                        token: session.token,
                        region: session.team,
                    };
                    if let Some(region) = region
                        && crate::shared::region::keep(&sign_in)
                    {
                        region.0.set(Some(sign_in));
                    } else {
                        error.set(Some(T::ErrorStorage.get(lang).to_string()));
                    }
                }
                Ok(session) => {
                    password.set(String::new());
                    if let Err(err) = sync.join(session) {
                        error.set(Some(crate::shared::storage_message(&err, lang).to_string()));
                    }
                }
                Err(err) => error.set(Some(net_message(&err, lang))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stack" on:submit=submit data-testid="login-form">
            <label class="field-label" for="login-name">{tr(CT::LoginName)}</label>
            <input id="login-name" class="field-input" type="text" autocomplete="username" required
                data-testid="login-name" prop:value=move || login.get() on:input=move |ev| login.set(event_target_value(&ev))/>
            <label class="field-label" for="login-password">{tr(CT::Password)}</label>
            <input id="login-password" class="field-input" type="password" autocomplete="current-password" required
                data-testid="login-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="login-error">{text}</p> })}
            <button type="submit" class="button button-primary" data-testid="login-submit" disabled=move || busy.get()>{tr(CT::LoginButton)}</button>
        </form>
    }
}

/// The regions that see this team's counts, and what they see.
#[component]
fn Regions() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let (regions, error) = load::<Vec<TeamRegion>>(paths::TEAM_REGIONS, reload);
    view! {
        <section class="card stack" aria-labelledby="regions-title" data-testid="team-regions">
            <h2 id="regions-title" class="card-title">{tr(CT::RegionsTitle)}</h2>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            {move || regions.get().map(|list| if list.is_empty() {
                view! { <p class="hint">{tr(CT::RegionsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {list.into_iter().map(|r| view! {
                            <li>{r.name}" ("{r.teams}" "{tr(CT::RegionsTeams)}")"</li>
                        }).collect_view()}
                    </ul>
                    <p class="hint">{tr(CT::RegionsWhat)}</p>
                }.into_any()
            })}
        </section>
    }
}

/// A region the team is in (`GET /api/v1/team/regions`).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct TeamRegion {
    name: String,
    teams: u32,
}

#[component]
fn JoinLinks() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let (links, error) = load::<Vec<JoinLinkInfo>>(paths::JOIN_LINKS, reload);
    let role = RwSignal::new(Role::Volunteer);
    let hours = RwSignal::new(24u32);
    let max_uses = RwSignal::new(None::<u32>);
    let created = RwSignal::new(None::<CreatedJoinLink>);
    let action_error = RwSignal::new(None::<String>);
    let create = move |_| {
        let request = NewJoinLink {
            role: role.get_untracked(),
            valid_hours: hours.get_untracked(),
            origin: window().location().origin().unwrap_or_default(),
            max_uses: max_uses.get_untracked(),
        };
        let token = token();
        leptos::task::spawn_local(async move {
            match net::post::<_, CreatedJoinLink>(paths::JOIN_LINKS, token.as_deref(), &request)
                .await
            {
                Ok(link) => {
                    created.set(Some(link));
                    action_error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(err) => action_error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    let withdraw = move |id: i64| {
        let token = token();
        leptos::task::spawn_local(async move {
            let path = paths::revoke_join_link(id);
            match net::post_empty(&path, token.as_deref()).await {
                Ok(()) => {
                    if created.with_untracked(|c| c.as_ref().is_some_and(|c| c.link.id == id)) {
                        created.set(None);
                    }
                    reload.update(|n| *n += 1);
                }
                Err(err) => action_error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    let choice = move |label: CT,
                       testid: &'static str,
                       selected: Signal<bool>,
                       pick: Box<dyn Fn() + Send + Sync>| {
        view! {
            <button type="button" class="chip" data-testid=testid aria-pressed=move || selected.get().to_string() on:click=move |_| pick()>
                {tr(label)}
            </button>
        }
    };
    view! {
        <section class="card" aria-labelledby="links-title">
            <h2 id="links-title" class="card-title">{tr(CT::LinksTitle)}</h2>
            <div class="chip-row" role="group" aria-label=tr(CT::LinkFor)>
                <span class="field-label">{tr(CT::LinkFor)}</span>
                {choice(CT::RoleVolunteer, "link-role-volunteer", Signal::derive(move || role.get() == Role::Volunteer), Box::new(move || role.set(Role::Volunteer)))}
                {choice(CT::RoleCoordinator, "link-role-coordinator", Signal::derive(move || role.get() == Role::Coordinator), Box::new(move || role.set(Role::Coordinator)))}
            </div>
            <div class="chip-row" role="group" aria-label=tr(CT::LinkValid)>
                <span class="field-label">{tr(CT::LinkValid)}</span>
                {choice(CT::OneDay, "link-valid-day", Signal::derive(move || hours.get() == 24), Box::new(move || hours.set(24)))}
                {choice(CT::OneWeek, "link-valid-week", Signal::derive(move || hours.get() == 168), Box::new(move || hours.set(168)))}
            </div>
            <div class="chip-row" role="group" aria-label=tr(CT::LinkPhones)>
                <span class="field-label">{tr(CT::LinkPhones)}</span>
                {choice(CT::OnePhone, "link-uses-one", Signal::derive(move || max_uses.get() == Some(1)), Box::new(move || max_uses.set(Some(1))))}
                {choice(CT::TenPhones, "link-uses-ten", Signal::derive(move || max_uses.get() == Some(10)), Box::new(move || max_uses.set(Some(10))))}
                {choice(CT::NoLimit, "link-uses-any", Signal::derive(move || max_uses.get().is_none()), Box::new(move || max_uses.set(None)))}
            </div>
            <button type="button" class="button button-primary" data-testid="create-link" on:click=create>{tr(CT::CreateLink)}</button>
            {move || action_error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            {move || created.get().map(|link| view! {
                <div class="new-link" data-testid="new-link">
                    <p>{tr(CT::LinkScan)}</p>
                    <Qr size=link.qr_size modules=link.qr.clone()/>
                    <input class="field-input" type="text" readonly data-testid="new-link-url" prop:value=link.url.clone()
                        aria-label=tr(T::JoinPasteLabel) on:focus=move |ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }/>
                </div>
            })}
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <ul class="plain-list" role="list" data-testid="link-list">
                {move || links.get().unwrap_or_default().into_iter().map(|link| {
                    let now = now_ms();
                    let status = if link.revoked_at.is_some() {
                        Some(CT::Withdrawn)
                    } else if link.expires_at <= now {
                        Some(CT::Expired)
                    } else if link.max_uses.is_some_and(|max| link.uses >= max) {
                        Some(CT::UsedUp)
                    } else {
                        None
                    };
                    let role_text = match link.role { Role::Volunteer => CT::RoleVolunteer, Role::Coordinator => CT::RoleCoordinator, Role::Region => CT::RoleRegion };
                    let id = link.id;
                    view! {
                        <li class="list-row" data-testid="link-row">
                            <span>
                                {tr(role_text)}" · "{move || format!("{} {}", CT::LinkExpires.get(lang.get()), time_of(link.expires_at))}
                                " · "{move || match link.max_uses {
                                    Some(max) => format!("{} {} {max} {}", link.uses, T::SyncOf.get(lang.get()), if max == 1 { CT::LinkUseOne } else { CT::LinkUses }.get(lang.get())),
                                    None => count(link.uses as usize, CT::LinkUseOne, CT::LinkUses, lang.get()),
                                }}
                            </span>
                            {match status {
                                Some(status) => view! { <span class="state">{tr(status)}</span> }.into_any(),
                                None => view! {
                                    <button type="button" class="button button-small" data-testid="link-withdraw" on:click=move |_| withdraw(id)>{tr(CT::Withdraw)}</button>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A QR code drawn as one SVG path: `size` × `size` modules, `1` for dark,
/// with the four-module quiet zone scanners need.
#[component]
fn Qr(size: u32, modules: String) -> impl IntoView {
    let lang = use_lang();
    let mut path = String::new();
    for (i, module) in modules.bytes().enumerate() {
        if module == b'1' {
            let (x, y) = (i as u32 % size + 4, i as u32 / size + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let view_box = format!("0 0 {0} {0}", size + 8);
    view! {
        <svg class="qr" viewBox=view_box role="img" aria-label=move || CT::LinkQr.get(lang.get()) data-testid="link-qr" shape-rendering="crispEdges">
            <rect width="100%" height="100%" fill="#fff"/>
            <path d=path fill="#000"/>
        </svg>
    }
}

#[component]
fn Devices() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let reload = RwSignal::new(0u32);
    let (devices, error) = load::<Vec<DeviceInfo>>(paths::DEVICES, reload);
    let own = sync
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.device.clone()).unwrap_or_default());
    let remove = move |id: String| {
        if !window()
            .confirm_with_message(CT::RemoveDeviceConfirm.get(lang.get_untracked()))
            .unwrap_or(false)
        {
            return;
        }
        let token = token();
        leptos::task::spawn_local(async move {
            let path = paths::revoke_device(&id);
            match net::post_empty(&path, token.as_deref()).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="devices-title">
            <h2 id="devices-title" class="card-title">{tr(CT::DevicesTitle)}</h2>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <Show when=move || devices.with(Option::is_none) && error.with(Option::is_none)>
                <p>{tr(CT::Loading)}</p>
            </Show>
            <ul class="plain-list" role="list" data-testid="device-list">
                {move || devices.get().unwrap_or_default().into_iter().map(|device| {
                    let id = device.id.clone();
                    let mine = device.id == own;
                    let role_text = match device.role { Role::Volunteer => CT::RoleVolunteer, Role::Coordinator => CT::RoleCoordinator, Role::Region => CT::RoleRegion };
                    let last = device.last_sync_at;
                    view! {
                        <li class="list-row" data-testid="device-row" data-label=device.label.clone()>
                            <span>
                                <strong>{device.label.clone()}</strong>
                                {mine.then(|| view! { " ("{tr(CT::ThisDevice)}")" })}
                                " · "{tr(role_text)}" · "
                                {move || format!("{} {}", CT::LastSync.get(lang.get()), last.map(time_of).unwrap_or_else(|| CT::Never.get(lang.get()).to_string()))}
                            </span>
                            {match (device.revoked_at, mine) {
                                (Some(_), _) => view! { <span class="state">{tr(CT::Removed)}</span> }.into_any(),
                                (None, true) => ().into_any(),
                                (None, false) => view! {
                                    <button type="button" class="button button-small" data-testid="device-remove" on:click=move |_| remove(id.clone())>{tr(CT::RemoveDevice)}</button>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The conflict log beside each record's current value.
#[component]
fn Conflicts() -> impl IntoView {
    let lang = use_lang();
    // "Meer tonen" reads the page after the last entry shown.
    let log = Paged::new(50, paths::conflicts, |c: &LoggedConflict| c.id);
    let Paged {
        items: conflicts,
        more,
        error,
        ..
    } = log;
    let value_text = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    view! {
        <section class="card" aria-labelledby="conflicts-title">
            <h2 id="conflicts-title" class="card-title">{tr(CT::ConflictsTitle)}</h2>
            <p class="field-hint">{tr(CT::ConflictsIntro)}</p>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <Show when=move || conflicts.with(|c| c.as_ref().is_some_and(Vec::is_empty))>
                <p>{tr(CT::ConflictsNone)}</p>
            </Show>
            <ul class="plain-list" role="list" data-testid="conflict-list">
                {move || conflicts.get().unwrap_or_default().into_iter().map(|conflict| {
                    let now = if conflict.gone {
                        CT::ConflictDeleted.get(lang.get_untracked()).to_string()
                    } else {
                        value_text(Some(&conflict.current))
                    };
                    let when_text = conflict.created_at.map(time_of).unwrap_or_default();
                    view! {
                        <li class="conflict" data-testid="conflict-row">
                            <span class="conflict-where">{when_text}" · "{conflict.field.clone()}</span>
                            <span>{tr(CT::ConflictOverwritten)}": "<del>{value_text(conflict.overwritten.as_ref())}</del></span>
                            <span>{tr(CT::ConflictNow)}": "<ins>{now}</ins></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || more.get()>
                <button type="button" class="button" data-testid="conflicts-more" on:click=move |_| log.next()>{tr(T::ShowMore)}</button>
            </Show>
        </section>
    }
}

/// CSV downloads of the team's records and their totals, made by the server
/// as a stream; the bytes received show while it runs.
#[component]
fn Export() -> impl IntoView {
    let lang = use_lang();
    let busy = RwSignal::new(None::<(&'static str, u64)>);
    let error = RwSignal::new(None::<String>);
    let fetch = move |table: &'static str| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some((table, 0)));
        error.set(None);
        let token = token();
        leptos::task::spawn_local(async move {
            let path = paths::export(table, lang.get_untracked());
            let answer = net::get_blob_progress(&path, token.as_deref(), move |bytes| {
                busy.set(Some((table, bytes)))
            })
            .await;
            match answer {
                Ok(blob) => {
                    let date = drempel_core::stats::iso_datetime(now_ms());
                    let name = match table {
                        "contacts" => "gesprekken",
                        "findings" => "regelingen",
                        "schemes" => "regelingen-totaal",
                        _ => "drempels-totaal",
                    };
                    crate::shared::files::save_file(
                        &format!("drempel-{name}-{}.csv", &date[..10]),
                        &blob,
                    );
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
            busy.set(None);
        });
    };
    let button = move |table: &'static str, label: CT| {
        view! {
            <button type="button" class="button" data-testid=format!("export-{table}") on:click=move |_| fetch(table)
                aria-busy=move || busy.get().is_some_and(|(t, _)| t == table).to_string()>
                {tr(label)}
            </button>
        }
    };
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title" class="card-title">{tr(CT::ExportTitle)}</h2>
            <p class="field-hint">{tr(CT::ExportIntro)}</p>
            <div class="chip-row">
                {button("contacts", CT::ExportContacts)}
                {button("findings", CT::ExportFindings)}
                {button("schemes", CT::ExportSchemeTotals)}
                {button("barriers", CT::ExportBarrierTotals)}
            </div>
            <p role="status" aria-live="polite" data-testid="export-progress">{move || busy.get().map(|(_, bytes)| progress_text(bytes, lang.get()))}</p>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        </section>
    }
}

/// Links to what coordinators write for the team.
#[component]
fn Writing() -> impl IntoView {
    view! {
        <section class="card stack" aria-labelledby="writing-title">
            <h2 id="writing-title" class="card-title">{tr(CT::TeamWriting)}</h2>
            <a class="button" href=Screen::Catalog.hash() data-testid="open-catalog">{tr(CT::EditCatalog)}</a>
            <a class="button" href=Screen::Consult.hash() data-testid="open-consultations">{tr(T::TeamConsultations)}</a>
        </section>
    }
}

/// How long free text is kept, and the team's audit log.
#[component]
fn Privacy() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let (settings, settings_error) = load::<TeamSettings>(paths::SETTINGS, reload);
    let log = Paged::new(20, paths::audit, |entry: &AuditEntry| entry.id);
    let days = RwSignal::new(String::new());
    let keep = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(s) = settings.get() {
            days.set(s.retention_days.to_string());
            keep.set(s.keep_days.to_string());
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let number = |text: RwSignal<String>, invalid: CT| {
            let parsed = text.get_untracked().trim().parse::<u32>();
            if parsed.is_err() {
                settings_error.set(Some(invalid.get(lang.get_untracked()).to_string()));
            }
            parsed.ok()
        };
        let Some(retention_days) = number(days, CT::RetentionInvalid) else {
            return;
        };
        let Some(keep_days) = number(keep, CT::KeepInvalid) else {
            return;
        };
        let token = token();
        leptos::task::spawn_local(async move {
            let request = TeamSettings {
                retention_days,
                keep_days,
            };
            match net::put::<_, TeamSettings>(paths::SETTINGS, token.as_deref(), &request).await {
                Ok(_) => {
                    settings_error.set(None);
                    saved.set(true);
                    reload.update(|n| *n += 1);
                    log.reload();
                }
                Err(err) => settings_error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="privacy-title">
            <h2 id="privacy-title" class="card-title">{tr(CT::PrivacyTitle)}</h2>
            <form class="stack" on:submit=save>
                <label class="field-label" for="retention-days">{tr(CT::RetentionLabel)}</label>
                <input id="retention-days" class="field-input" type="number" min=RETENTION_DAYS.start().to_string() max=RETENTION_DAYS.end().to_string() inputmode="numeric"
                    aria-describedby="retention-hint" data-testid="retention-days"
                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                <p id="retention-hint" class="field-hint">{tr(CT::RetentionHint)}</p>
                <label class="field-label" for="keep-days">{tr(CT::KeepLabel)}</label>
                <input id="keep-days" class="field-input" type="number" min=KEEP_DAYS.start().to_string() max=KEEP_DAYS.end().to_string() inputmode="numeric"
                    aria-describedby="keep-hint" data-testid="keep-days"
                    prop:value=move || keep.get() on:input=move |ev| keep.set(event_target_value(&ev))/>
                <p id="keep-hint" class="field-hint">{tr(CT::KeepHint)}</p>
                {move || settings_error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
                <p role="status" class="field-hint">{move || saved.get().then(|| CT::SettingsSaved.get(lang.get()))}</p>
                <button type="submit" class="button" data-testid="retention-save">{tr(T::Save)}</button>
            </form>
            <AuditLog log/>
        </section>
    }
}

/// The audit log, newest first, each line named in words: what was done,
/// to what, by which device.
#[component]
fn AuditLog(log: Paged<AuditEntry>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h3 class="field-label" id="audit-title">{tr(CT::AuditTitle)}</h3>
        {move || log.error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        <ul class="plain-list" role="list" aria-labelledby="audit-title" data-testid="audit-log">
            {move || log.items.get().unwrap_or_default().into_iter().map(|entry| {
                let lang = lang.get();
                let what = audit_action(entry.action).map_or_else(|| entry.subject.clone(), |t| t.get(lang).to_string());
                let about = audit_about(&entry, lang);
                let by = match (&entry.actor_name, entry.actor.as_str()) {
                    (Some(name), _) => name.clone(),
                    (None, "server") => CT::AuditByServer.get(lang).to_string(),
                    (None, id) => id.chars().take(8).collect(),
                };
                view! {
                    <li class="list-row audit-row" data-testid="audit-row" data-action=entry.action.as_str()>
                        <span>{time_of(entry.at)}" · "<strong>{what}</strong>{about.map(|about| format!(": {about}"))}</span>
                        <span class="field-hint">{CT::AuditBy.get(lang)}" "{by}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || log.more.get()>
            <button type="button" class="button" data-testid="audit-more" on:click=move |_| log.next()>{tr(T::ShowMore)}</button>
        </Show>
    }
}

fn audit_action(action: AuditAction) -> Option<CT> {
    Some(match action {
        AuditAction::Export => CT::AuditExport,
        AuditAction::EraseRecord => CT::AuditErase,
        AuditAction::RevokeDevice => CT::AuditRevokeDevice,
        AuditAction::CreateJoinLink => CT::AuditCreateLink,
        AuditAction::RevokeJoinLink => CT::AuditRevokeLink,
        AuditAction::ChangeSettings => CT::AuditSettings,
        AuditAction::ChangeCatalog => CT::AuditCatalog,
        AuditAction::PublishConsultation => CT::AuditPublish,
        AuditAction::ShareReport => CT::AuditShare,
        AuditAction::UnshareReport => CT::AuditUnshare,
        AuditAction::RetentionPurge => CT::AuditPurge,
        AuditAction::ResponsesRefused => CT::AuditRefused,
        AuditAction::CreateSignal => CT::AuditSignalNew,
        AuditAction::ChangeSignal => CT::AuditSignalChange,
        AuditAction::SignalStatus => CT::AuditSignalStatus,
        AuditAction::ShareSignal => CT::AuditSignalShare,
        AuditAction::UnshareSignal => CT::AuditSignalUnshare,
        AuditAction::JoinRegion => CT::AuditJoinRegion,
        AuditAction::LeaveRegion => CT::AuditLeaveRegion,
        AuditAction::ShareQuoteRegion => CT::AuditShareQuoteRegion,
        AuditAction::UnshareQuoteRegion => CT::AuditUnshareQuoteRegion,
        AuditAction::Other => return None,
    })
}

/// What an audit line is about, in words: a device's name, a link's role
/// and end, a contact's day and place, a consultation's title, the new
/// periods; what was exported.
fn audit_about(entry: &AuditEntry, lang: Lang) -> Option<String> {
    let counted = |n: u64, one: CT, many: CT| count(n as usize, one, many, lang);
    let about = match &entry.about {
        Some(AuditAbout::Device { name }) => name.clone(),
        Some(AuditAbout::JoinLink { role, expires_at }) => {
            let role = match role {
                Role::Volunteer => CT::RoleVolunteer,
                Role::Coordinator => CT::RoleCoordinator,
                Role::Region => CT::RoleRegion,
            };
            format!(
                "{}, {} {}",
                role.get(lang),
                CT::LinkExpires.get(lang),
                time_of(*expires_at)
            )
        }
        Some(AuditAbout::Contact { created_at, site }) => {
            format!(
                "{} {}, {site}",
                CT::AuditContactOf.get(lang),
                time_of(*created_at)
            )
        }
        Some(AuditAbout::Consultation { title }) => title.get(lang).to_string(),
        Some(AuditAbout::Settings {
            retention_days,
            keep_days,
        }) => format!(
            "{} {}, {} {}",
            CT::AuditNotesKept.get(lang),
            counted(u64::from(*retention_days), CT::DayOne, CT::Days),
            CT::AuditPhoneKeeps.get(lang),
            counted(u64::from(*keep_days), CT::DayOne, CT::Days),
        ),
        Some(AuditAbout::Signal { title, status }) => format!("{title} ({})", status.label(lang)),
        Some(AuditAbout::Catalog { version }) => format!("{} {version}", CT::Version.get(lang)),
        Some(AuditAbout::Count { count: n }) => match entry.action {
            AuditAction::ResponsesRefused => counted(*n, CT::AnswerOne, CT::Answers),
            _ => counted(*n, CT::ContactOne, CT::Contacts),
        },
        None => match (entry.action, entry.subject.as_str()) {
            (AuditAction::Export, "contacts") => CT::ExportContacts.get(lang).to_string(),
            (AuditAction::Export, "findings") => CT::ExportFindings.get(lang).to_string(),
            (AuditAction::Export, "schemes") => CT::ExportSchemeTotals.get(lang).to_string(),
            (AuditAction::Export, "barriers") => CT::ExportBarrierTotals.get(lang).to_string(),
            (_, subject) => subject.to_string(),
        },
    };
    Some(about).filter(|text| !text.is_empty())
}

#[component]
fn Logout(signed_out: RwSignal<bool>) -> impl IntoView {
    let sync = use_sync();
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            match sync.logout().await {
                Ok(()) => signed_out.set(true),
                Err(LogoutError::Unsynced) => {
                    error.set(Some(CT::LogoutUnsynced.get(lang).to_string()));
                    sync.now();
                }
                Err(LogoutError::Net(err)) => error.set(Some(net_message(&err, lang))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="logout-title">
            <h2 id="logout-title" class="card-title">{tr(CT::LogoutTitle)}</h2>
            <p class="field-hint">{tr(CT::LogoutHint)}</p>
            {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="logout-error">{text}</p> })}
            <button type="button" class="button" data-testid="logout" on:click=logout>{tr(CT::LogoutTitle)}</button>
        </section>
    }
}
