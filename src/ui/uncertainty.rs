//! "How sure can we be?": the probability of an in-year balance, the
//! assumptions panel (low / central / high, apart from the levers), the
//! fans and the tornado.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ctx, figures::Figures};
use crate::app::MC_RUNS;
use hne_core::assumptions::{self, End};
use hne_core::format::{self, capitalise};
use hne_core::html;
use hne_model::uncertainty::Uncertainty as Fan;

/// How likely, in words a council paper uses, then the figure.
pub fn likelihood(p: f64) -> &'static str {
    match p {
        p if p < 0.1 => "very unlikely",
        p if p < 0.33 => "unlikely",
        p if p < 0.66 => "about as likely as not",
        p if p < 0.9 => "likely",
        _ => "very likely",
    }
}

/// The probability of an in-year balance in the target year, in words.
pub fn probability_words(u: &Fan) -> String {
    let p = u.probability_balanced_in_target_year;
    let balanced = (p * u.runs as f64).round();
    format!(
        "{}: in {} of {} runs, spend is within income in {} ({} chance).",
        capitalise(likelihood(p)),
        format::count(balanced),
        format::count(u.runs as f64),
        u.target_year,
        format::percent(p),
    )
}

/// The panel's table body: one row per assumption, three fields each.
pub fn rows_html(sc: &hne_model::schema::Scenario) -> String {
    let general = assumptions::general_rows();
    let settings = assumptions::setting_rows(sc);
    let cost = assumptions::range(sc, "cost_inflation");
    let mut s = String::new();
    let row = |s: &mut String, r: &assumptions::Row, own: bool| {
        *s += &format!(
            "<tr><th scope=\"row\">{}<span class=\"unit-inline\"> ({})</span>",
            html::escape(&r.name),
            r.unit
        );
        if own {
            *s += "<span class=\"sr-only\"> (own cost inflation; leave empty to follow the general range)</span>";
        }
        *s += "</th>";
        for end in End::ALL {
            let placeholder = match (own, cost) {
                (true, Some(c)) => format!(
                    " placeholder=\"{}\"",
                    assumptions::shown(match end {
                        End::Low => c.low,
                        End::Central => c.central,
                        End::High => c.high,
                    })
                ),
                _ => String::new(),
            };
            *s += &format!(
                "<td><input type=\"text\" inputmode=\"decimal\" size=\"5\" data-key=\"{key}\" data-end=\"{e}\" aria-label=\"{name}: {e} ({unit})\" value=\"{v}\"{placeholder}></td>",
                key = html::escape(&r.key),
                e = end.id(),
                name = html::escape(&r.name),
                unit = r.unit,
                v = html::escape(&assumptions::field_text(sc, &r.key, end)),
            );
        }
        *s += &format!("<td class=\"unit\">{}</td></tr>", r.unit);
    };
    for r in &general {
        row(&mut s, r, false);
    }
    if !settings.is_empty() {
        s += "<tr><th scope=\"rowgroup\" colspan=\"5\" class=\"group\">Each setting's own cost inflation (empty: the general range)</th></tr>";
        for r in &settings {
            row(&mut s, r, true);
        }
    }
    s
}

