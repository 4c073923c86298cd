//! "Your authority's data": the template (a workbook or CSV) and the
//! scenario in and out, and the projection as a workbook or CSV. A file is
//! read whole and checked whole: one problem and nothing changes, and every
//! problem is listed by its line, or its sheet and cell. Workbooks go
//! through the Excel module (`crate::state::excel`), loaded on first use.

use hne_core::session::{Event, Origin};
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use super::ctx;
use crate::state::browser;
use crate::state::excel;
use hne_core::import::{import, is_workbook, limit, named_workbook, refused};
use hne_core::state::saved::{self, Saved};
use hne_core::state::Notice;
use hne_core::workbook;

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
        let json = ctx.saved.with_untracked(saved::to_json);
        browser::download("high-needs-scenario.json", "application/json", &json);
    };
    // What the Excel module is doing, said in words (it may take a moment
    // to load the first time).
    let busy = RwSignal::new(String::new());
    let excel_out = move |what: &'static str, name: &'static str, book: Option<workbook::Book>| {
        if let Some(book) = book {
            excel::download(what, name, book, move |m| busy.set(m));
        }
    };
    let template_xlsx = move |_| {
        let book = ctx
            .saved
            .with_untracked(|s| workbook::template(&s.scenario, &browser::today()));
        excel_out("template", "high-needs-template.xlsx", Some(book));
    };
    let projection_xlsx = move |_| {
        let book = ctx.with_run(|run| {
            ctx.saved
                .with_untracked(|s| workbook::projection(run, &s.scenario, &browser::today()))
        });
        excel_out("projection", "high-needs-projection.xlsx", book);
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
        if file.size() > limit(&name) as f64 {
            problems.set(vec![refused(&name, file.size() as usize)]);
            input.set_value("");
            return;
        }
        let done_reader = reader.clone();
        let onload =
            Closure::once_into_js(move || {
                let bytes = done_reader
                    .result()
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default();
                input.set_value("");
                let take =
                    move |name: String, read: Result<(Saved, String), Vec<String>>| match read {
                        Ok((next, from)) => {
                            problems.set(Vec::new());
                            let who = next.scenario.authority.name.clone();
                            if ctx.dispatch(Event::Offer(
                                Origin::Import,
                                hne_core::plausible::Held::File(name.clone()),
                                next,
                            )) {
                                ctx.dispatch(Event::Notify(Notice::info(format!(
                            "Imported {name}{}: {who}. Undo brings back what was open before.",
                            if from.is_empty() { String::new() } else { format!(" ({from})") }
                        ))));
                            }
                        }
                        Err(list) => problems.set(list),
                    };
                if !is_workbook(&bytes) && !named_workbook(&name) {
                    take(
                        name.clone(),
                        import(&name, &bytes, &ctx.loaded.get_untracked())
                            .map(|s| (s, String::new())),
                    );
                    return;
                }
                busy.set(format!("Reading {name}…"));
                leptos::task::spawn_local(async move {
                    let read = match excel::read(&name, &bytes).await {
                        Ok(cells) => hne_core::import::workbook(&cells),
                        Err(e) => Err(vec![e]),
                    };
                    busy.set(String::new());
                    take(name, read);
                });
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
            <p class="hint">"Download the template (a workbook filled in with the figures open now: the key figures first, each with a note of where it came from), put in your authority's figures in Excel or LibreOffice, save it and import it. A file with any problem changes nothing, and every problem is listed with its sheet and cell, or its line."</p>
            <p class="buttons">
                <button type="button" on:click=template_xlsx>"Download the template (Excel)"</button>
                <button type="button" on:click=template>"Download the CSV template"</button>
                <label class="file-label" for="import-file">"Import a file (the template as a workbook or CSV, or a scenario JSON):"</label>
                <input type="file" id="import-file" accept=".xlsx,.ods,.xls,.csv,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet" on:change=on_file/>
            </p>
            <p class="note" role="status" data-testid="excel-status">{move || busy.get()}</p>
            <div class="problems" role="alert" data-testid="import-problems">{listed}</div>
            <Pending origin=Origin::Import/>
            <super::dataview::DataView/>
            <super::calibrate::Calibrate/>
            <p class="buttons">
                <button type="button" on:click=scenario>"Download the scenario (JSON)"</button>
                <button type="button" on:click=projection_xlsx>"Download the projection, year by year (Excel)"</button>
                <button type="button" on:click=projection>"Download the projection, year by year (CSV)"</button>
            </p>
        </section>
    }
}

/// Figures held back by a warning (from an import or an edit): what looks
/// wrong, named, and the choice to use them anyway or keep what was there.
#[component]
pub fn Pending(origin: Origin) -> impl IntoView {
    let ctx = ctx();
    let mine = move || {
        ctx.view
            .with(|v| v.pending.clone().filter(|p| p.origin == origin))
    };
    view! {
        <div class="pending" role="alert" data-testid=format!("pending-{}", origin.name())>
            {move || mine().map(|p| view! {
                <p><strong>{p.heading}</strong></p>
                <ul>{p.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                <p class="buttons">
                    <button type="button" on:click=move |_| { ctx.dispatch(Event::Accept); }>"Use them anyway"</button>
                    <button type="button" on:click=move |_| { ctx.dispatch(Event::Decline); }>"Cancel: keep what I had"</button>
                </p>
            })}
        </div>
    }
}
