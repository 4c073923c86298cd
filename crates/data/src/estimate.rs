//! Flows estimated from counts: ageing, cease rates, where new plans go,
//! transitions between phases and escalation within them. Each estimator
//! works on summed counts, so the same code gives an authority's own figure
//! and its region's, and the two are pooled by [`pool`] and [`pool_shares`]
//! (docs/model.md, "Published authorities").

// Loops over the seven kinds index several arrays at once.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;

use crate::sen2::{phase_of_age, Kinds, INDEPENDENT, MAINSTREAM, RESOURCED, SPECIAL};

/// Counts by single year of age: the age's total and its counts by kind.
pub type Ages = BTreeMap<u32, (f64, Kinds)>;

/// The counts the estimators read, for one authority or summed over many.
#[derive(Default, Clone)]
pub struct Counts {
    /// EHCPs by age, January 2024 and January 2025 (totals always; kinds
    /// only where `kinds_ok` holds for that year).
    pub age: BTreeMap<i32, Ages>,
    pub kinds_ok: BTreeMap<i32, bool>,
    /// New plans in 2024 by age started, with known placements by kind.
    pub new_age: Ages,
    /// Plans ceased in 2024 by age, other than at the age limit.
    pub ceased_age: BTreeMap<u32, f64>,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        for (year, ages) in &o.age {
            let ok = o.kinds_ok.get(year).copied().unwrap_or(false);
            for (age, (t, k)) in ages {
                let e = self
                    .age
                    .entry(*year)
                    .or_default()
                    .entry(*age)
                    .or_insert((0.0, [0.0; 7]));
                e.0 += t;
                if ok {
                    for i in 0..7 {
                        e.1[i] += k[i];
                    }
                }
            }
        }
        for (year, ok) in &o.kinds_ok {
            // A sum's kinds are usable if any part's were (the parts without
            // kinds add to the totals only; shares come from the kinds).
            let e = self.kinds_ok.entry(*year).or_insert(false);
            *e = *e || *ok;
        }
        for (age, (t, k)) in &o.new_age {
            let e = self.new_age.entry(*age).or_insert((0.0, [0.0; 7]));
            e.0 += t;
            for i in 0..7 {
                e.1[i] += k[i];
            }
        }
        for (age, c) in &o.ceased_age {
            *self.ceased_age.entry(*age).or_insert(0.0) += c;
        }
    }

    fn kinds_year(&self, year: i32) -> Option<&Ages> {
        if self.kinds_ok.get(&year).copied().unwrap_or(false) {
            self.age.get(&year)
        } else {
            None
        }
    }
}

/// A rate as numerator over denominator.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ratio {
    pub num: f64,
    pub den: f64,
}

impl Ratio {
    pub fn value(&self) -> Option<f64> {
        (self.den > 0.0).then(|| self.num / self.den)
    }
}

/// An authority's rate pooled with its region's: the authority's counts
/// plus `k` observations at the region's rate.
pub fn pool(own: Ratio, region: f64, k: f64) -> f64 {
    (own.num + k * region) / (own.den + k)
}

/// Shares pooled the same way: own counts plus `k` at the region's shares.
pub fn pool_shares(own: &Kinds, region: &Kinds, k: f64) -> Kinds {
    let n: f64 = own.iter().sum();
    let rn: f64 = region.iter().sum();
    let mut out = [0.0; 7];
    for i in 0..7 {
        let rs = if rn > 0.0 { region[i] / rn } else { 0.0 };
        out[i] = (own[i] + k * rs) / (n + k);
    }
    out
}

/// Totals by phase of an age table.
pub fn by_phase(ages: &Ages) -> [f64; 5] {
    let mut out = [0.0; 5];
    for (age, (t, _)) in ages {
        out[phase_of_age(*age)] += t;
    }
    out
}

/// Counts by phase and kind of an age table.
pub fn by_phase_kind(ages: &Ages) -> [Kinds; 5] {
    let mut out = [[0.0; 7]; 5];
    for (age, (_, k)) in ages {
        for i in 0..7 {
            out[phase_of_age(*age)][i] += k[i];
        }
    }
    out
}

