//! The hindcast: how good the model has been at forecasting.
//!
//! For each authority and each origin (January 2019 to 2025) the data
//! builder (`hne-data build`) writes a [`Case`]: a scenario built only from
//! what was published by the origin, with what then happened beside it.
//! Here the model projects each case with no plan, the two naive methods
//! project the same starting figures, and [`report`] compares all three
//! with what happened. [`fit`] sets the default ranges (growth in new plans
//! and unit-cost inflation) so that the P10 to P90 band held the outcome
//! about 8 times in 10 on the origins it is fitted on; the report then tests
//! them on origins and authorities they were not fitted on.
//!
//! The command line (`hne hindcast`), the data builder and the app call this
//! same code. This module holds the numbers only; docs/hindcast.md, the
//! report in words and tables, is written from them by hne-data
//! (`hne_data::hindcast_report`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::{Model, Params, Trace};
use crate::rng::Rng;
use crate::schema::{year_label, Kind, Problems, Range, Scenario};
use crate::uncertainty::{heap_sort, knobs, percentile};

/// The origins: the January censuses a forecast is made from.
pub const ORIGINS: [i32; 7] = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
/// The latest January census with what happened.
pub const LATEST: i32 = 2026;
/// Monte Carlo runs for each case's band in the report.
pub const RUNS: usize = 100;
/// The band the ranges aim for: P10 to P90 holds the outcome 8 times in 10.
pub const TARGET_COVERAGE: f64 = 0.8;
/// The widest half-range of plans ending it tries (added to cease rates).
pub const LEAVING_BOUND: f64 = 0.2;
/// The years ahead the ranges are fitted on (the last origin has three).
pub const FIT_HORIZON: usize = 4;

/// What happened in one year of a case (`t` years after the origin): EHCPs
/// at the January census `origin + t`, and net high needs spend in the
/// financial year that starts in `origin - 1 + t`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    pub census: i32,
    #[serde(default)]
    pub total: Option<f64>,
    /// Mainstream schools, resourced provision and SEN units included.
    #[serde(default)]
    pub mainstream: Option<f64>,
    /// State special schools.
    #[serde(default)]
    pub special: Option<f64>,
    /// Independent and non-maintained special schools.
    #[serde(default)]
    pub independent: Option<f64>,
    #[serde(default)]
    pub spend_pounds: Option<f64>,
}

/// The two naive methods' growth rates, known at the origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Naive {
    /// The authority's own compound growth in EHCPs over the three years to
    /// the origin.
    pub own_growth: f64,
    /// England's over the same years.
    pub national_growth: f64,
    /// The authority's own compound growth in net high needs spend from
    /// 2017-18 to the origin's financial year.
    #[serde(default)]
    pub own_spend_growth: Option<f64>,
    /// England's over the same years.
    pub national_spend_growth: f64,
}

/// One authority's forecast from one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub origin: i32,
    /// Growth in new plans known at the origin (England's over the three
    /// years before), before calibration.
    pub history_growth: f64,
    /// The scenario at the origin: base year `origin - 1`, no plan, its
    /// ranges the calibrated ones.
    pub scenario: Scenario,
    /// What happened, `t` = 0 (the origin) to the latest year.
    pub actual: Vec<Observed>,
    pub naive: Naive,
    /// What the censuses showed over the three years to the origin, which
    /// the central forecast is anchored to ([`anchor`]).
    #[serde(default)]
    pub recent: Recent,
}

/// The censuses over the three years to an origin (oldest first, the
/// origin last): the authority's and England's. Known at the origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recent {
    pub own: Vec<Observed>,
    pub england: Vec<Observed>,
}

/// One authority's cases (the app fetches one such file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub code: String,
    pub name: String,
    pub region: String,
    pub cases: Vec<Case>,
}

/// The calibrated defaults (the ranges every published authority starts with).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// Growth in new plans a year, the same for every authority and origin
    /// (England's recent growth, the first predictor tried, swung from 20%
    /// a year before 2019 to 8% before 2022 and forecast worse).
    pub growth_central: f64,
    /// Half the width of the range added to cease rates.
    pub leaving_halfwidth: f64,
    /// Half the width of the range of moves between mainstream schools and
    /// other settings (centred on 0).
    #[serde(default)]
    pub drift_halfwidth: f64,
    /// Half the width of the range of moves between state special and
    /// independent schools (centred on 0).
    #[serde(default)]
    pub independent_halfwidth: f64,
    /// Central unit-cost inflation.
    pub cost_central: f64,
    /// Half the width of the unit-cost inflation range.
    pub cost_halfwidth: f64,
    /// How the central forecast is anchored to the naive methods and to the
    /// recent trend in where children are ([`anchor`]); none before it was.
    #[serde(default)]
    pub blend: Option<Blend>,
}

/// The fitted anchor ([`anchor`], docs/model.md, "The central forecast,
/// anchored"): the pooled trends that, with no plan, the forecast follows.
/// Each is a yearly growth (as a logarithm) of `c[0] + c[1] * own +
/// c[2] * national`, where `own` and `national` are the logarithms of one
/// plus the authority's and England's yearly growth in all EHCPs over the
/// three years to the origin; each is fitted by least absolute deviations
/// ([`least_absolute`]) on past origins, 1 to [`FIT_HORIZON`] years ahead,
/// so that it aims at the median: a small weight on `own` pools an
/// authority's trend towards what all authorities did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blend {
    /// The pooled trend of all EHCPs.
    pub total: [f64; 3],
    /// The pooled trend of EHCPs in mainstream schools (resourced
    /// provision included).
    pub mainstream: [f64; 3],
    /// The pooled trend of EHCPs in independent and non-maintained special
    /// schools.
    pub independent: [f64; 3],
}

impl Blend {
    /// The yearly growth in EHCPs the pooled trend gives a case (and, in
    /// the anchored forecast, its growth in new plans).
    pub fn growth_of(&self, naive: &Naive) -> f64 {
        r4((self.growth(naive).exp() - 1.0).clamp(-0.2, 0.4))
    }
    /// The yearly log growth the pooled trend of all EHCPs gives a case.
    fn growth(&self, naive: &Naive) -> f64 {
        trend(self.total, naive)
    }
}

/// The logarithms of one plus the case's own and England's growth in all
/// EHCPs: what every pooled trend is fitted on.
fn predictors(naive: &Naive) -> (f64, f64) {
    (
        naive.own_growth.max(-0.9).ln_1p(),
        naive.national_growth.max(-0.9).ln_1p(),
    )
}

/// The yearly log growth that the pooled trend `c` gives a case.
fn trend(c: [f64; 3], naive: &Naive) -> f64 {
    let (own, national) = predictors(naive);
    linear(c, own, national)
}

/// The years ahead over which each setting's path is brought to its
/// pooled trend (and the shortest projection a hindcast case makes).
pub const ANCHOR_YEARS: usize = 3;

/// The years ahead over which the path of all EHCPs is brought to its
/// pooled trend (or the projection's length, if shorter).
pub const PATH_YEARS: usize = TEST_HORIZON;

/// The central values that anchor one forecast: added to every phase's
/// cease rate, and the yearly moves from mainstream schools to other
/// settings and from state special to independent schools.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Anchor {
    /// Growth in new plans a year: the pooled trend's (none: the fitted
    /// national growth).
    pub growth: Option<f64>,
    pub leaving: f64,
    pub drift: f64,
    pub independent_drift: f64,
}

/// `c[0] + c[1] * a + c[2] * b`.
fn linear(c: [f64; 3], a: f64, b: f64) -> f64 {
    c[0] + c[1] * a + c[2] * b
}

