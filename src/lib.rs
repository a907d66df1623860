//! Drempel's app: three Leptos apps that work offline, built from one
//! crate. Each page is its own wasm, so a volunteer's phone downloads the
//! field screens alone:
//!
//! - [`field`]: `/`, what a volunteer uses (entry `src/main.rs`);
//! - [`coordinator`]: `/coordinator.html`, the field screens and the
//!   coordinator's (entry `src/bin/coordinator.rs`);
//! - [`report`]: `/report.html`, a report link for anyone
//!   (entry `src/bin/report.rs`).
//!
//! Screens import from [`shared`] only, never from each other. One module
//! alone touches browser storage (`shared::storage`) and one alone does
//! HTTP (`shared::net`); components present what those and `drempel-core`
//! decide.

pub mod coordinator;
pub mod field;
pub mod report;
pub mod shared;