/// The share of each phase in its final year of age (u5: age 4; p: 10;
/// s: 15; f: 19), January 2025. Phase a (20 to 25) is one SEN2 band, so
/// its ageing is not observed: `None`.
pub fn ageing(c: &Counts) -> [Option<Ratio>; 5] {
    let Some(ages) = c.age.get(&2025) else {
        return [None; 5];
    };
    let phase = by_phase(ages);
    let last = |a: u32| ages.get(&a).map(|v| v.0).unwrap_or(0.0);
    [
        Some(Ratio {
            num: last(4),
            den: phase[0],
        }),
        Some(Ratio {
            num: last(10),
            den: phase[1],
        }),
        Some(Ratio {
            num: last(15),
            den: phase[2],
        }),
        Some(Ratio {
            num: last(19),
            den: phase[3],
        }),
        None,
    ]
}

/// Plans ceased in 2024 (not at the age limit) over plans held in January
/// 2024, by phase.
pub fn cease(c: &Counts) -> [Ratio; 5] {
    let held = c.age.get(&2024).map(by_phase).unwrap_or([0.0; 5]);
    let mut ceased = [0.0; 5];
    for (age, n) in &c.ceased_age {
        ceased[phase_of_age(*age)] += n;
    }
    let mut out = [Ratio::default(); 5];
    for p in 0..5 {
        if c.ceased_age.is_empty() {
            continue;
        }
        out[p] = Ratio {
            num: ceased[p],
            den: held[p],
        };
    }
    out
}

/// New plans in 2024 by phase (all plans) and their known placements by kind.
pub fn new_plans(c: &Counts) -> ([f64; 5], [Kinds; 5]) {
    (by_phase(&c.new_age), by_phase_kind(&c.new_age))
}

/// The phase boundaries a cohort crosses in a year: the last age of a phase
/// in January 2024 and the first of the next in January 2025.
pub const BOUNDARIES: [(u32, u32); 4] = [(4, 5), (10, 11), (15, 16), (19, 20)];

/// Settings by kind of one cohort before and after a boundary.
pub fn boundary(c: &Counts, b: usize) -> Option<(Kinds, Kinds)> {
    let (from, to) = BOUNDARIES[b];
    let a = c.kinds_year(2024)?.get(&from)?.1;
    let z = c.kinds_year(2025)?.get(&to)?.1;
    Some((a, z))
}

/// The transition matrix with the most children staying where they are
/// that turns the `from` shares into the `to` shares: each kind keeps
/// min(from, to); what the shrinking kinds lose goes to the growing kinds
/// in proportion to their growth. Rows are from-kinds with a share.
pub fn least_moves(from: &Kinds, to: &Kinds) -> Vec<(usize, Vec<(usize, f64)>)> {
    let nf: f64 = from.iter().sum();
    let nt: f64 = to.iter().sum();
    if nf <= 0.0 || nt <= 0.0 {
        return Vec::new();
    }
    let f: Vec<f64> = from.iter().map(|v| v / nf).collect();
    let t: Vec<f64> = to.iter().map(|v| v / nt).collect();
    let gain: Vec<f64> = (0..7).map(|i| (t[i] - f[i]).max(0.0)).collect();
    let total_gain: f64 = gain.iter().sum();
    let mut rows = Vec::new();
    for i in 0..7 {
        if f[i] <= 0.0005 {
            continue;
        }
        let stay = f[i].min(t[i]);
        let loss = f[i] - stay;
        let mut row = vec![(i, stay / f[i])];
        if loss > 0.0 && total_gain > 0.0 {
            for j in 0..7 {
                if gain[j] > 0.0 {
                    row.push((j, loss * gain[j] / total_gain / f[i]));
                }
            }
        }
        rows.push((i, row));
    }
    rows
}

/// Escalation within a phase, from counts: for each pair of consecutive
/// ages inside it, the growth in one cohort's specialist places (special
/// and independent) from one January to the next, less the new plans that
/// started in a specialist place at that age in the year between, over the
/// cohort's mainstream and resourced places a year before; summed over the
/// phase's ages. Also the independent part of that growth. Ages 2 to 4 are
/// left out: most specialist places there are first placements of new plans.
pub fn escalation(c: &Counts) -> [(Ratio, Ratio); 5] {
    let mut out = [(Ratio::default(), Ratio::default()); 5];
    let (Some(a), Some(z)) = (c.kinds_year(2024), c.kinds_year(2025)) else {
        return out;
    };
    for age in 5..19u32 {
        let p = phase_of_age(age);
        if p != phase_of_age(age + 1) {
            continue;
        }
        let (Some((_, ka)), Some((_, kz))) = (a.get(&age), z.get(&(age + 1))) else {
            continue;
        };
        let new = c.new_age.get(&(age + 1)).map(|v| v.1).unwrap_or([0.0; 7]);
        let d_special = (kz[SPECIAL] - ka[SPECIAL] - new[SPECIAL]).max(0.0);
        let d_ind = (kz[INDEPENDENT] - ka[INDEPENDENT] - new[INDEPENDENT]).max(0.0);
        out[p].0.num += d_special + d_ind;
        out[p].0.den += ka[MAINSTREAM] + ka[RESOURCED];
        out[p].1.num += d_ind;
        out[p].1.den += d_special + d_ind;
    }
    out
}

