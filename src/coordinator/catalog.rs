//! `#/catalog`: a coordinator edits the team's schemes and barriers. Each
//! save is a new catalog version; items are retired, never removed, so old
//! records keep their labels and retired items only leave new forms.

use drempel_core::catalog::{Barrier, Catalog, CatalogEdit, Label, Level, Scheme, slug};
use drempel_core::money::{MAX_EUROS, TypicalAmount};
use drempel_core::wire::ErrorCode;
use drempel_core::wire::paths;
use leptos::prelude::*;

use super::texts::CT;
use crate::shared::Screen;
use crate::shared::api::{net_message, token};
use crate::shared::i18n::{T, tr, use_lang};
use crate::shared::net::{self, NetError};
use crate::shared::sync::use_sync;

#[component]
pub fn CatalogScreen() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let catalog = RwSignal::new(None::<Catalog>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<u32>);
    let busy = RwSignal::new(false);
    let reload = move || {
        let token = token();
        leptos::task::spawn_local(async move {
            match net::get::<Catalog>(paths::CATALOG, token.as_deref()).await {
                Ok(found) => catalog.set(Some(found)),
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    };
    reload();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(mut edit) = catalog.get_untracked() else {
            return;
        };
        // New items get their id from their Dutch name.
        let taken: Vec<String> = edit.schemes.iter().map(|s| s.id.clone()).collect();
        for scheme in edit.schemes.iter_mut().filter(|s| s.id.is_empty()) {
            scheme.id = slug(&scheme.label.nl, taken.iter().map(String::as_str));
        }
        let taken: Vec<String> = edit.barriers.iter().map(|b| b.id.clone()).collect();
        for barrier in edit.barriers.iter_mut().filter(|b| b.id.is_empty()) {
            barrier.id = slug(&barrier.label.nl, taken.iter().map(String::as_str));
        }
        let request = CatalogEdit {
            base: edit.version,
            schemes: edit.schemes,
            barriers: edit.barriers,
        };
        busy.set(true);
        error.set(None);
        saved.set(None);
        let token = token();
        leptos::task::spawn_local(async move {
            let lang_now = lang.get_untracked();
            match net::put::<_, Catalog>(paths::CATALOG, token.as_deref(), &request).await {
                Ok(next) => {
                    saved.set(Some(next.version));
                    catalog.set(Some(next));
                    // This phone's forms follow at once.
                    sync.now();
                }
                Err(NetError::Api(failure)) if failure.code == Some(ErrorCode::StaleCatalog) => {
                    error.set(Some(CT::CatalogStale.get(lang_now).to_string()));
                    reload();
                }
                Err(NetError::Api(failure)) if failure.code == Some(ErrorCode::Invalid) => {
                    let why = failure
                        .problem
                        .map(|p| crate::shared::i18n::problem_words(p, lang_now))
                        .unwrap_or_default();
                    error.set(Some(format!(
                        "{} ({why})",
                        CT::CatalogInvalid.get(lang_now)
                    )));
                }
                Err(err) => error.set(Some(net_message(&err, lang_now))),
            }
            busy.set(false);
        });
    };

    let schemes = move || catalog.with(|c| c.as_ref().map_or(0, |c| c.schemes.len()));
    let barriers = move || catalog.with(|c| c.as_ref().map_or(0, |c| c.barriers.len()));
    view! {
        <section class="catalog stack" aria-labelledby="catalog-title">
            <h1 id="catalog-title" class="screen-title">{tr(CT::EditCatalog)}</h1>
            <p><a href=Screen::Team.hash()>{tr(CT::BackToTeam)}</a></p>
            <p class="field-hint">{tr(CT::CatalogExplained)}</p>
            <p class="field-hint" data-testid="catalog-version">
                {move || catalog.with(|c| c.as_ref().map(|c| format!("{} {}", CT::Version.get(lang.get()), c.version)))}
            </p>
            <form class="stack" on:submit=save>
                <section class="card stack" aria-labelledby="schemes-edit-title">
                    <h2 id="schemes-edit-title" class="card-title">{tr(T::SchemesTitle)}</h2>
                    <p class="field-hint">{tr(CT::TypicalHint)}</p>
                    <For each=move || 0..schemes() key=|i| *i children=move |i| view! { <SchemeEditor catalog i/> }/>
                    <button type="button" class="button" data-testid="add-scheme" on:click=move |_| catalog.update(|c| {
                        if let Some(c) = c {
                            c.schemes.push(Scheme {
                                id: String::new(),
                                label: Label::default(),
                                administered_by: String::new(),
                                level: Level::Municipal,
                                description: Label::default(),
                                active: true,
                                typical: None,
                            });
                        }
                    })>{tr(CT::AddScheme)}</button>
                </section>
                <section class="card stack" aria-labelledby="barriers-edit-title">
                    <h2 id="barriers-edit-title" class="card-title">{tr(CT::BarriersTitle)}</h2>
                    <For each=move || 0..barriers() key=|i| *i children=move |i| view! { <BarrierEditor catalog i/> }/>
                    <button type="button" class="button" data-testid="add-barrier" on:click=move |_| catalog.update(|c| {
                        if let Some(c) = c {
                            c.barriers.push(Barrier { id: String::new(), label: Label::default(), active: true });
                        }
                    })>{tr(CT::AddBarrier)}</button>
                </section>
                {move || error.get().map(|text| view! { <p class="notice notice-error" role="alert" data-testid="catalog-error">{text}</p> })}
                <p role="status" data-testid="catalog-saved">{move || saved.get().map(|v| format!("{} {v}", CT::CatalogSaved.get(lang.get())))}</p>
                <div class="save-bar">
                    <button type="submit" class="button button-primary" data-testid="save-catalog" disabled=move || busy.get()>{tr(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

/// One text input bound to a part of the catalog.
fn bound_input(
    catalog: RwSignal<Option<Catalog>>,
    label: Box<dyn Fn() -> String + Send + Sync>,
    testid: &'static str,
    get: impl Fn(&Catalog) -> Option<String> + Send + Sync + 'static,
    set: impl Fn(&mut Catalog, String) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <input class="field-input" type="text" data-testid=testid aria-label=label
            prop:value=move || catalog.with(|c| c.as_ref().and_then(&get).unwrap_or_default())
            on:input=move |ev| { let v = event_target_value(&ev); catalog.update(|c| if let Some(c) = c { set(c, v) }) }/>
    }
}

/// An item's Dutch name ("New 3" until it has one), the accessible name
/// of one of its inputs, and whether it is in use.
#[allow(clippy::type_complexity)]
fn item_view(
    catalog: RwSignal<Option<Catalog>>,
    i: usize,
    item: fn(&Catalog, usize) -> Option<(&str, bool)>,
) -> (
    impl Fn() -> String + Copy + Send + Sync + 'static,
    impl Fn(CT) -> Box<dyn Fn() -> String + Send + Sync> + Copy + Send + Sync + 'static,
    impl Fn() -> bool + Copy + Send + Sync + 'static,
) {
    let lang = use_lang();
    let name = move || {
        catalog.with(|c| {
            c.as_ref()
                .and_then(|c| item(c, i))
                .map(|(name, _)| name.to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("{} {}", CT::NewItem.get(lang.get()), i + 1))
        })
    };
    let label = move |what: CT| -> Box<dyn Fn() -> String + Send + Sync> {
        Box::new(move || format!("{}: {}", name(), what.get(lang.get())))
    };
    let active = move || {
        catalog.with(|c| {
            c.as_ref()
                .and_then(|c| item(c, i))
                .is_some_and(|(_, on)| on)
        })
    };
    (name, label, active)
}

#[component]
fn SchemeEditor(catalog: RwSignal<Option<Catalog>>, i: usize) -> impl IntoView {
    let (name, label, active) = item_view(catalog, i, |c, i| {
        c.schemes.get(i).map(|s| (s.label.nl.as_str(), s.active))
    });
    view! {
        <fieldset class="catalog-item stack" data-testid="scheme-editor" data-active=move || active().to_string()>
            <legend class="field-label">{name}</legend>
            {bound_input(catalog, label(CT::NameNl), "scheme-nl", move |c| c.schemes.get(i).map(|s| s.label.nl.clone()), move |c, v| c.schemes[i].label.nl = v)}
            {bound_input(catalog, label(CT::NameEn), "scheme-en", move |c| c.schemes.get(i).map(|s| s.label.en.clone()), move |c, v| c.schemes[i].label.en = v)}
            {bound_input(catalog, label(CT::DescriptionNl), "scheme-description", move |c| c.schemes.get(i).map(|s| s.description.nl.clone()), move |c, v| c.schemes[i].description.nl = v)}
            {bound_input(catalog, label(CT::DescriptionEn), "scheme-description-en", move |c| c.schemes.get(i).map(|s| s.description.en.clone()), move |c, v| c.schemes[i].description.en = v)}
            {bound_input(catalog, label(CT::AdministeredBy), "scheme-by", move |c| c.schemes.get(i).map(|s| s.administered_by.clone()), move |c, v| c.schemes[i].administered_by = v)}
            <input class="field-input" type="number" min="1" max=MAX_EUROS.to_string() inputmode="numeric" data-testid="scheme-typical"
                aria-label=label(CT::TypicalPerYear)
                prop:value=move || catalog.with(|c| c.as_ref().and_then(|c| c.schemes.get(i)).and_then(|s| s.typical.as_ref()).map(|t| t.euros_per_year.to_string()).unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    catalog.update(|c| if let Some(c) = c {
                        let scheme = &mut c.schemes[i];
                        match text.trim().parse::<u32>() {
                            // The source stays when the amount changes.
                            Ok(euros) => scheme.typical.get_or_insert_with(TypicalAmount::default).euros_per_year = euros,
                            Err(_) if text.trim().is_empty() && scheme.typical.as_ref().is_none_or(|t| t.source.trim().is_empty()) => scheme.typical = None,
                            Err(_) => {}
                        }
                    })
                }/>
            {bound_input(catalog, label(CT::TypicalSource), "scheme-typical-source", move |c| c.schemes.get(i).map(|s| s.typical.as_ref().map(|t| t.source.clone()).unwrap_or_default()), move |c, v| {
                let scheme = &mut c.schemes[i];
                if v.trim().is_empty() && scheme.typical.as_ref().is_some_and(|t| t.euros_per_year == 0) {
                    scheme.typical = None;
                } else {
                    scheme.typical.get_or_insert_with(TypicalAmount::default).source = v;
                }
            })}
            <label class="check">
                <input type="checkbox" data-testid="scheme-active" prop:checked=active
                    on:change=move |ev| { let on = event_target_checked(&ev); catalog.update(|c| if let Some(c) = c { c.schemes[i].active = on }) }/>
                <span>{tr(CT::InUse)}</span>
            </label>
        </fieldset>
    }
}

#[component]
fn BarrierEditor(catalog: RwSignal<Option<Catalog>>, i: usize) -> impl IntoView {
    let (name, label, active) = item_view(catalog, i, |c, i| {
        c.barriers.get(i).map(|b| (b.label.nl.as_str(), b.active))
    });
    view! {
        <fieldset class="catalog-item stack" data-testid="barrier-editor" data-active=move || active().to_string()>
            <legend class="field-label">{name}</legend>
            {bound_input(catalog, label(CT::NameNl), "barrier-nl", move |c| c.barriers.get(i).map(|b| b.label.nl.clone()), move |c, v| c.barriers[i].label.nl = v)}
            {bound_input(catalog, label(CT::NameEn), "barrier-en", move |c| c.barriers.get(i).map(|b| b.label.en.clone()), move |c, v| c.barriers[i].label.en = v)}
            <label class="check">
                <input type="checkbox" data-testid="barrier-active" prop:checked=active
                    on:change=move |ev| { let on = event_target_checked(&ev); catalog.update(|c| if let Some(c) = c { c.barriers[i].active = on }) }/>
                <span>{tr(CT::InUse)}</span>
            </label>
        </fieldset>
    }
}
