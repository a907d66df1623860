//! The capture form: one conversation in under thirty seconds. Site and
//! channel come preset from the last contact; a typical contact (three
//! schemes, two barriers) is household + 3 status taps + 2 barrier taps +
//! save = 7 taps. The form autosaves as a draft on every change, so a reload
//! or a crash loses nothing.

use drempel_core::catalog::OTHER_BARRIER;
use drempel_core::contact::{
    Channel, ChipLabel, Contact, ContactForm, Field, FieldError, Household, LifeEvent, Status, Work,
};
use drempel_core::pii::{self, PiiKind, PiiMatch};
use drempel_core::record::LocalRecord;
use leptos::prelude::*;

use crate::shared::chips::Chip;
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::records::{new_id, now_ms};
use crate::shared::storage::{self, Draft, StorageError};
use crate::shared::{Records, Screen, navigate, storage_message, use_catalog, use_prefs};

/// The form's state, shared by its parts.
#[derive(Clone, Copy)]
struct FormCtx {
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    /// Personal data found per free-text field, as the person types.
    pii: Memo<Vec<(Field, String, Vec<PiiMatch>)>>,
    /// "Where and how" is unfolded: it holds no preset, or was opened.
    place_open: RwSignal<bool>,
    /// Schemes and barriers in the order the form offers them.
    offered: Memo<Offered>,
}

/// The active schemes (with their labels) and barrier ids, this phone's
/// most used first.
#[derive(Clone, PartialEq)]
struct Offered {
    schemes: Vec<(String, drempel_core::catalog::Label)>,
    barriers: Vec<String>,
}

fn dom_id(field: &Field) -> String {
    match field {
        Field::Site => "f-site".into(),
        Field::Postcode => "f-postcode".into(),
        Field::Channel => "f-channel".into(),
        Field::Findings => "f-findings".into(),
        Field::Scheme(s) => format!("f-scheme-{s}"),
        Field::Barriers(s) => format!("f-barriers-{s}"),
        Field::OtherBarrier(s) => format!("f-other-{s}"),
        Field::Quote => "f-quote".into(),
        Field::ReferredTo => "f-referred".into(),
        Field::ContactDetails => "f-details".into(),
        Field::Notes => "f-notes".into(),
        Field::FollowUpOn(s) => format!("f-follow-{s}"),
        Field::Amount(s) => format!("f-amount-{s}"),
    }
}

fn pii_label(kind: PiiKind) -> T {
    match kind {
        PiiKind::Bsn => T::PiiBsn,
        PiiKind::Iban => T::PiiIban,
        PiiKind::Phone => T::PiiPhone,
        PiiKind::Email => T::PiiEmail,
        PiiKind::PostcodeHouseNumber => T::PiiAddress,
    }
}

