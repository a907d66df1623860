//! The coordinator app: every field screen, so a coordinator stays in one
//! app, plus the team, dashboard, consultation builder, results with the
//! report editor, and the catalog. Loaded only by those who open it.

mod catalog;
mod consultations;
mod dashboard;
mod region;
mod results;
mod signals;
mod team;
mod texts;

use leptos::prelude::*;

use crate::field;
use crate::shared::{self, Page, Screen};

/// The team screen, or a region's screen when this device holds a
/// region coordinator's sign-in (and no team coordinator's).
#[component]
fn TeamOrRegion() -> impl IntoView {
    let region = RwSignal::new(shared::region::saved());
    provide_context(shared::region::RegionSignedIn(region));
    let sync = shared::sync::use_sync();
    let in_region = move || region.with(Option::is_some) && !sync.is_coordinator();
    view! {
        <Show when=in_region fallback=|| view! { <team::TeamScreen/> }>
            <region::RegionScreen signed_in=region/>
        </Show>
    }
}

/// Mounts the coordinator app.
pub fn mount() {
    shared::mount(Page::Coordinator, routes);
}

fn routes(screen: Screen) -> AnyView {
    match screen {
        Screen::Team => view! { <TeamOrRegion/> }.into_any(),
        Screen::Dashboard => view! { <dashboard::Dashboard/> }.into_any(),
        Screen::ConsultEdit(id) => view! { <consultations::Builder id/> }.into_any(),
        Screen::Results(id) => view! { <results::ResultsScreen id/> }.into_any(),
        Screen::Catalog => view! { <catalog::CatalogScreen/> }.into_any(),
        Screen::Signals => view! { <signals::SignalsScreen/> }.into_any(),
        Screen::SignalEdit(id) => view! { <signals::SignalEditor id/> }.into_any(),
        Screen::Consult => field::consult_with(view! { <consultations::Manage/> }),
        other => field::routes(other),
    }
}