/// Whole numbers that add up to `total` in proportion to `weights`
/// (largest remainder). Zero weights everywhere give nothing.
pub fn apportion(total: f64, weights: &[f64]) -> Vec<f64> {
    let total = total.round();
    let w: f64 = weights.iter().map(|v| v.max(0.0)).sum();
    if w <= 0.0 || total <= 0.0 {
        return vec![0.0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|v| v.max(0.0) / w * total).collect();
    let mut out: Vec<f64> = exact.iter().map(|v| v.floor()).collect();
    let mut left = total - out.iter().sum::<f64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&i, &j| {
        (exact[j] - exact[j].floor())
            .partial_cmp(&(exact[i] - exact[i].floor()))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(i.cmp(&j))
    });
    for i in order {
        if left < 0.5 {
            break;
        }
        out[i] += 1.0;
        left -= 1.0;
    }
    out
}

/// Shares rounded to four places that still add up to exactly one (the
/// largest takes the rounding).
pub fn round_shares(v: &mut Vec<(usize, f64)>) {
    let total: f64 = v.iter().map(|x| x.1).sum();
    if total <= 0.0 {
        return;
    }
    for x in v.iter_mut() {
        x.1 = (x.1 / total * 10_000.0).round() / 10_000.0;
    }
    v.retain(|x| x.1 > 0.0);
    let sum: f64 = v.iter().map(|x| x.1).sum();
    if let Some(big) = v
        .iter_mut()
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
    {
        big.1 = ((big.1 + 1.0 - sum) * 10_000.0).round() / 10_000.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_exactly() {
        let v = apportion(10.0, &[1.0, 1.0, 1.0]);
        assert_eq!(v.iter().sum::<f64>(), 10.0);
        assert_eq!(v, vec![4.0, 3.0, 3.0]);
        assert_eq!(apportion(0.0, &[1.0]), vec![0.0]);
        assert_eq!(apportion(5.0, &[0.0, 0.0]), vec![0.0, 0.0]);
    }

    #[test]
    fn least_moves_keeps_stayers_and_moves_the_difference() {
        // Half mainstream, half special becomes a quarter mainstream.
        let from = [50.0, 0.0, 50.0, 0.0, 0.0, 0.0, 0.0];
        let to = [25.0, 0.0, 75.0, 0.0, 0.0, 0.0, 0.0];
        let rows = least_moves(&from, &to);
        let main = &rows.iter().find(|r| r.0 == 0).unwrap().1;
        assert!((main[0].1 - 0.5).abs() < 1e-12, "half of mainstream stays");
        assert_eq!(main[1].0, 2);
        assert!((main[1].1 - 0.5).abs() < 1e-12);
        let special = &rows.iter().find(|r| r.0 == 2).unwrap().1;
        assert_eq!(special.len(), 1, "a growing kind keeps all of its own");
        assert!((special[0].1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pooling_leans_on_the_region_when_counts_are_thin() {
        let thin = Ratio { num: 1.0, den: 2.0 };
        let thick = Ratio {
            num: 500.0,
            den: 1000.0,
        };
        assert!((pool(thin, 0.1, 200.0) - 0.1).abs() < 0.01);
        assert!((pool(thick, 0.1, 200.0) - 0.5).abs() < 0.1);
    }

    #[test]
    fn rounded_shares_sum_to_one() {
        let mut v = vec![(0, 1.0 / 3.0), (1, 1.0 / 3.0), (2, 1.0 / 3.0)];
        round_shares(&mut v);
        let s: f64 = v.iter().map(|x| x.1).sum();
        assert!((s - 1.0).abs() < 1e-9, "{s}");
    }
}
