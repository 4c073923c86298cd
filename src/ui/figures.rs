//! The charts: each a figure with its title, a sentence saying what it
//! shows, the canvas, a legend in text, a "show data" table and an SVG
//! download.

use super::defer::{Drag, When};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::canvas;
use hne_core::charts::data::{Chart, ChartId};
use hne_core::charts::{css_height, svg};
use hne_core::html;

#[component]
pub fn Figures(charts: Vec<(ChartId, Memo<Option<Chart>>)>) -> impl IntoView {
    view! {
        <div class="charts">
            {charts.into_iter().map(|(id, chart)| view! { <Figure id chart/> }).collect_view()}
        </div>
    }
}

/// Call `f` with whether `el` is within `margin` of the screen, each time
/// that changes. The observer lives as long as the page.
pub fn when_near(el: &web_sys::Element, margin: &str, mut f: impl FnMut(bool) + 'static) {
    let seen = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            for e in entries.iter() {
                let e: web_sys::IntersectionObserverEntry = e.unchecked_into();
                f(e.is_intersecting());
            }
        },
    );
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(margin);
    if let Ok(o) =
        web_sys::IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &init)
    {
        o.observe(el);
    }
    seen.forget();
}

/// Call `f` with `el`'s content width in CSS pixels when it is first laid
/// out and each time it changes (a resize, zoom, a scrollbar coming or
/// going: a window resize event misses the last). The width comes from the
/// observer, after the browser's own layout: reading `clientWidth` instead
/// would make the browser lay out the page there and then, which on a
/// phone took longer than drawing the chart. The observer lives as long as
/// the page.
pub fn observe_width(el: &web_sys::Element, mut f: impl FnMut(f64) + 'static) {
    let seen = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            if let Some(e) = entries.iter().last() {
                let e: web_sys::ResizeObserverEntry = e.unchecked_into();
                f(e.content_rect().width());
            }
        },
    );
    if let Ok(o) = web_sys::ResizeObserver::new(seen.as_ref().unchecked_ref()) {
        o.observe(el);
    }
    seen.forget();
}

#[component]
fn Figure(id: ChartId, chart: Memo<Option<Chart>>) -> impl IntoView {
    let id = id.name();
    let canvas_ref = NodeRef::<Canvas>::new();
    // The effect only paints the canvas, at its box's width as the browser
    // last laid it out (0 until then: nothing is painted). Only a change of
    // width matters: the height changes with the chart. The words around it
    // are views.
    let box_ref = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0.0f64);
    Effect::new(move |_| {
        let Some(el) = box_ref.get() else { return };
        // The observer outlives the figure: once it is gone, its width is
        // gone too, and nothing is set. A box no longer laid out (0 wide)
        // keeps the last width.
        observe_width(&el, move |w| {
            if w >= 1.0
                && width
                    .try_get_untracked()
                    .is_some_and(|old| (w - old).abs() >= 0.5)
            {
                width.set(w);
            }
        });
    });
    // Only a chart on (or near) the screen is painted on a move; one off
    // it is painted when it comes into view. A download paints first.
    let figure_ref = NodeRef::<leptos::html::Figure>::new();
    let visible = RwSignal::new(true);
    Effect::new(move |_| {
        let Some(el) = figure_ref.get() else { return };
        when_near(&el, "300px 0px", move |near| visible.set(near));
    });
    // A chart off the screen is painted after the move's paint, in a task
    // of its own that a later move makes stale, and during a drag once it
    // ends (so a drag never waits for charts nobody sees); one on it, at
    // once.
    super::defer::use_deferred(
        super::ctx().dragging,
        move || (chart.get(), width.get(), visible.get(), canvas_ref.get()),
        |(_, _, on_screen, _)| {
            if *on_screen {
                (When::Now, Drag::Go)
            } else {
                (When::AfterPaint, Drag::Hold)
            }
        },
        move |(chart, width, _, canvas), _| {
            if let (Some(c), Some(canvas)) = (chart, canvas) {
                canvas::paint(&canvas, &c, width);
                canvas::mark_painted(c.id.name());
            }
        },
    );
    let title = Memo::new(move |_| chart.with(|c| c.as_ref().map(|c| c.title.clone())));
    let summary = Memo::new(move |_| chart.with(|c| c.as_ref().map(|c| c.summary.clone())));
    let legend =
        Memo::new(move |_| chart.with(|c| c.as_ref().map(html::legend_items).unwrap_or_default()));
    // The data table is built only while "Show data" is open.
    let open = RwSignal::new(false);
    let table = move || {
        if !open.get() {
            return None;
        }
        chart.with(|c| {
            let c = c.as_ref()?;
            let t = &c.table;
            Some(view! {
                <table>
                    <caption>{c.title.clone()}</caption>
                    <thead><tr>{t.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.iter().map(|row| view! {
                            <tr>
                                {row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                    view! { <th scope="row">{cell.clone()}</th> }.into_any()
                                } else {
                                    view! { <td class="num">{cell.clone()}</td> }.into_any()
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })
        })
    };
    let download = move |_| {
        chart.with_untracked(|c| {
            if let Some(c) = c {
                save_svg(c);
            }
        })
    };
    view! {
        <figure class="chart" node_ref=figure_ref data-chart=id aria-labelledby=format!("{id}-title") aria-describedby=format!("{id}-summary")>
            <h3 id=format!("{id}-title")>{move || title.get()}</h3>
            <p class="summary" id=format!("{id}-summary")>{move || summary.get()}</p>
            <div class="canvas-box" node_ref=box_ref>
                <canvas node_ref=canvas_ref role="img" aria-label=move || summary.get()></canvas>
            </div>
            {move || legend_view(legend.get())}
            <details class="data" on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.set(d.open());
                }
            }>
                <summary>"Show data"</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{id}-title")>
                    {table}
                </div>
            </details>
            <p class="downloads">
                <button type="button" class="link-button" on:click=download>"Download chart (SVG)"</button>
                " "
                <button type="button" class="link-button" on:click=move |_| {
                    if let Some(c) = canvas_ref.get() {
                        chart.with_untracked(|ch| {
                            if let Some(ch) = ch {
                                canvas::paint(&c, ch, width.get_untracked());
                            }
                        });
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

/// A chart's legend: for each entry a swatch drawn like its line (or bar),
/// the pattern in words for screen readers, and its name.
pub fn legend_view(items: Vec<html::LegendItem>) -> impl IntoView {
    view! {
        <ul class="legend">
            {items.into_iter().map(|item| {
                let swatch = match item.line {
                    None => view! {
                        <svg width="22" height="12" aria-hidden="true"><rect width="22" height="12" fill=item.colour/></svg>
                    }.into_any(),
                    Some((dash, words)) => view! {
                        <svg width="30" height="12" aria-hidden="true"><line x1="0" y1="6" x2="30" y2="6" stroke=item.colour stroke-width="3" stroke-dasharray=dash/></svg>
                        <span class="sr-only">{format!(" ({words})")}</span>
                    }.into_any(),
                };
                view! { <li>{swatch}" "{item.name}</li> }
            }).collect_view()}
        </ul>
    }
}
