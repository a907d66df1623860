//! Drempel's rules, shared by the app (wasm32) and the server (native).
//!
//! Nothing in this crate does I/O: no clock, no network, no storage. Callers
//! pass time and input in and carry the results out, so every rule can be
//! tested with plain `#[test]`s.

pub mod catalog;
pub mod contact;
pub mod export;
pub mod lang;
pub mod pii;
pub mod record;
pub mod replica;
pub mod retry;
pub mod site;
pub mod stats;
pub mod sync;
pub mod wire;

pub use lang::Lang;