#[component]
pub fn Capture() -> impl IntoView {
    let records = expect_context::<Records>();
    let catalog = use_catalog();
    let prefs = use_prefs();
    let lang = use_lang();

    let (initial, draft_unreadable) = match storage::load_draft() {
        Ok(Some(draft)) => (draft, None),
        Ok(None) => (records.fresh_draft(), None),
        Err(err) => (records.fresh_draft(), Some(err)),
    };
    let draft = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let pii = Memo::new(move |_| {
        draft.with(|d| {
            d.form
                .free_texts()
                .into_iter()
                .map(|(field, text)| (field, text.to_string(), pii::scan(text)))
                .filter(|(_, _, found)| !found.is_empty())
                .collect::<Vec<_>>()
        })
    });
    let place_open = RwSignal::new(draft.with_untracked(|d| !d.form.has_place()));
    // This phone's contacts, walked once after each save (never while a
    // contact is recorded: the orders must not move under a thumb).
    let offered = Memo::new(move |_| {
        records.revision.track();
        catalog.with(|c| {
            records.list.with_untracked(|list| {
                let findings = list
                    .iter()
                    .filter(|r| !r.deleted)
                    .flat_map(|r| r.contact.input.findings.iter());
                let mut schemes = Vec::new();
                let mut barriers = Vec::new();
                for finding in findings {
                    schemes.push(finding.scheme.as_str());
                    barriers.extend(finding.barriers.iter().map(String::as_str));
                }
                Offered {
                    schemes: c
                        .schemes_by_use(schemes)
                        .into_iter()
                        .map(|s| (s.id.clone(), s.label.clone()))
                        .collect(),
                    barriers: c
                        .barriers_by_use(barriers)
                        .into_iter()
                        .map(|b| b.id.clone())
                        .collect(),
                }
            })
        })
    });
    let ctx = FormCtx {
        draft,
        errors,
        pii,
        place_open,
        offered,
    };
    provide_context(ctx);

    // Autosave: every change of the form is written as the draft.
    let storage_error = RwSignal::new(draft_unreadable);
    Effect::new(move |initialised: Option<()>| {
        let current = draft.get();
        if initialised.is_some() {
            storage_error.set(storage::save_draft(&current).err());
        }
    });

    let show_fix = RwSignal::new(false);
    let pii_blocked = RwSignal::new(false);
    let saved_note = RwSignal::new(false);
    // Once a save was refused, the marks follow the form: a fixed field
    // loses its mark, and the notice goes when every field is fixed.
    Effect::new(move |_| {
        let current = draft.get();
        if !show_fix.get_untracked() {
            return;
        }
        match catalog.with_untracked(|c| current.form.validate(c)) {
            Ok(_) => {
                errors.set(Vec::new());
                show_fix.set(false);
            }
            Err(found) => errors.set(found),
        }
    });

    // The next contact begun: "saved" has been read.
    Effect::new(move |_| {
        if draft.with(|d| !d.form.findings.is_empty()) {
            saved_note.set(false);
        }
    });

    let save = move |keep_pii: bool| {
        saved_note.set(false);
        let current = draft.get_untracked();
        let input = match catalog.with_untracked(|c| current.form.validate(c)) {
            Ok(input) => input,
            Err(found) => {
                errors.set(found);
                show_fix.set(true);
                focus_first_error(errors);
                return;
            }
        };
        errors.set(Vec::new());
        show_fix.set(false);
        if !keep_pii && !pii.get_untracked().is_empty() {
            pii_blocked.set(true);
            return;
        }
        pii_blocked.set(false);
        let now = now_ms();
        let record = match current.editing.as_deref().and_then(|id| records.get(id)) {
            Some(mut record) => {
                record.edit(input, now);
                record
            }
            None => LocalRecord::create(Contact::new(
                new_id(),
                now,
                catalog.with_untracked(|c| c.version),
                input,
            )),
        };
        let first_save = records.list.with_untracked(Vec::is_empty);
        match records.save(record) {
            Ok(()) => {
                storage_error.set(None);
                saved_note.set(true);
                draft.set(records.fresh_draft());
                // The next contact starts from this one's place: one line.
                place_open.set(false);
                if first_save {
                    ask_persistence(prefs);
                }
                if current.editing.is_some() {
                    navigate(Screen::Contacts);
                } else {
                    scroll_to_top();
                }
            }
            // The form keeps every character; only the message is new.
            Err(err) => storage_error.set(Some(err)),
        }
    };

    let editing = move || draft.with(|d| d.editing.is_some());
    let cancel_edit = move |_| {
        draft.set(records.fresh_draft());
        navigate(Screen::Contacts);
    };

    view! {
        <form class="capture" novalidate on:submit=move |ev| { ev.prevent_default(); save(false); }>
            <h1 class="screen-title">{move || if editing() { T::EditTitle.get(lang.get()) } else { T::CaptureTitle.get(lang.get()) }}</h1>
            <p class="notice notice-ok" role="status" data-testid="saved-toast" class:hidden=move || !saved_note.get()>
                {move || saved_note.get().then(|| T::SavedOnPhone.get(lang.get()))}
            </p>

            <Place/>
            <SchemePicker/>
            // The picked schemes, in the order they were picked.
            <For
                each=move || draft.with(|d| d.form.findings.iter().map(|f| f.scheme.clone()).collect::<Vec<_>>())
                key=|scheme| scheme.clone()
                let:scheme
            >
                <SchemeCard scheme/>
            </For>

            <Fold title=T::AboutResident testid="fold-about"
                filled=move |f: &ContactForm| f.household.is_some() || f.life_event.is_some() || f.work.is_some() || !f.postcode.is_empty()>
                <ChipGroup name="household" label=T::HouseholdLabel>
                    {choice_chips(draft, &Household::ALL, "household", |f| f.household, |f, v| f.household = v, true)}
                </ChipGroup>
                <ChipGroup name="life" label=T::LifeEventLabel>
                    {choice_chips(draft, &LifeEvent::ALL, "life", |f| f.life_event, |f, v| f.life_event = v, true)}
                </ChipGroup>
                <ChipGroup name="work" label=T::WorkLabel>
                    {choice_chips(draft, &Work::ALL, "work", |f| f.work, |f, v| f.work = v, true)}
                </ChipGroup>
                <TextField field=Field::Postcode label=T::PostcodeLabel inputmode="numeric" testid="postcode-input"/>
            </Fold>

            <Fold title=T::QuoteTitle testid="fold-quote" filled=move |f: &ContactForm| !f.quote.is_empty()>
                <TextField field=Field::Quote label=T::QuoteLabel multiline=true testid="quote-input"/>
                <Checkbox
                    label=T::QuoteConsent
                    checked=Signal::derive(move || draft.with(|d| d.form.quote_consent))
                    on_change=move |on| draft.update(|d| d.form.quote_consent = on)
                    testid="quote-consent"
                />
            </Fold>

            <Fold title=T::FollowUpTitle testid="fold-follow"
                filled=move |f: &ContactForm| !f.referred_to.is_empty() || f.contact_consent>
                <TextField field=Field::ReferredTo label=T::ReferredToLabel testid="referred-input"/>
                <Checkbox
                    label=T::ContactConsent
                    checked=Signal::derive(move || draft.with(|d| d.form.contact_consent))
                    on_change=move |on| draft.update(|d| {
                        d.form.contact_consent = on;
                        if !on { d.form.contact_details.clear(); }
                    })
                    testid="contact-consent"
                />
                <Show when=move || draft.with(|d| d.form.contact_consent)>
                    <TextField field=Field::ContactDetails label=T::ContactDetailsLabel testid="details-input"/>
                </Show>
            </Fold>

            <Fold title=T::NotesLabel testid="fold-notes" filled=move |f: &ContactForm| !f.notes.is_empty()>
                <TextField field=Field::Notes label=T::NotesLabel multiline=true testid="notes-input"/>
            </Fold>

            <div class="save-bar">
                {move || storage_error.get().map(|err: StorageError| view! {
                    <p class="notice notice-error" role="alert" data-testid="storage-error">{storage_message(&err, lang.get())}</p>
                })}
                <Show when=move || show_fix.get()>
                    <p class="notice notice-error" role="alert" data-testid="fix-errors">{tr(T::FixErrors)}</p>
                </Show>
                <Show when=move || pii_blocked.get() && !pii.with(Vec::is_empty)>
                    <div class="notice notice-warn" role="alert" data-testid="pii-warning">
                        <strong>{tr(T::PiiFoundTitle)}</strong>
                        <p>{tr(T::PiiFoundText)}</p>
                        <button type="button" class="button" data-testid="pii-keep" on:click=move |_| save(true)>{tr(T::PiiKeep)}</button>
                    </div>
                </Show>
                <div class="save-actions">
                    <Show when=editing>
                        <button type="button" class="button" data-testid="cancel-edit" on:click=cancel_edit>{tr(T::CancelEdit)}</button>
                    </Show>
                    <button type="submit" class="button button-primary button-wide" data-testid="save-contact">
                        {move || if editing() { T::SaveChanges.get(lang.get()) } else { T::Save.get(lang.get()) }}
                    </button>
                </div>
            </div>
        </form>
    }
}

