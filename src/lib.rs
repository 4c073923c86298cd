//! High Needs Explorer: the browser app's crate.
//!
//! The arithmetic lives in the `hne-model` crate (`crates/model`), which knows
//! nothing of the web. This crate is the thin browser shell around it:
//! `app` holds the scenario signal and the memos over the model, `ui` the
//! small components that show them, `charts` the drawings (generic over the
//! plotters backend), `state` the scenario in and out of the browser (link,
//! local storage, undo history). With the `jsapi` feature it also carries the
//! JS API for pages that embed the model (`api`).
#[cfg(feature = "jsapi")]
pub mod api;
pub mod app;
pub mod assumptions;
pub mod calibration;
pub mod charts;
pub mod embed;
pub mod explorer;
pub mod format;
pub mod library;
pub mod qr;
pub mod report;
pub mod state;
pub mod story;
pub mod ui;
pub mod workshop;