/// Least absolute deviations of `y` on an intercept and two predictors:
/// the line through the conditional median, by iteratively reweighted
/// least squares from the least-squares line (each row weighed by one over
/// its absolute residual, floored at 0.0001).
fn least_absolute(rows: &[(f64, f64, f64)]) -> [f64; 3] {
    let mut c = least_squares(rows, |_| 1.0);
    for _ in 0..30 {
        let last = c;
        c = least_squares(rows, |&(a, b, y)| {
            1.0 / (y - linear(last, a, b)).abs().max(1e-4)
        });
    }
    c
}

/// Weighted least squares of `y` on an intercept and two predictors, each
/// row weighed by `weight` (a small ridge keeps it solvable when one does
/// not vary).
fn least_squares(rows: &[(f64, f64, f64)], weight: impl Fn(&(f64, f64, f64)) -> f64) -> [f64; 3] {
    let mut a = [[0.0; 3]; 3];
    let mut b = [0.0; 3];
    for r in rows {
        let (x1, x2, y) = *r;
        let w = weight(r);
        let x = [1.0, x1, x2];
        for i in 0..3 {
            b[i] += w * x[i] * y;
            for j in 0..3 {
                a[i][j] += w * x[i] * x[j];
            }
        }
    }
    for (i, row) in a.iter_mut().enumerate() {
        row[i] += 1e-9 * (1.0 + rows.len() as f64);
    }
    // Gaussian elimination with partial pivoting.
    let mut m: Vec<[f64; 4]> = (0..3).map(|i| [a[i][0], a[i][1], a[i][2], b[i]]).collect();
    for i in 0..3 {
        let piv = (i..3)
            .max_by(|x, y| m[*x][i].abs().total_cmp(&m[*y][i].abs()))
            .unwrap_or(i);
        m.swap(i, piv);
        if m[i][i].abs() < 1e-300 {
            return [0.0; 3];
        }
        for r in 0..3 {
            if r != i {
                let f = m[r][i] / m[i][i];
                let pivot = m[i];
                for (x, p) in m[r].iter_mut().zip(pivot).skip(i) {
                    *x -= f * p;
                }
            }
        }
    }
    [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]]
}

/// The pooled trends fitted on `cases` by least absolute deviations, 1 to
/// [`FIT_HORIZON`] years ahead: the yearly log growth of all EHCPs, of
/// those in mainstream schools and of those in independent schools, each
/// on the case's own and England's recent growth in all EHCPs.
fn pooled_trends(cases: &[&Case]) -> ([f64; 3], [f64; 3], [f64; 3]) {
    let mut rows: [Vec<(f64, f64, f64)>; 3] = Default::default();
    for c in cases {
        let Some(o) = c.actual.first() else { continue };
        let (own, national) = predictors(&c.naive);
        let at = |o: &Observed| [o.total, o.mainstream, o.independent];
        for (t, a) in c.actual.iter().enumerate().skip(1).take(FIT_HORIZON) {
            for (r, (v0, v)) in rows.iter_mut().zip(at(o).into_iter().zip(at(a))) {
                if let (Some(v0), Some(v)) = (v0.filter(|v| *v > 0.0), v.filter(|v| *v > 0.0)) {
                    r.push((own, national, (v / v0).ln() / t as f64));
                }
            }
        }
    }
    let [t, m, x] = rows.map(|r| least_absolute(&r));
    (t, m, x)
}

/// The anchor of one forecast: with new plans growing as the pooled trend
/// of all EHCPs does, the shift in cease rates that brings the path of all
/// EHCPs closest to that trend over the [`PATH_YEARS`] ahead; then the
/// moves between mainstream schools and other settings, and between state
/// special and independent schools, that bring those settings' paths
/// closest to their own pooled trends over the [`ANCHOR_YEARS`] ahead
/// (least squares of the logarithms, year by year).
pub fn anchor(model: &Model, naive: &Naive, blend: &Blend, trace: &mut Trace) -> Anchor {
    let g = groups(model);
    let n = PATH_YEARS.min(model.horizon);
    if n == 0 {
        return Anchor::default();
    }
    let k = ANCHOR_YEARS.min(n);
    let growth = blend.growth_of(naive);
    let mut p: Params = model.central.clone();
    p.new_plan_growth = growth;
    p.leaving = 0.0;
    p.drift = 0.0;
    p.independent_drift = 0.0;
    let mut path = |p: &Params| -> Vec<[f64; 5]> {
        model.simulate(0, p, trace);
        (0..=n).map(|t| values(&g, trace, t)).collect()
    };
    let start = path(&p)[0];
    if start[0] <= 0.0 {
        return Anchor::default();
    }
    // How far figure `i`'s path is from a yearly log growth `lg`, over the
    // first `years` ahead.
    let apart = |v: &[[f64; 5]], i: usize, lg: f64, years: usize| -> f64 {
        v.iter()
            .enumerate()
            .skip(1)
            .take(years)
            .map(|(t, v)| ((v[i].max(1e-9) / start[i]).ln() - lg * t as f64).powi(2))
            .sum()
    };
    let log_growth = growth.ln_1p();
    p.leaving = r4(golden(-0.5, 0.5, |l| {
        let mut q = p.clone();
        q.leaving = l;
        apart(&path(&q), 0, log_growth, n)
    }));
    let mut an = Anchor {
        growth: Some(growth),
        leaving: p.leaving,
        ..Anchor::default()
    };
    if start[1] > 0.0 {
        let lg = trend(blend.mainstream, naive);
        an.drift = r4(golden(-0.3, 0.3, |d| {
            let mut q = p.clone();
            q.drift = d;
            apart(&path(&q), 1, lg, k)
        }));
    }
    p.drift = an.drift;
    if start[3] > 0.0 && start[2] > 0.0 {
        let lg = trend(blend.independent, naive);
        an.independent_drift = r4(golden(-0.5, 0.5, |z| {
            let mut q = p.clone();
            q.independent_drift = z;
            apart(&path(&q), 3, lg, k)
        }));
    }
    an
}

/// The minimum of a function with one minimum on [lo, hi], by golden
/// section.
fn golden(mut lo: f64, mut hi: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut a = hi - r * (hi - lo);
    let mut b = lo + r * (hi - lo);
    let (mut fa, mut fb) = (f(a), f(b));
    for _ in 0..24 {
        if fa < fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - r * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + r * (hi - lo);
            fb = f(b);
        }
    }
    (lo + hi) / 2.0
}

impl Calibration {
    /// The growth in new plans: no range of its own (plans ending carry
    /// the uncertainty; see docs/hindcast.md).
    pub fn growth(&self) -> Range {
        Range::point(r4(self.growth_central))
    }
    pub fn leaving(&self) -> Range {
        Range::new(-r4(self.leaving_halfwidth), 0.0, r4(self.leaving_halfwidth))
    }
    pub fn drift(&self) -> Range {
        Range::new(-r4(self.drift_halfwidth), 0.0, r4(self.drift_halfwidth))
    }
    pub fn independent_drift(&self) -> Range {
        Range::new(
            -r4(self.independent_halfwidth),
            0.0,
            r4(self.independent_halfwidth),
        )
    }
    pub fn cost(&self) -> Range {
        Range::new(
            r4(self.cost_central - self.cost_halfwidth),
            r4(self.cost_central),
            r4(self.cost_central + self.cost_halfwidth),
        )
    }
    /// Set a case's ranges to these, centred on its anchor.
    pub fn apply(&self, case: &mut Case) {
        let an = match (self.blend, Model::new(&case.scenario)) {
            (Some(b), Ok(m)) => {
                let mut tr = Trace::new(&m);
                anchor(&m, &case.naive, &b, &mut tr)
            }
            _ => Anchor::default(),
        };
        self.apply_anchored(&mut case.scenario, an);
    }
    /// Set a scenario's ranges to these, centred on `an`.
    pub fn apply_anchored(&self, sc: &mut Scenario, an: Anchor) {
        let a = &mut sc.assumptions;
        a.new_plan_growth = match an.growth {
            Some(g) => Range::point(g),
            None => self.growth(),
        };
        a.cost_inflation = self.cost();
        a.cost_inflation_by_setting.clear();
        let (lo, hi) = crate::validate::LEAVING_BOUNDS;
        let around = |r: Range, c: f64| {
            let c = c.clamp(lo, hi);
            Range::new(r4((r.low + c).max(lo)), r4(c), r4((r.high + c).min(hi)))
        };
        a.leaving = around(self.leaving(), an.leaving);
        a.specialist_drift = around(self.drift(), an.drift);
        a.independent_drift = around(self.independent_drift(), an.independent_drift);
    }
}

