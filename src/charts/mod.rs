//! The four charts. `data` says what each shows (pure, tested natively),
//! `draw` draws it on any plotters backend, `canvas` hosts it in the page on
//! a HiDPI canvas, `svg` writes it for export and print.

pub mod canvas;
pub mod data;
pub mod draw;
pub mod svg;
