//! The charts in the page: `canvas` paints the drawing that
//! `hne_core::charts` lays out, on a HiDPI canvas.

pub mod canvas;