fn r4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Total,
    Mainstream,
    Special,
    Independent,
    Spend,
}

impl Quantity {
    pub const ALL: [Quantity; 5] = [
        Quantity::Total,
        Quantity::Mainstream,
        Quantity::Special,
        Quantity::Independent,
        Quantity::Spend,
    ];
    /// Its place in [`Quantity::ALL`] (and in a year's bands).
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Total => "EHCPs, all",
            Quantity::Mainstream => "EHCPs in mainstream schools (resourced provision included)",
            Quantity::Special => "EHCPs in state special schools",
            Quantity::Independent => "EHCPs in independent and non-maintained special schools",
            Quantity::Spend => "Net high needs spend (section 251)",
        }
    }
    fn observed(self, o: &Observed) -> Option<f64> {
        match self {
            Quantity::Total => o.total,
            Quantity::Mainstream => o.mainstream,
            Quantity::Special => o.special,
            Quantity::Independent => o.independent,
            Quantity::Spend => o.spend_pounds,
        }
    }
}

/// The model's value of each quantity in year `t` of a run.
fn values(groups: &[Vec<usize>; 3], tr: &Trace, t: usize) -> [f64; 5] {
    let sum = |g: &[usize]| g.iter().map(|&s| tr.setting_total(t, s)).sum::<f64>();
    [
        tr.ehcps[t],
        sum(&groups[0]),
        sum(&groups[1]),
        sum(&groups[2]),
        tr.spend[t],
    ]
}

/// The settings that make up mainstream (resourced included), special and
/// independent.
fn groups(m: &Model) -> [Vec<usize>; 3] {
    let of = |ks: &[Kind]| -> Vec<usize> {
        (0..m.ns)
            .filter(|&s| ks.contains(&m.kinds[s]))
            .collect::<Vec<_>>()
    };
    [
        of(&[Kind::Mainstream, Kind::Resourced]),
        of(&[Kind::Special]),
        of(&[Kind::Independent]),
    ]
}

/// Each figure's published count over the model's at the origin: the
/// census's counts by setting leave out plans whose placement is not
/// known, while the model places every plan, so a setting's forecast is
/// compared as the published count it stands for (the share not known held
/// as at the origin). 1 for all EHCPs and spend.
fn published_scale(case: &Case, start: [f64; 5]) -> [f64; 5] {
    let o = case.actual.first();
    std::array::from_fn(|q| {
        let quantity = Quantity::ALL[q];
        if matches!(quantity, Quantity::Total | Quantity::Spend) {
            return 1.0;
        }
        match o.and_then(|o| quantity.observed(o)) {
            Some(v) if start[q] > 0.0 && v > 0.0 => v / start[q],
            _ => 1.0,
        }
    })
}

/// A band: the central projection and the P10 and P90 of the runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub central: f64,
    pub p10: f64,
    pub p90: f64,
}

/// A case's forecast for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Year {
    pub t: usize,
    pub census: i32,
    /// The financial year the spend is for.
    pub year: String,
    /// Total, mainstream, special, independent, spend.
    pub bands: [Band; 5],
}

/// Each case's own seed (from its name and origin), so that the runs'
/// sampling error differs from case to case and evens out across them.
pub fn seed(case: &Case) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in case.scenario.name.bytes().chain(case.origin.to_le_bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `runs` runs of `model` with no plan, each assumption of `case`'s
/// scenario drawn in turn from the case's own seed: the one sampling the
/// report and the fit share. `each` sees each run.
fn monte_carlo(
    model: &Model,
    case: &Case,
    runs: usize,
    trace: &mut Trace,
    mut each: impl FnMut(&Trace),
) {
    let ks = knobs(&case.scenario);
    let mut rng = Rng::new(seed(case));
    let mut params = model.central.clone();
    for _ in 0..runs {
        for k in &ks {
            let v = rng.triangular(k.range.low, k.range.central, k.range.high);
            k.apply(&mut params, v);
        }
        model.simulate(0, &params, trace);
        each(trace);
    }
}

/// Project a case with no plan: the central run and a Monte Carlo band of
/// `runs` runs over its ranges (seed 0).
pub fn forecast(case: &Case, runs: usize) -> Result<Vec<Year>, Problems> {
    let model = Model::new(&case.scenario)?;
    let g = groups(&model);
    let h = model.horizon;
    let central = model.run(0);
    let mut trace = Trace::new(&model);
    let runs = runs.max(1);
    let mut draws = vec![Vec::with_capacity(runs); (h + 1) * 5];
    monte_carlo(&model, case, runs, &mut trace, |tr| {
        for t in 0..=h {
            for (q, v) in values(&g, tr, t).into_iter().enumerate() {
                draws[t * 5 + q].push(v);
            }
        }
    });
    Ok((0..=h)
        .map(|t| {
            let c = values(&g, &central, t);
            Year {
                t,
                census: case.origin + t as i32,
                year: year_label(case.origin - 1 + t as i32),
                bands: std::array::from_fn(|q| {
                    let v = &mut draws[t * 5 + q];
                    heap_sort(v);
                    Band {
                        central: c[q],
                        p10: percentile(v, 0.1),
                        p90: percentile(v, 0.9),
                    }
                }),
            }
        })
        .collect())
}

/// One forecast compared with what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub code: String,
    pub region: String,
    pub origin: i32,
    pub h: usize,
    pub q: Quantity,
    pub actual: f64,
    pub model: Band,
    /// The authority's own growth continued.
    pub own: f64,
    /// England's growth applied to the authority.
    pub national: f64,
    /// The naive methods' empirical P10 to P90 (own, national, average):
    /// each forecast times the 10th and 90th percentiles of that method's
    /// outcome over forecast, the same figure and years ahead, on the
    /// authorities the ranges are fitted on, other origins
    /// ([`naive_ranges`]). Not a number until set.
    pub naive_ranges: [(f64, f64); 3],
}

impl Point {
    pub fn inside(&self) -> bool {
        self.actual >= self.model.p10 && self.actual <= self.model.p90
    }
    /// The average of the two naive methods.
    pub fn average(&self) -> f64 {
        (self.own + self.national) / 2.0
    }
}

/// Give each point the naive methods' empirical ranges: from the outcome
/// over forecast of the same method, figure and years ahead, on the
/// authorities in `fitted` from origins other than the point's (or, with
/// `before_only`, before it).
pub fn naive_ranges(pts: &mut [Point], fitted: &dyn Fn(&str) -> bool, before_only: bool) {
    let mut keys: Vec<(Quantity, usize, i32)> = pts.iter().map(|p| (p.q, p.h, p.origin)).collect();
    keys.sort();
    keys.dedup();
    let mut found: BTreeMap<(Quantity, usize, i32), [(f64, f64); 3]> = BTreeMap::new();
    for (q, h, o) in keys {
        let mut r: [Vec<f64>; 3] = Default::default();
        for p in pts.iter() {
            let other = if before_only {
                p.origin + p.h as i32 <= o
            } else {
                p.origin != o
            };
            if p.q == q && p.h == h && other && fitted(&p.code) {
                for (i, f) in [p.own, p.national, p.average()].into_iter().enumerate() {
                    if f > 0.0 {
                        r[i].push(p.actual / f);
                    }
                }
            }
        }
        let ends = r.map(|mut v| {
            if v.len() < 10 {
                return (f64::NAN, f64::NAN);
            }
            heap_sort(&mut v);
            (percentile(&v, 0.1), percentile(&v, 0.9))
        });
        found.insert((q, h, o), ends);
    }
    for p in pts.iter_mut() {
        let e = found[&(p.q, p.h, p.origin)];
        let f = [p.own, p.national, p.average()];
        p.naive_ranges = std::array::from_fn(|i| (f[i] * e[i].0, f[i] * e[i].1));
    }
}