/// Where and how the contact took place. Both come preset from the last
/// contact, so they fold to one line until changed or wrong.
#[component]
fn Place() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let draft = ctx.draft;
    let lang = use_lang();
    let opened = ctx.place_open;
    let wrong = move || {
        ctx.errors.with(|e| {
            e.iter()
                .any(|e| matches!(e.field, Field::Site | Field::Channel))
        }) || ctx
            .pii
            .with(|found| found.iter().any(|(f, _, _)| *f == Field::Site))
    };
    let summary = move || {
        draft.with(|d| {
            let channel = d
                .form
                .channel
                .map(|c| c.label(lang.get()))
                .unwrap_or_default();
            format!("{} · {channel}", d.form.site.trim())
        })
    };
    view! {
        <section class="card" aria-labelledby="where-title">
            <Show
                when=move || opened.get() || wrong()
                fallback=move || view! {
                    <div class="place-line">
                        <h2 id="where-title" class="place-title">
                            <span class="visually-hidden">{tr(T::PlaceTitle)}": "</span>
                            <span data-testid="place-summary">{summary}</span>
                        </h2>
                        <button type="button" class="button button-small" data-testid="place-change"
                            on:click=move |_| {
                                opened.set(true);
                                focus_by_id(&dom_id(&Field::Site));
                            }>
                            {tr(T::ChangePlace)}<span class="visually-hidden">" "{tr(T::PlaceTitle)}</span>
                        </button>
                    </div>
                }
            >
                <h2 id="where-title" class="card-title">{tr(T::WhereAndHow)}</h2>
                <TextField field=Field::Site label=T::SiteLabel hint=T::SiteHint testid="site-input"/>
                <ChipGroup name="channel" field=Field::Channel label=T::ChannelLabel>
                    {choice_chips(draft, &Channel::ALL, "channel", |f| f.channel, |f, v| f.channel = v, false)}
                </ChipGroup>
            </Show>
        </section>
    }
}

