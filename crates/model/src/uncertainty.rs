//! Uncertainty (spec section 8): Monte Carlo over the assumption ranges and a
//! one-at-a-time tornado of the final deficit.
//!
//! Each assumption with a low / central / high is drawn from a triangular
//! distribution with the central value as its mode; a delivery factor scales
//! every lever's effect. Settings that share the default cost-inflation range
//! share one draw (costs tend to move together); a setting with its own range
//! gets its own draw. The seed fixes every number: same seed, same fan.

use serde::{Deserialize, Serialize};

use crate::engine::{LeverId, Model, Params, Trace};
use crate::output::{metrics, Metrics};
use crate::rng::Rng;
use crate::schema::{Range, Scenario};
use crate::Problems;

/// One uncertain assumption and the parameters it moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Knob {
    pub id: String,
    pub name: String,
    pub range: Range,
    target: Target,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    NewPlanGrowth,
    CostInflation(Vec<usize>),
    Line(usize),
    FundingGrowth,
    SchoolsBlockGrowth,
    Leaving,
    Drift,
    IndependentDrift,
    Delivery,
}

impl Knob {
    /// Set the parameters this assumption moves to `v`.
    pub fn apply(&self, p: &mut Params, v: f64) {
        match &self.target {
            Target::NewPlanGrowth => p.new_plan_growth = v,
            Target::CostInflation(settings) => {
                for &s in settings {
                    p.cost_inflation[s] = v;
                }
            }
            Target::Line(l) => p.line_inflation[*l] = v,
            Target::FundingGrowth => p.funding_growth = v,
            Target::SchoolsBlockGrowth => p.schools_block_growth = v,
            Target::Leaving => p.leaving = v,
            Target::Drift => p.drift = v,
            Target::IndependentDrift => p.independent_drift = v,
            Target::Delivery => p.delivery = v,
        }
    }
}

/// The uncertain assumptions of a scenario, in a fixed order.
pub fn knobs(sc: &Scenario) -> Vec<Knob> {
    let s = &sc.assumptions;
    let a = &sc.authority;
    let mut out = vec![Knob {
        id: "new_plan_growth".into(),
        name: "Growth in new EHCPs".into(),
        range: s.new_plan_growth,
        target: Target::NewPlanGrowth,
    }];
    let shared: Vec<usize> = (0..a.settings.len())
        .filter(|&i| !s.cost_inflation_by_setting.contains_key(&a.settings[i].id))
        .collect();
    if !shared.is_empty() {
        out.push(Knob {
            id: "cost_inflation".into(),
            name: "Unit-cost inflation".into(),
            range: s.cost_inflation,
            target: Target::CostInflation(shared),
        });
    }
    for (i, st) in a.settings.iter().enumerate() {
        if let Some(r) = s.cost_inflation_by_setting.get(&st.id) {
            out.push(Knob {
                id: format!("cost_inflation.{}", st.id),
                name: format!("Unit-cost inflation: {}", st.name),
                range: *r,
                target: Target::CostInflation(vec![i]),
            });
        }
    }
    for (i, line) in a.other_spend.iter().enumerate() {
        out.push(Knob {
            id: format!("other_spend[{i}].inflation"),
            name: format!("Growth of {}", line.name),
            range: line.inflation,
            target: Target::Line(i),
        });
    }
    out.push(Knob {
        id: "funding_growth".into(),
        name: "High needs funding growth".into(),
        range: s.funding_growth,
        target: Target::FundingGrowth,
    });
    out.push(Knob {
        id: "schools_block_growth".into(),
        name: "Schools block growth".into(),
        range: s.schools_block_growth,
        target: Target::SchoolsBlockGrowth,
    });
    // Only when it is uncertain: a scenario without it draws exactly the
    // numbers it always did.
    if s.leaving.low < s.leaving.high {
        out.push(Knob {
            id: "leaving".into(),
            name: "Plans ending each year, against the projection".into(),
            range: s.leaving,
            target: Target::Leaving,
        });
    }
    if s.specialist_drift.low < s.specialist_drift.high {
        out.push(Knob {
            id: "specialist_drift".into(),
            name: "Moves from mainstream schools to other settings, against the projection".into(),
            range: s.specialist_drift,
            target: Target::Drift,
        });
    }
    if s.independent_drift.low < s.independent_drift.high {
        out.push(Knob {
            id: "independent_drift".into(),
            name: "Moves from state special to independent schools, against the projection".into(),
            range: s.independent_drift,
            target: Target::IndependentDrift,
        });
    }
    out.push(Knob {
        id: "delivery".into(),
        name: "Delivery of planned lever effects".into(),
        range: s.delivery,
        target: Target::Delivery,
    });
    out
}

