//! "Your authority's data": the CSV template and the scenario in and out,
//! and the projection as CSV. A file is read whole and checked whole: one
//! problem and nothing changes, and every problem is listed by line.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use super::ctx;
use crate::state::browser;
use hne_core::html;
use hne_core::state::saved::{self, Saved};
use hne_core::state::Notice;
use hne_model::schema::Problems;

/// What reading a file gave: the plan, or the problems in words.
pub fn import(name: &str, bytes: &[u8]) -> Result<Saved, Vec<String>> {
    let text_start = bytes
        .iter()
        .position(|b| !b" \t\r\n\xef\xbb\xbf".contains(b))
        .map(|i| bytes[i]);
    if text_start == Some(b'{') {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| vec!["The file is not UTF-8 text.".to_string()])?;
        return saved::from_json(text)
            .map(|mut s| {
                if !s.authority_is_built_in() {
                    s.base = None;
                }
                s
            })
            .map_err(|e| match e {
                saved::LoadError::Invalid(Problems(ps)) => ps
                    .iter()
                    .map(|p| format!("{name}, line {}: {p}", p.line.unwrap_or(0)))
                    .collect(),
                other => vec![format!("{name}: {}", other.message("the file"))],
            });
    }
    hne_model::template::from_csv(bytes)
        .map(|scenario| Saved {
            base: None,
            scenario,
        })
        .map_err(|Problems(ps)| {
            ps.iter()
                .map(|p| {
                    let place = match (p.line, p.column) {
                        (Some(l), Some(c)) if l > 0 && c > 0 => format!("Line {l}, column {c}"),
                        (Some(l), _) if l > 0 => format!("Line {l}"),
                        _ => "The file".to_string(),
                    };
                    if p.path.is_empty() {
                        format!("{place}: {}", p.message)
                    } else {
                        format!("{place} ({}): {}", p.path, p.message)
                    }
                })
                .collect()
        })
}

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
                    ctx.replace(next);
                    ctx.notify(Notice::info(format!(
                        "Imported {name}: {who}. Undo brings back what was open before."
                    )));
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
                return String::new();
            }
            let mut s = format!(
                "<p><strong>Nothing was changed: the file has {} problem{}.</strong> Correct {} and import it again.</p><ul>",
                p.len(),
                if p.len() == 1 { "" } else { "s" },
                if p.len() == 1 { "it" } else { "them" }
            );
            for line in p.iter().take(200) {
                s += &format!("<li>{}</li>", html::escape(line));
            }
            s + "</ul>"
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
            <div class="problems" role="alert" data-testid="import-problems" inner_html=listed></div>
            <super::dataview::DataView/>
            <super::calibrate::Calibrate/>
            <p class="buttons">
                <button type="button" on:click=scenario>"Download the scenario (JSON)"</button>
                <button type="button" on:click=projection>"Download the projection, year by year (CSV)"</button>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_and_a_scenario_file_both_import() {
        let mut s = Saved::example("england").unwrap();
        s.scenario.authority.name = "Testshire".into();
        let csv = hne_model::template::to_csv(&s.scenario);
        let got = import("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(got.scenario, s.scenario);
        assert_eq!(got.base, None, "own data");
        let json = saved::to_json(&s, true);
        assert_eq!(
            import("t.json", json.as_bytes()).unwrap().scenario,
            s.scenario
        );
    }

    #[test]
    fn problems_read_as_lines() {
        let csv = hne_model::template::to_csv(&Saved::example("example").unwrap().scenario)
            .replace(
                "authority.caseload.special,",
                "authority.caseload.special,-3,x\nauthority.caseload.special_old,",
            );
        let list = import("bad.csv", csv.as_bytes()).unwrap_err();
        assert!(
            list.iter()
                .any(|l| l.starts_with("Line ") && l.contains("authority.caseload.special")),
            "{list:?}"
        );
        let list = import("bad.json", b"{\"schema\": 1, \"oops\": }").unwrap_err();
        assert!(list[0].starts_with("bad.json: "), "{list:?}");
    }
}
