//! The story in plain English (`hne_core::story`), and the print report
//! (`hne_core::report`), written when the page is printed.

use leptos::prelude::*;

use super::ctx;
use hne_core::{report, story};

#[component]
pub fn Story() -> impl IntoView {
    let ctx = ctx();
    // Written after the paint that follows a move, not on the way to it:
    // the story follows what is worked out then (the attribution, set after
    // every move's paint, the tornado, and the likely ranges when the runs
    // finish) and reads the projection as it stands, so a move's own task
    // does not rewrite it, nor does each step of a drag.
    let text = move || {
        let finished = ctx.fan.get();
        ctx.attribution
            .with(|a| {
                ctx.sensitivity.with(|s| {
                    untrack(|| {
                        let fan = finished.filter(|_| ctx.fan_ready.get()).map(|f| f.0);
                        ctx.with_run(|r| story::story(r, a.as_ref(), s.as_ref(), fan.as_deref()))
                    })
                })
            })
            .unwrap_or_default()
    };
    // The print-only part of the report, written just before printing
    // (the browser's own Print, or the button), not on every move.
    let printed = RwSignal::new(None::<report::Report>);
    let prepare = move || {
        let date = js_sys::Date::new_0();
        let opts = js_sys::Object::new();
        for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
            let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
        }
        let day = String::from(date.to_locale_date_string("en-GB", &opts));
        let html = ctx.saved.with_untracked(|s| {
            ctx.computed.with_untracked(|c| {
                let c = c.0.as_ref().as_ref().ok()?;
                let charts: Vec<_> = ctx.charts.iter().map(|(_, m)| m.get_untracked()).collect();
                let list: Vec<&hne_core::charts::data::Chart> = charts.iter().flatten().collect();
                Some(report::report(s, &c.run, &list, &day))
            })
        });
        printed.set(html);
    };
    let _before = window_event_listener(leptos::ev::beforeprint, move |_| prepare());
    let print = move |_| {
        prepare();
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="story" aria-labelledby="story-title">
            <h2 id="story-title">"The story"</h2>
            <div data-testid="story">{move || text().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
            <p class="no-print">
                <button type="button" on:click=print>"Print the report (A4, or save as PDF)"</button>
            </p>
        </section>
        {move || printed.get().map(printed_report)}
    }
}

/// The print-only report, from `hne_core::report`; the charts are the SVG
/// documents as images (sharp at any print resolution).
fn printed_report(r: report::Report) -> impl IntoView {
    view! {
        <section class="print-report print-head" aria-hidden="true">
            <p class="report-title">{r.title}</p>
            <p>{r.line}</p>
        </section>
        <section class="print-report print-body" aria-hidden="true">
            <section class="report-levers">
                <h2>"The plan"</h2>
                <table><tbody>
                    {r.levers.into_iter().map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> }).collect_view()}
                </tbody></table>
            </section>
            <section class="report-charts">
                <h2>"Charts"</h2>
                {r.charts.into_iter().map(|c| {
                    let src = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&c.svg)));
                    view! {
                        <figure>
                            <figcaption>{c.title.clone()}</figcaption>
                            <img src=src alt=c.title/>
                            {super::figures::legend_view(c.legend)}
                        </figure>
                    }
                }).collect_view()}
            </section>
            <section class="report-assumptions">
                <h2>"Assumptions"</h2>
                <table>
                    <thead><tr><th scope="col">"Assumption"</th><th scope="col">"Central"</th><th scope="col">"Range"</th></tr></thead>
                    <tbody>
                        {r.assumptions.into_iter().map(|[name, central, range]| view! { <tr><th scope="row">{name}</th><td>{central}</td><td>{range}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                {(!r.sources.is_empty()).then(|| view! {
                    <h2>"Sources"</h2>
                    <ul class="report-sources">{r.sources.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                })}
            </section>
        </section>
    }
}
