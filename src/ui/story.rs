//! The story in plain English (`hne_core::story`), and the print report
//! (`hne_core::report`), written when the page is printed.

use leptos::prelude::*;

use super::ctx;
use hne_core::{report, story};

#[component]
pub fn Story() -> impl IntoView {
    let ctx = ctx();
    let text = move || {
        ctx.with_run(|r| {
            ctx.attribution.with(|a| {
                ctx.sensitivity
                    .with(|s| story::html(&story::story(r, a.as_ref(), s.as_ref())))
            })
        })
        .unwrap_or_default()
    };
    // The print-only part of the report, written just before printing
    // (the browser's own Print, or the button), not on every move.
    let printed = RwSignal::new((String::new(), String::new()));
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
                let charts: Vec<_> = ctx.charts.iter().map(|m| m.get_untracked()).collect();
                let list: Vec<&hne_core::charts::data::Chart> = charts.iter().flatten().collect();
                Some((report::head(s, &day), report::body(s, &c.run, &list)))
            })
        });
        printed.set(html.unwrap_or_default());
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
            <div data-testid="story" inner_html=text></div>
            <p class="no-print">
                <button type="button" on:click=print>"Print the report (A4, or save as PDF)"</button>
            </p>
        </section>
        <section class="print-report print-head" aria-hidden="true" inner_html=move || printed.with(|p| p.0.clone())></section>
        <section class="print-report print-body" aria-hidden="true" inner_html=move || printed.with(|p| p.1.clone())></section>
    }
}
