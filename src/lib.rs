//! Drempel's app: a Leptos single-page app that works offline.
//!
//! One module alone touches browser storage ([`storage`]) and one alone does
//! HTTP ([`net`]); components present what those and `drempel-core` decide.

pub mod app;
pub mod i18n;
pub mod net;
pub mod storage;
pub mod sw;

/// Replaces the loading notice with the app and registers the service worker.
pub fn mount() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
