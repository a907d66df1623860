//! "My contacts": this phone's records, today's first, newest first, each
//! with its sync state; open one to edit it; delete with undo.

mod follow;

use drempel_core::Lang;
use drempel_core::contact::ChipLabel;
use drempel_core::record::{LocalRecord, RecordState};
use std::collections::BTreeSet;

use drempel_core::wire::{RecordsPage, paths};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::shared::i18n::{T, count, tr, use_lang};
use crate::shared::records::{UNDO_MS, now_ms};
use crate::shared::storage::{self, Draft};
use crate::shared::time::when;
use crate::shared::{Records, Screen, navigate, storage_message};

/// Contacts per group shown at first, and added per "show more".
const PAGE_SIZE: usize = 100;

fn state_text(state: RecordState) -> (T, &'static str) {
    match state {
        RecordState::OnThisPhone => (T::SavedOnPhone, "local"),
        RecordState::Synced => (T::Synced, "synced"),
        RecordState::SyncProblem => (T::SyncProblem, "problem"),
    }
}

/// Local midnight today, in milliseconds since the epoch.
fn start_of_today() -> i64 {
    let date = js_sys::Date::new_0();
    date.set_hours(0);
    date.set_minutes(0);
    date.set_seconds(0);
    date.set_milliseconds(0);
    date.get_time() as i64
}

/// "Voedselbank · Huurtoeslag: gebruikt · Kwijtschelding: gebruikt niet,
/// 2 drempels": enough to tell the day's contacts apart.
fn summary(record: &LocalRecord, catalog: &drempel_core::catalog::Catalog, lang: Lang) -> String {
    let input = &record.contact.input;
    let mut parts = vec![input.channel.label(lang).to_string()];
    for finding in &input.findings {
        let name = catalog
            .scheme(&finding.scheme)
            .map_or(finding.scheme.as_str(), |s| s.label.get(lang));
        let mut part = format!("{name}: {}", finding.status.label(lang).to_lowercase());
        if !finding.barriers.is_empty() {
            part.push_str(&format!(
                ", {}",
                count(
                    finding.barriers.len(),
                    T::BarrierOne,
                    T::BarriersCount,
                    lang
                )
            ));
        }
        parts.push(part);
    }
    parts.join(" · ")
}