/// Compare every case of every authority with what happened.
pub fn points(authorities: &[Authority], runs: usize) -> Result<Vec<Point>, String> {
    let mut out = Vec::new();
    for a in authorities {
        for c in &a.cases {
            let f = forecast(c, runs).map_err(|p| format!("{} from {}: {p}", a.name, c.origin))?;
            let Some(start) = c.actual.first() else {
                continue;
            };
            let Some(first) = f.first() else { continue };
            let scale = published_scale(c, first.bands.map(|b| b.central));
            for y in f.iter().skip(1) {
                let Some(obs) = c.actual.get(y.t) else {
                    continue;
                };
                for (qi, q) in Quantity::ALL.into_iter().enumerate() {
                    let (Some(actual), Some(s0)) = (q.observed(obs), q.observed(start)) else {
                        continue;
                    };
                    if actual <= 0.0 || s0 <= 0.0 {
                        continue;
                    }
                    let (own_g, nat_g) = if q == Quantity::Spend {
                        (
                            c.naive
                                .own_spend_growth
                                .unwrap_or(c.naive.national_spend_growth),
                            c.naive.national_spend_growth,
                        )
                    } else {
                        (c.naive.own_growth, c.naive.national_growth)
                    };
                    let n = y.t as i32;
                    out.push(Point {
                        code: a.code.clone(),
                        region: a.region.clone(),
                        origin: c.origin,
                        h: y.t,
                        q,
                        actual,
                        model: {
                            let b = y.bands[qi];
                            let k = scale[qi];
                            Band {
                                central: b.central * k,
                                p10: b.p10 * k,
                                p90: b.p90 * k,
                            }
                        },
                        own: s0 * (1.0 + own_g).powi(n),
                        national: s0 * (1.0 + nat_g).powi(n),
                        naive_ranges: [(f64::NAN, f64::NAN); 3],
                    });
                }
            }
        }
    }
    Ok(out)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    heap_sort(&mut v);
    percentile(&v, 0.5)
}

/// Errors of one group of points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    pub n: usize,
    /// Median absolute percentage error: model, own trend, national trend
    /// and the average of the two.
    pub mdape: [f64; 4],
    /// Median bias (forecast over actual, less 1): the same four.
    pub bias: [f64; 4],
    /// Share of points inside the model's P10 to P90.
    pub coverage: f64,
    /// Mean interval score of the P10 to P90 range, over the outcome: the
    /// model's, then the naive methods' empirical ranges (lower is better).
    #[serde(default)]
    pub score: [f64; 4],
    /// Median width of the model's P10 to P90, over its central forecast.
    #[serde(default)]
    pub width: f64,
    /// The same for the average of the naive methods' empirical range.
    #[serde(default)]
    pub naive_width: f64,
    /// Share inside the naive methods' empirical ranges.
    #[serde(default)]
    pub naive_coverage: [f64; 3],
}

/// The interval score of an 80% range (P10 to P90) for outcome `y`, over
/// `y`: its width, plus ten times how far outside it `y` fell.
fn interval_score(lo: f64, hi: f64, y: f64) -> f64 {
    ((hi - lo) + 10.0 * (lo - y).max(0.0) + 10.0 * (y - hi).max(0.0)) / y
}

pub fn row(label: impl Into<String>, pts: &[&Point]) -> Row {
    let err = |f: &dyn Fn(&Point) -> f64| -> Vec<f64> {
        pts.iter().map(|p| f(p) / p.actual - 1.0).collect()
    };
    let e = [
        err(&|p| p.model.central),
        err(&|p| p.own),
        err(&|p| p.national),
        err(&|p| p.average()),
    ];
    let mean = |v: Vec<f64>| {
        let v: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let share = |f: &dyn Fn(&Point) -> Option<bool>| {
        let v: Vec<bool> = pts.iter().filter_map(|p| f(p)).collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().filter(|b| **b).count() as f64 / v.len() as f64
        }
    };
    let inside_naive = |i: usize| {
        move |p: &Point| {
            let (lo, hi) = p.naive_ranges[i];
            (lo.is_finite() && hi.is_finite()).then_some(p.actual >= lo && p.actual <= hi)
        }
    };
    Row {
        label: label.into(),
        n: pts.len(),
        mdape: std::array::from_fn(|i| median(e[i].iter().map(|v| v.abs()).collect())),
        bias: std::array::from_fn(|i| median(e[i].clone())),
        coverage: if pts.is_empty() {
            f64::NAN
        } else {
            pts.iter().filter(|p| p.inside()).count() as f64 / pts.len() as f64
        },
        score: std::array::from_fn(|i| {
            mean(
                pts.iter()
                    .map(|p| {
                        let (lo, hi) = if i == 0 {
                            (p.model.p10, p.model.p90)
                        } else {
                            p.naive_ranges[i - 1]
                        };
                        interval_score(lo, hi, p.actual)
                    })
                    .collect(),
            )
        }),
        width: median(
            pts.iter()
                .filter(|p| p.model.central > 0.0)
                .map(|p| (p.model.p90 - p.model.p10) / p.model.central)
                .collect(),
        ),
        naive_width: median(
            pts.iter()
                .filter(|p| p.naive_ranges[2].0.is_finite() && p.average() > 0.0)
                .map(|p| (p.naive_ranges[2].1 - p.naive_ranges[2].0) / p.average())
                .collect(),
        ),
        naive_coverage: [
            share(&inside_naive(0)),
            share(&inside_naive(1)),
            share(&inside_naive(2)),
        ],
    }
}

/// Which authorities the ranges are fitted on: every other one in LA-number
/// order, so the rest are held out.
pub fn fitted_authority(index: usize) -> bool {
    index.is_multiple_of(2)
}

/// The cases the default ranges are fitted on: every origin of every
/// other authority.
pub fn fit_cases(authorities: &[Authority]) -> Vec<&Case> {
    fold_cases(authorities, None)
}

/// The cases the ranges that test origin `held` are fitted on: the same
/// authorities, every other origin (leave one origin out).
pub fn fold_cases(authorities: &[Authority], held: Option<i32>) -> Vec<&Case> {
    authorities
        .iter()
        .enumerate()
        .filter(|(i, _)| fitted_authority(*i))
        .flat_map(|(_, a)| a.cases.iter())
        .filter(|c| Some(c.origin) != held)
        .collect()
}

/// Ranges fitted without one origin: the ones its cases carry, so that
/// every forecast in the report is made with ranges that never saw it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fold {
    pub origin: i32,
    pub calibration: Calibration,
}

/// Fit the ranges once for each origin left out.
pub fn folds(authorities: &[Authority]) -> Result<Vec<Fold>, Problems> {
    folds_with(authorities, true)
}

/// [`folds`], anchored or not.
pub fn folds_with(authorities: &[Authority], anchored: bool) -> Result<Vec<Fold>, Problems> {
    ORIGINS
        .iter()
        .map(|&o| {
            Ok(Fold {
                origin: o,
                calibration: fit_with(&fold_cases(authorities, Some(o)), anchored)?,
            })
        })
        .collect()
}

