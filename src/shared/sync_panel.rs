//! The sync status area: what is still to send, when sync last succeeded,
//! the progress of a long sync, and why it failed, with "retry now".

use leptos::prelude::*;

use super::Records;
use super::api::reason;
use super::i18n::{T, tr, use_lang};
use super::sync::{SyncView, use_sync};
use super::time::time_of;

/// The status area: what is still to send, when sync last succeeded, the
/// progress of a long sync, and why it failed, with "retry now".
#[component]
pub fn SyncPanel() -> impl IntoView {
    let sync = use_sync();
    let records = expect_context::<Records>();
    let lang = use_lang();
    let state = move || match sync.view.get() {
        SyncView::NotJoined => "not-joined",
        SyncView::Revoked => "revoked",
        SyncView::Idle { .. } => "idle",
        SyncView::Sending { .. } | SyncView::Receiving { .. } => "busy",
        SyncView::Failed { .. } => "failed",
    };
    let line = move || {
        let lang = lang.get();
        match sync.view.get() {
            SyncView::NotJoined => T::SyncNotJoined.get(lang).to_string(),
            SyncView::Revoked => T::SyncRevoked.get(lang).to_string(),
            SyncView::Idle { last_success: None } => T::SyncNever.get(lang).to_string(),
            SyncView::Idle {
                last_success: Some(at),
            } => format!("{} {}", T::SyncLast.get(lang), time_of(at)),
            SyncView::Sending { done, total } => format!(
                "{} {done} {} {total}",
                T::SyncSending.get(lang),
                T::SyncOf.get(lang)
            ),
            SyncView::Receiving { received } => {
                format!("{} {received}", T::SyncReceiving.get(lang))
            }
            SyncView::Failed { code, retry_at } => {
                let mut text = format!("{} {}", T::SyncFailed.get(lang), reason(&code, lang));
                if let Some(at) = retry_at {
                    text.push_str(&format!(" {} {}.", T::RetryAt.get(lang), time_of(at)));
                }
                text
            }
        }
    };
    let failed = move || matches!(sync.view.get(), SyncView::Failed { .. });
    let joined = move || !matches!(sync.view.get(), SyncView::NotJoined | SyncView::Revoked);
    view! {
        <section class="card sync-panel" aria-labelledby="sync-title" data-testid="sync-panel" data-state=state>
            <h2 id="sync-title" class="card-title">{tr(T::SyncTitle)}</h2>
            <p role="status" aria-live="polite" data-testid="sync-status">{line}</p>
            <dl class="facts">
                <Show when=move || sync.session.with(Option::is_some)>
                    <dt>{tr(T::TeamLabel)}</dt>
                    <dd data-testid="sync-team">{move || sync.session.with(|s| s.as_ref().map(|s| s.team.clone()).unwrap_or_default())}</dd>
                </Show>
                <dt>{tr(T::PendingCount)}</dt>
                <dd data-testid="sync-pending">{move || records.unsynced_count()}</dd>
            </dl>
            <Show when=joined>
                <button type="button" class="button" data-testid="sync-now" on:click=move |_| sync.now()>
                    {move || if failed() { T::RetryNow.get(lang.get()) } else { T::SyncNow.get(lang.get()) }}
                </button>
            </Show>
        </section>
    }
}
