//! The charts: each a figure with its title, a sentence saying what it
//! shows, the canvas, a legend in text, a "show data" table and an SVG
//! download.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::canvas;
use hne_core::charts::data::Chart;
use hne_core::charts::{css_height, svg};
use hne_core::html;

#[component]
pub fn Figures(charts: Vec<(&'static str, Memo<Option<Chart>>)>) -> impl IntoView {
    let list = charts;
    // When the charts' column changes width (a resize, zoom, a scrollbar
    // coming or going: a window resize event misses the last) the charts
    // measure their boxes again and repaint.
    let layout = RwSignal::new(0u32);
    let charts = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(charts) = charts.get() else { return };
        // Only a change of width matters: heights change with every move.
        let watched = charts.clone();
        let mut last_width = -1;
        let bump = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let width = watched.client_width();
            if width != last_width {
                last_width = width;
                layout.update(|n| *n += 1);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(bump.as_ref().unchecked_ref()) {
            observer.observe(&charts);
        }
        // The observer lives as long as the page.
        bump.forget();
    });
    view! {
        <div class="charts" node_ref=charts>
            {list.into_iter().map(|(id, chart)| view! { <Figure id chart layout/> }).collect_view()}
        </div>
    }
}

/// Charts with the ids their figures carry (fixed, because a chart that is
/// still being worked out has no id of its own yet).
pub fn with_ids(
    ids: &[&'static str],
    charts: &[Memo<Option<Chart>>],
) -> Vec<(&'static str, Memo<Option<Chart>>)> {
    ids.iter().copied().zip(charts.iter().copied()).collect()
}

/// What a chart's effect last wrote, and at what width.
struct Painted {
    layout: u32,
    width: f64,
    words: [String; 3],
}

#[component]
fn Figure(id: &'static str, chart: Memo<Option<Chart>>, layout: RwSignal<u32>) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let title = NodeRef::<leptos::html::H3>::new();
    let summary = NodeRef::<leptos::html::P>::new();
    let legend = NodeRef::<leptos::html::Div>::new();
    let table = NodeRef::<leptos::html::Div>::new();
    // One effect paints the chart and its words: the canvas, the title and
    // summary (also the canvas's accessible name), the legend and the table.
    // The canvas is redrawn every time, at the width measured when the
    // layout last changed (measuring forces a layout, so not on every move);
    // then the words, rewritten only where they changed. The effect returns
    // what it wrote, to compare with next time.
    Effect::new(move |prev: Option<Option<Painted>>| {
        let layout_count = layout.get();
        let (canvas, title, summary, legend, table) = (
            canvas_ref.get()?,
            title.get()?,
            summary.get()?,
            legend.get()?,
            table.get()?,
        );
        let before = prev.flatten();
        let width = match &before {
            Some(b) if b.layout == layout_count && b.width >= 1.0 => b.width,
            _ => canvas::box_width(&canvas),
        };
        chart.with(|c| {
            let c = c.as_ref()?;
            canvas::paint(&canvas, c, width);
            let words = [c.title.clone(), c.summary.clone(), html::legend(c)];
            let changed = |i: usize| before.as_ref().is_none_or(|b| b.words[i] != words[i]);
            if changed(0) {
                title.set_text_content(Some(&words[0]));
            }
            if changed(1) {
                summary.set_text_content(Some(&words[1]));
                let _ = canvas.set_attribute("aria-label", &words[1]);
            }
            if changed(2) {
                legend.set_inner_html(&words[2]);
            }
            table.set_inner_html(&html::table(c));
            canvas::mark_painted(c.id);
            Some(Painted {
                layout: layout_count,
                width,
                words,
            })
        })
    });
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
            <p class="downloads">
                <button type="button" class="link-button" on:click=download>"Download chart (SVG)"</button>
                <button type="button" class="link-button" on:click=move |_| {
                    if let Some(c) = canvas_ref.get() {
                        save_png(&c, id);
                    }
                }>"Download chart (PNG)"</button>
            </p>
        </figure>
    }
}

/// Offer the chart as an SVG file.
fn save_svg(chart: &Chart) {
    let text = svg::to_svg(chart, 960, css_height(&chart.drawing, 960.0) as u32);
    crate::state::browser::download(&format!("{}.svg", chart.id), "image/svg+xml", &text);
}

/// Offer the chart as a PNG: the canvas as drawn, at the screen's resolution.
fn save_png(canvas: &web_sys::HtmlCanvasElement, id: &str) {
    if let (Ok(url), Some(doc)) = (
        canvas.to_data_url(),
        web_sys::window().and_then(|w| w.document()),
    ) {
        crate::state::browser::download_url(&doc, &format!("{id}.png"), &url);
    }
}