/// Give each case the ranges fitted without its origin.
pub fn apply_folds(authorities: &mut [Authority], folds: &[Fold]) {
    for a in authorities.iter_mut() {
        for c in a.cases.iter_mut() {
            if let Some(f) = folds.iter().find(|f| f.origin == c.origin) {
                f.calibration.apply(c);
            }
        }
    }
}

struct Compiled<'a> {
    case: &'a Case,
    model: Model,
    groups: [Vec<usize>; 3],
    /// [`published_scale`].
    scale: [f64; 5],
}

/// The central run with the ranges `w` gives the case: the total and the
/// spend each year.
fn run_at(c: &Compiled, w: &Calibration, an: Anchor, trace: &mut Trace) -> Vec<[f64; 5]> {
    let mut p: Params = c.model.central.clone();
    p.new_plan_growth = an.growth.unwrap_or(w.growth_central);
    p.leaving = an.leaving;
    p.drift = an.drift;
    p.independent_drift = an.independent_drift;
    for v in p.cost_inflation.iter_mut() {
        *v = w.cost_central;
    }
    c.model.simulate(0, &p, trace);
    (0..=c.model.horizon)
        .map(|t| values(&c.groups, trace, t))
        .collect()
}

/// Bisection for the root of an increasing function on [lo, hi].
fn bisect(mut lo: f64, mut hi: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// Monte Carlo runs per case in the fit (the same draws for every value
/// tried, so each bisection sees a smooth function).
const FIT_RUNS: usize = RUNS;

struct Fitter<'a> {
    compiled: Vec<Compiled<'a>>,
    traces: std::cell::RefCell<Vec<Trace>>,
    /// Each case's anchor under the blend being fitted.
    anchors: std::cell::RefCell<Vec<Anchor>>,
}

impl Fitter<'_> {
    fn actual(c: &Compiled, t: usize, q: Quantity) -> Option<f64> {
        if t > FIT_HORIZON {
            return None;
        }
        q.observed(c.case.actual.get(t)?).filter(|v| *v > 0.0)
    }

    /// Errors (forecast over outcome, less 1) of the central forecast,
    /// `years` ahead, each case with its anchor.
    fn errors(
        &self,
        w: &Calibration,
        q: Quantity,
        years: std::ops::RangeInclusive<usize>,
    ) -> Vec<f64> {
        let mut traces = self.traces.borrow_mut();
        let anchors = self.anchors.borrow();
        let mut e = Vec::new();
        for ((c, tr), an) in self
            .compiled
            .iter()
            .zip(traces.iter_mut())
            .zip(anchors.iter())
        {
            let v = run_at(c, w, *an, tr);
            for (t, vals) in v.iter().enumerate() {
                if !years.contains(&t) {
                    continue;
                }
                if let Some(a) = Self::actual(c, t, q) {
                    e.push(vals[q.index()] * c.scale[q.index()] / a - 1.0);
                }
            }
        }
        e
    }

    /// Median bias of the central forecast, `years` ahead.
    fn bias(&self, w: &Calibration, q: Quantity, years: std::ops::RangeInclusive<usize>) -> f64 {
        median(self.errors(w, q, years))
    }

    /// Set every case's anchor under `blend`.
    fn anchor_all(&self, blend: Option<Blend>) {
        let mut traces = self.traces.borrow_mut();
        let mut anchors = self.anchors.borrow_mut();
        for ((c, tr), an) in self
            .compiled
            .iter()
            .zip(traces.iter_mut())
            .zip(anchors.iter_mut())
        {
            *an = match blend {
                Some(b) => anchor(&c.model, &c.case.naive, &b, tr),
                None => Anchor::default(),
            };
        }
    }

    /// Share of outcomes (years ahead in `years`) inside P10 to P90 of the
    /// runs each case's report would make with the ranges `w` gives it.
    fn coverage(&self, w: Calibration, q: Quantity, years: std::ops::RangeInclusive<usize>) -> f64 {
        let qi = q.index();
        let mut traces = self.traces.borrow_mut();
        let anchors = self.anchors.borrow();
        let (mut inside, mut n) = (0usize, 0usize);
        for ((c, tr), an) in self
            .compiled
            .iter()
            .zip(traces.iter_mut())
            .zip(anchors.iter())
        {
            let mut case = c.case.clone();
            w.apply_anchored(&mut case.scenario, *an);
            let mut runs = vec![Vec::with_capacity(FIT_RUNS); c.model.horizon + 1];
            monte_carlo(&c.model, &case, FIT_RUNS, tr, |tr| {
                for (t, r) in runs.iter_mut().enumerate() {
                    r.push(values(&c.groups, tr, t)[qi] * c.scale[qi]);
                }
            });
            for (t, r) in runs.iter_mut().enumerate() {
                if !years.contains(&t) {
                    continue;
                }
                if let Some(a) = Self::actual(c, t, q) {
                    heap_sort(r);
                    n += 1;
                    if a >= percentile(r, 0.1) && a <= percentile(r, 0.9) {
                        inside += 1;
                    }
                }
            }
        }
        inside as f64 / n.max(1) as f64
    }
}

/// Fit the default ranges on `cases` (docs/model.md, "The hindcast"), each
/// by bisection and rounded to a tenth of a point, 1 to [`FIT_HORIZON`]
/// years ahead: the growth in new plans so that the central forecast of all
/// EHCPs has no median bias; the range of plans ending so that P10 to P90
/// holds 8 in 10 outcomes for all EHCPs; the ranges of moves between
/// settings the same way for mainstream and then independent schools; then
/// unit-cost inflation's centre and range the same way for spend.
pub fn fit(cases: &[&Case]) -> Result<Calibration, Problems> {
    fit_with(cases, true)
}

/// The years ahead the report's tests look at.
pub const TEST_HORIZON: usize = 6;

/// The anchor: the pooled trends by least squares ([`pooled_trends`]).
fn fit_blend(cases: &[&Case]) -> Blend {
    let (total, mainstream, independent) = pooled_trends(cases);
    Blend {
        total,
        mainstream,
        independent,
    }
}

