//! A chart on a canvas that stays sharp on HiDPI screens.
//!
//! plotters-canvas draws in backing-store pixels, so the canvas is made
//! devicePixelRatio times its CSS size and every size in the drawing is
//! scaled by the same factor (`k` in `draw`); `ctx.scale()` would not help
//! because plotters measures text itself.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;

use hne_core::charts::css_height;
use hne_core::charts::data::Chart;
use hne_core::charts::draw::draw;

/// Size the canvas to `width` CSS pixels and draw the chart. Returns false
/// when the canvas is not laid out yet (zero width) or the drawing failed.
pub fn paint(canvas: &web_sys::HtmlCanvasElement, chart: &Chart, width: f64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let dpr = window.device_pixel_ratio().clamp(1.0, 4.0);
    if width < 1.0 {
        return false;
    }
    let height = css_height(&chart.drawing, width);
    // Sized again only when the size changes: setting a canvas's size, even
    // to the same, allocates its pixels afresh and makes the browser lay
    // out and style it again. The drawing fills the whole canvas first.
    let style = canvas.style();
    for (name, value) in [("width", width), ("height", height)] {
        let css = format!("{value}px");
        if style.get_property_value(name).ok().as_deref() != Some(css.as_str()) {
            let _ = style.set_property(name, &css);
        }
    }
    let (w, h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return false;
    };
    draw(&backend.into_drawing_area(), &chart.drawing, dpr).is_ok()
}

/// Record when each chart last painted (canvas and words), for the repaint
/// benchmark and the end-to-end tests (`window.__hnePainted`).
pub fn mark_painted(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = window.performance().map(|p| p.now()).unwrap_or(0.0);
    let key = JsValue::from_str("__hnePainted");
    let map = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let o: JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&window, &key, &o);
            o
        });
    let _ = js_sys::Reflect::set(&map, &JsValue::from_str(id), &JsValue::from_f64(now));
}
