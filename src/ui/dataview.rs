//! The data view: every figure of the authority's baseline and the
//! assumptions, field by field, grouped as the format groups them, each
//! checked as it is typed (the same reader and checks as a file). A value
//! that fails keeps what was typed, marked, with what is wrong and what is
//! allowed beside it, and nothing changes until it is right.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx;
use hne_core::html::escape;
use hne_core::state::saved::Saved;
use hne_model::engine::split_total;
use hne_model::schema::{Caseload, PerPhase, Problems, Scenario};
use hne_model::template;

/// Turn a setting's EHCP total into its five phase counts, by the default
/// phase shares the model uses for a total (so the projection is the same).
pub fn split(sc: &mut Scenario, id: &str) -> bool {
    let Some(kind) = sc
        .authority
        .settings
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.kind)
    else {
        return false;
    };
    match sc.authority.caseload.get_mut(id) {
        Some(c @ Caseload::Total(_)) => {
            let Caseload::Total(t) = *c else { return false };
            let v = split_total(t, kind);
            *c = Caseload::ByPhase(PerPhase {
                u5: v[0],
                p: v[1],
                s: v[2],
                f: v[3],
                a: v[4],
            });
            true
        }
        _ => false,
    }
}

/// Turn a setting's phase counts back into one total.
pub fn join(sc: &mut Scenario, id: &str) -> bool {
    match sc.authority.caseload.get_mut(id) {
        Some(c @ Caseload::ByPhase(_)) => {
            let Caseload::ByPhase(p) = &*c else {
                return false;
            };
            let total = p.u5 + p.p + p.s + p.f + p.a;
            *c = Caseload::Total(total);
            true
        }
        _ => false,
    }
}

/// Rows typed as `field,value` lines, merged into the table: a field already
/// there takes the new value, a new one is added.
pub fn merge(rows: &[(String, String)], typed: &str) -> Result<Vec<(String, String)>, String> {
    let records = hne_model::csv::parse(typed).map_err(|(l, m)| format!("line {l}: {m}"))?;
    let mut out = rows.to_vec();
    for r in records {
        let (Some(path), Some(value)) = (r.fields.first(), r.fields.get(1)) else {
            return Err(format!(
                "line {}: write a field and a value, separated by a comma",
                r.line
            ));
        };
        let path = path.trim().to_string();
        match out.iter_mut().find(|(p, _)| *p == path) {
            Some(row) => row.1 = value.clone(),
            None => out.push((path, value.clone())),
        }
    }
    Ok(out)
}

/// The settings' caseload forms, with a button to switch each.
fn caseload_html(sc: &Scenario) -> String {
    let mut s = String::from("<table class=\"caseload-forms\"><caption>EHCPs by setting: a total (split across phases by the default shares) or five phase counts</caption><tbody>");
    for st in &sc.authority.settings {
        let (form, action, label) = match sc.authority.caseload.get(&st.id) {
            Some(Caseload::ByPhase(_)) => ("by phase", "join", "Use one total"),
            _ => ("a total", "split", "Split into phases"),
        };
        s += &format!(
            "<tr><th scope=\"row\">{}</th><td>{form}</td><td><button type=\"button\" data-{action}=\"{}\">{label}</button></td></tr>",
            escape(&st.name),
            escape(&st.id)
        );
    }
    s + "</tbody></table>"
}

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