/// How many schemes the picker shows before "other scheme".
const PICKER_FIRST: usize = 6;
/// How many barriers a scheme shows before "more barriers".
const BARRIERS_FIRST: usize = 4;

/// "Which schemes came up?": the team's most used schemes on this phone
/// first, the rest behind a search. A tap picks or removes one.
#[component]
fn SchemePicker() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let draft = ctx.draft;
    let records = expect_context::<Records>();
    let lang = use_lang();
    let offered = ctx.offered;
    let searching = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    // A saved contact folds the list again for the next one.
    Effect::watch(
        move || records.revision.get(),
        move |_, _, _| {
            searching.set(false);
            query.set(String::new());
        },
        false,
    );
    let picked = move |id: &str| draft.with(|d| d.form.finding(id).is_some());
    let shown = move || {
        let query = query.with(|q| q.trim().to_lowercase());
        let lang = lang.get();
        offered.with(|o| {
            let all = &o.schemes;
            all.iter()
                .enumerate()
                .filter(|(i, (id, label))| {
                    *i < PICKER_FIRST
                        || picked(id)
                        || (searching.get() && label.get(lang).to_lowercase().contains(&query))
                })
                .map(|(_, scheme)| scheme.clone())
                .collect::<Vec<_>>()
        })
    };
    let none_found = move || {
        searching.get()
            && !query.with(|q| q.trim().is_empty())
            && offered.with(|o| {
                let all = &o.schemes;
                let query = query.with(|q| q.trim().to_lowercase());
                !all.iter()
                    .any(|(_, l)| l.get(lang.get()).to_lowercase().contains(&query))
            })
    };
    view! {
        <section class="card" aria-labelledby="schemes-title" id=dom_id(&Field::Findings) tabindex="-1">
            <h2 id="schemes-title" class="card-title">{tr(T::SchemesTitle)}</h2>
            <p class="field-hint">{tr(T::SchemesHint)}</p>
            <div class="chips chips-pick" role="group" aria-labelledby="schemes-title">
                <For each=shown key=|(id, _)| id.clone() let:scheme>
                    {
                        let (id, label) = scheme;
                        let testid = format!("pick-{id}");
                        let for_pressed = id.clone();
                        view! {
                            <Chip
                                label=Signal::derive(move || label.get(lang.get()).to_string())
                                pressed=Signal::derive(move || picked(&for_pressed))
                                on_toggle=move || draft.update(|d| d.form.toggle_scheme(&id))
                                testid
                            />
                        }
                    }
                </For>
            </div>
            <FieldErrorText field=Field::Findings/>
            // Focus stays on the button: no jump, and no keyboard popping up
            // on a phone until the search box is tapped.
            <button type="button" class="link-button" data-testid="more-schemes"
                aria-expanded=move || searching.get().to_string() aria-controls="scheme-search-box"
                on:click=move |_| searching.update(|s| *s = !*s)>
                {move || if searching.get() { T::FewerSchemes.get(lang.get()) } else { T::MoreSchemes.get(lang.get()) }}
            </button>
            <Show when=move || searching.get()>
                <div class="field" id="scheme-search-box">
                    <label class="field-label" for="scheme-search">{tr(T::FindScheme)}</label>
                    <input id="scheme-search" class="field-input" type="search" autocomplete="off"
                        data-testid="scheme-search" prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                    <p class="field-hint" role="status">{move || none_found().then(|| T::NoSchemeFound.get(lang.get()))}</p>
                </div>
            </Show>
        </section>
    }
}