/// [`fit`], anchored or not (as before the anchor: the report's "before"
/// column).
pub fn fit_with(cases: &[&Case], anchored: bool) -> Result<Calibration, Problems> {
    let compiled: Vec<Compiled> = cases
        .iter()
        .map(|c| {
            let model = Model::new(&c.scenario)?;
            let groups = groups(&model);
            let start = values(&groups, &model.run(0), 0);
            Ok(Compiled {
                case: c,
                scale: published_scale(c, start),
                model,
                groups,
            })
        })
        .collect::<Result<_, Problems>>()?;
    let traces = compiled.iter().map(|c| Trace::new(&c.model)).collect();
    let n = compiled.len();
    let f = Fitter {
        compiled,
        traces: std::cell::RefCell::new(traces),
        anchors: std::cell::RefCell::new(vec![Anchor::default(); n]),
    };
    let mut w = Calibration {
        growth_central: 0.05,
        leaving_halfwidth: 0.0,
        drift_halfwidth: 0.0,
        independent_halfwidth: 0.0,
        cost_central: 0.03,
        cost_halfwidth: 0.0,
        blend: None,
    };
    // The growth in new plans so that the central forecast of all EHCPs
    // has no median bias.
    w.growth_central = round3(bisect(-0.1, 0.4, |g| {
        f.bias(
            &Calibration {
                growth_central: g,
                ..w
            },
            Quantity::Total,
            1..=FIT_HORIZON,
        )
    }));
    if anchored {
        w.blend = Some(fit_blend(cases));
        f.anchor_all(w.blend);
    }
    // Each range in turn, the narrowest whose P10 to P90 holds 8 in 10 of
    // its figure's outcomes.
    let widen = |w: Calibration, hi: f64, q: Quantity, set: fn(&mut Calibration, f64)| {
        round3(bisect(0.0, hi, |v| {
            let mut t = w;
            set(&mut t, v);
            f.coverage(t, q, 1..=FIT_HORIZON) - TARGET_COVERAGE
        }))
    };
    w.leaving_halfwidth = widen(w, LEAVING_BOUND, Quantity::Total, |c, v| {
        c.leaving_halfwidth = v
    });
    // Where children are: the moves between settings the projection did
    // not foresee, for mainstream schools' then independent schools'
    // EHCPs.
    w.drift_halfwidth = widen(w, 1.5 * LEAVING_BOUND, Quantity::Mainstream, |c, v| {
        c.drift_halfwidth = v
    });
    w.independent_halfwidth = widen(w, 2.0 * LEAVING_BOUND, Quantity::Independent, |c, v| {
        c.independent_halfwidth = v
    });
    w.cost_central = round3(bisect(-0.1, 0.2, |c| {
        f.bias(
            &Calibration {
                cost_central: c,
                ..w
            },
            Quantity::Spend,
            1..=FIT_HORIZON,
        )
    }));
    w.cost_halfwidth = widen(w, 0.2, Quantity::Spend, |c, v| c.cost_halfwidth = v);
    Ok(w)
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The national figures the app quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The default ranges (fitted; every published authority has them).
    pub calibration: Calibration,
    /// The ranges fitted without each origin, that its forecasts use.
    pub folds: Vec<Fold>,
    pub authorities: usize,
    /// Share of forecasts, each made with the ranges fitted without its
    /// origin, whose outcome fell inside P10 to P90, for each figure in
    /// [`Quantity::ALL`]'s order ([`Summary::held_out_of`]).
    pub held_out: [f64; 5],
    /// The same with the default ranges, every case.
    pub coverage_total: f64,
    pub coverage_spend: f64,
    /// All EHCPs with the national ranges the app had before.
    pub before_coverage_total: f64,
    /// Median absolute percentage error of all EHCPs, six years ahead:
    /// model, own trend, national trend, their average.
    pub mdape_total_6: [f64; 4],
    /// The January 2026 test of all EHCPs (one year ahead, fitted forward
    /// only).
    #[serde(default)]
    pub latest: Latest,
}

/// The January 2026 test, England: forecasts of all EHCPs one year ahead
/// from the last origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Latest {
    pub n: usize,
    /// Model, own trend, national trend, their average.
    pub mdape: [f64; 4],
    /// The authorities' forecasts summed, and what happened.
    pub forecast: f64,
    pub actual: f64,
}

impl Summary {
    /// The held-out coverage of one figure.
    pub fn held_out_of(&self, q: Quantity) -> f64 {
        self.held_out[q.index()]
    }
}

/// The hindcast's index file: the national figures and the cases that
/// could not be built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub summary: Summary,
    pub missing: Vec<String>,
}

/// What the app shows for one authority: its forecast of all EHCPs from
/// its earliest origin, with the likely range, against what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Past {
    pub origin: i32,
    pub years: Vec<PastYear>,
    /// The January 2026 test: the forecast one year ahead from the last
    /// origin, fitted forward only, and what happened.
    #[serde(default)]
    pub latest: Option<PastYear>,
}

/// One January of it (counts rounded to whole plans).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastYear {
    pub census: i32,
    pub central: f64,
    pub p10: f64,
    pub p90: f64,
    #[serde(default)]
    pub actual: Option<f64>,
}

/// The app's hindcast file (`hindcast.json` beside the authorities): the
/// national figures and each authority's past forecast, by LA number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppFile {
    pub version: String,
    pub summary: Summary,
    pub authorities: BTreeMap<String, Past>,
}

/// Each authority's forecast from its earliest origin, for the app.
pub fn pasts(
    authorities: &[Authority],
    runs: usize,
    latest: &[&Point],
) -> Result<BTreeMap<String, Past>, String> {
    let mut out = BTreeMap::new();
    for a in authorities {
        let Some(c) = a.cases.iter().min_by_key(|c| c.origin) else {
            continue;
        };
        let f = forecast(c, runs).map_err(|p| format!("{}: {p}", a.name))?;
        let years = f
            .iter()
            .map(|y| {
                let b = y.bands[0];
                PastYear {
                    census: y.census,
                    central: b.central.round(),
                    p10: b.p10.round(),
                    p90: b.p90.round(),
                    actual: c.actual.get(y.t).and_then(|o| o.total),
                }
            })
            .collect();
        let latest = latest
            .iter()
            .find(|p| p.code == a.code && p.q == Quantity::Total)
            .map(|p| PastYear {
                census: p.origin + p.h as i32,
                central: p.model.central.round(),
                p10: p.model.p10.round(),
                p90: p.model.p90.round(),
                actual: Some(p.actual),
            });
        out.insert(
            a.code.clone(),
            Past {
                origin: c.origin,
                years,
                latest,
            },
        );
    }
    Ok(out)
}

/// The whole comparison.
pub struct Report {
    /// The default ranges, fitted on every origin.
    pub calibration: Calibration,
    /// The ranges fitted without each origin.
    pub folds: Vec<Fold>,
    pub authorities: usize,
    pub cases: usize,
    /// Every forecast made with the ranges fitted without its origin.
    pub points: Vec<Point>,
    /// The same cases with the default ranges.
    pub fitted_points: Vec<Point>,
    /// The same cases with the national ranges the app had before.
    pub before_points: Vec<Point>,
    /// How much where children are moved from one January to the next,
    /// [`Moves`].
    pub moves: Moves,
    /// Forward only ([`forward`]).
    pub forward: Forward,
    /// The flows model alone, not anchored, each origin with ranges fitted
    /// (unanchored) without it.
    pub flows_points: Vec<Point>,
}

/// Forward only: each origin from the third forecast with the anchor and
/// ranges fitted on the origins before it alone, with only the outcomes
/// published by then: a test on years no fit ever saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// What was fitted for each origin tested.
    pub fits: Vec<Fold>,
    /// Every forecast from those origins.
    pub points: Vec<Point>,
}

/// The first origin the forward-only test forecasts.
pub const FORWARD_FROM: i32 = 2021;

/// [`Forward`] for these authorities.
pub fn forward(authorities: &[Authority], runs: usize) -> Result<Forward, String> {
    let mut fits = Vec::new();
    let mut points_all = Vec::new();
    for o in ORIGINS.into_iter().filter(|o| *o >= FORWARD_FROM) {
        let early: Vec<Case> = fit_cases(authorities)
            .into_iter()
            .filter(|c| c.origin < o)
            .map(|c| {
                let mut c = c.clone();
                c.actual.retain(|a| a.census <= o);
                c
            })
            .collect();
        let refs: Vec<&Case> = early.iter().collect();
        let calibration = fit(&refs).map_err(|p| format!("forward fit to {o}: {p}"))?;
        let late: Vec<Authority> = authorities
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.cases.retain(|c| c.origin == o);
                for c in a.cases.iter_mut() {
                    calibration.apply(c);
                }
                a
            })
            .collect();
        points_all.extend(points(&late, runs)?);
        fits.push(Fold {
            origin: o,
            calibration,
        });
    }
    let codes = fitted_codes(authorities);
    naive_ranges(&mut points_all, &|c| codes.contains(c), true);
    Ok(Forward {
        fits,
        points: points_all,
    })
}

/// The codes of the authorities the ranges are fitted on.
fn fitted_codes(authorities: &[Authority]) -> std::collections::BTreeSet<String> {
    authorities
        .iter()
        .enumerate()
        .filter(|(i, _)| fitted_authority(*i))
        .map(|(_, a)| a.code.clone())
        .collect()
}

