//! Comparisons: each authority beside its region, England and its ten most
//! similar authorities, on four figures: the share of EHCPs in mainstream
//! schools and in independent special schools (January 2026), the growth in
//! EHCPs (a year, January 2019 to January 2026) and high needs spend per
//! EHCP (2024-25, like for like).
//!
//! Similar authorities are the ten nearest on three things that are not
//! the outcomes compared: the kind of authority (London borough, metropolitan
//! district, unitary, county: a different kind counts as far), the number of
//! children and young people aged 2 to 18 (on a log scale) and EHCPs per
//! 1,000 of them in January 2019, each measured in standard deviations.

// Loops over the kinds and the two measures index several arrays at once.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;

use crate::build::{Derived, Inputs, CENSUS};
use crate::sen2::{Kinds, INDEPENDENT, MAINSTREAM};

/// The four figures for one area (compare.json's own type).
pub use hne_model::published::Figures;

/// What the sums of an area are made of.
#[derive(Default, Clone, Copy)]
struct Sums {
    kinds: Kinds,
    total: f64,
    total_2019: f64,
    spend: f64,
    spend_ehcps: f64,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        for i in 0..7 {
            self.kinds[i] += o.kinds[i];
        }
        self.total += o.total;
        self.total_2019 += o.total_2019;
        self.spend += o.spend;
        self.spend_ehcps += o.spend_ehcps;
    }
    fn figures(&self) -> Figures {
        let r4 = |v: f64| (v * 10_000.0).round() / 10_000.0;
        Figures {
            mainstream_share: r4(self.kinds[MAINSTREAM] / self.total),
            independent_share: r4(self.kinds[INDEPENDENT] / self.total),
            growth: (self.total_2019 > 0.0).then(|| {
                r4((self.total / self.total_2019).powf(1.0 / (CENSUS - 2019) as f64) - 1.0)
            }),
            spend_per_ehcp: (self.spend_ehcps > 0.0)
                .then(|| (self.spend / self.spend_ehcps).round()),
        }
    }
}

fn kinds_of(sc: &hne_model::Scenario) -> Kinds {
    let mut k = [0.0; 7];
    for (i, id) in crate::sen2::KINDS.iter().enumerate() {
        k[i] = match sc.authority.caseload.get(id) {
            Some(hne_model::schema::Caseload::Total(v)) => *v,
            Some(hne_model::schema::Caseload::ByPhase(p)) => p.to_array().iter().sum(),
            None => 0.0,
        };
    }
    k
}

/// An area's authorities' unmitigated projections summed (compare.json's
/// own type).
pub use hne_model::published::Summed;

/// One authority's unmitigated projection at those dates.
pub fn projected(sc: &hne_model::Scenario) -> Summed {
    let run = hne_model::project(sc).expect("a published scenario projects");
    let y = &run.baseline.years;
    let m = &run.baseline.metrics;
    let last = &y[y.len() - 1];
    Summed {
        deficit_2025: sc.authority.deficit.opening_pounds.max(0.0),
        deficit_2026: m.deficit_march_2026_pounds.unwrap_or(0.0).max(0.0),
        grant: m.stability_grant_pounds,
        carried_2028: m.deficit_march_2028_pounds.unwrap_or(0.0).max(0.0),
        carried_2033: last.deficit_after_grant_pounds.max(0.0),
        ehcps_2026: y[0].ehcps,
        ehcps_2033: last.ehcps,
    }
}

pub struct Comparison {
    pub by_code: BTreeMap<String, (Figures, Vec<String>)>,
    pub regions: BTreeMap<String, Figures>,
    pub england: Figures,
    /// Each region's and England's projection, summed.
    pub summed: BTreeMap<String, Summed>,
}

fn type_group(t: &str) -> &'static str {
    match t {
        "ILB" | "OLB" => "London borough",
        "MD" => "metropolitan district",
        "SC" => "county",
        _ => "unitary authority",
    }
}