/// One picked scheme: what the resident said, and what stands in the way.
#[component]
fn SchemeCard(scheme: String) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let catalog = use_catalog();
    let lang = use_lang();
    let draft = ctx.draft;
    let label = catalog
        .with_untracked(|c| c.scheme(&scheme).map(|s| s.label.clone()))
        .unwrap_or_else(|| drempel_core::catalog::Label::new(&scheme, &scheme));
    let testid = format!("scheme-{scheme}");
    let scheme_field = Field::Scheme(scheme.clone());
    let card_id = dom_id(&scheme_field);
    let legend_id = format!("{card_id}-legend");
    let status = {
        let scheme = scheme.clone();
        move || draft.with(|d| d.form.finding(&scheme).and_then(|f| f.status))
    };
    // Barriers show until the resident is known to use the scheme: tapping
    // one first says "not used".
    let shows_barriers = {
        let status = status.clone();
        move || status().is_none_or(Status::allows_barriers)
    };
    let label_text = {
        let label = label.clone();
        move || label.get(lang.get()).to_string()
    };
    let remove = {
        let scheme = scheme.clone();
        move |_| draft.update(|d| d.form.toggle_scheme(&scheme))
    };
    let follow_field = Field::FollowUpOn(scheme.clone());
    let barriers_scheme = scheme.clone();
    view! {
        <section class="card scheme" role="group" aria-labelledby=legend_id.clone() data-testid=testid id=card_id tabindex="-1">
            // The name stays in sight while its barriers scroll by.
            <div class="scheme-head">
                <h3 id=legend_id.clone() class="scheme-name">{label_text.clone()}</h3>
                <button type="button" class="link-button" data-testid="scheme-remove" on:click=remove>
                    {tr(T::RemoveScheme)}<span class="visually-hidden">" "{label_text.clone()}</span>
                </button>
            </div>
            <div class="chips chips-status">
                {Status::ALL.into_iter().map(|option| {
                    let scheme = scheme.clone();
                    let status = status.clone();
                    view! {
                        <Chip
                            label=Signal::derive(move || option.label(lang.get()).to_string())
                            pressed=Signal::derive(move || status() == Some(option))
                            on_toggle=move || draft.update(|d| d.form.tap_status(&scheme, option))
                            testid=format!("status-{}", option.code())
                        />
                    }
                }).collect_view()}
            </div>
            <FieldErrorText field=scheme_field/>
            <Show when=shows_barriers.clone()>
                <Barriers scheme=barriers_scheme.clone() label=label.clone()/>
            </Show>
            // After an application or a referral: when to ask how it went.
            <Show when={
                let status = status.clone();
                move || status().is_some_and(Status::allows_follow_up)
            }>
                <TextField field=follow_field.clone() label=T::FollowUpOnLabel
                    hint=T::FollowUpOnHint input_type="date" testid="follow-up-on"/>
            </Show>
        </section>
    }
}