/// A group's name in plain words; the format's own name follows it, as the
/// CSV template spells it.
pub fn group_title(group: &str) -> &'static str {
    match group {
        "scenario" => "The scenario: its name and how many years ahead",
        "authority" => "The authority: its name and base year",
        "authority.settings" => "Settings: names, kinds, place funding and top-up bands",
        "authority.caseload" => "EHCPs by setting and age at the base-year census",
        "authority.new_plans" => "New EHCPs issued in the base year, by age",
        "authority.placement_mix" => "Where new EHCPs are placed, by age (shares)",
        "authority.cease_rate" => "Plans ceased each year, by age (rates)",
        "authority.ageing" => "Moving up an age band each year (rates)",
        "authority.transitions" => "Where children go when they move up an age band (shares)",
        "authority.escalation" => {
            "Moves from mainstream and resourced to specialist settings (rates)"
        }
        "authority.escalation_to_independent" => "Of those moves, the share to independent schools",
        "authority.special_capacity" => "Places in state special schools",
        "authority.other_spend" => "Other High Needs spend lines",
        "authority.funding" => "Funding: High Needs Block, schools block, other income",
        "authority.deficit" => {
            "The deficit brought forward, Safety Valve payments and contributions"
        }
        "authority.history" => "History, for calibration",
        "authority.sources" => "Sources",
        "assumptions" => "Assumptions: growth, inflation and delivery (low, central, high)",
        _ => "",
    }
}

/// The scenario's sources, read back from its rows: (field, text, estimated).
fn sources(rows: &[(String, String)]) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for (path, value) in rows {
        let Some(rest) = path.strip_prefix("authority.sources[") else {
            continue;
        };
        let Some((i, field)) = rest.split_once("].") else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        if out.len() <= i {
            out.resize(i + 1, Default::default());
        }
        match field {
            "field" => out[i].0 = value.clone(),
            "text" => out[i].1 = value.clone(),
            "estimated" => out[i].2 = value == "true",
            _ => {}
        }
    }
    out
}

/// Where a group's figures came from: the sources whose field is the group
/// or inside it, as paragraphs.
fn group_sources(g: &str, all: &[(String, String, bool)]) -> String {
    let mut s = String::new();
    for (field, text, estimated) in all {
        let covers = field == g
            || field.starts_with(&format!("{g}."))
            || (g == "authority" && field == "authority");
        if covers && !text.is_empty() && g != "authority.sources" {
            s += &format!(
                "<p class=\"group-source\"><strong>{}</strong> {}</p>",
                if *estimated {
                    "Where these come from (estimated):"
                } else {
                    "Where these come from:"
                },
                escape(text)
            );
        }
    }
    s
}

/// What decides the data view's layout: the fields, and the sources shown
/// at the head of each group (another authority has other sources).
pub fn layout_key(rows: &[(String, String)]) -> Vec<String> {
    rows.iter()
        .map(|(p, v)| {
            if p.starts_with("authority.sources[") {
                format!("{p}={v}")
            } else {
                p.clone()
            }
        })
        .collect()
}

