//! The hindcast's cases: each authority's scenario as it could have been
//! built at each origin (January 2019 to 2025) from what was published by
//! then, with what then happened. The comparison itself is
//! `hne_model::hindcast`; the method is in docs/model.md, "The hindcast".
//!
//! Known at the origin, and used: EHCPs at each January census to the origin
//! (all plans, by setting from 2019, by phase from the 2022 release's age
//! bands); new plans in each calendar year before it (all plans, by phase,
//! and from 2019 by setting); net high needs spend from 2017-18 to the
//! origin's financial year. Not published per authority before 2023 and so
//! taken from the current build (the structure, not the growth): where
//! children move at each change of phase, escalation, the share of each
//! phase in its last year of age, and the relative cost of settings.

use std::collections::BTreeMap;

use hne_model::engine::phases_served;
use hne_model::hindcast::{
    Authority, Case, Naive, Observed, Recent, ANCHOR_YEARS, LATEST, ORIGINS,
};
use hne_model::map::Map;
use hne_model::schema::{Caseload, PerPhase, Source};
use hne_model::Phase;
use hne_model::{Model, Scenario};

use crate::build::{current, Derived, Inputs};
use crate::sen2::{self, KINDS};

/// Weight of the authority's own implied rate of plans leaving; the rest
/// is England's over the same years.
pub const EXIT_OWN_WEIGHT: f64 = 0.25;

/// Compound annual growth from `a` to `b` over `years`.
fn cagr(a: f64, b: f64, years: i32) -> Option<f64> {
    (a > 0.0 && b > 0.0 && years > 0).then(|| (b / a).powf(1.0 / years as f64) - 1.0)
}

impl Inputs {
    /// New plans in a calendar year, all plans.
    pub fn new_total(&self, code: &str, year: i32) -> Option<f64> {
        if let Some(v) = self.sen2.las.get(code).and_then(|l| l.new_total.get(&year)) {
            return Some(*v);
        }
        if let Some(v) = self
            .older_ages
            .new_ages
            .get(code)
            .and_then(|m| m.get(&year))
            .and_then(|a| a[5])
        {
            return Some(v);
        }
        let (pred, _, s) = self.predecessor_of(code)?;
        Some(self.new_total(pred, year)? * s)
    }
    fn bands(
        &self,
        map: &BTreeMap<String, BTreeMap<i32, [Option<f64>; 6]>>,
        code: &str,
        year: i32,
    ) -> Option<[Option<f64>; 6]> {
        if let Some(v) = map.get(code).and_then(|m| m.get(&year)) {
            return Some(*v);
        }
        let (pred, _, s) = self.predecessor_of(code)?;
        Some(self.bands(map, pred, year)?.map(|v| v.map(|x| x * s)))
    }
    /// EHCPs by phase at a census: the 2022 release's age bands to 2022,
    /// then the 2025 release's single years of age summed by phase.
    fn phase_bands(&self, code: &str, census: i32) -> Option<[Option<f64>; 6]> {
        if let Some(b) = self.bands(&self.older_ages.ages, code, census) {
            return Some(b);
        }
        if let Some(ages) = self.sen2.las.get(code).and_then(|l| l.by_age.get(&census)) {
            let mut v = [None; 6];
            for (age, (t, _)) in ages {
                let p = sen2::phase_of_age(*age);
                v[p] = Some(v[p].unwrap_or(0.0) + t);
            }
            v[5] = Some(ages.values().map(|x| x.0).sum());
            return Some(v);
        }
        let (pred, _, s) = self.predecessor_of(code)?;
        Some(self.phase_bands(pred, census)?.map(|v| v.map(|x| x * s)))
    }
    /// Where a kind's split is published for that very census (no nearest
    /// year standing in).
    fn kinds_at(&self, code: &str, census: i32) -> Option<sen2::Kinds> {
        if let Some(k) = self.sen2.las.get(code).and_then(|l| l.by_kind.get(&census)) {
            return Some(*k);
        }
        let (pred, _, s) = self.predecessor_of(code)?;
        Some(self.kinds_at(pred, census)?.map(|v| v * s))
    }
}

