//! The data view: every figure of the authority's baseline and the
//! assumptions, field by field, grouped as the format groups them, each
//! checked as it is typed (the same reader and checks as a file). A value
//! that fails keeps what was typed, marked, with what is wrong and what is
//! allowed beside it, and nothing changes until it is right.

use hne_core::plausible::Held;
use hne_core::session::{Event, Origin};
use leptos::prelude::*;

use super::ctx;
use hne_core::state::saved::Saved;
use hne_model::engine::split_total;
use hne_model::schema::{Caseload, PerPhase, Problems, Scenario};
use hne_model::template;
use hne_model::words;

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
/// or inside it, each (text, estimated).
fn group_sources(g: &str, all: &[(String, String, bool)]) -> Vec<(String, bool)> {
    all.iter()
        .filter(|(field, text, _)| {
            let covers = field == g
                || field.starts_with(&format!("{g}."))
                || (g == "authority" && field == "authority");
            covers && !text.is_empty() && g != "authority.sources"
        })
        .map(|(_, text, estimated)| (text.clone(), *estimated))
        .collect()
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

/// One folded group of the rest: its title, where its figures came from,
/// and its rows (indices into the rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub sources: Vec<(String, bool)>,
    pub rows: Vec<usize>,
}

/// The data view's layout: the key figures first (indices into `rows`, in
/// [`words::key_paths`] order), then a group per part of the format for
/// the rest, each once (rows of a group keep their order, wherever they
/// fall).
pub fn layout(sc: &Scenario, rows: &[(String, String)]) -> (Vec<usize>, Vec<Group>) {
    let keys = words::key_paths(sc);
    let first: Vec<usize> = keys
        .iter()
        .filter_map(|k| rows.iter().position(|(p, _)| p == k))
        .collect();
    let all_sources = sources(rows);
    let mut groups: Vec<Group> = Vec::new();
    for (i, (path, _)) in rows.iter().enumerate() {
        if !shown(path) || first.contains(&i) {
            continue;
        }
        let (g, _) = group(path);
        match groups.iter_mut().find(|x| x.id == g) {
            Some(x) => x.rows.push(i),
            None => groups.push(Group {
                title: match group_title(&g) {
                    "" => words::label(sc, path),
                    t => t.to_string(),
                },
                sources: group_sources(&g, &all_sources),
                id: g,
                rows: vec![i],
            }),
        }
    }
    (first, groups)
}

/// Use rows the user edited: the scenario they make, or what is wrong, for
/// the field edited (`path`) and elsewhere.
fn read_rows(
    edited: &[(String, String)],
    path: &str,
) -> Result<Scenario, (Option<String>, Option<String>)> {
    template::from_rows(edited).map_err(|Problems(ps)| {
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
        (
            Some(if here.is_empty() {
                "This value makes another figure wrong: see the message above.".to_string()
            } else {
                here.join("; ")
            }),
            Some(if elsewhere.is_empty() {
                "Nothing was changed until the value is right.".into()
            } else {
                format!("Nothing was changed: {}", elsewhere.join("; "))
            }),
        )
    })
}

