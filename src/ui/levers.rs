//! The levers: each a labelled slider and a number field (so no drag is ever
//! needed), its unit, one line on what it does and a "why" with the evidence.

use hne_core::session::Event;
use leptos::prelude::*;

use super::ctx;
use hne_core::explorer::{self, Control, Group};
use hne_core::format;
use hne_model::LeverId;

/// Which control an event came from, by the element's id
/// (`{control}-range`, `{control}-number`, `{control}-year`, `{control}-aim`,
/// or the control id itself).
fn event_control(ev: &web_sys::Event) -> Option<(Control, &'static str, String)> {
    use wasm_bindgen::JsCast;
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let id = el.id();
    let (name, part): (&str, &'static str) = match id.rsplit_once('-') {
        Some((n, "range")) => (n, "range"),
        Some((n, "number")) => (n, "number"),
        Some((n, "year")) if n == Control::Start.id() => (n, "number"),
        Some((n, "aim")) => (n, "aim"),
        _ => (id.as_str(), "select"),
    };
    let control = Control::ALL.into_iter().find(|c| c.id() == name)?;
    Some((control, part, event_target_value(ev)))
}

/// One `input` and one `change` handler for every lever, on the section:
/// events bubble, and one pair of handlers serves every control.
#[component]
pub fn Levers() -> impl IntoView {
    let ctx = ctx();
    let w = super::workshop::ws();
    let on_input = move |ev: web_sys::Event| {
        if let Some((c, "range", text)) = event_control(&ev) {
            if let Some(v) = hne_model::num::parse_f64(&text) {
                ctx.dispatch(Event::Set(c, v));
            }
        }
    };
    // A drag (a pointer held on a slider) holds back the work that follows
    // a paint until it ends, wherever the pointer is let go.
    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        use wasm_bindgen::JsCast;
        let on_slider = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.id().ends_with("-range"));
        if on_slider {
            ctx.dragging.set(true);
        }
    };
    let _released = window_event_listener(leptos::ev::pointerup, move |_| {
        if ctx.dragging.get_untracked() {
            ctx.dragging.set(false);
        }
    });
    let _cancelled = window_event_listener(leptos::ev::pointercancel, move |_| {
        if ctx.dragging.get_untracked() {
            ctx.dragging.set(false);
        }
    });
    let on_change = move |ev: web_sys::Event| match event_control(&ev) {
        Some((_, "range", _)) => {
            ctx.dispatch(Event::Commit);
        }
        Some((c, "aim", text)) => {
            // Taken: the field empties, so it never shows an aim the lever
            // no longer holds after another move.
            use wasm_bindgen::JsCast;
            let taken = ctx.dispatch(Event::Aim(c, text.to_string()));
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let (true, Some(input)) = (taken, input) {
                input.set_value("");
            }
        }
        Some((c, _, text)) => {
            ctx.dispatch(Event::TypeIn(c, text.to_string()));
        }
        None => {}
    };
    // The groups of levers one task at a time, each after a paint: all at
    // once held a phone's main thread for over 100 ms as the page started.
    let shown = RwSignal::new(1usize);
    super::count_after_paints(shown, Group::ALL.len());
    view! {
        <section class="levers" aria-labelledby="levers-title" on:input=on_input on:change=on_change on:pointerdown=on_pointerdown>
            <h2 id="levers-title">"The plan"</h2>
            <p class="hint">"For children and young people with special educational needs and disabilities (SEND) and Education, Health and Care Plans (EHCPs). Each lever starts at 0, as now; no lever moves another. Drag, or type a number and press Enter."</p>
            <PlanSummary/>
            {Group::ALL
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    move || (shown.get() > i).then(|| view! {
                        <fieldset>
                            <legend>{g.legend()}</legend>
                            {Control::in_group(g)
                                .into_iter()
                                // A workshop's levers not in play are not shown.
                                .map(|c| view! { {move || w.shows(c).then(|| view! { <Lever control=c/> })} })
                                .collect_view()}
                        </fieldset>
                    })
                })
                .collect_view()}
            <super::answer::StickyAnswer/>
        </section>
    }
}

