//! The field app: what a volunteer's phone loads and keeps offline.

mod capture;
mod consult;
mod contacts;
mod settings;

use leptos::prelude::*;

use crate::shared::{self, Page, Screen};

/// Mounts the field app.
pub fn mount() {
    shared::mount(Page::Field, routes);
}

/// The field screens. Another page's screen never reaches here: the frame
/// opens that page instead.
pub fn routes(screen: Screen) -> AnyView {
    match screen {
        Screen::Contacts => view! { <contacts::Contacts/> }.into_any(),
        Screen::Settings => view! { <settings::SettingsScreen/> }.into_any(),
        Screen::Join => view! { <settings::JoinScreen/> }.into_any(),
        Screen::Consult => view! { <consult::ConsultScreen/> }.into_any(),
        Screen::Kiosk(id) => view! { <consult::Kiosk id/> }.into_any(),
        _ => view! { <capture::Capture/> }.into_any(),
    }
}

/// The field screen for the coordinator's app, with the coordinator's own
/// part of a screen where there is one.
pub fn consult_with(manage: impl IntoView + 'static) -> AnyView {
    view! { <consult::ConsultScreen>{manage}</consult::ConsultScreen> }.into_any()
}