/// Phase shares from five age bands, a missing band taking its share of the
/// remainder by `fallback`.
fn phase_split(total: f64, bands: Option<[Option<f64>; 6]>, fallback: [f64; 5]) -> [f64; 5] {
    let b = bands.unwrap_or([None; 6]);
    let known: f64 = b[..5].iter().flatten().sum();
    let rest = (total - known).max(0.0);
    let w: f64 = (0..5)
        .filter(|&p| b[p].is_none())
        .map(|p| fallback[p])
        .sum();
    let mut v: [f64; 5] = std::array::from_fn(|p| match b[p] {
        Some(x) => x,
        None if w > 0.0 => rest * fallback[p] / w,
        None => 0.0,
    });
    let s: f64 = v.iter().sum();
    if s > 0.0 {
        for x in v.iter_mut() {
            *x *= total / s;
        }
    }
    v
}

/// Iterative proportional fitting of a phase-by-kind table to its margins.
fn ipf(seed: [[f64; 7]; 5], rows: [f64; 5], cols: [f64; 7]) -> [[f64; 7]; 5] {
    let mut m = seed;
    for _ in 0..50 {
        for (p, row) in m.iter_mut().enumerate() {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                for x in row.iter_mut() {
                    *x *= rows[p] / s;
                }
            }
        }
        for (k, col) in cols.iter().enumerate() {
            let s: f64 = (0..5).map(|p| m[p][k]).sum();
            if s > 0.0 {
                for row in m.iter_mut() {
                    row[k] *= col / s;
                }
            }
        }
    }
    m
}

/// Sum of the authorities' values where every one needed is present.
fn national(inputs: &Inputs, f: impl Fn(&str) -> Option<(f64, f64)>) -> Option<(f64, f64)> {
    let (mut a, mut b) = (0.0, 0.0);
    for la in current(inputs) {
        if let Some((x, y)) = f(&la.code) {
            a += x;
            b += y;
        }
    }
    (a > 0.0).then_some((a, b))
}

/// Growth in new plans known at `origin` (census year): England's over the
/// three calendar years to `origin - 1`. (The authority's own growth, even
/// a quarter of it pooled in, made past forecasts worse: docs/model.md.)
pub fn history_growth(inputs: &Inputs, origin: i32) -> f64 {
    let (y0, y1) = (origin - 4, origin - 1);
    let g = national(inputs, |c| {
        Some((inputs.new_total(c, y0)?, inputs.new_total(c, y1)?))
    })
    .and_then(|(a, b)| cagr(a, b, 3))
    .unwrap_or(0.05);
    (g * 10_000.0).round() / 10_000.0
}

pub fn observed(inputs: &Inputs, code: &str, census: i32) -> Observed {
    let k = inputs.kinds_at(code, census);
    Observed {
        census,
        total: inputs.total(code, census),
        mainstream: k.map(|k| k[sen2::MAINSTREAM] + k[sen2::RESOURCED]),
        special: k.map(|k| k[sen2::SPECIAL]),
        independent: k.map(|k| k[sen2::INDEPENDENT]),
        spend_pounds: inputs.net(code, census - 1),
    }
}

/// England's EHCPs at a census, all plans and by setting: the authorities
/// with a split by setting that year, summed.
pub fn england_observed(inputs: &Inputs, census: i32) -> Observed {
    let (mut t, mut m, mut sp, mut x) = (0.0, 0.0, 0.0, 0.0);
    for la in current(inputs) {
        if let (Some(total), Some(k)) = (
            inputs.total(&la.code, census),
            inputs.kinds_at(&la.code, census),
        ) {
            t += total;
            m += k[sen2::MAINSTREAM] + k[sen2::RESOURCED];
            sp += k[sen2::SPECIAL];
            x += k[sen2::INDEPENDENT];
        }
    }
    let some = |v: f64| (t > 0.0).then_some(v);
    Observed {
        census,
        total: some(t),
        mainstream: some(m),
        special: some(sp),
        independent: some(x),
        spend_pounds: None,
    }
}

