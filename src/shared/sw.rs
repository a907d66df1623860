//! Registers the service worker and tells the app when a new version is
//! waiting. The new version takes over only when the person says so, so a
//! form in progress is never swapped out from under them.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// Set when an installed update waits for the person's go-ahead.
#[derive(Clone, Copy)]
pub struct UpdateWaiting(pub RwSignal<Option<ServiceWorker>, LocalStorage>);

thread_local! {
    /// The person tapped "update": the next controller change reloads.
    static UPDATE_ACCEPTED: Cell<bool> = const { Cell::new(false) };
}

/// Registers `/sw.js` and watches for updates.
pub fn register(waiting: UpdateWaiting) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // The first install also changes the controller (clients.claim); only
    // an update the person accepted reloads the page.
    let on_controller_change = Closure::<dyn FnMut()>::new(|| {
        if UPDATE_ACCEPTED.get()
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    leptos::task::spawn_local(async move {
        let registration = match JsFuture::from(container.register("/sw.js")).await {
            Ok(value) => value.unchecked_into::<ServiceWorkerRegistration>(),
            Err(err) => {
                leptos::logging::warn!("service worker not registered: {err:?}");
                return;
            }
        };
        if let Some(worker) = registration.waiting() {
            offer(&container, waiting, worker);
        }
        let found = registration.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = found.installing() else {
                return;
            };
            let worker = installing.clone();
            let container = container.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed {
                    offer(&container, waiting, worker.clone());
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    });
}

/// An installed worker is an update only when another one controls the page;
/// otherwise it is the first install and takes over by itself.
fn offer(container: &ServiceWorkerContainer, waiting: UpdateWaiting, worker: ServiceWorker) {
    if container.controller().is_some() {
        waiting.0.set(Some(worker));
    }
}

/// Lets the waiting version take over; the page reloads when it has.
pub fn activate(worker: &ServiceWorker) {
    UPDATE_ACCEPTED.set(true);
    if let Err(err) = worker.post_message(&"skip-waiting".into()) {
        leptos::logging::warn!("cannot activate the update: {err:?}");
    }
}

/// Asks the service worker to keep the coordinator's app on this phone, so
/// the dashboard opens offline even before its first visit. Called once a
/// coordinator session exists; the worker fetches what it lacks.
pub fn keep_coordinator_app() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    leptos::task::spawn_local(async move {
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration = registration.unchecked_into::<ServiceWorkerRegistration>();
        if let Some(active) = registration.active()
            && let Err(err) = active.post_message(&"cache-coordinator".into())
        {
            leptos::logging::warn!("coordinator's app not kept: {err:?}");
        }
    });
}
