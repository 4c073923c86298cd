//! Saved scenarios (`hne_core::library`) in this browser's local storage:
//! save, open, rename, duplicate, delete, export and import all, and
//! compare up to four side by side.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use super::{ctx, figures::Figures};
use crate::state::browser;
use crate::state::browser::Local;
use hne_core::charts::data::{self, Chart};
use hne_core::html::escape;
use hne_core::library::{self, Entry};
use hne_core::state::Notice;

fn today() -> String {
    let opts = js_sys::Object::new();
    for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
    }
    String::from(js_sys::Date::new_0().to_locale_date_string("en-GB", &opts))
}

fn seed() -> u64 {
    (js_sys::Date::now() as u64) ^ ((js_sys::Math::random() * 1e9) as u64)
}

/// The saved scenarios as table rows (names escaped: they are the user's).
pub fn rows_html(entries: &[Entry], compared: &[String]) -> String {
    if entries.is_empty() {
        return "<tr><td colspan=\"2\">No saved scenarios yet.</td></tr>".into();
    }
    let mut s = String::new();
    for e in entries {
        let (id, name) = (escape(&e.id), escape(&e.name));
        let checked = if compared.contains(&e.id) {
            " checked"
        } else {
            ""
        };
        s += &format!(
            "<tr><th scope=\"row\"><input type=\"text\" data-rename=\"{id}\" value=\"{name}\" aria-label=\"Name of {name}\">\
             <span class=\"saved-on\">Saved {}</span></th>\
             <td><div class=\"row-actions\"><label class=\"compare\"><input type=\"checkbox\" data-action=\"compare\" data-id=\"{id}\"{checked}> Compare</label>\
             <button type=\"button\" data-action=\"open\" data-id=\"{id}\">Open</button>\
             <button type=\"button\" data-action=\"rename\" data-id=\"{id}\">Rename</button>\
             <button type=\"button\" data-action=\"duplicate\" data-id=\"{id}\">Duplicate</button>\
             <button type=\"button\" data-action=\"delete\" data-id=\"{id}\" aria-label=\"Delete {name}\">Delete</button></div></td></tr>",
            escape(&e.saved)
        );
    }
    s
}