/// From one January to the next, across authorities and years: the P10 and
/// P90 of the change in the share of EHCPs in mainstream schools (points),
/// and of the relative change in the share in independent schools.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moves {
    pub mainstream: [f64; 2],
    pub independent: [f64; 2],
}

/// [`Moves`] from what happened after each authority's earliest origin.
pub fn moves(authorities: &[Authority]) -> Moves {
    let (mut m, mut x) = (Vec::new(), Vec::new());
    for a in authorities {
        let Some(c) = a.cases.iter().min_by_key(|c| c.origin) else {
            continue;
        };
        let share = |o: &Observed, v: Option<f64>| match (o.total, v) {
            (Some(t), Some(v)) if t > 0.0 && v > 0.0 => Some(v / t),
            _ => None,
        };
        for w in c.actual.windows(2) {
            if let (Some(a0), Some(a1)) =
                (share(&w[0], w[0].mainstream), share(&w[1], w[1].mainstream))
            {
                m.push(a1 - a0);
            }
            if let (Some(a0), Some(a1)) = (
                share(&w[0], w[0].independent),
                share(&w[1], w[1].independent),
            ) {
                x.push(a1 / a0 - 1.0);
            }
        }
    }
    let ends = |mut v: Vec<f64>| {
        if v.is_empty() {
            return [f64::NAN; 2];
        }
        heap_sort(&mut v);
        [percentile(&v, 0.1), percentile(&v, 0.9)]
    };
    Moves {
        mainstream: ends(m),
        independent: ends(x),
    }
}

impl Report {
    /// The held-out points that `f` picks.
    pub fn select(&self, f: impl Fn(&Point) -> bool) -> Vec<&Point> {
        self.points.iter().filter(|p| f(p)).collect()
    }

    /// Coverage of one quantity over `pts`.
    pub fn coverage(&self, pts: &[Point], q: Quantity) -> f64 {
        let sel: Vec<&Point> = pts.iter().filter(|p| p.q == q).collect();
        row("", &sel).coverage
    }

    pub fn summary(&self) -> Summary {
        Summary {
            calibration: self.calibration,
            folds: self.folds.clone(),
            authorities: self.authorities,
            held_out: Quantity::ALL.map(|q| self.coverage(&self.points, q)),
            coverage_total: self.coverage(&self.fitted_points, Quantity::Total),
            coverage_spend: self.coverage(&self.fitted_points, Quantity::Spend),
            before_coverage_total: self.coverage(&self.before_points, Quantity::Total),
            mdape_total_6: row("", &self.select(|p| p.q == Quantity::Total && p.h == 6)).mdape,
            latest: {
                let sel: Vec<&Point> = self
                    .latest()
                    .into_iter()
                    .filter(|p| p.q == Quantity::Total)
                    .collect();
                let r = row("", &sel);
                Latest {
                    n: r.n,
                    mdape: r.mdape,
                    forecast: sel.iter().map(|p| p.model.central).sum(),
                    actual: sel.iter().map(|p| p.actual).sum(),
                }
            },
        }
    }

    /// Share of authorities whose mean absolute error over their forecasts
    /// of `q` is below each naive method's.
    pub fn beats(&self, q: Quantity) -> (f64, f64, usize) {
        let mut by: BTreeMap<&str, [f64; 4]> = BTreeMap::new();
        for p in self.points.iter().filter(|p| p.q == q) {
            let e = by.entry(&p.code).or_default();
            e[0] += (p.model.central / p.actual - 1.0).abs();
            e[1] += (p.own / p.actual - 1.0).abs();
            e[2] += (p.national / p.actual - 1.0).abs();
            e[3] += 1.0;
        }
        let n = by.len();
        let own = by.values().filter(|e| e[0] < e[1]).count();
        let nat = by.values().filter(|e| e[0] < e[2]).count();
        (
            own as f64 / n.max(1) as f64,
            nat as f64 / n.max(1) as f64,
            n,
        )
    }

    /// The January 2026 test: forecasts one year ahead from the last
    /// origin, fitted forward only.
    pub fn latest(&self) -> Vec<&Point> {
        let last = ORIGINS[ORIGINS.len() - 1];
        self.forward
            .points
            .iter()
            .filter(|p| p.origin == last && p.h == 1)
            .collect()
    }
}

