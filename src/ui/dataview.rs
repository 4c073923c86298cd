//! The data view: every figure of the authority's baseline and the
//! assumptions, field by field, grouped as the format groups them, each
//! checked as it is typed (the same reader and checks as a file). A value
//! that fails keeps what was typed, marked, with what is wrong and what is
//! allowed beside it, and nothing changes until it is right.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ctx, html::escape};
use crate::state::saved::Saved;
use hne_model::schema::Problems;
use hne_model::template;

/// Rows the data view shows: the baseline and assumptions (levers and the
/// timetable have their own controls).
fn shown(path: &str) -> bool {
    !(path == "schema" || path.starts_with("levers.") || path.starts_with("timetable."))
}

/// The group a row belongs to, and its label within the group.
pub fn group(path: &str) -> (String, String) {
    let mut parts = path.splitn(3, '.');
    let first = parts.next().unwrap_or("");
    match (first, parts.next(), parts.next()) {
        ("authority", Some(second), Some(rest)) => {
            let (name, idx) = second.split_once('[').unwrap_or((second, ""));
            let label = if idx.is_empty() {
                rest.to_string()
            } else {
                format!("[{idx}.{rest}")
            };
            (format!("authority.{name}"), label)
        }
        ("authority", Some(second), None) => {
            let (name, idx) = second.split_once('[').unwrap_or((second, ""));
            if idx.is_empty() {
                ("authority".into(), name.to_string())
            } else {
                (format!("authority.{name}"), format!("[{idx}"))
            }
        }
        ("assumptions", Some(second), rest) => (
            "assumptions".into(),
            rest.map_or(second.to_string(), |r| format!("{second}.{r}")),
        ),
        (other, None, _) => ("scenario".into(), other.to_string()),
        (other, Some(s), r) => (
            other.to_string(),
            r.map_or(s.to_string(), |r| format!("{s}.{r}")),
        ),
    }
}

/// The data view's HTML: a folded group per part of the format, each once
/// (rows of a group keep their order, wherever they fall in the file).
pub fn view_html(rows: &[(String, String)]) -> String {
    let mut groups: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    for (i, (path, _)) in rows.iter().enumerate() {
        if !shown(path) {
            continue;
        }
        let (g, label) = group(path);
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, items)) => items.push((i, label)),
            None => groups.push((g, vec![(i, label)])),
        }
    }
    let mut s = String::new();
    for (g, items) in &groups {
        s += &format!(
            "<details class=\"data-group\"><summary>{}</summary><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Figures: {0}\"><table><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Value</th><th scope=\"col\">Note</th></tr></thead><tbody>",
            escape(g)
        );
        for (i, label) in items {
            let (path, value) = &rows[*i];
            s += &format!(
                "<tr><th scope=\"row\"><label for=\"dv-{i}\">{}</label></th><td><input id=\"dv-{i}\" data-i=\"{i}\" type=\"text\" value=\"{}\" aria-describedby=\"dv-{i}-error\"><p class=\"field-error\" id=\"dv-{i}-error\" role=\"status\"></p></td><td class=\"note-cell\">{}</td></tr>",
                escape(label),
                escape(value),
                escape(template::note(path)),
            );
        }
        s += "</tbody></table></div></details>";
    }
    s
}

#[component]
pub fn DataView() -> impl IntoView {
    let ctx = ctx();
    let details = NodeRef::<leptos::html::Details>::new();
    let open = RwSignal::new(false);
    // The rows of what is open now, worked out only while the view is open.
    let rows = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        ctx.saved.with(|s| template::rows(&s.scenario))
    });
    let message = RwSignal::new(String::new());
    // The table is rebuilt only when its fields change (another authority,
    // a file); values are written into the inputs in place, so focus and
    // typing are never lost.
    let shape =
        Memo::new(move |_| rows.with(|r| r.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()));
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(b) = body.get() else { return };
        rows.with(|r| sync(&b, r));
    });
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(i) = input
            .get_attribute("data-i")
            .and_then(|v| v.parse::<usize>().ok())
        else {
            return;
        };
        let mut edited = rows.get_untracked();
        let Some(row) = edited.get_mut(i) else { return };
        row.1 = input.value();
        let path = row.0.clone();
        let error = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("dv-{i}-error")));
        match template::from_rows(&edited) {
            Ok(scenario) => {
                let _ = input.remove_attribute("aria-invalid");
                if let Some(e) = &error {
                    e.set_text_content(None);
                }
                message.set(String::new());
                let base = ctx.saved.with_untracked(|s| s.base.clone());
                let mut next = Saved { base, scenario };
                if !next.authority_is_built_in() {
                    next.base = None;
                }
                ctx.replace(next);
            }
            Err(Problems(ps)) => {
                let _ = input.set_attribute("aria-invalid", "true");
                let here: Vec<String> = ps
                    .iter()
                    .filter(|p| p.path == path)
                    .map(|p| p.message.clone())
                    .collect();
                let elsewhere: Vec<String> = ps
                    .iter()
                    .filter(|p| p.path != path)
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect();
                if let Some(e) = &error {
                    e.set_text_content(Some(&if here.is_empty() {
                        "This value makes another field wrong: see below.".to_string()
                    } else {
                        here.join("; ")
                    }));
                }
                message.set(if elsewhere.is_empty() {
                    "Nothing was changed until the value is right.".into()
                } else {
                    format!("Nothing was changed: {}", elsewhere.join("; "))
                });
            }
        }
    };
    view! {
        <details class="data-view" node_ref=details
            on:toggle=move |_| open.set(details.get().is_some_and(|d| d.open()))>
            <summary>"Edit every figure here"</summary>
            <p class="hint">"Each figure of the baseline and the assumptions. Press Enter or Tab after a change: it is checked at once, and only a value that is right changes the projection. Shares are fractions (0.25 = 25%)."</p>
            <p class="note" role="status" data-testid="dataview-note">{move || message.get()}</p>
            <div on:change=on_change node_ref=body
                inner_html=move || { shape.with(|_| ()); rows.with_untracked(|r| view_html(r)) }></div>
        </details>
    }
}

/// Write the scenario's values into the inputs, except the one focused and
/// any marked wrong (they keep what the user typed).
fn sync(body: &web_sys::HtmlElement, rows: &[(String, String)]) {
    let Ok(inputs) = body.query_selector_all("input[data-i]") else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    for k in 0..inputs.length() {
        let Some(input) = inputs
            .item(k)
            .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            continue;
        };
        let Some((_, v)) = input
            .get_attribute("data-i")
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| rows.get(i))
        else {
            continue;
        };
        let focused = active
            .as_ref()
            .is_some_and(|a| a == input.unchecked_ref::<web_sys::Element>());
        if !focused && !input.has_attribute("aria-invalid") && &input.value() != v {
            input.set_value(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fall_into_the_formats_groups() {
        assert_eq!(
            group("authority.caseload.special"),
            ("authority.caseload".into(), "special".into())
        );
        assert_eq!(
            group("authority.settings[2].kind"),
            ("authority.settings".into(), "[2].kind".into())
        );
        assert_eq!(group("authority.name"), ("authority".into(), "name".into()));
        assert_eq!(
            group("assumptions.funding_growth.low"),
            ("assumptions".into(), "funding_growth.low".into())
        );
        let sc = hne_model::examples::by_name("example").unwrap();
        let h = view_html(&template::rows(&sc));
        assert!(h.contains("<summary>authority.caseload</summary>"));
        assert!(!h.contains("levers."), "levers have their own controls");
        assert_eq!(
            h.matches("<details").count(),
            h.matches("</details>").count()
        );
    }
}