/// A part of the form that is folded while it holds nothing, until opened;
/// a mistake in it opens it when it is the first one.
#[component]
fn Fold(
    title: T,
    testid: &'static str,
    filled: impl Fn(&ContactForm) -> bool,
    children: Children,
) -> impl IntoView {
    let draft = expect_context::<FormCtx>().draft;
    let open = draft.with_untracked(|d| filled(&d.form));
    view! {
        <details class="card fold" data-testid=testid open=open>
            <summary class="fold-title">{tr(title)}</summary>
            <div class="fold-body">{children()}</div>
        </details>
    }
}

/// Moves keyboard focus (and the screen reader) to the first invalid field.
fn focus_first_error(errors: RwSignal<Vec<FieldError>>) {
    if let Some(first) = errors.with_untracked(|e| e.first().map(|e| dom_id(&e.field))) {
        focus_by_id(&first);
    }
}

/// Moves focus to element `id` once it is drawn, opening the folded part
/// it is in.
fn focus_by_id(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let Some(element) = document().get_element_by_id(&id) else {
            return;
        };
        if let Ok(Some(fold)) = element.closest("details") {
            let _ = fold.set_attribute("open", "");
        }
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    });
}

fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Asks for persistent storage after the first save, and remembers the answer.
fn ask_persistence(prefs: crate::shared::Prefs) {
    leptos::task::spawn_local(async move {
        let granted = storage::request_persistence().await;
        if let Err(err) = prefs.update(|s| s.persistence = granted) {
            leptos::logging::warn!("persistence answer not remembered: {err}");
        }
    });
}

/// Chips choosing one option; with `clearable`, a second tap clears it.
fn choice_chips<E>(
    draft: RwSignal<Draft>,
    options: &[E],
    testid_prefix: &'static str,
    read: fn(&ContactForm) -> Option<E>,
    write: fn(&mut ContactForm, Option<E>),
    clearable: bool,
) -> impl IntoView + use<E>
where
    E: ChipLabel + PartialEq + Send + Sync + 'static,
{
    let lang = use_lang();
    options
        .iter()
        .copied()
        .map(|option| {
            view! {
                <Chip
                    label=Signal::derive(move || option.label(lang.get()).to_string())
                    pressed=Signal::derive(move || draft.with(|d| read(&d.form) == Some(option)))
                    on_toggle=move || draft.update(|d| {
                        let next = (!clearable || read(&d.form) != Some(option)).then_some(option);
                        write(&mut d.form, next);
                    })
                    testid=format!("{testid_prefix}-{}", option.code())
                />
            }
        })
        .collect_view()
}