/// Run the whole hindcast on the authorities' cases: each forecast with the
/// ranges fitted without its origin, and again with the default ranges.
pub fn report(
    authorities: &[Authority],
    calibration: Calibration,
    folds: Vec<Fold>,
    runs: usize,
) -> Result<Report, String> {
    let mut held = authorities.to_vec();
    apply_folds(&mut held, &folds);
    let mut fitted = authorities.to_vec();
    for a in fitted.iter_mut() {
        for c in a.cases.iter_mut() {
            calibration.apply(c);
        }
    }
    let mut before = authorities.to_vec();
    for a in before.iter_mut() {
        for c in a.cases.iter_mut() {
            c.scenario.assumptions = crate::examples::national_assumptions();
        }
    }
    // The flows model alone: fitted without the anchor, without each origin.
    let mut flows = authorities.to_vec();
    let flow_folds = folds_with(authorities, false).map_err(|p| p.to_string())?;
    apply_folds(&mut flows, &flow_folds);
    let codes = fitted_codes(authorities);
    let fitted_code = |c: &str| codes.contains(c);
    let mut points_held = points(&held, runs)?;
    naive_ranges(&mut points_held, &fitted_code, false);
    let mut fitted_points = points(&fitted, runs)?;
    naive_ranges(&mut fitted_points, &fitted_code, false);
    Ok(Report {
        calibration,
        folds,
        authorities: authorities.len(),
        cases: authorities.iter().map(|a| a.cases.len()).sum(),
        points: points_held,
        fitted_points,
        before_points: points(&before, runs)?,
        moves: moves(authorities),
        forward: forward(authorities, runs)?,
        flows_points: points(&flows, runs)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::example_borough;

    /// A case from the example whose "actual" is the model itself run with
    /// growth `truth`, while the case believes `history`.
    fn synthetic(origin: i32, history: f64, truth: f64) -> Case {
        let mut sc = example_borough();
        sc.authority.base_year = origin - 1;
        sc.horizon = (LATEST - origin) as usize;
        sc.authority.special_capacity = None;
        sc.assumptions.new_plan_growth = Range::new(history - 0.02, history, history + 0.02);
        let model = Model::new(&sc).unwrap();
        let mut p = model.central.clone();
        p.new_plan_growth = truth;
        let mut tr = Trace::new(&model);
        model.simulate(0, &p, &mut tr);
        let g = groups(&model);
        let actual = (0..=model.horizon)
            .map(|t| {
                let v = values(&g, &tr, t);
                Observed {
                    census: origin + t as i32,
                    total: Some(v[0]),
                    mainstream: Some(v[1]),
                    special: Some(v[2]),
                    independent: Some(v[3]),
                    spend_pounds: Some(v[4]),
                }
            })
            .collect();
        Case {
            origin,
            history_growth: history,
            scenario: sc,
            actual,
            naive: Naive {
                own_growth: 0.0,
                national_growth: 0.1,
                own_spend_growth: None,
                national_spend_growth: 0.05,
            },
            recent: Recent::default(),
        }
    }

    #[test]
    fn a_forecast_starts_at_the_origin_and_its_band_holds_the_central_run() {
        let c = synthetic(2019, 0.05, 0.05);
        let f = forecast(&c, 200).unwrap();
        assert_eq!(f.len(), (LATEST - 2019 + 1) as usize);
        assert_eq!(f[0].census, 2019);
        assert_eq!(f[0].year, "2018-19");
        for (q, b) in f[0].bands.iter().enumerate() {
            assert!(
                (b.p10 - b.central).abs() < 1e-6 && (b.p90 - b.central).abs() < 1e-6,
                "{q}"
            );
        }
        for y in &f[1..] {
            let b = y.bands[0];
            assert!(b.p10 < b.central && b.central < b.p90, "{y:?}");
        }
        // The model forecasts its own history exactly.
        assert!((f[6].bands[0].central / c.actual[6].total.unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_fit_finds_the_growth_that_removes_the_bias() {
        // Whatever each case believed, new plans grew 6% a year.
        let cases: Vec<Case> = [0.02, 0.04, 0.06, 0.08]
            .iter()
            .flat_map(|h| [synthetic(2019, *h, 0.06), synthetic(2020, *h, 0.06)])
            .collect();
        let refs: Vec<&Case> = cases.iter().collect();
        // The flows model alone (not anchored).
        let fit = fit_with(&refs, false).unwrap();
        assert!(fit.blend.is_none());
        assert!((fit.growth_central - 0.06).abs() <= 0.0015, "{fit:?}");
        // With no error left in the central run, no range is needed.
        assert!(fit.leaving_halfwidth < 0.01, "{fit:?}");
        // Spend, too, comes from the same runs: no cost bias to remove.
        assert!((fit.cost_central - 0.03).abs() <= 0.0015, "{fit:?}");
    }

    #[test]
    fn the_naive_methods_and_errors_are_counted_from_the_origin() {
        let mut c = synthetic(2021, 0.05, 0.05);
        // The authority's EHCPs grew 10% a year after the origin.
        let t0 = c.actual[0].total.unwrap();
        for (t, o) in c.actual.iter_mut().enumerate() {
            o.total = Some(t0 * 1.1f64.powi(t as i32));
        }
        c.naive.own_growth = 0.1;
        let a = Authority {
            code: "1".into(),
            name: "Test".into(),
            region: "R".into(),
            cases: vec![c],
        };
        let pts = points(std::slice::from_ref(&a), 50).unwrap();
        let total: Vec<&Point> = pts.iter().filter(|p| p.q == Quantity::Total).collect();
        assert_eq!(total.len(), (LATEST - 2021) as usize);
        let r = row("all", &total);
        assert!(r.mdape[1] < 1e-12, "the own trend is exact: {r:?}");
        // The model, growing new plans 5% a year, falls short.
        assert!(r.mdape[0] > 0.01 && r.bias[0] < 0.0, "{r:?}");
        // National growth of 10% matches too.
        assert!(r.mdape[2] < 1e-12 && r.bias[2].abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn least_absolute_deviations_recover_a_line_and_the_pooled_trend_is_fitted_from_the_cases() {
        let rows: Vec<(f64, f64, f64)> = (0..40)
            .map(|i| {
                let (a, b) = (i as f64 * 0.01, ((i * 7) % 11) as f64 * 0.02);
                (a, b, 0.05 + 0.2 * a - 0.5 * b)
            })
            .collect();
        let c = least_squares(&rows, |_| 1.0);
        assert!(
            (c[0] - 0.05).abs() < 1e-6 && (c[1] - 0.2).abs() < 1e-6 && (c[2] + 0.5).abs() < 1e-6,
            "{c:?}"
        );
        // A few rows far off the line pull least squares away from it;
        // least absolute deviations, aiming at the median, keep to it.
        let mut off = rows.clone();
        for r in off.iter_mut().step_by(8) {
            r.2 += 0.5;
        }
        let (sq, ab) = (least_squares(&off, |_| 1.0), least_absolute(&off));
        assert!((sq[0] - 0.05).abs() > 0.02, "{sq:?}");
        assert!(
            (ab[0] - 0.05).abs() < 1e-3 && (ab[1] - 0.2).abs() < 1e-2 && (ab[2] + 0.5).abs() < 1e-2,
            "{ab:?}"
        );
        // Cases whose EHCPs grew 7% a year whatever their own trend: the
        // pooled trend puts no weight on it and finds the 7%.
        let cases: Vec<Case> = [0.0, 0.05, 0.1, 0.2]
            .iter()
            .map(|own| {
                let mut c = synthetic(2020, 0.05, 0.05);
                let t0 = c.actual[0].total.unwrap();
                for (t, o) in c.actual.iter_mut().enumerate() {
                    o.total = Some(t0 * 1.07f64.powi(t as i32));
                }
                c.naive.own_growth = *own;
                c
            })
            .collect();
        let refs: Vec<&Case> = cases.iter().collect();
        let (total, _, _) = pooled_trends(&refs);
        assert!(total[1].abs() < 1e-6, "{total:?}");
        let b = Blend {
            total,
            mainstream: [0.0; 3],
            independent: [0.0; 3],
        };
        assert!(
            (b.growth_of(&cases[3].naive) - 0.07).abs() < 1e-4,
            "{total:?}"
        );
    }

    #[test]
    fn the_anchor_brings_the_forecast_to_the_pooled_trend_and_holds_the_shares() {
        let c = synthetic(2019, 0.05, 0.05);
        let model = Model::new(&c.scenario).unwrap();
        let mut tr = Trace::new(&model);
        // A pooled trend of 3% a year for all EHCPs and for each setting
        // (so the shares are held).
        let three = [0.03f64.ln_1p(), 0.0, 0.0];
        let b = Blend {
            total: three,
            mainstream: three,
            independent: three,
        };
        let an = anchor(&model, &c.naive, &b, &mut tr);
        assert_eq!(an.growth, Some(0.03));
        let mut case = c.clone();
        let cal = Calibration {
            growth_central: 0.05,
            leaving_halfwidth: 0.01,
            drift_halfwidth: 0.01,
            independent_halfwidth: 0.01,
            cost_central: 0.03,
            cost_halfwidth: 0.01,
            blend: Some(b),
        };
        cal.apply(&mut case);
        let f = forecast(&case, 10).unwrap();
        // Year by year, all EHCPs keep to the pooled trend's path, to
        // within 1.5% (the unanchored 5% a year is 12% above it by year 6).
        let e0 = f[0].bands[0].central;
        for y in f.iter().take(PATH_YEARS + 1) {
            let e = y.bands[0].central;
            assert!(
                (e / (e0 * 1.03f64.powi(y.t as i32)) - 1.0).abs() < 0.015,
                "{} years ahead: {e0} {e}",
                y.t
            );
        }
        // The ranges are centred on the anchor.
        let l = case.scenario.assumptions.leaving;
        assert!(
            (l.central - an.leaving).abs() < 1e-9 && (l.high - l.central - 0.01).abs() < 1e-9,
            "{l:?}"
        );
        // EHCPs in mainstream and in independent schools keep to theirs,
        // to within 2% in each of the years they are fitted on (the flows
        // bend the path; the moves between settings are constant).
        for q in [Quantity::Mainstream, Quantity::Independent] {
            let v0 = f[0].bands[q.index()].central;
            for y in f.iter().take(ANCHOR_YEARS + 1) {
                let v = y.bands[q.index()].central;
                assert!(
                    (v / (v0 * 1.03f64.powi(y.t as i32)) - 1.0).abs() < 0.02,
                    "{q:?}, {} years ahead: {v0} {v}",
                    y.t
                );
            }
        }
    }

    #[test]
    fn the_interval_score_rewards_a_narrow_range_that_holds() {
        assert!((interval_score(90.0, 110.0, 100.0) - 0.2).abs() < 1e-12);
        // Missing by 10 costs ten times 10.
        assert!((interval_score(90.0, 100.0, 110.0) - (10.0 + 100.0) / 110.0).abs() < 1e-12);
        assert!(interval_score(95.0, 105.0, 100.0) < interval_score(50.0, 150.0, 100.0));
    }
}
