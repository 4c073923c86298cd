//! # hne-core: High Needs Explorer's app logic, with no web dependency
//!
//! Everything the explorer does that needs no browser: what a user can do to
//! a scenario (lever rules, targets and presets), the scenario in and out of
//! links and local storage, the undo history, the saved-scenario library, the
//! headline figures and the story in words, the print report, the charts'
//! data and layout, money and shares in words, workshop codes and the QR
//! encoder. It is tested natively with `cargo test -p hne-core`.
//!
//! The arithmetic is the model's (`hne-model`); this crate turns it into what
//! a council member reads. The Leptos app (the root crate) keeps only its
//! components and the browser glue (local storage, downloads, the canvas),
//! and calls this crate; nothing here imports from it.

pub mod answer;
pub mod assumptions;
pub mod calibration;
pub mod charts;
pub mod embed;
pub mod explorer;
pub mod format;
pub mod glossary;
pub mod headline;
pub mod hindcast;
pub mod html;
pub mod import;
pub mod library;
pub mod plausible;
pub mod prerender;
pub mod published;
pub mod qr;
pub mod report;
pub mod session;
pub mod state;
pub mod store;
pub mod story;
pub mod workbook;
pub mod workshop;