/// A labelled row of chips; with `field`, also the target of that field's
/// error (focusable, so the first error can take focus).
#[component]
fn ChipGroup(
    name: &'static str,
    #[prop(optional)] field: Option<Field>,
    label: T,
    children: Children,
) -> impl IntoView {
    let label_id = format!("{name}-label");
    let id = field.as_ref().map(dom_id);
    let focusable = field.is_some().then_some("-1");
    let labelled_by = label_id.clone();
    view! {
        <div class="chip-group" role="group" aria-labelledby=labelled_by id=id tabindex=focusable>
            <span id=label_id class="field-label">{tr(label)}</span>
            <div class="chips">{children()}</div>
            {field.map(|field| view! { <FieldErrorText field/> })}
        </div>
    }
}

/// The barrier chips of one scheme the resident does not (yet) use.
#[component]
fn Barriers(scheme: String, label: drempel_core::catalog::Label) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let draft = ctx.draft;
    let catalog = use_catalog();
    let lang = use_lang();
    let more = RwSignal::new(false);
    // The active barriers, this phone's most named first; a retired one
    // only where it was ticked before. The first few show, and every one
    // ticked when the card opened; the rest behind "more barriers".
    let ticked = draft.with_untracked(|d| {
        d.form
            .finding(&scheme)
            .map(|f| f.barriers.clone())
            .unwrap_or_default()
    });
    let barriers: Vec<(String, drempel_core::catalog::Label, bool)> = catalog.with_untracked(|c| {
        let order = ctx.offered.with_untracked(|o| o.barriers.clone());
        let retired = c
            .barriers
            .iter()
            .filter(|b| !b.active && ticked.contains(&b.id))
            .map(|b| b.id.clone());
        order
            .into_iter()
            .chain(retired)
            .enumerate()
            .filter_map(|(i, id)| {
                let always = i < BARRIERS_FIRST || ticked.contains(&id);
                c.barrier(&id).map(|b| (id, b.label.clone(), always))
            })
            .collect()
    });
    let folded = barriers.iter().filter(|(_, _, always)| !always).count();
    let barriers_field = Field::Barriers(scheme.clone());
    let barriers_id = dom_id(&barriers_field);
    let more_id = format!("{barriers_id}-more");
    view! {
        <div class="barriers" role="group" id=barriers_id.clone() tabindex="-1"
            aria-label=move || format!("{} {}", T::BarriersFor.get(lang.get()), label.get(lang.get()))>
            <div class="chips chips-barriers" id=more_id.clone()>
                {barriers.into_iter().map(|(barrier, barrier_label, always)| {
                    let scheme = scheme.clone();
                    let pressed = {
                        let scheme = scheme.clone();
                        let barrier = barrier.clone();
                        move || draft.with(|d| d.form.finding(&scheme).is_some_and(|f| f.barriers.contains(&barrier)))
                    };
                    view! {
                        <span class="chip-slot" class:hidden=move || !always && !more.get()>
                            <Chip
                                label=Signal::derive(move || barrier_label.get(lang.get()).to_string())
                                pressed=Signal::derive(pressed)
                                on_toggle={
                                    let barrier = barrier.clone();
                                    move || draft.update(|d| d.form.tap_barrier(&scheme, &barrier))
                                }
                                testid=format!("barrier-{barrier}")
                            />
                        </span>
                    }
                }).collect_view()}
            </div>
            {(folded > 0).then(|| view! {
                <button type="button" class="link-button" data-testid="more-barriers"
                    aria-expanded=move || more.get().to_string() aria-controls=more_id.clone()
                    on:click=move |_| more.update(|m| *m = !*m)>
                    {move || if more.get() { T::FewerBarriers.get(lang.get()) } else { T::MoreBarriers.get(lang.get()) }}
                </button>
            })}
            <FieldErrorText field=barriers_field.clone()/>
            <OtherBarrier scheme=scheme.clone()/>
        </div>
    }
}

/// The words for the "other" barrier, shown once that chip is ticked.
#[component]
fn OtherBarrier(scheme: String) -> impl IntoView {
    let draft = expect_context::<FormCtx>().draft;
    let field = Field::OtherBarrier(scheme.clone());
    let ticked = move || {
        draft.with(|d| {
            d.form
                .finding(&scheme)
                .is_some_and(|f| f.barriers.iter().any(|b| b == OTHER_BARRIER))
        })
    };
    view! {
        <Show when=ticked>
            <TextField field=field.clone() label=T::OtherBarrierLabel testid="other-barrier-input"/>
        </Show>
    }
}