/// Options for a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyOptions {
    #[serde(default = "default_runs")]
    pub runs: usize,
    #[serde(default)]
    pub seed: u64,
    /// Projection year (1..=H) for the probability of an in-year balance;
    /// absent = the horizon.
    #[serde(default)]
    pub target_year: Option<usize>,
}

fn default_runs() -> usize {
    DEFAULT_RUNS
}

pub const DEFAULT_RUNS: usize = 2000;
pub const MAX_RUNS: usize = 100_000;

impl Default for UncertaintyOptions {
    fn default() -> Self {
        UncertaintyOptions {
            runs: DEFAULT_RUNS,
            seed: 0,
            target_year: None,
        }
    }
}

/// P10 / P50 / P90 of one quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearBand {
    pub t: usize,
    pub year: String,
    pub spend_pounds: Percentiles,
    pub balance_pounds: Percentiles,
    pub deficit_pounds: Percentiles,
    /// Share of runs with an in-year balance >= 0 in this year.
    pub probability_balanced: f64,
    /// The deterministic projections at central assumptions, for the fan chart.
    pub central_deficit_pounds: f64,
    pub baseline_deficit_pounds: f64,
    pub central_balance_pounds: f64,
    pub baseline_balance_pounds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    pub runs: usize,
    pub seed: u64,
    pub years: Vec<YearBand>,
    pub target_t: usize,
    pub target_year: String,
    /// Probability that the in-year balance is >= 0 in the target year.
    pub probability_balanced_in_target_year: f64,
}

/// Linear interpolation between order statistics (type 7), `sorted` ascending.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn percentiles(values: &mut [f64]) -> Percentiles {
    heap_sort(values);
    Percentiles {
        p10: percentile(values, 0.1),
        p50: percentile(values, 0.5),
        p90: percentile(values, 0.9),
    }
}

