//! "How sure can we be?": the probability of an in-year balance, the
//! assumptions panel (low / central / high, apart from the levers), the
//! fans and the tornado, and how good past forecasts were (the hindcast).

use hne_core::charts::data::ChartId;
use hne_core::session::Event;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ctx, figures::Figures};
use crate::app::MC_RUNS;
use hne_core::assumptions::{self, End};
use hne_core::format::{self, capitalise};
use hne_core::{hindcast, published};
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

/// One row of the assumptions panel: its name, three fields, its unit.
/// Each field shows what the scenario holds (written only when that
/// changes, so typing is never overwritten) and sets it on change.
fn assumption_row(r: assumptions::Row, own: bool, note: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = ctx();
    let cost = if own {
        ctx.saved
            .with_untracked(|s| assumptions::range(&s.scenario, "cost_inflation"))
    } else {
        None
    };
    let fields = End::ALL
        .into_iter()
        .map(|end| {
            let key = r.key.clone();
            let text = Memo::new({
                let key = key.clone();
                move |_| {
                    ctx.saved
                        .with(|s| assumptions::field_text(&s.scenario, &key, end))
                }
            });
            let invalid = RwSignal::new(false);
            let on_change = move |ev: leptos::ev::Event| {
                let typed = event_target_value(&ev);
                let mut next = ctx.saved.get_untracked();
                match assumptions::set(&mut next.scenario, &key, end, &typed) {
                    Ok(()) => {
                        note.set(None);
                        invalid.set(false);
                        ctx.dispatch(Event::Replace(next));
                    }
                    Err(why) => {
                        note.set(Some(why));
                        invalid.set(true);
                        // Show again what the scenario holds.
                        if let Some(input) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.set_value(&text.get_untracked());
                        }
                    }
                }
            };
            let placeholder = cost.map(|c| {
                assumptions::shown(match end {
                    End::Low => c.low,
                    End::Central => c.central,
                    End::High => c.high,
                })
            });
            view! {
                <td>
                    <input type="text" inputmode="decimal" size="5"
                        data-key=r.key.clone() data-end=end.id()
                        aria-label=format!("{}: {} ({})", r.name, end.id(), r.unit)
                        placeholder=placeholder
                        prop:value=move || text.get()
                        aria-invalid=move || invalid.get().then_some("true")
                        on:change=on_change/>
                </td>
            }
        })
        .collect_view();
    view! {
        <tr>
            <th scope="row">
                {r.name.clone()}<span class="unit-inline">{format!(" ({})", r.unit)}</span>
                {own.then(|| view! { <span class="sr-only">" (own cost inflation; leave empty to follow the general range)"</span> })}
            </th>
            {fields}
            <td class="unit">{r.unit}</td>
        </tr>
    }
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
            let sel = chosen.unwrap_or(r.horizon).min(r.horizon);
            r.scenario
                .years
                .iter()
                .enumerate()
                .skip(1)
                .map(|(t, y)| view! { <option value=t.to_string() prop:selected=t == sel>{y.year.clone()}</option> })
                .collect_view()
        })
    };
    let pick_year = move |ev: leptos::ev::Event| {
        if let Ok(t) = event_target_value(&ev).parse::<usize>() {
            ctx.dispatch(Event::TargetYear(Some(t)));
        }
    };

    // The rows are rebuilt only when the settings change (another
    // authority); each field follows its own value.
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
    let rows = move || {
        shape.with(|_| ());
        let (general, settings) = ctx.saved.with_untracked(|s| {
            (
                assumptions::general_rows(),
                assumptions::setting_rows(&s.scenario),
            )
        });
        let own = (!settings.is_empty()).then(|| {
            view! { <tr><th scope="rowgroup" colspan="5" class="group">"Each setting's own cost inflation (empty: the general range)"</th></tr> }
        });
        view! {
            {general.into_iter().map(|r| assumption_row(r, false, note)).collect_view()}
            {own}
            {settings.into_iter().map(|r| assumption_row(r, true, note)).collect_view()}
        }
    };
    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title">
            <h2 id="uncertainty-title">"How sure can we be?"</h2>
            <p class="hint">
                "The figures above use the central assumptions. Growth in new plans, plans ending, where children are placed, costs and funding may turn out higher or lower, and a plan may deliver less than planned: here each assumption has a low, a central and a high value, and the model runs many times with them drawn from those ranges. The middle 8 in 10 runs are each figure's likely range. A published authority's ranges are fitted to the model's past forecasts, so that ranges made this way held what happened about 8 times in 10: see "<a href="#past-title">"How good were past forecasts?"</a>"."
            </p>
            <div class="probability">
                <label for="target-year">"Chance of an in-year balance in"</label>
                <select id="target-year" on:change=pick_year>{years}</select>
                <p class="answer" data-testid="probability" aria-busy=move || updating().to_string()>{probability}</p>
            </div>
            <p class="progress" data-testid="mc-progress">{progress}</p>
            <details class="assumptions">
                <summary>"Assumptions: low, central and high"</summary>
                <p class="hint">"Type a percentage and press Enter or Tab. The central values drive the headline figures; the low and high ends drive the ranges, the fans and the tornado."</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Assumptions">
                    <table>
                        <thead>
                            <tr><th scope="col">"Assumption"</th><th scope="col">"Low"</th><th scope="col">"Central"</th><th scope="col">"High"</th><th scope="col">"Unit"</th></tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="note" role="status" data-testid="assumption-note">{move || note.get()}</p>
            </details>
            <div aria-busy=move || updating().to_string()>
                <Figures charts=ctx.uncertainty_charts.to_vec()/>
            </div>
            <PastForecasts/>
        </section>
    }
}