/// The open scenario with its figures edited: it keeps its built-in or
/// published authority only while the figures are still that authority's.
fn edited(scenario: Scenario) -> Saved {
    let ctx = ctx();
    let base = ctx.saved.with_untracked(|s| s.base.clone());
    let mut saved = Saved { base, scenario };
    if !saved.authority_is_built_in(&ctx.loaded.get_untracked()) {
        saved.base = None;
    }
    saved
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
    // The fields are rebuilt only when they change (another authority, a
    // file); each field follows its own value, so focus and typing are
    // never lost.
    let shape = Memo::new(move |_| rows.with(|r| layout_key(r)));
    let apply = move |next: Scenario, what: Held| {
        ctx.dispatch(Event::Offer(Origin::Edit, what, edited(next)))
    };
    // One field: its words, its value as people write it, its message.
    let field = move |i: usize| {
        let (path, label) = ctx.saved.with_untracked(|s| {
            let path = rows.with_untracked(|r| r[i].0.clone());
            let label = words::label(&s.scenario, &path);
            (path, label)
        });
        let value = Memo::new({
            let path = path.clone();
            move |_| {
                rows.with(|r| {
                    r.get(i)
                        .map(|(_, v)| words::shown(&path, v))
                        .unwrap_or_default()
                })
            }
        });
        let error = RwSignal::new(None::<String>);
        let on_change = {
            let path = path.clone();
            let label = label.clone();
            move |ev: leptos::ev::Event| {
                let mut edited = rows.get_untracked();
                let Some(row) = edited.get_mut(i) else { return };
                row.1 = event_target_value(&ev);
                match read_rows(&edited, &path) {
                    Ok(scenario) => {
                        error.set(None);
                        message.set(String::new());
                        if !apply(scenario, Held::Value(label.clone())) {
                            message.set("That value is held back: see the warning above.".into());
                        }
                    }
                    Err((here, elsewhere)) => {
                        error.set(here);
                        message.set(elsewhere.unwrap_or_default());
                    }
                }
            }
        };
        let id = format!("dv-{i}");
        view! {
            <tr>
                <th scope="row"><label for=id.clone()>{label}</label></th>
                <td>
                    // Written again when a held-back value is cancelled or
                    // used, so the field shows what is in use.
                    <input id=id.clone() type="text" prop:value=move || { ctx.view.with(|v| v.pending.is_some()); value.get() }
                        aria-invalid=move || error.with(|e| e.is_some().then_some("true"))
                        aria-describedby=format!("{id}-error") on:change=on_change/>
                    <p class="field-error" id=format!("{id}-error") role="status">{move || error.get()}</p>
                </td>
            </tr>
        }
    };
    let body = move || {
        shape.with(|_| ());
        if !open.get() {
            return None;
        }
        let (first, groups) = ctx
            .saved
            .with_untracked(|s| rows.with_untracked(|r| layout(&s.scenario, r)));
        Some(view! {
            <h3>"The figures that matter most"</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="The figures that matter most">
                <table class="key-figures">
                    <thead><tr><th scope="col">"Figure"</th><th scope="col">"Value"</th></tr></thead>
                    <tbody>{first.into_iter().map(field).collect_view()}</tbody>
                </table>
            </div>
            <CaseloadForms/>
            <details class="data-rest">
                <summary>"Everything else: estimated from national and regional data where your authority's own is not published. Change any figure if you know better."</summary>
                {groups.into_iter().map(|g| view! {
                    <details class="data-group">
                        <summary>{g.title.clone()}</summary>
                        {g.sources.into_iter().map(|(text, estimated)| view! {
                            <p class="group-source"><strong>{if estimated { "Where these come from (estimated): " } else { "Where these come from: " }}</strong>{text}</p>
                        }).collect_view()}
                        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Figures: {}", g.title)>
                            <table>
                                <thead><tr><th scope="col">"Figure"</th><th scope="col">"Value"</th></tr></thead>
                                <tbody>{g.rows.into_iter().map(field).collect_view()}</tbody>
                            </table>
                        </div>
                    </details>
                }).collect_view()}
            </details>
        })
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
                if let Some(t) = typed.get() {
                    t.set_value("");
                }
                message.set(if apply(sc, Held::Rows) {
                    "Added.".into()
                } else {
                    "The rows are held back: see the warning above.".into()
                });
            }
            Err(why) => message.set(format!("Nothing was changed: {why}")),
        }
    };
    view! {
        <details class="data-view" node_ref=details
            on:toggle=move |_| open.set(details.get().is_some_and(|d| d.open()))>
            <summary>"Edit every figure here"</summary>
            <p class="hint">"Type figures as you would write them: 1,520 EHCPs, £74m or £74,000,000, 25%. Press Enter or Tab after a change: it is checked at once, and only a value that is right changes the projection. A figure that looks wrong is named and waits for you to say \"use it anyway\"."</p>
            <super::data::Pending origin=Origin::Edit/>
            <p class="note" role="status" data-testid="dataview-note">{move || message.get()}</p>
            {body}
            <label for="add-rows">"Add or change rows: one field,value per line, as in column A and B of the template (for example a Safety Valve payment: authority.deficit.safety_valve.2027-28,£5m). Several rows go in together, so a new setting can be added whole."</label>
            <textarea id="add-rows" node_ref=typed rows="4" spellcheck="false"></textarea>
            <p><button type="button" on:click=add>"Add these rows"</button></p>
        </details>
    }
}