/// Sort ascending (by `total_cmp`, so NaN cannot upset it). A heap sort:
/// O(n log n) in a few dozen lines, where the library's sort adds kilobytes
/// of code to the browser's wasm.
pub fn heap_sort(v: &mut [f64]) {
    fn sift(v: &mut [f64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child].total_cmp(&v[child + 1]).is_lt() {
                child += 1;
            }
            if v[root].total_cmp(&v[child]).is_ge() {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// Monte Carlo of the scenario (levers as set) over the assumption ranges.
pub fn uncertainty(sc: &Scenario, opts: &UncertaintyOptions) -> Result<Uncertainty, Problems> {
    let model = Model::new(sc)?;
    if opts.runs == 0 || opts.runs > MAX_RUNS {
        return Err(Problems::one(
            "runs",
            format!("must be from 1 to {MAX_RUNS}; got {}", opts.runs),
        ));
    }
    let h = model.horizon;
    let target_t = opts.target_year.unwrap_or(h);
    if !(1..=h).contains(&target_t) {
        return Err(Problems::one(
            "target_year",
            format!("must be a projection year from 1 to {h}; got {target_t}"),
        ));
    }
    let knobs = knobs(sc);
    Ok(run_monte_carlo(
        &model, &knobs, opts.runs, opts.seed, target_t,
    ))
}

/// The Monte Carlo loop over a compiled model, all runs at once.
pub fn run_monte_carlo(
    model: &Model,
    knobs: &[Knob],
    runs: usize,
    seed: u64,
    target_t: usize,
) -> Uncertainty {
    let mut mc = MonteCarlo::new(model, runs, seed, target_t);
    mc.step(model, knobs, runs);
    mc.finish(model)
}

/// A Monte Carlo run that can be done a slice at a time.
///
/// Why: in the browser the runs share the page's one thread with the
/// levers. The app does a few hundred runs per slice between frames, so a
/// lever never waits for the simulation; the draws come from one seeded
/// stream in run order, so the result is the same however it is sliced
/// (tested).
pub struct MonteCarlo {
    runs: usize,
    done: usize,
    seed: u64,
    target_t: usize,
    rng: Rng,
    trace: Trace,
    params: Params,
    // Stored year-major so each year's values are one contiguous slice.
    spend: Vec<f64>,
    balance: Vec<f64>,
    deficit: Vec<f64>,
}

impl MonteCarlo {
    /// `runs` runs of `model`; `target_t` is the year of the probability.
    pub fn new(model: &Model, runs: usize, seed: u64, target_t: usize) -> MonteCarlo {
        let years = model.horizon + 1;
        MonteCarlo {
            runs,
            done: 0,
            seed,
            target_t: target_t.min(model.horizon),
            rng: Rng::new(seed),
            trace: Trace::new(model),
            params: model.central.clone(),
            spend: vec![0.0; years * runs],
            balance: vec![0.0; years * runs],
            deficit: vec![0.0; years * runs],
        }
    }

    /// Runs done so far.
    pub fn done(&self) -> usize {
        self.done
    }

    pub fn runs(&self) -> usize {
        self.runs
    }

    pub fn is_finished(&self) -> bool {
        self.done >= self.runs
    }

    /// Do up to `n` more runs (the same `model` and `knobs` each time).
    pub fn step(&mut self, model: &Model, knobs: &[Knob], n: usize) {
        let (runs, years) = (self.runs, model.horizon + 1);
        let end = (self.done + n).min(runs);
        for r in self.done..end {
            for k in knobs {
                let v = self
                    .rng
                    .triangular(k.range.low, k.range.central, k.range.high);
                k.apply(&mut self.params, v);
            }
            model.simulate(LeverId::ALL_MASK, &self.params, &mut self.trace);
            for t in 0..years {
                self.spend[t * runs + r] = self.trace.spend[t];
                self.balance[t * runs + r] = self.trace.balance[t];
                self.deficit[t * runs + r] = self.trace.deficit[t];
            }
        }
        self.done = end;
    }

    /// The percentiles and probabilities over the runs done.
    pub fn finish(mut self, model: &Model) -> Uncertainty {
        let runs = self.done.max(1);
        let stride = self.runs;
        let central = model.run(LeverId::ALL_MASK);
        let baseline = model.run(0);
        let years_out: Vec<YearBand> = (0..=model.horizon)
            .map(|t| {
                let range = t * stride..t * stride + runs;
                let balanced = self.balance[range.clone()]
                    .iter()
                    .filter(|b| **b >= 0.0)
                    .count();
                YearBand {
                    t,
                    year: model.year_label(t),
                    spend_pounds: percentiles(&mut self.spend[range.clone()]),
                    probability_balanced: balanced as f64 / runs as f64,
                    balance_pounds: percentiles(&mut self.balance[range.clone()]),
                    deficit_pounds: percentiles(&mut self.deficit[range]),
                    central_deficit_pounds: central.deficit[t],
                    baseline_deficit_pounds: baseline.deficit[t],
                    central_balance_pounds: central.balance[t],
                    baseline_balance_pounds: baseline.balance[t],
                }
            })
            .collect();
        Uncertainty {
            runs: self.done,
            seed: self.seed,
            target_t: self.target_t,
            target_year: model.year_label(self.target_t),
            probability_balanced_in_target_year: years_out[self.target_t].probability_balanced,
            years: years_out,
        }
    }
}

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TornadoBar {
    pub assumption: String,
    pub name: String,
    pub low: f64,
    pub high: f64,
    /// Cumulative deficit at the horizon with this assumption at low / high.
    pub deficit_at_low_pounds: f64,
    pub deficit_at_high_pounds: f64,
    /// |high - low| of the deficit.
    pub swing_pounds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tornado {
    pub central_deficit_pounds: f64,
    /// Largest swing first.
    pub bars: Vec<TornadoBar>,
}

/// One-at-a-time sensitivity of D[H] to each assumption's low and high.
pub fn tornado(sc: &Scenario) -> Result<Tornado, Problems> {
    let model = Model::new(sc)?;
    Ok(sensitivity(&model, &knobs(sc)).tornado)
}

/// The tornado, and the optimistic and pessimistic outlooks built from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub tornado: Tornado,
    /// Every assumption at whichever end (low or high) gives the lower
    /// deficit at the horizon: the plan's best case.
    pub optimistic: Outlook,
    /// Every assumption at the end that gives the higher deficit.
    pub pessimistic: Outlook,
}

/// One deterministic projection with the assumptions at one set of ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlook {
    pub metrics: Metrics,
    /// The unmitigated projection under the same assumptions.
    pub baseline: Metrics,
}

/// The tornado and the optimistic / pessimistic outlooks of a compiled model:
/// two runs per assumption and four more, cheap enough for every lever move.
pub fn sensitivity(model: &Model, knobs: &[Knob]) -> Sensitivity {
    let mut trace = Trace::new(model);
    model.simulate(LeverId::ALL_MASK, &model.central, &mut trace);
    let central = trace.final_deficit();
    let mut best = model.central.clone();
    let mut worst = model.central.clone();
    let mut bars: Vec<TornadoBar> = Vec::with_capacity(knobs.len());
    for k in knobs {
        let mut at = |v: f64| {
            let mut p = model.central.clone();
            k.apply(&mut p, v);
            model.simulate(LeverId::ALL_MASK, &p, &mut trace);
            trace.final_deficit()
        };
        let lo = at(k.range.low);
        let hi = at(k.range.high);
        let (good, bad) = if lo <= hi {
            (k.range.low, k.range.high)
        } else {
            (k.range.high, k.range.low)
        };
        k.apply(&mut best, good);
        k.apply(&mut worst, bad);
        let bar = TornadoBar {
            assumption: k.id.clone(),
            name: k.name.clone(),
            low: k.range.low,
            high: k.range.high,
            deficit_at_low_pounds: lo,
            deficit_at_high_pounds: hi,
            swing_pounds: (hi - lo).abs(),
        };
        // Largest swing first; an insertion sort (a dozen bars at most)
        // keeps the library's stable sort out of the browser's wasm.
        let at = bars
            .iter()
            .position(|b| bar.swing_pounds > b.swing_pounds)
            .unwrap_or(bars.len());
        bars.insert(at, bar);
    }
    let mut outlook = |p: &Params| {
        model.simulate(0, p, &mut trace);
        let baseline = metrics(model, &trace);
        model.simulate(LeverId::ALL_MASK, p, &mut trace);
        Outlook {
            metrics: metrics(model, &trace),
            baseline,
        }
    };
    Sensitivity {
        optimistic: outlook(&best),
        pessimistic: outlook(&worst),
        tornado: Tornado {
            central_deficit_pounds: central,
            bars,
        },
    }
}

#[cfg(test)]
mod sort_tests {
    use super::heap_sort;
    use crate::rng::Rng;

    #[test]
    fn heap_sort_agrees_with_the_library_sort() {
        let mut rng = Rng::new(11);
        for n in [0usize, 1, 2, 3, 10, 257, 2000] {
            let mut a: Vec<f64> = (0..n).map(|_| rng.triangular(-5.0, 0.0, 9.0)).collect();
            if n > 3 {
                a[1] = a[2]; // ties
            }
            let mut b = a.clone();
            heap_sort(&mut a);
            b.sort_by(|x, y| x.total_cmp(y));
            assert_eq!(a, b, "n = {n}");
        }
    }
}
