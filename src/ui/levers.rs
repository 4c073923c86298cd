//! The levers: each a labelled slider and a number field (so no drag is ever
//! needed), its unit, one line on what it does and a "why" with the evidence.

use leptos::prelude::*;

use super::ctx;
use hne_core::explorer::{self, Control, Group};
use hne_core::format;
use hne_core::html;
use hne_model::LeverId;

/// Which control an event came from, by the element's id
/// (`{control}-range`, `{control}-number`, or the control id itself).
fn event_control(ev: &web_sys::Event) -> Option<(Control, &'static str, String)> {
    use wasm_bindgen::JsCast;
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let id = el.id();
    let (name, part): (&str, &'static str) = match id.rsplit_once('-') {
        Some((n, "range")) => (n, "range"),
        Some((n, "number")) => (n, "number"),
        _ => (id.as_str(), "select"),
    };
    let control = Control::ALL.into_iter().find(|c| c.id() == name)?;
    Some((control, part, event_target_value(ev)))
}

/// One `input` and one `change` handler for every lever, on the section:
/// events bubble, and one pair of handlers is far less wasm than a pair per
/// control.
#[component]
pub fn Levers() -> impl IntoView {
    let ctx = ctx();
    let on_input = move |ev: web_sys::Event| {
        if let Some((c, "range", text)) = event_control(&ev) {
            if let Some(v) = hne_model::num::parse_f64(&text) {
                ctx.set(c, v);
            }
        }
    };
    let on_change = move |ev: web_sys::Event| match event_control(&ev) {
        Some((_, "range", _)) => ctx.commit(),
        Some((c, _, text)) => ctx.type_in(c, &text),
        None => {}
    };
    view! {
        <section class="levers" aria-labelledby="levers-title" on:input=on_input on:change=on_change>
            <h2 id="levers-title">"The plan"</h2>
            <p class="hint">"Move a lever, or type a number and press Enter. Every figure and chart follows at once."</p>
            {Group::ALL
                .into_iter()
                .map(|g| {
                    view! {
                        <fieldset>
                            <legend>{g.legend()}</legend>
                            {Control::in_group(g)
                                .into_iter()
                                .map(|c| view! { <Lever control=c/> })
                                .collect_view()}
                        </fieldset>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// What a lever's effect last wrote to the page.
#[derive(Clone, PartialEq)]
struct Painted {
    bounds: (f64, f64),
    value: f64,
    text: String,
    marks: (String, String),
    note: Option<String>,
}

#[component]
fn Lever(control: Control) -> impl IntoView {
    let ctx = ctx();
    let id = control.id();
    let host = NodeRef::<leptos::html::Div>::new();
    // The control's fixed markup is HTML from a pure function
    // (`html::lever`); one effect paints every changing part of it, found by
    // id. Per-element views and a reactive attribute each would compile to
    // many separate rendering routines.
    // Writes only what changed since the last paint (the previous paint is
    // the effect's own return value): eleven levers repaint on every move.
    Effect::new(move |prev: Option<Option<Painted>>| {
        use wasm_bindgen::JsCast;
        let host = host.get()?;
        let find = |suffix: &str| {
            host.query_selector(&format!("#{id}-{suffix}"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
        let (range, number, scale, marks, note) = (
            find("range")?,
            find("number")?,
            find("scale")?,
            find("marks")?,
            find("note")?,
        );
        let (range, number): (web_sys::HtmlInputElement, web_sys::HtmlInputElement) =
            (range.unchecked_into(), number.unchecked_into());
        let now = ctx.saved.with(|s| {
            let run = ctx.computed.with(|c| {
                c.0.as_ref().as_ref().ok().map(|c| {
                    let value = explorer::value(&s.scenario, Some(&c.run), control);
                    // Read so the marks follow when the comparisons arrive.
                    let _ = ctx.compared.get();
                    (
                        value,
                        explorer::marks(Some(&c.run), control, s.base.as_deref()),
                    )
                })
            });
            let (value, mk) =
                run.unwrap_or_else(|| (explorer::value(&s.scenario, None, control), Vec::new()));
            let (lo, hi) = explorer::bounds(&s.scenario, control);
            let pos = |at: f64| ((at - lo) / (hi - lo) * 100.0).clamp(0.0, 100.0);
            Painted {
                bounds: (lo, hi),
                value,
                text: explorer::value_text(&s.scenario, control, value),
                marks: html::marks(&mk, pos),
                note: ctx.control_note.with(|n| {
                    n.as_ref()
                        .filter(|(c, _)| *c == control)
                        .map(|(_, m)| m.clone())
                }),
            }
        });
        let before = prev.flatten();
        if before.as_ref().is_none_or(|b| b.bounds != now.bounds) {
            for input in [&range, &number] {
                let _ = input.set_attribute("min", &now.bounds.0.to_string());
                let _ = input.set_attribute("max", &now.bounds.1.to_string());
            }
        }
        if before
            .as_ref()
            .is_none_or(|b| b.value != now.value || b.bounds != now.bounds)
        {
            range.set_value(&now.value.to_string());
            number.set_value(&explorer::shown(control, now.value));
        }
        if before.as_ref().is_none_or(|b| b.text != now.text) {
            let _ = range.set_attribute("aria-valuetext", &now.text);
        }
        if before.as_ref().is_none_or(|b| b.marks != now.marks) {
            scale.set_inner_html(&now.marks.0);
            marks.set_inner_html(&now.marks.1);
        }
        if before.as_ref().is_none_or(|b| b.note != now.note) {
            note.set_text_content(now.note.as_deref());
            let _ = match now.note {
                Some(_) => number.set_attribute("aria-invalid", "true"),
                None => number.remove_attribute("aria-invalid"),
            };
        }
        Some(now)
    });
    view! {
        <div class="lever" id=format!("lever-{id}") node_ref=host>
            <div inner_html=html::lever(control)></div>
            {extra(control)}
            <div inner_html=html::why(control)></div>
        </div>
    }
}

/// What some levers show beside their slider.
fn extra(control: Control) -> Option<AnyView> {
    match control {
        Control::Lever(LeverId::Places) => Some(view! { <PlacesYear/> }.into_any()),
        Control::Lever(LeverId::Banding) => Some(view! { <BandTable/> }.into_any()),
        Control::Lever(LeverId::Transfer) => Some(view! { <TransferNote/> }.into_any()),
        Control::Start | Control::Ramp => Some(view! { <TimetableYears control/> }.into_any()),
        _ => None,
    }
}

#[component]
fn PlacesYear() -> impl IntoView {
    let ctx = ctx();
    let options = move || {
        ctx.saved.with(|s| {
            let sc = &s.scenario;
            let years: Vec<(String, String)> = (1..=sc.horizon.max(1))
                .map(|t| {
                    (
                        t.to_string(),
                        hne_model::schema::year_label(sc.authority.base_year + t as i32),
                    )
                })
                .collect();
            let current = explorer::value(sc, None, Control::PlacesYear) as usize;
            html::options(&years, &current.to_string(), None)
        })
    };
    let disabled = move || {
        ctx.saved
            .with(|s| s.scenario.levers.places.openings.is_empty())
    };
    let others = move || {
        ctx.saved
            .with(|s| s.scenario.levers.places.openings.len().saturating_sub(1))
    };
    view! {
        <div class="sub">
            <label for="places-year">"Opening year"</label>
            <select id="places-year" disabled=disabled inner_html=options>
            </select>
            <p class="explain" hidden=move || others() == 0>
                {move || format!("Your data has {} more opening(s); this control sets the first.", others())}
            </p>
        </div>
    }
}

/// Years are years: the timetable's numbers as financial years.
#[component]
fn TimetableYears(control: Control) -> impl IntoView {
    let ctx = ctx();
    let words = move || {
        ctx.saved.with(|s| {
            let sc = &s.scenario;
            let year = |t: usize| hne_model::schema::year_label(sc.authority.base_year + t as i32);
            let start = sc.timetable.start;
            match control {
                Control::Start => format!(
                    "Levers start in {} ({} after the base year, {}).",
                    year(start),
                    if start == 1 {
                        "the year".to_string()
                    } else {
                        format!("{start} years")
                    },
                    year(0)
                ),
                _ => {
                    let full = start + sc.timetable.ramp_years - 1;
                    if full <= sc.horizon {
                        format!("Full effect from {}.", year(full))
                    } else {
                        format!(
                            "Full effect in {}, after the last year shown ({}).",
                            year(full),
                            year(sc.horizon)
                        )
                    }
                }
            }
        })
    };
    view! { <p class="explain" data-testid=format!("{}-year", control.id())>{words}</p> }
}

#[component]
fn TransferNote() -> impl IntoView {
    let ctx = ctx();
    let over = move || {
        ctx.saved
            .with(|s| s.scenario.levers.transfer.value > 0.005 + 1e-12)
    };
    let amount = move || ctx.with_run(explorer::transfer_pounds).flatten();
    view! {
        <p class="explain">
            {move || amount().map(|(year, pounds)| format!("{} moves to the High Needs Block in {year}. ", format::pounds(pounds)))}
            "Up to 0.5% needs the schools forum's approval; more needs the Secretary of State's."
        </p>
        <p class="warning-text" hidden=move || !over()>
            <strong>"Needs the Secretary of State: "</strong>
            "more than 0.5% of the schools block needs a disapplication request; the schools forum can approve up to 0.5%."
        </p>
    }
}

#[component]
fn BandTable() -> impl IntoView {
    let ctx = ctx();
    let rows = move || {
        ctx.saved.with(|s| {
            let change = s.scenario.levers.banding.value;
            s.scenario
                .authority
                .settings
                .iter()
                .filter(|st| !st.bands.is_empty())
                .flat_map(|st| {
                    let banded = st.is_banded();
                    st.bands.iter().map(move |b| {
                        [
                            st.name.clone(),
                            b.name.clone(),
                            format::percent(b.share),
                            format::pounds(b.value_pounds),
                            if banded {
                                format::pounds(b.value_pounds * (1.0 + change))
                            } else {
                                "not banded".to_string()
                            },
                        ]
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="bands">
            <summary>"Show the band table"</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Top-up bands">
                <table>
                    <caption>"Top-up bands per EHCP per year, today and with this change (from the first year the lever acts, at full effect, before inflation)"</caption>
                    <thead><tr><th scope="col">"Setting"</th><th scope="col">"Band"</th><th scope="col">"Share of EHCPs"</th><th scope="col">"Today"</th><th scope="col">"With this change"</th></tr></thead>
                    <tbody inner_html=move || html::band_rows(&rows())></tbody>
                </table>
            </div>
        </details>
    }
}
