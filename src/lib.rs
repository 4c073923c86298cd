//! High Needs Explorer: the browser app's crate.
//!
//! The arithmetic lives in the `hne-model` crate (`crates/model`) and the
//! app's logic that needs no browser in `hne-core` (`crates/core`): lever
//! rules, links and storage, the saved library, the story, the report, chart
//! data and layout. This crate is the thin browser shell around them: `app`
//! holds the scenario signal and the memos over the model, `ui` the small
//! components that show them, `charts` the HiDPI canvas host, `state` the
//! browser's storage and downloads. With the `jsapi` feature it also carries
//! the JS API for pages that embed the model (`api`).
#[cfg(feature = "jsapi")]
pub mod api;
pub mod app;
pub mod charts;
pub mod state;
pub mod ui;