pub fn compare(inputs: &Inputs, derived: &[Derived]) -> Comparison {
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    for d in derived {
        let total_2019 = inputs.total(&d.code, 2019).unwrap_or(0.0);
        sums.insert(
            d.code.clone(),
            Sums {
                kinds: kinds_of(&d.scenario),
                total: d.sen2_total,
                total_2019,
                spend: d.spend_s251.filter(|_| d.finance).unwrap_or(0.0),
                // 2024-25's spend over January 2025's EHCPs.
                spend_ehcps: if d.finance && d.spend_s251.is_some() {
                    inputs.total(&d.code, crate::build::AGES).unwrap_or(0.0)
                } else {
                    0.0
                },
            },
        );
    }
    let mut regions: BTreeMap<String, Sums> = BTreeMap::new();
    let mut england = Sums::default();
    for d in derived {
        let s = &sums[&d.code];
        // Growth sums only authorities with both years, so a reorganised
        // authority does not count twice or not at all.
        let mut s = *s;
        if s.total_2019 <= 0.0 {
            s.total = 0.0;
            s.kinds = [0.0; 7];
        }
        regions.entry(d.region.clone()).or_default().add(&s);
        england.add(&s);
    }
    // Shares use every authority, growth only those with 2019.
    let mut reg_fig = BTreeMap::new();
    for (r, s) in &regions {
        let mut all = Sums::default();
        for d in derived.iter().filter(|d| &d.region == r) {
            all.add(&sums[&d.code]);
        }
        let mut f = all.figures();
        f.growth = s.figures().growth;
        reg_fig.insert(r.clone(), f);
    }
    let mut all = Sums::default();
    for d in derived {
        all.add(&sums[&d.code]);
    }
    let mut eng = all.figures();
    eng.growth = england.figures().growth;

    // Similarity.
    struct Point {
        code: String,
        group: &'static str,
        x: [f64; 2],
    }
    let mut points = Vec::new();
    for d in derived {
        let pop = inputs.fin.population.get(&d.code).copied().or_else(|| {
            let (pred, _, share) = inputs.predecessor_of(&d.code)?;
            Some(inputs.fin.population.get(pred)? * share)
        });
        let (Some(pop), Some(t19)) = (pop, inputs.total(&d.code, 2019)) else {
            continue;
        };
        let group = inputs
            .lait
            .get(&d.code)
            .map(|l| type_group(&l.2))
            .unwrap_or("unitary authority");
        points.push(Point {
            code: d.code.clone(),
            group,
            x: [pop.ln(), t19 / pop * 1000.0],
        });
    }
    let n = points.len() as f64;
    let mut mean = [0.0; 2];
    let mut sd = [0.0; 2];
    for j in 0..2 {
        mean[j] = points.iter().map(|p| p.x[j]).sum::<f64>() / n;
        sd[j] = (points
            .iter()
            .map(|p| (p.x[j] - mean[j]).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
    }
    let mut by_code = BTreeMap::new();
    for d in derived {
        let similar = match points.iter().find(|p| p.code == d.code) {
            Some(me) => {
                let mut others: Vec<(f64, &str)> = points
                    .iter()
                    .filter(|p| p.code != me.code)
                    .map(|p| {
                        let mut dist = 0.0;
                        for j in 0..2 {
                            dist += ((p.x[j] - me.x[j]) / sd[j]).powi(2);
                        }
                        if p.group != me.group {
                            dist += 4.0;
                        }
                        (dist, p.code.as_str())
                    })
                    .collect();
                others.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(b.1)));
                others.iter().take(10).map(|(_, c)| c.to_string()).collect()
            }
            None => Vec::new(),
        };
        by_code.insert(d.code.clone(), (sums[&d.code].figures(), similar));
    }
    let mut summed: BTreeMap<String, Summed> = BTreeMap::new();
    for d in derived {
        let p = projected(&d.scenario);
        summed.entry(d.region.clone()).or_default().add(&p);
        summed.entry("England".into()).or_default().add(&p);
    }
    Comparison {
        by_code,
        regions: reg_fig,
        england: eng,
        summed,
    }
}