#[component]
pub fn Uncertainty() -> impl IntoView {
    let ctx = ctx();
    let note = RwSignal::new(None::<String>);
    let updating = move || {
        let (done, runs) = ctx.fan_progress.get();
        done < runs
    };
    let progress = move || {
        let (done, runs) = ctx.fan_progress.get();
        if done < runs {
            format!(
                "Updating: {} of {} runs…",
                format::count(done as f64),
                format::count(runs as f64)
            )
        } else {
            format!(
                "From {} runs of the model, each with every assumption drawn between its low and high, most often near its central value (the same draws each time, so the same plan always gives the same range).",
                format::count(MC_RUNS as f64)
            )
        }
    };
    let probability = move || {
        ctx.fan
            .with(|f| f.as_ref().map(|u| probability_words(&u.0)))
            .unwrap_or_else(|| "Working it out…".into())
    };
    let years = move || {
        let chosen = ctx.target_t.get();
        ctx.with_run(|r| {
            let items: Vec<(String, String)> = r
                .scenario
                .years
                .iter()
                .enumerate()
                .skip(1)
                .map(|(t, y)| (t.to_string(), y.year.clone()))
                .collect();
            let sel = chosen.unwrap_or(r.horizon).min(r.horizon).to_string();
            html::options(&items, &sel, None)
        })
        .unwrap_or_default()
    };
    let pick_year = move |ev: leptos::ev::Event| {
        if let Ok(t) = event_target_value(&ev).parse::<usize>() {
            ctx.target_t.set(Some(t));
        }
    };

    // The table is rebuilt only when the settings change (another
    // authority); values are written into the fields in place, so focus
    // and typing are never lost.
    let body = NodeRef::<leptos::html::Tbody>::new();
    let shape = Memo::new(move |_| {
        ctx.saved.with(|s| {
            s.scenario
                .authority
                .settings
                .iter()
                .map(|x| x.id.clone())
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        shape.with(|_| ()); // read, not just track: a memo recomputes when read
        if let Some(b) = body.get() {
            b.set_inner_html(&ctx.saved.with_untracked(|s| rows_html(&s.scenario)));
        }
    });
    Effect::new(move |_| {
        let Some(b) = body.get() else { return };
        ctx.saved.with(|s| sync_fields(&b, &s.scenario));
    });
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let (Some(key), Some(end)) = (
            input.get_attribute("data-key"),
            input
                .get_attribute("data-end")
                .as_deref()
                .and_then(End::from_id),
        ) else {
            return;
        };
        let mut next = ctx.saved.get_untracked();
        match assumptions::set(&mut next.scenario, &key, end, &input.value()) {
            Ok(()) => {
                note.set(None);
                ctx.replace(next);
            }
            Err(why) => {
                note.set(Some(why));
                // Show again what the scenario holds.
                let _ = input.set_attribute("aria-invalid", "true");
                ctx.saved.with_untracked(|s| {
                    input.set_value(&assumptions::field_text(&s.scenario, &key, end))
                });
            }
        }
    };

    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title">
            <h2 id="uncertainty-title">"How sure can we be?"</h2>
            <p class="hint">
                "The figures above use the central assumptions. Growth in new plans, costs and funding may turn out higher or lower, and a plan may deliver less than planned: here each assumption has a low, a central and a high value, and the model runs many times with them drawn from those ranges."
            </p>
            <div class="probability">
                <label for="target-year">"Chance of an in-year balance in"</label>
                <select id="target-year" on:change=pick_year inner_html=years></select>
                <p class="answer" data-testid="probability" aria-busy=move || updating().to_string()>{probability}</p>
            </div>
            <p class="progress" data-testid="mc-progress">{progress}</p>
            <details class="assumptions" on:change=on_change>
                <summary>"Assumptions: low, central and high"</summary>
                <p class="hint">"Type a percentage and press Enter or Tab. The central values drive the headline figures; the low and high ends drive the ranges, the fans and the tornado."</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Assumptions">
                    <table>
                        <thead>
                            <tr><th scope="col">"Assumption"</th><th scope="col">"Low"</th><th scope="col">"Central"</th><th scope="col">"High"</th><th scope="col">"Unit"</th></tr>
                        </thead>
                        <tbody node_ref=body></tbody>
                    </table>
                </div>
                <p class="note" role="status" data-testid="assumption-note">{move || note.get()}</p>
            </details>
            <div aria-busy=move || updating().to_string()>
                <Figures charts=super::figures::with_ids(&["fan-deficit", "fan-balance", "tornado"], &ctx.uncertainty_charts)/>
            </div>
        </section>
    }
}

/// Write the scenario's values into the panel's fields, except the one
/// being typed in.
fn sync_fields(body: &web_sys::HtmlElement, sc: &hne_model::schema::Scenario) {
    let Ok(inputs) = body.query_selector_all("input[data-key]") else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    for i in 0..inputs.length() {
        let Some(input) = inputs
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            continue;
        };
        let (Some(key), Some(end)) = (
            input.get_attribute("data-key"),
            input
                .get_attribute("data-end")
                .as_deref()
                .and_then(End::from_id),
        ) else {
            continue;
        };
        let text = assumptions::field_text(sc, &key, end);
        let focused = active
            .as_ref()
            .is_some_and(|a| a == input.unchecked_ref::<web_sys::Element>());
        if !focused && input.value() != text {
            input.set_value(&text);
        }
        if !focused {
            let _ = input.remove_attribute("aria-invalid");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::uncertainty::{knobs, run_monte_carlo};
    use hne_model::{examples, presets, Model};

    #[test]
    fn the_probability_reads_in_words_and_figures() {
        let mut sc = examples::by_name("cambridgeshire").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let model = Model::new(&sc).unwrap();
        let u = run_monte_carlo(&model, &knobs(&sc), 400, 3, model.horizon);
        let w = probability_words(&u);
        let n = (u.probability_balanced_in_target_year * 400.0).round();
        assert!(
            w.contains(&format!("in {} of 400 runs", format::count(n))),
            "{w}"
        );
        assert!(w.contains(&u.target_year), "{w}");
        assert!(w.starts_with(&capitalise(likelihood(
            u.probability_balanced_in_target_year
        ))));
        assert_eq!(likelihood(0.05), "very unlikely");
        assert_eq!(likelihood(0.5), "about as likely as not");
        assert_eq!(likelihood(0.95), "very likely");
    }

    #[test]
    fn the_panel_has_three_labelled_fields_per_assumption() {
        let sc = examples::by_name("example").unwrap();
        let h = rows_html(&sc);
        let rows = assumptions::general_rows().len() + sc.authority.settings.len();
        assert_eq!(h.matches("<input").count(), rows * 3);
        assert_eq!(h.matches("aria-label=").count(), rows * 3);
        assert!(h.contains("data-key=\"funding_growth\" data-end=\"high\""));
    }
}
