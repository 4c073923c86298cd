//! The browser's side of keeping a scenario: local storage, the page's
//! link, downloads (`browser`). What goes in them, and what to open at
//! start, is `hne_core::state`.

pub mod browser;
pub mod excel;
pub mod pixels;
pub mod published;