/// What the censuses showed over the three years to `origin`: the
/// authority's and England's.
pub fn recent(inputs: &Inputs, code: &str, origin: i32) -> Recent {
    Recent {
        own: (origin - 3..=origin)
            .map(|c| observed(inputs, code, c))
            .collect(),
        england: (origin - 3..=origin)
            .map(|c| england_observed(inputs, c))
            .collect(),
    }
}

/// Plans leaving over the three years to `origin` (EHCPs one January plus
/// that year's new plans, less the next January's), and plans held.
fn implied_exits(inputs: &Inputs, code: &str, origin: i32) -> (f64, f64) {
    let (mut out, mut held) = (0.0, 0.0);
    for y in origin - 3..origin {
        if let (Some(e0), Some(n), Some(e1)) = (
            inputs.total(code, y),
            inputs.new_total(code, y),
            inputs.total(code, y + 1),
        ) {
            out += e0 + n - e1;
            held += e0;
        }
    }
    (out, held)
}

/// England's figures known at an origin, the same for every authority's
/// case from it (worked out once per origin).
struct England {
    /// Growth in new plans over the three years before.
    history_growth: f64,
    /// The share of plans held that left each year over those years.
    exit_rate: Option<f64>,
    /// Growth in EHCPs over the three years to the origin.
    ehcp_growth: f64,
    /// Growth in net high needs spend from 2017-18 to the origin's year.
    spend_growth: f64,
}

impl England {
    fn at(inputs: &Inputs, origin: i32) -> England {
        let (t0, t3) = (origin - 3, origin);
        England {
            history_growth: history_growth(inputs, origin),
            exit_rate: national(inputs, |c| {
                let (o, h) = implied_exits(inputs, c, origin);
                (h > 0.0).then_some((h, o))
            })
            .map(|(h, o)| o / h),
            ehcp_growth: national(inputs, |c| {
                Some((inputs.total(c, t0)?, inputs.total(c, t3)?))
            })
            .and_then(|(a, b)| cagr(a, b, 3))
            .unwrap_or(0.0),
            spend_growth: national(inputs, |c| {
                Some((inputs.net(c, 2017)?, inputs.net(c, origin - 1)?))
            })
            .and_then(|(a, b)| cagr(a, b, origin - 1 - 2017))
            .unwrap_or(0.0),
        }
    }
}

/// What the anchor needs for a published authority, known at the January
/// census `census`: its recent censuses and England's, and the two naive
/// growths over the three years to it.
pub fn known_at(inputs: &Inputs, code: &str, census: i32) -> (Recent, Naive) {
    let e = England::at(inputs, census);
    let own = match (inputs.total(code, census - 3), inputs.total(code, census)) {
        (Some(a), Some(b)) => cagr(a, b, 3),
        _ => None,
    };
    (
        recent(inputs, code, census),
        Naive {
            own_growth: own.unwrap_or(e.ehcp_growth),
            national_growth: e.ehcp_growth,
            own_spend_growth: None,
            national_spend_growth: e.spend_growth,
        },
    )
}