/// The levers this plan sets, in a line each with a link to the lever: the
/// whole plan at a glance beside the chart, however long the panel.
#[component]
fn PlanSummary() -> impl IntoView {
    let ctx = ctx();
    let set = Memo::new(move |_| {
        ctx.saved.with(|s| {
            Control::ALL
                .into_iter()
                .filter(|c| {
                    matches!(c, Control::Lever(_)) && explorer::value(&s.scenario, *c) != 0.0
                })
                .map(|c| {
                    let v = explorer::value(&s.scenario, c);
                    (
                        c.id(),
                        c.spec().label,
                        explorer::value_text(&s.scenario, c, v),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="plan-summary" data-testid="plan-summary">
            {move || {
                let list = set.get();
                if list.is_empty() {
                    view! { <p>"No lever is set: this is the projection with no plan."</p> }.into_any()
                } else {
                    view! {
                        <p class="plan-summary-title">{format!("This plan sets {} lever{}:", list.len(), if list.len() == 1 { "" } else { "s" })}</p>
                        <ul>
                            {list.into_iter().map(|(id, label, words)| view! {
                                <li><a href=format!("#lever-{id}")>{label}</a>{format!(": {words}")}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// One control: its label, what it does, a slider and a number field (so
/// no drag is ever needed), its unit, the ticks on its scale, what it leads
/// to, a message when a number was refused, and the evidence behind it.
#[component]
fn Lever(control: Control) -> impl IntoView {
    let ctx = ctx();
    let id = control.id();
    let spec = control.spec();
    let bounds = Memo::new(move |_| ctx.saved.with(|s| explorer::bounds(&s.scenario, control)));
    let value = Memo::new(move |_| ctx.saved.with(|s| explorer::value(&s.scenario, control)));
    let spoken = move || {
        let v = value.get();
        ctx.saved
            .with(|s| explorer::value_text(&s.scenario, control, v))
    };
    let note = Memo::new(move |_| {
        ctx.view.with(|v| {
            v.control_note
                .as_ref()
                .filter(|(c, _)| *c == control)
                .map(|(_, m)| m.clone())
        })
    });
    let ticks = explorer::ticks(control);
    let words = ticks.clone();
    let scale = (!ticks.is_empty()).then(|| {
        // An SVG scale, not positioned spans: a style attribute would need
        // 'unsafe-inline' in the Content Security Policy. It lies under the
        // slider, inset by half the thumb (style/main.css), so a tick sits
        // where the thumb's centre is at that value.
        let lines = move || {
            let (lo, hi) = bounds.get();
            ticks
                .iter()
                .map(|m| {
                    let x = format!("{:.2}", ((m.at - lo) / (hi - lo) * 100.0).clamp(0.0, 100.0));
                    view! { <line x1=x.clone() x2=x y1="0" y2="10" vector-effect="non-scaling-stroke"/> }
                })
                .collect_view()
        };
        view! {
            <svg class="scale" id=format!("{id}-scale") aria-hidden="true" focusable="false" viewBox="0 0 100 10" preserveAspectRatio="none">
                {lines}
            </svg>
        }
    });
    let marks = (!words.is_empty()).then(|| {
        view! {
            <ul class="marks" id=format!("{id}-marks")>
                {words.into_iter().map(|m| view! { <li>{m.label}</li> }).collect_view()}
            </ul>
        }
    });
    let field = if control == Control::Start {
        view! { <StartYear/> }.into_any()
    } else {
        view! {
            <input type="number" id=format!("{id}-number") class="number" step=spec.step
                min=move || bounds.get().0 max=move || bounds.get().1
                prop:value=move || explorer::shown(control, value.get())
                aria-invalid=move || note.with(|n| n.is_some().then_some("true"))
                aria-labelledby=format!("{id}-label {id}-unit")/>
        }
        .into_any()
    };
    view! {
        <div class="lever" id=format!("lever-{id}")>
            <label class="lever-label" id=format!("{id}-label") for=format!("{id}-range")>{spec.label}</label>
            <p class="explain" id=format!("{id}-explain")>{spec.explain}</p>
            <div class="inputs">
                <div class="track">
                    <input type="range" id=format!("{id}-range") step=spec.step
                        min=move || bounds.get().0 max=move || bounds.get().1
                        prop:value=move || value.get()
                        aria-valuetext=spoken
                        aria-describedby=format!("{id}-explain {id}-note")/>
                    {scale}
                </div>
                {field}
                <span class="unit" id=format!("{id}-unit")>{spec.unit}</span>
            </div>
            {marks}
            <LeadsTo control/>
            <p class="note" id=format!("{id}-note") role="status">{move || note.get()}</p>
            {extra(control)}
            <details class="why">
                <summary>"Why this lever?"</summary>
                <p>{spec.why}</p>
            </details>
        </div>
    }
}

/// What the inclusion and independent levers lead to (the share of EHCPs
/// in the final year, today's, and the benchmarks), said apart from what
/// they set; and a field to aim for a share, which sets the lever.
#[component]
fn LeadsTo(control: Control) -> impl IntoView {
    let ctx = ctx();
    let id = control.id();
    let mainstream = control == Control::Lever(LeverId::Inclusion);
    if !mainstream && control != Control::Lever(LeverId::Independent) {
        return None;
    }
    let led = move || ctx.with_run(|r| explorer::leads_to(r, control)).flatten();
    // A memo: the list is rebuilt only when the benchmarks change (another
    // authority, the comparisons arriving), not on every move.
    let marks = Memo::new(move |_| {
        // They follow when the comparisons arrive.
        let base = ctx.saved.with(|s| s.base.clone());
        ctx.loaded
            .with(|l| ctx.with_run(|r| explorer::benchmarks(Some(r), control, base.as_deref(), l)))
            .unwrap_or_default()
    });
    let benchmarks = move || {
        marks
            .get()
            .into_iter()
            .map(|m| view! { <li>{m.label}</li> })
            .collect_view()
    };
    let year = move || {
        ctx.with_run(|r| r.scenario.metrics.final_year.clone())
            .unwrap_or_default()
    };
    Some(view! {
        <div class="leads">
            <p class="led" id=format!("{id}-leads") data-testid=format!("{id}-leads")>{led}</p>
            <ul class="marks" aria-label="Benchmarks">{benchmarks}</ul>
            <details class="aim-box">
                <summary>"Or aim for a share"</summary>
                <div class="aim">
                    <label for=format!("{id}-aim")>
                        {move || format!("Share of EHCPs {} in {}", if mainstream { "in mainstream schools" } else { "in independent schools" }, year())}
                    </label>
                    <input type="text" inputmode="decimal" class="number" id=format!("{id}-aim") autocomplete="off"/>
                    <span class="unit">"%"</span>
                </div>
            </details>
        </div>
    })
}

/// The options of a list of financial years (projection years 1 to the
/// last), with `chosen` selected; rebuilt only when the years change.
fn year_options(chosen: Memo<usize>) -> impl IntoView {
    let ctx = ctx();
    let span = Memo::new(move |_| {
        ctx.saved
            .with(|s| (s.scenario.authority.base_year, s.scenario.horizon.max(1)))
    });
    move || {
        let (base, last) = span.get();
        (1..=last)
            .map(|t| {
                let label = hne_model::schema::year_label(base + t as i32);
                view! { <option value=t.to_string() prop:selected=move || chosen.get() == t>{label}</option> }
            })
            .collect_view()
    }
}

/// "Levers start in": a financial year, chosen from a list (years are
/// years), beside its slider.
#[component]
fn StartYear() -> impl IntoView {
    let ctx = ctx();
    let chosen = Memo::new(move |_| ctx.saved.with(|s| s.scenario.timetable.start));
    view! {
        <select id="start-year" class="number" aria-labelledby="start-label">
            {year_options(chosen)}
        </select>
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
    let chosen = Memo::new(move |_| {
        ctx.saved
            .with(|s| explorer::value(&s.scenario, Control::PlacesYear) as usize)
    });
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
            <select id="places-year" disabled=disabled>
                {year_options(chosen)}
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
            "The schools forum can approve up to 0.5%."
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
                    <tbody>
                        {move || rows().into_iter().map(|[setting, band, share, today, changed]| view! {
                            <tr><th scope="row">{setting}</th><td>{band}</td><td class="num">{share}</td><td class="num">{today}</td><td class="num">{changed}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