/// A labelled text input (or textarea) bound to one field of the form, with
/// its error and any personal data found in it.
#[component]
fn TextField(
    field: Field,
    label: T,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional, into)] testid: String,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let input_type = input_type.unwrap_or("text");
    let id = dom_id(&field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!(
        "{} {error_id}",
        if hint.is_some() { hint_id.as_str() } else { "" }
    )
    .trim()
    .to_string();
    let value = {
        let field = field.clone();
        move || ctx.draft.with(|d| d.form.text(&field).to_string())
    };
    let set = {
        let field = field.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            ctx.draft.update(|d| {
                if let Some(slot) = d.form.text_mut(&field) {
                    *slot = text;
                }
            });
        }
    };
    let invalid = {
        let field = field.clone();
        move || {
            ctx.errors
                .with(|e| e.iter().any(|e| e.field == field))
                .to_string()
        }
    };
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="field-input field-textarea" rows="3" data-testid=testid
                aria-describedby=described aria-invalid=invalid prop:value=value on:input=set></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="field-input" type=input_type autocomplete="off" data-testid=testid
                inputmode=inputmode aria-describedby=described aria-invalid=invalid prop:value=value on:input=set/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field-label" for=id>{tr(label)}</label>
            {control}
            {hint.map(|hint| view! { <p id=hint_id class="field-hint">{tr(hint)}</p> })}
            <FieldErrorText field=field.clone()/>
            <PiiWarnings field/>
        </div>
    }
}

#[component]
fn FieldErrorText(field: Field) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let id = format!("{}-error", dom_id(&field));
    let message = move || {
        ctx.errors.with(|e| {
            e.iter()
                .find(|e| e.field == field)
                .map(|e| e.message(lang.get()))
        })
    };
    view! { <p id=id class="field-error" data-testid="field-error">{message}</p> }
}

/// What the personal-data scan found in one field, each with a one-tap
/// remove. Keeping it is a choice made at save time.
#[component]
fn PiiWarnings(field: Field) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let found = {
        let field = field.clone();
        move || {
            ctx.pii.with(|all| {
                all.iter()
                    .find(|(f, _, _)| *f == field)
                    .map(|(_, text, found)| (text.clone(), found.clone()))
            })
        }
    };
    view! {
        {move || found().map(|(text, matches)| {
            let field = field.clone();
            view! {
                <ul class="pii-list" data-testid="pii-found" aria-live="polite">
                    {matches.into_iter().map(|m| {
                        let field = field.clone();
                        let excerpt = text[m.start..m.end].to_string();
                        let kind = m.kind.code();
                        view! {
                            <li class="pii-item" data-kind=kind>
                                <span class="pii-kind">{move || pii_label(m.kind).get(lang.get())}": "</span>
                                <mark>{excerpt}</mark>
                                <button type="button" class="link-button" data-testid="pii-remove"
                                    on:click=move |_| ctx.draft.update(|d| {
                                        if let Some(slot) = d.form.text_mut(&field) {
                                            let current = pii::scan(slot);
                                            if let Some(same) = current.into_iter().find(|c| c.start == m.start && c.kind == m.kind) {
                                                *slot = pii::remove(slot, &[same]);
                                            }
                                        }
                                    })
                                >{move || T::PiiRemove.get(lang.get())}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })}
    }
}

#[component]
fn Checkbox(
    label: T,
    #[prop(into)] checked: Signal<bool>,
    on_change: impl Fn(bool) + 'static,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid prop:checked=move || checked.get()
                on:change=move |ev| on_change(event_target_checked(&ev))/>
            <span>{tr(label)}</span>
        </label>
    }
}
