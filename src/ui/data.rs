//! "Your authority's data": the CSV template and the scenario in and out,
//! and the projection as CSV. A file is read whole and checked whole: one
//! problem and nothing changes, and every problem is listed by line.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use super::ctx;
use crate::state::browser;
use hne_core::import::{import, too_big, MAX_FILE_BYTES};
use hne_core::state::saved;
use hne_core::state::Notice;

#[component]
pub fn YourData() -> impl IntoView {
    let ctx = ctx();
    let problems = RwSignal::new(Vec::<String>::new());
    let template = move |_| {
        let csv = ctx
            .saved
            .with_untracked(|s| hne_model::template::to_csv(&s.scenario));
        browser::download("high-needs-template.csv", "text/csv;charset=utf-8", &csv);
    };
    let scenario = move |_| {
        let json = ctx.saved.with_untracked(|s| saved::to_json(s, true));
        browser::download("high-needs-scenario.json", "application/json", &json);
    };
    let projection = move |_| {
        if let Some(csv) = ctx.with_run(hne_model::output::to_csv) {
            browser::download("high-needs-projection.csv", "text/csv;charset=utf-8", &csv);
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let name = file.name();
        if file.size() > MAX_FILE_BYTES as f64 {
            problems.set(vec![too_big(&name, file.size() as usize)]);
            input.set_value("");
            return;
        }
        let done_reader = reader.clone();
        let onload = Closure::once_into_js(move || {
            let bytes = done_reader
                .result()
                .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                .unwrap_or_default();
            match import(&name, &bytes) {
                Ok(next) => {
                    problems.set(Vec::new());
                    let who = next.scenario.authority.name.clone();
                    if ctx.offer("import", format!("the figures in {name}"), next) {
                        ctx.notify(Notice::info(format!(
                            "Imported {name}: {who}. Undo brings back what was open before."
                        )));
                    }
                }
                Err(list) => problems.set(list),
            }
            input.set_value("");
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_array_buffer(&file);
    };
    let listed = move || {
        problems.with(|p| {
            if p.is_empty() {
                return None;
            }
            let one = p.len() == 1;
            Some(view! {
                <p><strong>{format!("Nothing was changed: the file has {}.", if one { "a problem" } else { "these problems" })}</strong>
                    {format!(" Correct {} and import it again.", if one { "it" } else { "them" })}</p>
                <ul>{p.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}</ul>
            })
        })
    };
    view! {
        <section class="your-data" aria-labelledby="data-title">
            <h2 id="data-title">"Your authority's data"</h2>
            <p class="hint">"Download the template (a spreadsheet filled in with the figures open now), put in your authority's figures in Excel or LibreOffice, save it as CSV and import it. A file with any problem changes nothing, and every problem is listed with its line."</p>
            <p class="buttons">
                <button type="button" on:click=template>"Download the CSV template"</button>
                <label class="file-label" for="import-file">"Import a file (CSV template or scenario JSON):"</label>
                <input type="file" id="import-file" accept=".csv,.json,text/csv,application/json" on:change=on_file/>
            </p>
            <div class="problems" role="alert" data-testid="import-problems">{listed}</div>
            <Pending origin="import"/>
            <super::dataview::DataView/>
            <super::calibrate::Calibrate/>
            <p class="buttons">
                <button type="button" on:click=scenario>"Download the scenario (JSON)"</button>
                <button type="button" on:click=projection>"Download the projection, year by year (CSV)"</button>
            </p>
        </section>
    }
}

/// Figures held back by a warning (from an import or an edit): what looks
/// wrong, named, and the choice to use them anyway or keep what was there.
#[component]
pub fn Pending(origin: &'static str) -> impl IntoView {
    let ctx = ctx();
    let mine = move || ctx.pending.get().filter(|p| p.origin == origin);
    view! {
        <div class="pending" role="alert" data-testid=format!("pending-{origin}")>
            {move || mine().map(|p| view! {
                <p><strong>{format!("Check before these are used: {} {}", p.what, if p.warnings.len() == 1 { "has a figure that looks wrong." } else { "have figures that look wrong." })}</strong></p>
                <ul>{p.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                <p class="buttons">
                    <button type="button" on:click=move |_| ctx.accept_pending()>"Use them anyway"</button>
                    <button type="button" on:click=move |_| ctx.pending.set(None)>"Cancel: keep what I had"</button>
                </p>
            })}
        </div>
    }
}
