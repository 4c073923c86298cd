//! The charts. `data` says what each shows, `draw` lays it out and draws it
//! on any plotters backend, `svg` writes it for export and print; the app's
//! canvas host (HiDPI) lives in the app crate and calls the same `draw`.

pub mod data;
pub mod draw;
pub mod svg;

use data::Drawing;

/// CSS height for a chart at a given CSS width.
pub fn css_height(d: &Drawing, width: f64) -> f64 {
    match d {
        // Wide and low: the lead chart and the answer above it fit a
        // laptop's first screen.
        Drawing::Lines(_) => (width * 0.4).clamp(170.0, 190.0),
        Drawing::Waterfall(w) => {
            let row = if draw::labels_above(w, width) {
                54.0
            } else {
                34.0
            };
            40.0 + row * w.bars.len() as f64
        }
    }
}
