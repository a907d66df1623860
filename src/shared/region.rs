//! A region coordinator's sign-in on this device, kept apart from the
//! team session: it never syncs and opens no team screen. The team screen
//! keeps it when a sign-in turns out to be a region's; the region screen
//! shows and ends it.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const KEY: &str = "drempel.region";

/// A region coordinator's sign-in on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionSignIn {
    pub token: String,
    pub region: String,
}

/// The region sign-in kept on this device, if any.
pub fn saved() -> Option<RegionSignIn> {
    LocalStorage::get(KEY).ok()
}

/// Keeps the sign-in; false when the browser would not store it.
pub fn keep(sign_in: &RegionSignIn) -> bool {
    LocalStorage::set(KEY, sign_in).is_ok()
}

pub fn forget() {
    LocalStorage::delete(KEY);
}

/// The region sign-in of this screen, handed down through context.
#[derive(Debug, Clone, Copy)]
pub struct RegionSignedIn(pub RwSignal<Option<RegionSignIn>>);
