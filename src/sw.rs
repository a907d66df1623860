//! Registers the service worker and tells the app when a new version is
//! waiting. The new version takes over only when the person says so, so a
//! form in progress is never swapped out from under them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// Set when an installed update waits for the person's go-ahead.
#[derive(Clone, Copy)]
pub struct UpdateWaiting(pub RwSignal<Option<ServiceWorker>, LocalStorage>);

/// Registers `/sw.js` and watches for updates.
pub fn register(waiting: UpdateWaiting) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // Only reload for an update the person asked for, not on first install.
    let reload_on_change = Closure::<dyn FnMut()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    leptos::task::spawn_local(async move {
        let registration = match JsFuture::from(container.register("/sw.js")).await {
            Ok(value) => value.unchecked_into::<ServiceWorkerRegistration>(),
            Err(err) => {
                leptos::logging::warn!("service worker not registered: {err:?}");
                return;
            }
        };
        // Without a controller this is the first install: nothing to update.
        let had_controller = container.controller().is_some();
        if had_controller && let Some(worker) = registration.waiting() {
            waiting.0.set(Some(worker));
        }
        if had_controller {
            container.set_oncontrollerchange(Some(reload_on_change.as_ref().unchecked_ref()));
        }
        reload_on_change.forget();
        let registration_for_update = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = registration_for_update.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && had_controller {
                    waiting.0.set(Some(worker.clone()));
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// Lets the waiting version take over; the page reloads when it has.
pub fn activate(worker: &ServiceWorker) {
    if let Err(err) = worker.post_message(&"skip-waiting".into()) {
        leptos::logging::warn!("cannot activate the update: {err:?}");
    }
}
