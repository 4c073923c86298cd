//! Saved scenarios (`hne_core::library`) in this browser's local storage:
//! save, open, rename, duplicate, delete, export and import all, and
//! compare up to four side by side.

use hne_core::session::Event;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use super::{ctx, figures::Figures};
use crate::state::browser;
use crate::state::browser::Local;
use hne_core::charts::data::{self, Chart, ChartId};
use hne_core::library::{self, Entry, Page};
use hne_core::state::Notice;

use crate::state::browser::today;

fn seed() -> u64 {
    (js_sys::Date::now() as u64) ^ ((js_sys::Math::random() * 1e9) as u64)
}

/// The compared scenarios' headline figures: each row's label and how to
/// read it from a projection.
type CompareRow = (&'static str, fn(&hne_model::Run) -> String);
const COMPARE_ROWS: [CompareRow; 5] = [
    ("Authority", |r| r.authority.clone()),
    ("Deficit carried at the end, after the grant", |r| {
        hne_core::format::deficit(r.scenario.metrics.deficit_at_horizon_pounds)
    }),
    ("Spend in the final year", |r| {
        hne_core::format::pounds(r.scenario.metrics.final_spend_pounds)
    }),
    ("In-year balance in the final year", |r| {
        hne_core::format::balance(r.scenario.metrics.final_balance_pounds)
    }),
    ("Lasting in-year balance", |r| {
        hne_core::format::lasting_balance(&r.scenario.metrics)
    }),
];

#[component]
pub fn Library() -> impl IntoView {
    let ctx = ctx();
    let entries = RwSignal::new(Vec::<Entry>::new());
    let compared = RwSignal::new(Vec::<String>::new());
    // A page of the list at a time, found by name: a list of tens of
    // thousands opens at once.
    let find = RwSignal::new(String::new());
    let shown = RwSignal::new(library::PAGE);
    let page =
        Memo::new(move |_| entries.with(|e| find.with(|f| library::page(e, f, shown.get()))));
    let note = RwSignal::new(String::new());
    let refresh = move || {
        let l = library::list(&mut Local::new());
        for n in l.notices {
            ctx.dispatch(Event::Notify(Notice::warning(n)));
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
    // What a row's button does: open, rename (to `name`), duplicate, delete.
    let act = move |action: &'static str, id: String, name: String| {
        let mut store = Local::new();
        let result = match action {
            "open" => library::load(&mut store, &id).map(|s| {
                let name = s.scenario.name.clone();
                ctx.dispatch(Event::Replace(s));
                format!("Opened \"{name}\". Undo returns to what was open.")
            }),
            "rename" => library::rename(&mut store, &id, &name)
                .map(|_| format!("Renamed to \"{}\".", name.trim())),
            "duplicate" => library::duplicate(&mut store, &id, &today(), seed())
                .map(|e| format!("Saved a copy: \"{}\".", e.name)),
            "delete" => library::delete(&mut store, &id).map(|()| "Deleted.".to_string()),
            _ => return,
        };
        note.set(result.unwrap_or_else(|e| e));
        refresh();
    };
    let toggle = move |ev: leptos::ev::Event, id: String| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
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
        let mut store = Local::new();
        entries.with(|names| {
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
        })
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
        <section class="library" aria-labelledby="library-title">
            <h2 id="library-title">"Saved scenarios"</h2>
            <p class="hint">"Saved in this browser only. Tick up to four to compare them."</p>
            <p class="buttons">
                <label for="save-name">"Name"</label>
                <input id="save-name" type="text" node_ref=name_ref placeholder="DBV plan, March draft" maxlength="120"/>
                <button type="button" on:click=save>"Save this scenario"</button>
            </p>
            <p class="note" role="status" data-testid="library-note">{move || note.get()}</p>
            {move || (entries.with(|e| e.len()) > 10).then(|| view! {
                <p class="buttons">
                    <label for="library-filter">"Find by name"</label>
                    <input id="library-filter" type="search" prop:value=move || find.get() maxlength="120"
                        on:input=move |ev| { find.set(event_target_value(&ev)); shown.set(library::PAGE); }/>
                </p>
            })}
            <p class="hint" data-testid="library-count" aria-live="polite">{move || {
                let f = find.get();
                page.with(|p| if p.total == 0 { String::new() } else { p.words(&f) })
            }}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="List of saved scenarios">
                <table data-testid="library">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Compare, open and change"</th></tr></thead>
                    <tbody>
                        {move || {
                            let Page { rows, total, .. } = page.get();
                            if rows.is_empty() {
                                let none = if total == 0 {
                                    "No saved scenarios yet.".to_string()
                                } else {
                                    format!("No saved scenario's name holds \"{}\".", find.get_untracked().trim())
                                };
                                return view! { <tr><td colspan="2">{none}</td></tr> }.into_any();
                            }
                            rows.into_iter().map(|e| {
                                let name = RwSignal::new(e.name.clone());
                                let (id1, id2, id3, id4, id5) = (e.id.clone(), e.id.clone(), e.id.clone(), e.id.clone(), e.id.clone());
                                let checked = compared.with_untracked(|c| c.contains(&e.id));
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <input type="text" data-rename=e.id.clone() prop:value=e.name.clone() aria-label=format!("Name of {}", e.name)
                                                on:input=move |ev| name.set(event_target_value(&ev))/>
                                            <span class="saved-on">{format!("Saved {}", e.saved)}</span>
                                        </th>
                                        <td><div class="row-actions">
                                            <label class="compare"><input type="checkbox" data-action="compare" data-id=e.id.clone() prop:checked=checked on:change=move |ev| toggle(ev, id1.clone())/>" Compare"</label>
                                            <button type="button" data-action="open" data-id=e.id.clone() on:click=move |_| act("open", id2.clone(), String::new())>"Open"</button>
                                            <button type="button" data-action="rename" data-id=e.id.clone() on:click=move |_| act("rename", id3.clone(), name.get_untracked())>"Rename"</button>
                                            <button type="button" data-action="duplicate" data-id=e.id.clone() on:click=move |_| act("duplicate", id4.clone(), String::new())>"Duplicate"</button>
                                            <button type="button" data-action="delete" data-id=e.id.clone() aria-label=format!("Delete {}", e.name) on:click=move |_| act("delete", id5.clone(), String::new())>"Delete"</button>
                                        </div></td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
            {move || {
                let more = page.with(|p| p.more());
                (more > 0).then(|| view! {
                    <p class="buttons">
                        <button type="button" on:click=move |_| shown.update(|n| *n += library::PAGE)>{format!("Show {more} more")}</button>
                    </p>
                })
            }}
            <p class="buttons">
                <button type="button" on:click=export>"Export all (one file)"</button>
                <label for="import-library">"Import saved scenarios:"</label>
                <input id="import-library" type="file" accept=".json,application/json" on:change=import/>
            </p>
            {move || plans.with(|p| (!p.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Saved scenarios compared">
                    <table data-testid="compare-table">
                        <caption>"Headline figures, side by side"</caption>
                        <thead><tr><th scope="col">"Figure"</th>{p.iter().map(|(name, _)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {COMPARE_ROWS.iter().map(|(label, f)| view! {
                                <tr><th scope="row">{*label}</th>{p.iter().map(|(_, r)| view! { <td class="num">{f(r)}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }))}
            {move || plans.with(|p| !p.is_empty()).then(|| view! {
                <p class="buttons">
                    <button type="button" on:click=move |_| {
                        let book = plans.with_untracked(|p| hne_core::workbook::comparison(p, &today()));
                        crate::state::excel::download("comparison", "high-needs-comparison.xlsx", book, move |m| note.set(m));
                    }>"Download the comparison (Excel)"</button>
                </p>
            })}
            <div hidden=move || plans.with(|p| p.is_empty())>
                <Figures charts=vec![(ChartId::Compare, chart)]/>
            </div>
        </section>
    }
}