/// One authority's case from one origin, or why there is none.
fn case(inputs: &Inputs, d: &Derived, origin: i32, england: &England) -> Result<Case, String> {
    let code = d.code.as_str();
    let template = &d.scenario;
    let total = inputs
        .total(code, origin)
        .ok_or("no EHCPs published at the origin")?;
    let kinds = inputs
        .kinds_at(code, origin)
        .ok_or("no split by setting at the origin")?;
    // The template's phase-by-kind table seeds the split.
    let mut seed = [[0.0; 7]; 5];
    for (k, id) in KINDS.iter().enumerate() {
        if let Some(Caseload::ByPhase(pp)) = template.authority.caseload.get(id) {
            for (p, v) in pp.to_array().into_iter().enumerate() {
                seed[p][k] = v.max(0.0);
            }
        }
    }
    let seed_phase: [f64; 5] = std::array::from_fn(|p| seed[p].iter().sum());
    let phases = phase_split(total, inputs.phase_bands(code, origin), seed_phase);
    let ks: f64 = kinds.iter().sum();
    let cols: [f64; 7] = std::array::from_fn(|k| kinds[k] * total / ks.max(1e-9));
    // A setting with children at the origin but none in the template's
    // table starts from the phases it serves.
    for (k, id) in KINDS.iter().enumerate() {
        if cols[k] > 0.0 && (0..5).all(|p| seed[p][k] <= 0.0) {
            let kind = template
                .authority
                .settings
                .iter()
                .find(|s| s.id == *id)
                .map(|s| s.kind);
            if let Some(kind) = kind {
                let served = phases_served(kind);
                for p in 0..5 {
                    if served[p] {
                        seed[p][k] = phases[p].max(1e-6);
                    }
                }
            }
        }
    }
    let table = ipf(seed, phases, cols);
    let mut sc: Scenario = template.clone();
    let a = &mut sc.authority;
    for (k, id) in KINDS.iter().enumerate() {
        a.caseload.insert(
            id.to_string(),
            Caseload::ByPhase(PerPhase::from_array(std::array::from_fn(|p| {
                (table[p][k] * 100.0).round() / 100.0
            }))),
        );
    }
    // New plans in the calendar year before the origin, by phase.
    let ny = origin - 1;
    let new = inputs
        .new_total(code, ny)
        .ok_or("no new plans published for the year before the origin")?;
    let np = phase_split(
        new,
        inputs.bands(&inputs.older_ages.new_ages, code, ny),
        template.authority.new_plans.to_array(),
    );
    a.new_plans = PerPhase::from_array(np.map(|v| (v * 100.0).round() / 100.0));
    // Where new plans went that year, where published: each phase's mix
    // scaled so that together they match it.
    if let Some(nk) = inputs
        .sen2
        .las
        .get(code)
        .and_then(|l| l.new_kinds.get(&ny))
        .filter(|k| k.iter().sum::<f64>() > 0.0)
    {
        let mut overall = [0.0; 7];
        for p in Phase::ALL {
            let n = a.new_plans.get(p);
            for (k, id) in KINDS.iter().enumerate() {
                overall[k] += n * a.placement_mix.get(p).get(id).copied().unwrap_or(0.0);
            }
        }
        let (so, sn): (f64, f64) = (overall.iter().sum(), nk.iter().sum());
        for p in Phase::ALL {
            let mix = a.placement_mix.get_mut(p);
            let mut v: Vec<(String, f64)> = KINDS
                .iter()
                .enumerate()
                .map(|(k, id)| {
                    let m = mix.get(id).copied().unwrap_or(0.0);
                    let r = if overall[k] > 0.0 {
                        (nk[k] / sn) / (overall[k] / so)
                    } else {
                        1.0
                    };
                    (id.to_string(), m * r)
                })
                .collect();
            let s: f64 = v.iter().map(|x| x.1).sum();
            if s > 0.0 {
                for x in v.iter_mut() {
                    x.1 = (x.1 / s * 10_000.0).round() / 10_000.0;
                }
                // Shares sum to 1 to within the rounding: the largest takes it.
                let sum: f64 = v.iter().map(|x| x.1).sum();
                if let Some(big) = v.iter_mut().max_by(|x, y| x.1.total_cmp(&y.1)) {
                    big.1 = ((big.1 + 1.0 - sum) * 10_000.0).round() / 10_000.0;
                }
                *mix = Map::from_pairs(v);
            }
        }
    }
    // Leaving: the exits the censuses and new plans imply over the three
    // years before the origin (EHCPs in January, plus new plans that year,
    // less EHCPs the next January), over EHCPs held.
    let (out, held) = implied_exits(inputs, code, origin);
    if held > 0.0 {
        let own = out / held;
        let rate = match england.exit_rate {
            Some(e) => (EXIT_OWN_WEIGHT * own + (1.0 - EXIT_OWN_WEIGHT) * e).max(0.0),
            None => own.max(0.0),
        };
        let e4 = phases[4];
        let ageing_out = a.ageing.get(Phase::ALL[4]) * e4;
        let ceasing: f64 = Phase::ALL
            .iter()
            .enumerate()
            .map(|(p, ph)| a.cease_rate.get(*ph) * phases[p])
            .sum();
        if ceasing > 0.0 {
            let f = ((rate * total - ageing_out) / ceasing).clamp(0.0, 4.0);
            for ph in Phase::ALL {
                let c = a.cease_rate.get_mut(ph);
                *c = ((*c * f).min(0.9) * 10_000.0).round() / 10_000.0;
            }
        }
    }
    // No other lines, no capacity limit; funding equal to spend.
    a.other_spend.clear();
    a.special_capacity = None;
    a.base_year = origin - 1;
    a.history.clear();
    a.deficit.opening_pounds = 0.0;
    a.deficit.safety_valve = Map::new();
    a.deficit.contributions = Map::new();
    a.deficit.other_dsg_adjustments = Map::new();
    a.funding.allocation_overrides = Map::new();
    a.funding.schools_block_overrides = Map::new();
    a.deficit.closing_pounds = None;
    a.funding.other_income = Map::new();
    a.funding.schools_block_pounds = 0.0;
    a.sources = vec![Source {
        field: "authority".into(),
        text: format!("Hindcast from January {origin}: built from what was published by then (see docs/model.md, \"The hindcast\")."),
        estimated: true,
    }];
    sc.name = format!("{}: hindcast from January {origin}", d.name);
    // At least the years the anchor looks ahead, so that every case's
    // central forecast is anchored the same way.
    sc.horizon = ((LATEST - origin) as usize).max(ANCHOR_YEARS);
    sc.levers = Default::default();
    // Unit costs scaled so the base year's spend is net high needs spend
    // that year (section 251): the comparison is like for like.
    let spend0 = inputs.net(code, origin - 1);
    let model = Model::new(&sc).map_err(|p| p.to_string())?;
    let modelled = model.run(0).spend[0];
    if let Some(s) = spend0 {
        if modelled > 0.0 {
            let f = s / modelled;
            for st in sc.authority.settings.iter_mut() {
                st.place_pounds = (st.place_pounds * f).round();
                for b in st.bands.iter_mut() {
                    b.value_pounds = (b.value_pounds * f).round();
                }
            }
        }
    }
    let m2 = Model::new(&sc).map_err(|p| p.to_string())?;
    sc.authority.funding.hnb_allocation_pounds = m2.run(0).spend[0].round();
    // The naive methods, on the same data.
    let (t0, t3) = (origin - 3, origin);
    let own_growth = match (inputs.total(code, t0), inputs.total(code, t3)) {
        (Some(a), Some(b)) => cagr(a, b, 3),
        _ => None,
    };
    let national_growth = england.ehcp_growth;
    let years = origin - 1 - 2017;
    let own_spend_growth = match (inputs.net(code, 2017), spend0) {
        (Some(a), Some(b)) => cagr(a, b, years),
        _ => None,
    };
    let national_spend_growth = england.spend_growth;
    Ok(Case {
        origin,
        history_growth: england.history_growth,
        scenario: sc,
        actual: (origin..=LATEST)
            .map(|c| observed(inputs, code, c))
            .collect(),
        naive: Naive {
            own_growth: own_growth.unwrap_or(national_growth),
            national_growth,
            own_spend_growth,
            national_spend_growth,
        },
        recent: recent(inputs, code, origin),
    })
}

/// Every authority's cases (with the published default ranges), and the
/// cases that could not be built, with why.
pub fn cases(inputs: &Inputs, derived: &[Derived]) -> (Vec<Authority>, Vec<String>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    let mut derived: Vec<&Derived> = derived.iter().collect();
    derived.sort_by(|a, b| a.code.cmp(&b.code));
    let england: Vec<England> = ORIGINS.iter().map(|o| England::at(inputs, *o)).collect();
    for d in derived {
        let mut cs = Vec::new();
        for (o, e) in ORIGINS.into_iter().zip(&england) {
            match case(inputs, d, o, e) {
                Ok(c) => cs.push(c),
                Err(e) => missing.push(format!("{} ({}), January {o}: {e}", d.name, d.code)),
            }
        }
        out.push(Authority {
            code: d.code.clone(),
            name: d.name.clone(),
            region: d.region.clone(),
            cases: cs,
        });
    }
    (out, missing)
}