#[component]
pub fn Contacts() -> impl IntoView {
    let records = expect_context::<Records>();
    let lang = use_lang();
    let undo = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<storage::StorageError>);
    let today = start_of_today();

    // A coordinator's phone may hold a whole team's records: the list
    // shows the newest and grows on request, so it stays quick to draw.
    let shown = RwSignal::new(PAGE_SIZE);
    let sync = crate::shared::sync::use_sync();
    // Being offline is normal in the field: only a failure that waiting
    // will not fix marks the unsent records.
    let sync_trouble = Memo::new(move |_| match sync.view.get() {
        crate::shared::sync::SyncView::Revoked => true,
        crate::shared::sync::SyncView::Failed { code, .. } => code != "unreachable",
        _ => false,
    });
    let in_group = move |r: &LocalRecord, today_only: bool| {
        !r.deleted && (r.contact.created_at >= today) == today_only
    };
    let visible = move |today_only: bool| {
        let limit = shown.get();
        records.list.with(|list| {
            list.iter()
                .filter(|r| in_group(r, today_only))
                .take(limit)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let hidden = Memo::new(move |_| {
        let limit = shown.get();
        records.list.with(|list| {
            let count = |today_only| list.iter().filter(|r| in_group(r, today_only)).count();
            count(true).saturating_sub(limit) + count(false).saturating_sub(limit)
        })
    });

    let coordinator = Memo::new(move |_| sync.is_coordinator());
    let erase_error = RwSignal::new(None::<String>);
    let erased = RwSignal::new(None::<String>);
    // Erasure is for a resident who asks to be forgotten: the server drops
    // the record and its history, and every phone drops it on its next sync.
    let erase = move |id: String| {
        let lang_now = lang.get_untracked();
        if !window()
            .confirm_with_message(T::EraseConfirm.get(lang_now))
            .unwrap_or(false)
        {
            return;
        }
        let token = sync
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        leptos::task::spawn_local(async move {
            let path = paths::erase_record(&id);
            let result = crate::shared::net::post_empty(&path, token.as_deref()).await;
            // Already erased (by someone else) counts as done.
            let done = result.is_ok()
                || result.as_ref().err().and_then(|e| e.code())
                    == Some(drempel_core::wire::ErrorCode::NoSuchItem);
            if done {
                let _ = records.store_synced(Vec::new(), vec![id.clone()]);
                erased.set(Some(id));
                erase_error.set(None);
                sync.now();
            } else {
                erase_error.set(Some(T::EraseNeedsConnection.get(lang_now).to_string()));
            }
        });
    };

    let delete = move |id: String| match records.change(&id, |r| r.delete(now_ms())) {
        Ok(()) => {
            undo.set(Some(id.clone()));
            let clear = wasm_bindgen::closure::Closure::once_into_js(move || {
                undo.update(|u| {
                    if u.as_deref() == Some(id.as_str()) {
                        *u = None;
                    }
                })
            });
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                clear.unchecked_ref(),
                UNDO_MS,
            );
        }
        Err(err) => error.set(Some(err)),
    };
    let restore = move |_| {
        if let Some(id) = undo.get_untracked() {
            match records.change(&id, |r| {
                r.restore(now_ms());
            }) {
                Ok(()) => undo.set(None),
                Err(err) => error.set(Some(err)),
            }
        }
    };
    let edit = move |record: LocalRecord| {
        // A record fetched from the server comes onto the phone to be edited.
        if records.get(&record.contact.id).is_none()
            && let Err(err) = records.save(record.clone())
        {
            error.set(Some(err));
            return;
        }
        let fresh = records.fresh_draft();
        let replaces_work = match storage::load_draft() {
            Ok(Some(current)) => {
                current.form != fresh.form
                    && current.editing.as_deref() != Some(record.contact.id.as_str())
            }
            _ => false,
        };
        if replaces_work
            && !window()
                .confirm_with_message(T::ReplaceDraft.get(lang.get_untracked()))
                .unwrap_or(false)
        {
            return;
        }
        let draft = Draft {
            editing: Some(record.contact.id.clone()),
            form: record.contact.to_form(),
        };
        match storage::save_draft(&draft) {
            Ok(()) => navigate(Screen::Capture),
            Err(err) => error.set(Some(err)),
        }
    };

    let edit_cb = Callback::new(edit);
    let erase_cb = Callback::new(erase);
    let group = move |title: T, today_only: bool| {
        // Derived once per change; the Show and the For both read it.
        let visible = Memo::new(move |_| visible(today_only));
        view! {
            <Show when=move || visible.with(|v| !v.is_empty())>
                <h2 class="group-title">{tr(title)}</h2>
                <ul class="contact-list" role="list">
                    <For each=move || visible.get() key=|r| (r.contact.id.clone(), r.contact.updated_at, r.pending.len()) let:record>
                        {
                            let id = record.contact.id.clone();
                            // A record waiting while sync fails shares the failure.
                            let unsent = record.is_unsynced();
                            let base_state = record.state();
                            let state = move || match (base_state, sync_trouble.get()) {
                                (RecordState::OnThisPhone, true) if unsent => state_text(RecordState::SyncProblem),
                                (state, _) => state_text(state),
                            };
                            let time = when(record.contact.created_at, today_only);
                            let label_time = time.clone();
                            let item_id = id.clone();
                            view! {
                                <li class="contact" data-testid="contact-item" data-id=item_id>
                                    <OpenButton record time=time.clone() testid="contact-edit" open=edit_cb/>
                                    <span class="state" data-testid="contact-state" data-state=move || state().1>{move || state().0.get(lang.get())}</span>
                                    <button type="button" class="button button-small" data-testid="contact-delete"
                                        aria-label={
                                            let label_time = label_time.clone();
                                            move || format!("{} {}", T::Delete.get(lang.get()), label_time)
                                        }
                                        on:click={
                                            let id = id.clone();
                                            move |_| delete(id.clone())
                                        }>
                                        {tr(T::Delete)}
                                    </button>
                                    <EraseButton id=id.clone() time=label_time.clone() testid="contact-erase" coordinator erase=erase_cb/>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        }
    };

    view! {
        <section class="contacts" aria-labelledby="contacts-title">
            <h1 id="contacts-title" class="screen-title">{tr(T::ContactsTitle)}</h1>
            <crate::shared::sync_panel::SyncPanel/>
            <follow::FollowUps/>
            {move || error.get().map(|err| view! { <p class="notice notice-error" role="alert">{storage_message(&err, lang.get())}</p> })}
            {move || erase_error.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <Show when=move || records.list.with(|l| l.iter().all(|r| r.deleted))>
                <p class="empty">{tr(T::ContactsEmpty)}</p>
            </Show>
            {group(T::Today, true)}
            {group(T::Earlier, false)}
            <Show when=move || hidden.get() != 0>
                <button type="button" class="button" data-testid="show-more" on:click=move |_| shown.update(|n| *n += PAGE_SIZE)>
                    {move || format!("{} ({})", T::ShowMore.get(lang.get()), hidden.get())}
                </button>
            </Show>
            <Show when=move || sync.session.with(|s| s.as_ref().is_some_and(|s| !s.revoked))>
                <OnServer coordinator erased edit=edit_cb erase=erase_cb/>
            </Show>
            <div class="snackbar" role="status" aria-live="polite">
                <Show when=move || undo.with(Option::is_some)>
                    <span>{tr(T::Deleted)}</span>
                    <button type="button" class="button" data-testid="undo-delete" on:click=restore>{tr(T::Undo)}</button>
                </Show>
            </div>
        </section>
    }
}

/// Records no longer on this phone, read from the server a page at a time,
/// newest first: a volunteer's own older ones, a coordinator's whole team.
/// Open one to edit it (it comes back onto the phone); a coordinator may
/// erase one.
#[component]
fn OnServer(
    coordinator: Memo<bool>,
    /// A record erased from the list above or below: it leaves both.
    erased: RwSignal<Option<String>>,
    edit: Callback<LocalRecord>,
    erase: Callback<String>,
) -> impl IntoView {
    let records = expect_context::<Records>();
    let sync = crate::shared::sync::use_sync();
    let lang = use_lang();
    let fetched = RwSignal::new(Vec::<LocalRecord>::new());
    // None before the first page; Some(None) after the last.
    let next = RwSignal::new(None::<Option<String>>);
    // One request at a time; its failure is shown until the next one.
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<crate::shared::net::NetError>);
    let fetch = move |before: Option<String>| {
        let path = paths::records(before.as_deref());
        let token = sync
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::shared::net::get::<RecordsPage>(&path, token.as_deref()).await {
                Ok(page) => {
                    let now = now_ms();
                    fetched.update(|all| {
                        all.extend(
                            page.records
                                .iter()
                                .filter_map(|r| LocalRecord::from_pulled(r, now)),
                        )
                    });
                    next.set(Some(page.next));
                    failed.set(None);
                }
                Err(err) => failed.set(Some(err)),
            }
            busy.set(false);
        });
    };
    Effect::new(move |_| {
        if let Some(id) = erased.get() {
            fetched.update(|all| all.retain(|r| r.contact.id != id));
        }
    });
    let start = move || {
        records.list.with_untracked(|list| {
            drempel_core::keep::older_pages_start(
                list.iter()
                    .filter(|r| !r.is_unsynced())
                    .map(|r| r.contact.id.as_str()),
                coordinator.get_untracked(),
            )
            .map(str::to_string)
        })
    };
    let more = move |_| {
        let before = match next.get_untracked() {
            None => start(),
            Some(Some(before)) => Some(before),
            Some(None) => return,
        };
        fetch(before);
    };
    // Not shown twice: what is on the phone is in the lists above.
    let shown = Memo::new(move |_| {
        let here: BTreeSet<String> = records
            .list
            .with(|l| l.iter().map(|r| r.contact.id.clone()).collect());
        fetched.with(|all| {
            all.iter()
                .filter(|r| !here.contains(&r.contact.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let title = move || {
        if coordinator.get() {
            T::TeamOnServerTitle
        } else {
            T::OlderTitle
        }
    };
    let button = move || match next.get() {
        None if coordinator.get() => Some(T::FetchTeam),
        None => Some(T::FetchOlder),
        Some(Some(_)) => Some(T::FetchMore),
        Some(None) => None,
    };
    view! {
        <section class="stack" aria-labelledby="on-server-title" data-testid="on-server">
            <h2 id="on-server-title" class="group-title">{move || title().get(lang.get())}</h2>
            <Show when=move || !coordinator.get()>
                <p class="field-hint">{tr(T::OlderHint)}</p>
            </Show>
            <ul class="contact-list" role="list">
                <For each=move || shown.get() key=|r| r.contact.id.clone() let:record>
                    {
                        let id = record.contact.id.clone();
                        let item_id = id.clone();
                        let time = when(record.contact.created_at, false);
                        view! {
                            <li class="contact" data-testid="server-item" data-id=item_id>
                                <OpenButton record time=time.clone() testid="server-edit" open=edit/>
                                <span class="state" data-state="server">{tr(T::OnServer)}</span>
                                <EraseButton id time testid="server-erase" coordinator erase/>
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || failed.with(|err| err.as_ref().map(|err| view! {
                <p class="notice notice-error" role="alert">{crate::shared::api::net_message(err, lang.get())}</p>
            }))}
            <Show when=move || next.get() == Some(None) && shown.with(Vec::is_empty)>
                <p class="empty" data-testid="no-older">{tr(T::NoOlder)}</p>
            </Show>
            {move || button().map(|text| view! {
                <button type="button" class="button" data-testid="fetch-older"
                    disabled=move || busy.get() on:click=more>
                    {move || text.get(lang.get())}
                </button>
            })}
        </section>
    }
}

/// A contact's time, place and summary; a tap opens it for editing.
#[component]
fn OpenButton(
    record: LocalRecord,
    time: String,
    testid: &'static str,
    open: Callback<LocalRecord>,
) -> impl IntoView {
    let lang = use_lang();
    let catalog = crate::shared::use_catalog();
    let site = record.contact.input.site.as_str().to_string();
    let for_open = record.clone();
    view! {
        <button type="button" class="contact-open" data-testid=testid on:click=move |_| open.run(for_open.clone())>
            <span class="contact-when"><time>{time}</time>" · "{site}</span>
            <span class="contact-summary">{move || catalog.with(|c| summary(&record, c, lang.get()))}</span>
            <span class="visually-hidden">{move || format!(" — {}", T::Edit.get(lang.get()))}</span>
        </button>
    }
}

/// "Overal wissen", for coordinators only.
#[component]
fn EraseButton(
    id: String,
    /// The contact's time, naming it for a screen reader.
    time: String,
    testid: &'static str,
    coordinator: Memo<bool>,
    erase: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || coordinator.get()>
            <button type="button" class="button button-small" data-testid=testid
                aria-label={
                    let time = time.clone();
                    move || format!("{} {}", T::EraseEverywhere.get(lang.get()), time)
                }
                on:click={
                    let id = id.clone();
                    move |_| erase.run(id.clone())
                }>
                {tr(T::EraseEverywhere)}
            </button>
        </Show>
    }
}
