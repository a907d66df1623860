//! "Opvolgen": applications and referrals whose follow-up day has come
//! (core's [`due_follow_ups`]), each with a short form to record what came
//! of it. Works offline: the outcome is a change to the record, saved on
//! the phone and sent with the next sync like any other field.

use drempel_core::contact::{ChipLabel, FieldError, OutcomeForm, SchemeOutcome, due_follow_ups};
use drempel_core::money::{Decision, Per};
use leptos::prelude::*;

use crate::shared::chips::Chip;
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::records::now_ms;
use crate::shared::storage::StorageError;
use crate::shared::time::{date_text, days_from_today, time_of, today};
use crate::shared::{Records, storage_message, use_catalog};

/// Days until a follow-up without a decision comes back, unless changed.
const ASK_AGAIN_DAYS: u32 = 14;

/// One due follow-up, as the list shows it.
#[derive(Debug, Clone, PartialEq)]
struct DueItem {
    contact_id: String,
    created_at: i64,
    outcome: SchemeOutcome,
    status: Option<drempel_core::contact::Status>,
    referred_to: Option<String>,
    contact_details: Option<String>,
}

/// The follow-ups due today on this phone, oldest date first; nothing at
/// all when none is due.
#[component]
pub fn FollowUps() -> impl IntoView {
    let records = expect_context::<Records>();
    let lang = use_lang();
    let saved = RwSignal::new(false);
    let due = Memo::new(move |_| {
        let today = today();
        records.list.with(|list| {
            due_follow_ups(
                list.iter().filter(|r| !r.deleted).map(|r| &r.contact),
                &today,
            )
            .into_iter()
            .map(|due| {
                let input = &due.contact.input;
                DueItem {
                    contact_id: due.contact.id.clone(),
                    created_at: due.contact.created_at,
                    outcome: due.outcome.clone(),
                    status: input
                        .findings
                        .iter()
                        .find(|f| f.scheme == due.outcome.scheme)
                        .map(|f| f.status),
                    referred_to: input.follow_up.as_ref().map(|f| f.referred_to.clone()),
                    contact_details: input
                        .follow_up
                        .as_ref()
                        .and_then(|f| f.contact_details.clone()),
                }
            })
            .collect::<Vec<_>>()
        })
    });
    view! {
        <div role="status" aria-live="polite" class="follow-saved">
            <Show when=move || saved.get()>
                <p class="notice notice-ok" data-testid="outcome-saved">{tr(T::OutcomeSaved)}</p>
            </Show>
        </div>
        <Show when=move || due.with(|d| !d.is_empty())>
            <section class="card stack" aria-labelledby="follow-ups-title" data-testid="follow-ups">
                <h2 id="follow-ups-title" class="card-title">
                    {move || format!("{} ({})", T::FollowUpsTitle.get(lang.get()), due.with(Vec::len))}
                </h2>
                <p class="field-hint">{tr(T::FollowUpsHint)}</p>
                <ul class="plain-list follow-list" role="list">
                    <For each=move || due.get() key=|item| (item.contact_id.clone(), item.outcome.scheme.clone(), item.outcome.follow_up_on.clone()) let:item>
                        <FollowItem item saved/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// One follow-up: what was asked for where, and the outcome to record.
#[component]
fn FollowItem(item: DueItem, saved: RwSignal<bool>) -> impl IntoView {
    let records = expect_context::<Records>();
    let catalog = use_catalog();
    let lang = use_lang();
    let scheme = item.outcome.scheme.clone();
    let form = RwSignal::new(OutcomeForm::of(&item.outcome));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let choose_first = RwSignal::new(false);
    let storage_error = RwSignal::new(None::<StorageError>);
    let base = format!("o-{}-{}", item.contact_id, scheme);
    let amount_id = format!("{base}-amount");
    let again_id = format!("{base}-again");
    let name = {
        let scheme = scheme.clone();
        move || {
            catalog.with(|c| {
                c.scheme(&scheme)
                    .map_or_else(|| scheme.clone(), |s| s.label.get(lang.get()).to_string())
            })
        }
    };
    let about = {
        let item = item.clone();
        move || {
            let lang = lang.get();
            let mut parts = vec![format!(
                "{} {}",
                T::ContactOn.get(lang),
                time_of(item.created_at)
            )];
            if let Some(status) = item.status {
                parts.push(status.label(lang).to_lowercase());
            }
            if let Some(to) = &item.referred_to {
                parts.push(to.clone());
            }
            if let Some(day) = &item.outcome.follow_up_on {
                parts.push(format!("{} {}", T::FollowUpSince.get(lang), date_text(day)));
            }
            parts.join(" · ")
        }
    };
    let decision = move || form.with(|f| f.decision);
    let pick = move |d: Decision| {
        choose_first.set(false);
        form.update(|f| {
            f.decision = Some(d);
            if d == Decision::Pending {
                f.follow_up_on = days_from_today(ASK_AGAIN_DAYS);
            }
        })
    };
    let message = move |field: fn(String) -> drempel_core::contact::Field, scheme: String| {
        move || {
            let field = field(scheme.clone());
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message(lang.get()))
            })
        }
    };
    let amount_error = Signal::derive(message(
        drempel_core::contact::Field::Amount,
        scheme.clone(),
    ));
    let again_error = Signal::derive(message(
        drempel_core::contact::Field::FollowUpOn,
        scheme.clone(),
    ));
    let save = {
        let id = item.contact_id.clone();
        let scheme = scheme.clone();
        move |_| {
            let current = form.get_untracked();
            if current.decision.is_none() {
                choose_first.set(true);
                return;
            }
            let outcome = match current.validate(&scheme) {
                Ok(outcome) => outcome,
                Err(found) => {
                    errors.set(found);
                    return;
                }
            };
            errors.set(Vec::new());
            let result = records.change(&id, |record| {
                let mut input = record.contact.input.clone();
                input.set_outcome(&scheme, outcome);
                record.edit(input, now_ms());
            });
            match result {
                Ok(()) => {
                    storage_error.set(None);
                    saved.set(true);
                }
                // The form keeps what was typed; only the message is new.
                Err(err) => storage_error.set(Some(err)),
            }
        }
    };
    let amount_error_id = format!("{amount_id}-error");
    let again_error_id = format!("{again_id}-error");
    view! {
        <li class="follow-item stack" data-testid="follow-up-item" data-scheme=scheme.clone()>
            <h3 class="scheme-name">{name}</h3>
            <p class="field-hint">{about}</p>
            {item.contact_details.clone().map(|details| view! { <p class="follow-details">{details}</p> })}
            <div class="chips" role="group" aria-label=move || T::OutcomeQuestion.get(lang.get())>
                <span class="field-label">{tr(T::OutcomeQuestion)}</span>
                {Decision::ALL.into_iter().map(|d| view! {
                    <Chip
                        label=Signal::derive(move || d.label(lang.get()).to_string())
                        pressed=Signal::derive(move || decision() == Some(d))
                        on_toggle=move || pick(d)
                        testid=format!("decision-{}", d.code())
                    />
                }).collect_view()}
            </div>
            <Show when=move || choose_first.get()>
                <p class="field-error" role="alert">{tr(T::OutcomeChoose)}</p>
            </Show>
            <Show when=move || decision() == Some(Decision::Granted)>
                <label class="field-label" for=amount_id.clone()>{tr(T::OutcomeAmountLabel)}</label>
                <input id=amount_id.clone() class="field-input" type="text" inputmode="numeric"
                    autocomplete="off" data-testid="outcome-euros"
                    aria-describedby=amount_error_id.clone()
                    aria-invalid=move || amount_error.with(Option::is_some).to_string()
                    prop:value=move || form.with(|f| f.euros.clone())
                    on:input=move |ev| form.update(|f| f.euros = event_target_value(&ev))/>
                <p class="field-error" id=amount_error_id.clone() data-testid="outcome-euros-error">{amount_error}</p>
                <div class="chips" role="group" aria-label=move || T::OutcomeAmountLabel.get(lang.get())>
                    {Per::ALL.into_iter().map(|per| view! {
                        <Chip
                            label=Signal::derive(move || per.label(lang.get()).to_string())
                            pressed=Signal::derive(move || form.with(|f| f.per) == per)
                            on_toggle=move || form.update(|f| f.per = per)
                            testid=format!("per-{}", per.code())
                        />
                    }).collect_view()}
                </div>
            </Show>
            <Show when=move || decision() == Some(Decision::Pending)>
                <label class="field-label" for=again_id.clone()>{tr(T::OutcomeAskAgain)}</label>
                <input id=again_id.clone() class="field-input" type="date" data-testid="outcome-again"
                    aria-describedby=again_error_id.clone()
                    aria-invalid=move || again_error.with(Option::is_some).to_string()
                    prop:value=move || form.with(|f| f.follow_up_on.clone())
                    on:input=move |ev| form.update(|f| f.follow_up_on = event_target_value(&ev))/>
                <p class="field-error" id=again_error_id.clone()>{again_error}</p>
            </Show>
            {move || storage_error.get().map(|err| view! { <p class="notice notice-error" role="alert">{storage_message(&err, lang.get())}</p> })}
            <button type="button" class="button button-primary" data-testid="outcome-save" on:click=save>
                {tr(T::OutcomeSave)}
            </button>
        </li>
    }
}
