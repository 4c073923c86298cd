//! The charts: each a figure with its title, a sentence saying what it
//! shows, the canvas, a legend in text, a "show data" table and an SVG
//! download.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ctx, html};
use crate::charts::data::Chart;
use crate::charts::{canvas, svg};

#[component]
pub fn Figures() -> impl IntoView {
    let ctx = ctx();
    // Any resize or zoom repaints: the canvases follow their boxes.
    let layout = RwSignal::new(0u32);
    let _resize = window_event_listener(leptos::ev::resize, move |_| layout.update(|n| *n += 1));
    view! {
        <div class="charts">
            {ctx.charts.into_iter().map(|chart| view! { <Figure chart layout/> }).collect_view()}
        </div>
    }
}

#[component]
fn Figure(chart: Memo<Option<Chart>>, layout: RwSignal<u32>) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let title = NodeRef::<leptos::html::H3>::new();
    let summary = NodeRef::<leptos::html::P>::new();
    let legend = NodeRef::<leptos::html::Div>::new();
    let table = NodeRef::<leptos::html::Div>::new();
    // One effect paints the chart and its words: the canvas, the title and
    // summary (also the canvas's accessible name), the legend and the table.
    Effect::new(move |_| {
        layout.track();
        let (Some(canvas), Some(title), Some(summary), Some(legend), Some(table)) = (
            canvas_ref.get(),
            title.get(),
            summary.get(),
            legend.get(),
            table.get(),
        ) else {
            return;
        };
        chart.with(|c| {
            let Some(c) = c else { return };
            title.set_text_content(Some(&c.title));
            summary.set_text_content(Some(&c.summary));
            let _ = canvas.set_attribute("aria-label", &c.summary);
            legend.set_inner_html(&html::legend(c));
            table.set_inner_html(&html::table(c));
            canvas::paint(&canvas, c);
        });
    });
    let id = chart.with_untracked(|c| c.as_ref().map_or("chart", |c| c.id));
    let download = move |_| {
        chart.with_untracked(|c| {
            if let Some(c) = c {
                save_svg(c);
            }
        })
    };
    view! {
        <figure class="chart" data-chart=id aria-labelledby=format!("{id}-title") aria-describedby=format!("{id}-summary")>
            <h3 id=format!("{id}-title") node_ref=title></h3>
            <p class="summary" id=format!("{id}-summary") node_ref=summary></p>
            <div class="canvas-box">
                <canvas node_ref=canvas_ref role="img"></canvas>
            </div>
            <div node_ref=legend></div>
            <details class="data">
                <summary>"Show data"</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{id}-title")>
                    <div node_ref=table></div>
                </div>
            </details>
            <button type="button" class="link-button" on:click=download>"Download chart (SVG)"</button>
        </figure>
    }
}

/// Offer the chart as an SVG file.
fn save_svg(chart: &Chart) {
    let text = svg::to_svg(chart, 960, canvas::css_height(&chart.drawing, 960.0) as u32);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(&format!("{}.svg", chart.id));
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