/// Each setting's EHCPs as one total or five age bands, with a button to
/// switch.
#[component]
fn CaseloadForms() -> impl IntoView {
    let ctx = ctx();
    let forms = Memo::new(move |_| {
        ctx.saved.with(|s| {
            s.scenario
                .authority
                .settings
                .iter()
                .map(|st| {
                    let by_phase = matches!(
                        s.scenario.authority.caseload.get(&st.id),
                        Some(Caseload::ByPhase(_))
                    );
                    (st.id.clone(), st.name.clone(), by_phase)
                })
                .collect::<Vec<_>>()
        })
    });
    let switch = move |id: String, by_phase: bool| {
        let mut sc = ctx.saved.get_untracked().scenario;
        let done = if by_phase {
            join(&mut sc, &id)
        } else {
            split(&mut sc, &id)
        };
        if done {
            ctx.dispatch(Event::Replace(edited(sc)));
        }
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="EHCPs by setting: one total or by age">
            <table class="caseload-forms">
                <caption>"EHCPs by setting: one total (split across ages by national shares) or five age bands"</caption>
                <tbody>
                    {move || forms.get().into_iter().map(|(id, name, by_phase)| {
                        let data_attr = id.clone();
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>{if by_phase { "by age" } else { "one total" }}</td>
                                <td><button type="button" data-split=(!by_phase).then(|| data_attr.clone()) data-join=by_phase.then_some(data_attr)
                                    on:click=move |_| switch(id.clone(), by_phase)>
                                    {if by_phase { "Use one total" } else { "Split by age" }}
                                </button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
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
    }

    #[test]
    fn the_key_figures_come_first_and_every_other_field_once_in_a_titled_group() {
        for name in ["example", "england", "cambridgeshire"] {
            let sc = hne_model::examples::by_name(name).unwrap();
            let rows = template::rows(&sc);
            let (first, groups) = layout(&sc, &rows);
            assert!(first.len() >= 10, "{name}: {first:?}");
            assert_eq!(rows[first[0]].0, "authority.name");
            let mut seen: Vec<usize> = first.clone();
            for g in &groups {
                assert!(
                    !g.title.is_empty() && !g.title.contains('.'),
                    "{name}: {g:?}"
                );
                seen.extend(&g.rows);
            }
            seen.sort();
            let shown_rows: Vec<usize> = (0..rows.len()).filter(|i| shown(&rows[*i].0)).collect();
            assert_eq!(seen, shown_rows, "{name}: each field once");
            assert!(!groups.iter().any(|g| g.id.starts_with("levers")));
        }
        let sc = hne_model::examples::by_name("example").unwrap();
        let rows = template::rows(&sc);
        let (_, groups) = layout(&sc, &rows);
        let caseload = groups.iter().find(|g| g.id == "authority.caseload");
        assert!(
            caseload.is_none(),
            "the example's EHCPs are all key figures"
        );
        let mix = groups
            .iter()
            .find(|g| g.id == "authority.placement_mix")
            .unwrap();
        assert_eq!(mix.title, "Where new EHCPs are placed, by age (shares)");
        assert!(!mix.sources.is_empty());
    }

    #[test]
    fn an_edit_names_what_is_wrong_where_it_was_made() {
        let sc = hne_model::examples::by_name("example").unwrap();
        let mut rows = template::rows(&sc);
        let i = rows
            .iter()
            .position(|(p, _)| p == "authority.caseload.special")
            .unwrap();
        rows[i].1 = "-5".into();
        let (here, elsewhere) = read_rows(&rows, "authority.caseload.special").unwrap_err();
        let here = here.unwrap();
        assert!(
            !here.contains("another figure"),
            "said at the field: {here}"
        );
        assert_eq!(
            elsewhere.as_deref(),
            Some("Nothing was changed until the value is right.")
        );
        rows[i].1 = "1,600".into();
        let next = read_rows(&rows, "authority.caseload.special").unwrap();
        assert_eq!(
            next.authority.caseload.get("special"),
            Some(&Caseload::Total(1600.0))
        );
    }
}