/// The data view's HTML: a folded group per part of the format, each once
/// (rows of a group keep their order, wherever they fall in the file).
pub fn view_html(rows: &[(String, String)]) -> String {
    let all_sources = sources(rows);
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
            "<details class=\"data-group\"><summary>{title}<span class=\"path\">({path})</span></summary>{sources}<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Figures: {label}\"><table><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Value</th><th scope=\"col\">Note</th></tr></thead><tbody>",
            title = match group_title(g) {
                "" => String::new(),
                t => format!("{t} "),
            },
            path = escape(g),
            sources = group_sources(g, &all_sources),
            label = match group_title(g) {
                "" => escape(g),
                t => t.to_string(),
            },
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
    let shape = Memo::new(move |_| rows.with(|r| layout_key(r)));
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
    let apply = move |next: Scenario| {
        let base = ctx.saved.with_untracked(|s| s.base.clone());
        let mut saved = Saved {
            base,
            scenario: next,
        };
        if !saved.authority_is_built_in() {
            saved.base = None;
        }
        ctx.replace(saved);
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let mut sc = ctx.saved.get_untracked().scenario;
        let done = match (
            el.get_attribute("data-split"),
            el.get_attribute("data-join"),
        ) {
            (Some(id), _) => split(&mut sc, &id),
            (_, Some(id)) => join(&mut sc, &id),
            _ => return,
        };
        if done {
            apply(sc);
        }
    };
    let forms = move || {
        if !open.get() {
            return String::new();
        }
        ctx.saved.with(|s| caseload_html(&s.scenario))
    };
    let typed = NodeRef::<leptos::html::Textarea>::new();
    let add = move |_| {
        let text = typed.get().map(|t| t.value()).unwrap_or_default();
        let all = ctx.saved.with_untracked(|s| template::rows(&s.scenario));
        match merge(&all, &text).and_then(|rows| {
            template::from_rows(&rows).map_err(|Problems(ps)| {
                ps.iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        }) {
            Ok(sc) => {
                message.set("Added.".into());
                if let Some(t) = typed.get() {
                    t.set_value("");
                }
                apply(sc);
            }
            Err(why) => message.set(format!("Nothing was changed: {why}")),
        }
    };
    view! {
        <details class="data-view" node_ref=details
            on:toggle=move |_| open.set(details.get().is_some_and(|d| d.open()))>
            <summary>"Edit every figure here"</summary>
            <p class="hint">"Each figure of the baseline and the assumptions. Press Enter or Tab after a change: it is checked at once, and only a value that is right changes the projection. Shares are fractions (0.25 = 25%)."</p>
            <p class="note" role="status" data-testid="dataview-note">{move || message.get()}</p>
            <div on:click=on_click inner_html=forms></div>
            <div on:change=on_change node_ref=body
                inner_html=move || { shape.with(|_| ()); rows.with_untracked(|r| view_html(r)) }></div>
            <label for="add-rows">"Add or change rows: one field,value per line (for example a Safety Valve payment: authority.deficit.safety_valve.2027-28,5000000). Several rows go in together, so a new setting can be added whole."</label>
            <textarea id="add-rows" node_ref=typed rows="4" spellcheck="false"></textarea>
            <p><button type="button" on:click=add>"Add these rows"</button></p>
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
    fn split_and_join_keep_the_projection() {
        let mut sc = hne_model::examples::by_name("example").unwrap();
        let d = |sc: &Scenario| {
            hne_model::project(sc)
                .unwrap()
                .scenario
                .metrics
                .deficit_at_horizon_pounds
        };
        let before = d(&sc);
        assert!(split(&mut sc, "special"));
        assert!(matches!(
            sc.authority.caseload.get("special"),
            Some(Caseload::ByPhase(_))
        ));
        assert!(
            (d(&sc) - before).abs() < 1.0,
            "the model splits a total the same way"
        );
        assert!(!split(&mut sc, "special"), "already split");
        assert!(join(&mut sc, "special"));
        assert!((d(&sc) - before).abs() < 1.0);
        assert!(!split(&mut sc, "nowhere"));
    }

    #[test]
    fn typed_rows_merge_in() {
        let sc = hne_model::examples::by_name("example").unwrap();
        let rows = template::rows(&sc);
        let merged = merge(
            &rows,
            "authority.deficit.safety_valve.2027-28,5000000\nauthority.name,Testshire",
        )
        .unwrap();
        let next = template::from_rows(&merged).unwrap();
        assert_eq!(next.authority.name, "Testshire");
        assert_eq!(
            next.authority.deficit.safety_valve.get("2027-28"),
            Some(&5_000_000.0)
        );
        assert!(merge(&rows, "just one field").is_err());
    }

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
        for name in ["example", "england", "cambridgeshire"] {
            let sc = hne_model::examples::by_name(name).unwrap();
            let h = view_html(&template::rows(&sc));
            // Every group is named in plain words.
            for g in h.split("<summary>").skip(1) {
                assert!(
                    !g.starts_with("<span"),
                    "{name}: a group without a title: {g:.80}"
                );
            }
        }
        let sc = hne_model::examples::by_name("example").unwrap();
        let h = view_html(&template::rows(&sc));
        assert!(h.contains(
            "<summary>EHCPs by setting and age at the base-year census <span class=\"path\">(authority.caseload)</span></summary>"
        ));
        assert!(!h.contains("levers."), "levers have their own controls");
        assert_eq!(
            h.matches("<details").count(),
            h.matches("</details>").count()
        );
    }
}
