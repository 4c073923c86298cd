//! High Needs Explorer: the browser app's crate. For now it carries the JS API
//! over the model (`api`); the model itself lives in `crates/model`.
pub mod api;