/// How good past forecasts were: the chosen authority's forecast from
/// January 2019 against what happened, and how often the likely range held
/// across England (`hne_core::hindcast`). The figures are fetched when the
/// panel comes near the screen, not with the page.
#[component]
fn PastForecasts() -> impl IntoView {
    let ctx = ctx();
    // The past forecasts, once fetched (kept with the page's loaded data).
    let file = Memo::new(move |_| ctx.loaded.with(|l| l.hindcast().cloned()));
    let loaded = Memo::new(move |_| file.with(|f| f.is_some()));
    let problem = RwSignal::new(None::<String>);
    let panel = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(el) = panel.get() else { return };
        if loaded.get_untracked() {
            return;
        }
        let once = std::cell::Cell::new(false);
        super::figures::when_near(&el, "600px 0px", move |near| {
            if near && !once.replace(true) {
                leptos::task::spawn_local(async move {
                    match crate::state::published::load_hindcast().await {
                        Ok(f) => {
                            ctx.dispatch(Event::PastForecasts(f));
                        }
                        Err(why) => problem.set(Some(format!(
                            "The past forecasts could not be loaded: {why}."
                        ))),
                    }
                });
            }
        });
    });
    let who = Memo::new(move |_| {
        ctx.saved.with(|s| {
            let base = s.base.as_deref()?;
            let (code, _) = published::parse_base(base)?;
            let name = published::entry(base).map(|e| e.name.clone())?;
            Some((code.to_string(), name))
        })
    });
    let own = move || {
        if !loaded.get() {
            return problem
                .get()
                .unwrap_or_else(|| "Loading the past forecasts…".into());
        }
        match who.get() {
            Some((code, name)) => file
                .with(|f| f.as_ref().and_then(|f| hindcast::past(f, &code)).and_then(|p| hindcast::sentence(&name, p)))
                .unwrap_or_else(|| format!("{name} has no past forecast: it was formed after January 2019 or its figures for then are not published.")),
            None => "The test against what happened needs an authority's own history: choose an English authority above (Kent, for example) to see how its forecast from January 2019 turned out.".into(),
        }
    };
    let national = move || file.with(|f| f.as_ref().map(|f| hindcast::national(&f.summary)));
    let newest = move || {
        let (code, name) = who.get()?;
        file.with(|f| {
            let f = f.as_ref()?;
            hindcast::latest(&name, hindcast::past(f, &code)?, &f.summary)
        })
    };
    let chart = Memo::new(move |_| {
        let (code, name) = who.get()?;
        file.with(|f| hindcast::chart(&name, hindcast::past(f.as_ref()?, &code)?))
    });
    let shown = Memo::new(move |_| chart.with(|c| c.is_some()));
    view! {
        <div class="past" node_ref=panel>
            <h3 id="past-title">"How good were past forecasts?"</h3>
            <p data-testid="hindcast-own">{own}</p>
            {move || newest().map(|t| view! { <p data-testid="hindcast-latest">{t}</p> })}
            <p data-testid="hindcast-national">{national}</p>
            // Only with an authority's forecast: no empty figure otherwise.
            {move || shown.get().then(|| view! { <Figures charts=vec![(ChartId::Hindcast, chart)]/> })}
        </div>
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
}