/// The compared scenarios' headline figures as a table.
pub fn compare_html(plans: &[(String, hne_model::Run)]) -> String {
    if plans.is_empty() {
        return String::new();
    }
    let mut s = String::from("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Saved scenarios compared\"><table data-testid=\"compare-table\"><caption>Headline figures, side by side</caption><thead><tr><th scope=\"col\">Figure</th>");
    for (name, _) in plans {
        s += &format!("<th scope=\"col\">{}</th>", escape(name));
    }
    s += "</tr></thead><tbody>";
    type Row = (&'static str, fn(&hne_model::Run) -> String);
    let rows: [Row; 5] = [
        ("Authority", |r| r.authority.clone()),
        ("Cumulative deficit at the horizon", |r| {
            hne_core::format::pounds(r.scenario.metrics.deficit_at_horizon_pounds)
        }),
        ("Spend in the final year", |r| {
            hne_core::format::pounds(r.scenario.metrics.final_spend_pounds)
        }),
        ("In-year balance in the final year", |r| {
            hne_core::format::pounds(r.scenario.metrics.final_balance_pounds)
        }),
        ("Sustained in-year balance", |r| {
            r.scenario
                .metrics
                .sustained_balance_year
                .as_ref()
                .map_or("not within the horizon".into(), |y| format!("from {y}"))
        }),
    ];
    for (label, f) in rows {
        s += &format!("<tr><th scope=\"row\">{label}</th>");
        for (_, r) in plans {
            s += &format!("<td class=\"num\">{}</td>", escape(&f(r)));
        }
        s += "</tr>";
    }
    s + "</tbody></table></div>"
}

#[component]
pub fn Library() -> impl IntoView {
    let ctx = ctx();
    let entries = RwSignal::new(Vec::<Entry>::new());
    let compared = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let refresh = move || {
        let l = library::list(&mut Local::new());
        for n in l.notices {
            ctx.notify(Notice::warning(n));
        }
        compared.update(|c| c.retain(|id| l.entries.iter().any(|e| &e.id == id)));
        entries.set(l.entries);
    };
    refresh();
    let name_ref = NodeRef::<leptos::html::Input>::new();
    let save = move |_| {
        let name = name_ref.get().map(|i| i.value()).unwrap_or_default();
        let current = ctx.saved.get_untracked();
        match library::save(&mut Local::new(), &name, &current, &today(), seed()) {
            Ok(e) => {
                note.set(format!("Saved as \"{}\".", e.name));
                if let Some(i) = name_ref.get() {
                    i.set_value("");
                }
            }
            Err(why) => note.set(why),
        }
        refresh();
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let (Some(action), Some(id)) =
            (el.get_attribute("data-action"), el.get_attribute("data-id"))
        else {
            return;
        };
        let mut store = Local::new();
        let result = match action.as_str() {
            "open" => library::load(&mut store, &id).map(|s| {
                let name = s.scenario.name.clone();
                ctx.replace(s);
                format!("Opened \"{name}\". Undo returns to what was open.")
            }),
            "rename" => {
                let name = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| {
                        d.query_selector(&format!("[data-rename=\"{id}\"]"))
                            .ok()
                            .flatten()
                    })
                    .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .map(|i| i.value())
                    .unwrap_or_default();
                library::rename(&mut store, &id, &name)
                    .map(|_| format!("Renamed to \"{}\".", name.trim()))
            }
            "duplicate" => library::duplicate(&mut store, &id, &today(), seed())
                .map(|e| format!("Saved a copy: \"{}\".", e.name)),
            "delete" => library::delete(&mut store, &id).map(|()| "Deleted.".to_string()),
            _ => return,
        };
        note.set(result.unwrap_or_else(|e| e));
        refresh();
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if el.get_attribute("data-action").as_deref() != Some("compare") {
            return;
        }
        let Some(id) = el.get_attribute("data-id") else {
            return;
        };
        let on = el.checked();
        compared.update(|c| {
            c.retain(|x| x != &id);
            if on {
                c.push(id.clone());
            }
        });
        if compared.with_untracked(|c| c.len() > 4) {
            compared.update(|c| c.truncate(4));
            el.set_checked(false);
            note.set("Compare up to four at a time.".into());
        }
    };
    // The compared plans, projected.
    let plans = Memo::new(move |_| {
        let ids = compared.get();
        let names = entries.get();
        let mut store = Local::new();
        ids.iter()
            .filter_map(|id| {
                let s = library::load(&mut store, id).ok()?;
                let run = hne_model::project(&s.scenario).ok()?;
                let name = names
                    .iter()
                    .find(|e| &e.id == id)
                    .map_or(s.scenario.name.clone(), |e| e.name.clone());
                Some((name, run))
            })
            .collect::<Vec<_>>()
    });
    let chart: Memo<Option<Chart>> =
        Memo::new(move |_| plans.with(|p| (!p.is_empty()).then(|| data::compare(p))));
    let export = move |_| {
        let file = library::export_all(&mut Local::new());
        browser::download("high-needs-saved-scenarios.json", "application/json", &file);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > library::MAX_EXPORT_BYTES as f64 {
            note.set(format!(
                "Nothing was imported: the file is {:.1} MB; an export of saved scenarios is at most a few megabytes (the limit is 2 MB).",
                file.size() / 1e6
            ));
            input.set_value("");
            return;
        }
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let r2 = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = r2
                .result()
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            // Checked in this task, written in the next: a large export
            // never holds the page in one long task.
            match library::check_import(&text) {
                Ok(ready) => {
                    set_timeout(
                        move || {
                            match library::write_import(&mut Local::new(), ready, seed()) {
                                Ok(n) => note.set(format!("Imported {n} saved scenario(s).")),
                                Err(list) => {
                                    note.set(format!("Nothing was imported: {}.", list.join("; ")))
                                }
                            }
                            refresh();
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(list) => note.set(format!("Nothing was imported: {}.", list.join("; "))),
            }
            input.set_value("");
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    };
    view! {
        <section class="library" aria-labelledby="library-title" on:click=on_click on:change=on_change>
            <h2 id="library-title">"Saved scenarios"</h2>
            <p class="hint">"Saved in this browser only. Tick up to four to compare them."</p>
            <p class="buttons">
                <label for="save-name">"Name"</label>
                <input id="save-name" type="text" node_ref=name_ref placeholder="DBV plan, March draft" maxlength="120"/>
                <button type="button" on:click=save>"Save this scenario"</button>
            </p>
            <p class="note" role="status" data-testid="library-note">{move || note.get()}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="List of saved scenarios">
                <table data-testid="library">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Compare, open and change"</th></tr></thead>
                    <tbody inner_html=move || entries.with(|e| compared.with(|c| rows_html(e, c)))></tbody>
                </table>
            </div>
            <p class="buttons">
                <button type="button" on:click=export>"Export all (one file)"</button>
                <label for="import-library">"Import saved scenarios:"</label>
                <input id="import-library" type="file" accept=".json,application/json" on:change=import/>
            </p>
            <div inner_html=move || plans.with(|p| compare_html(p))></div>
            <div hidden=move || plans.with(|p| p.is_empty())>
                <Figures charts=vec![("compare", chart)]/>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_as_text() {
        let e = Entry {
            id: "s1".into(),
            name: "<img src=x onerror=alert(1)>".into(),
            saved: "today".into(),
        };
        let h = rows_html(&[e], &["s1".into()]);
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;") && !h.contains("<img"));
        assert!(h.contains(" checked"));
    }
}
