//! Each authority's baseline scenario from the published statistics, with
//! a source for every figure, and the reconciliation behind the data-quality
//! report. The method is in docs/model.md, "Published authorities".

use std::collections::BTreeMap;

use hne_model::examples::{national_assumptions, standard_settings};
use hne_model::map::Map;
use hne_model::schema::*;

use crate::estimate::{self, apportion, pool, pool_shares, round_shares, Counts};
use crate::finance::{name_key, Finance, Outturn};
use crate::sen2::{self, La, Sen2, KINDS};

/// The data's version: the SEN2 release it starts from and the derivation's
/// edition. Links, saved plans and the index carry it.
pub const DATA_VERSION: &str = "2026.1";
/// The base year: 2025-26, with the January 2026 census (docs/model.md,
/// "The base year"): its caseload is published, its spend is estimated
/// from the 2024-25 outturn.
pub const BASE_YEAR: i32 = 2025;
pub const CENSUS: i32 = BASE_YEAR + 1;
/// The latest census with EHCPs by single year of age, and with the flows
/// (new plans, ceased plans) of the calendar year before it, in the sources.
pub const AGES: i32 = 2025;
/// The latest section 251 outturn in the sources: 2024-25.
pub const OUTTURN_YEAR: i32 = 2024;
/// The latest published DSG balance: 31 March 2024, the end of 2023-24.
pub const BALANCE_YEAR: i32 = 2023;
/// Projection years after the base year: to 2032-33.
pub const HORIZON: usize = 7;
/// Unit-cost inflation from 2024-25 to 2025-26 for top-ups and other
/// lines (the national assumptions' central value); place funding stays
/// at £10,000.
pub const COST_2025: f64 = 0.03;

pub const ATTRIBUTION: &str =
    "Contains public sector information licensed under the Open Government Licence v3.0.";

/// National High Needs Block totals for years the per-authority files do
/// not reach (domain notes: "over £10.5bn (2024-25)").
pub const ENGLAND_HNB_2024: f64 = 10.5e9;
/// High needs funding's growth in 2025-26: "increased by over £1 billion,
/// or 11%, in 2025-26" (written statement, "Dedicated Schools Grant",
/// House of Commons, 17 December 2025). Each authority's estimated 2025-26
/// block is its 2024-25 one grown by it: scaling 2023-24's to the national
/// "over £12 billion" instead put the authorities whose 2025-26 block is
/// published 4% to 11% too high (docs/data-quality.md).
pub const HNB_GROWTH_2025: f64 = 0.11;

/// Authorities that replaced another in the period: successor -> predecessor.
pub const PREDECESSORS: [(&str, &str, &str); 4] = [
    ("942", "909", "Cumbria"),
    ("943", "909", "Cumbria"),
    ("940", "928", "Northamptonshire"),
    ("941", "928", "Northamptonshire"),
];

/// Pooling weights (observations at the region's value added to the
/// authority's own counts).
pub const K_SHARES: f64 = 30.0;
pub const K_CEASE: f64 = 200.0;
pub const K_AGEING: f64 = 50.0;
pub const K_ESCALATION: f64 = 500.0;

/// A top-up per EHCP (2024-25 pounds) outside these bounds is flagged and
/// replaced by the region's median.
pub const PLAUSIBLE_TOPUP: [(f64, f64); 7] = [
    (1_000.0, 25_000.0),
    (1_500.0, 35_000.0),
    (5_000.0, 70_000.0),
    (20_000.0, 150_000.0),
    (1_000.0, 45_000.0),
    (0.0, f64::INFINITY),
    (0.0, f64::INFINITY),
];

/// Standard top-ups for the two kinds with no outturn line of their own.
const STANDARD_AP: f64 = 11_000.0;
const STANDARD_OTHER: f64 = 8_000.0;
/// Resourced places' top-up relative to mainstream (the standard bands').
const RESOURCED_WEIGHT: f64 = 1.2;
/// Escalation of under-fives: the built-in examples' national estimate.
const U5_ESCALATION: f64 = 0.02;
/// The highest cease rate used; a higher pooled rate is flagged and capped.
const MAX_CEASE: f64 = 0.9;

const SEN2_2025: &str =
    "SEN2 \"Education, health and care plans\", reporting year 2025 (Department for Education, files dated 1 July 2025)";
const SEN2_2026: &str =
    "SEN2 \"Education, health and care plans\", reporting year 2026 (Department for Education, June 2026), January 2026 census";
const S251: &str = "Department for Education section 251 outturn";
const DSG: &str = "Education and Skills Funding Agency Dedicated Schools Grant allocations";

/// One authority's derived data and its checks.
pub struct Derived {
    pub code: String,
    pub name: String,
    pub region: String,
    pub scenario: Scenario,
    pub sen2_total: f64,
    /// The spend the outturn lines carried forward give, and the section 251
    /// figure like for like (net high needs + place funding + the Education and Skills Funding Agency's
    /// deductions); None where a part is missing.
    pub spend_lines: Option<f64>,
    pub spend_s251: Option<f64>,
    pub flags: Vec<String>,
    pub settings_year: i32,
    pub finance: bool,
}

fn src(field: &str, text: String, estimated: bool) -> Source {
    Source {
        field: field.into(),
        text,
        estimated,
    }
}

/// Money and counts as every crate writes them (`hne_model::format`).
use hne_model::format::{count, pounds as money};

/// Gathered citations in plain words: the abbreviations their sources use,
/// spelled out.
fn spelled_out(text: &str) -> String {
    [
        ("DfE", "Department for Education"),
        ("KCC", "Kent County Council"),
        ("LDRS", "Local Democracy Reporting Service"),
        (
            "MHCLG",
            "Ministry of Housing, Communities and Local Government",
        ),
        ("DSG", "Dedicated Schools Grant"),
        ("HNB", "High Needs Block"),
    ]
    .iter()
    .fold(text.to_string(), |t, (short, long)| t.replace(short, long))
}

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn r4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// A figure for a year and where it came from.
#[derive(Clone, Debug)]
pub struct Amount {
    pub pounds: f64,
    pub estimated: bool,
    pub text: String,
}

/// The schools block's growth where no allocation is published (the
/// national assumptions' central value).
pub const SCHOOLS_BLOCK_GROWTH: f64 = 0.02;

/// Everything the builder reads, in one place.
pub struct Inputs {
    pub sen2: Sen2,
    pub older: BTreeMap<String, BTreeMap<i32, f64>>,
    pub fin: Finance,
    pub lait: BTreeMap<String, (String, String, String)>,
    /// The 2022 release's age bands, for the hindcast.
    pub older_ages: sen2::Older,
}

impl Inputs {
    fn la(&self, code: &str) -> Option<&La> {
        self.sen2.las.get(code)
    }
    /// The authority this one was formed from, its name, and this one's
    /// share of it.
    pub fn predecessor_of(&self, code: &str) -> Option<(&'static str, &'static str, f64)> {
        self.predecessor(code)
    }
    fn predecessor(&self, code: &str) -> Option<(&'static str, &'static str, f64)> {
        let (_, pred, pname) = PREDECESSORS.iter().find(|p| p.0 == code)?;
        // The successor's share of the predecessor: its EHCPs in January
        // 2025 over all the predecessor's successors'.
        let own = self.la(code)?.total.get(&AGES).copied()?;
        let all: f64 = PREDECESSORS
            .iter()
            .filter(|p| p.1 == *pred)
            .filter_map(|p| self.la(p.0)?.total.get(&AGES).copied())
            .sum();
        (all > 0.0).then_some((*pred, *pname, own / all))
    }
    /// EHCPs at a January census, from the authority or its predecessor's
    /// share; then from the 2022 release.
    pub fn total(&self, code: &str, census: i32) -> Option<f64> {
        if let Some(v) = self.la(code).and_then(|l| l.total.get(&census)) {
            return Some(*v);
        }
        if let Some(v) = self.older.get(code).and_then(|m| m.get(&census)) {
            return Some(*v);
        }
        let (pred, _, share) = self.predecessor(code)?;
        Some(self.total(pred, census)? * share)
    }
    fn kinds(&self, code: &str, census: i32) -> Option<sen2::Kinds> {
        if let Some(k) = self.la(code).and_then(|l| l.by_kind.get(&census)) {
            return Some(*k);
        }
        if let Some((pred, _, share)) = self.predecessor(code) {
            if let Some(k) = self.kinds(pred, census) {
                return Some(k.map(|v| v * share));
            }
        }
        // A census whose split is suppressed: the nearest published split,
        // scaled to that census's total.
        let la = self.la(code)?;
        let (_, near) = la
            .by_kind
            .iter()
            .min_by_key(|(y, _)| ((**y - census).abs(), **y))?;
        let t = self.total(code, census)?;
        let n: f64 = near.iter().sum();
        (n > 0.0).then(|| near.map(|v| v * t / n))
    }
    /// Net high needs spend (section 251) in the financial year starting in `year`.
    pub fn net(&self, code: &str, year: i32) -> Option<f64> {
        let map = self.fin.net.get(&year)?;
        if let Some(la) = self.la(code) {
            for ons in &la.ons {
                if let Some((_, v)) = map.get(ons) {
                    return Some(*v);
                }
            }
            let key = name_key(&la.name);
            if let Some((_, v)) = map.values().find(|(n, _)| name_key(n) == key) {
                return Some(*v);
            }
        }
        let (pred, _, share) = self.predecessor(code)?;
        Some(self.net(pred, year)? * share)
    }
    fn outturn(&self, code: &str) -> Option<Outturn> {
        if let Some(o) = self.fin.outturn_2021.get(code) {
            return Some(o.clone());
        }
        let (pred, _, s) = self.predecessor(code)?;
        Some(self.outturn(pred)?.scaled(s))
    }
    fn allocation(&self, code: &str, year: i32) -> Option<crate::finance::Allocation> {
        if let Some(a) = self.fin.allocations.get(code).and_then(|m| m.get(&year)) {
            return Some(*a);
        }
        let (pred, _, s) = self.predecessor(code)?;
        let a = self.allocation(pred, year)?;
        Some(crate::finance::Allocation {
            schools_block: a.schools_block * s,
            hnb_before: a.hnb_before * s,
            hnb_after: a.hnb_after * s,
        })
    }
    /// The cumulative DSG balance at the end of a year (positive: deficit),
    /// from the published percentage of total DSG.
    fn balance(&self, code: &str, year: i32) -> Option<f64> {
        let name = self.la(code).map(|l| name_key(&l.name))?;
        let p = self.fin.balance_pct.get(&name).and_then(|m| m.get(&year));
        let dsg = self.fin.total_dsg.get(code).and_then(|m| m.get(&year));
        if let (Some(p), Some(d)) = (p, dsg) {
            return Some(p / 100.0 * d);
        }
        let (pred, _, s) = self.predecessor(code)?;
        let pname = name_key(&self.la(pred)?.name);
        let p = self.fin.balance_pct.get(&pname)?.get(&year)?;
        let d = self.fin.total_dsg.get(pred)?.get(&year)?;
        Some(p / 100.0 * d * s)
    }
    /// The published DSG balance at 31 March 2024 (positive: deficit).
    pub fn balance_2024(&self, code: &str) -> Option<f64> {
        let la = self.la(code)?;
        la.ons
            .iter()
            .find_map(|o| self.fin.balance_2024.get(o))
            .or_else(|| self.fin.balance_2024_by_name.get(&name_key(&la.name)))
            .copied()
    }
    /// The High Needs Block before deductions in a year from 2024-25: as
    /// published, or estimated (2026-27 as 2025-26's: flat cash).
    pub fn hnb(&self, code: &str, year: i32) -> Option<Amount> {
        self.hnb_from(code, year, true)
    }
    /// The same, estimated as if nothing were published for 2025-26 and
    /// 2026-27: to check the estimate against what is.
    pub fn hnb_estimated(&self, code: &str, year: i32) -> Option<Amount> {
        self.hnb_from(code, year, false)
    }
    fn hnb_from(&self, code: &str, year: i32, published: bool) -> Option<Amount> {
        let p = self
            .fin
            .published
            .get(code)
            .and_then(|m| m.get(&year))
            .filter(|_| published);
        if let Some(v) = p.and_then(|p| p.hnb_before) {
            return Some(Amount {
                pounds: v,
                estimated: false,
                text: format!("{} (published)", spelled_out(&p.unwrap().source)),
            });
        }
        // Published after deductions only (the Department's "View latest
        // funding" pages): the deductions for directly funded places added
        // back at their latest published level, 2023-24's.
        if let Some(after) = p.and_then(|p| p.hnb_after) {
            let a23 = self.allocation(code, 2023)?;
            let ded = a23.hnb_before - a23.hnb_after;
            return Some(Amount {
                pounds: after + ded,
                estimated: true,
                text: format!(
                    "{} after deductions, {} (published: {}), plus 2023-24's deductions for places the Education and Skills Funding Agency pays directly, {} ({DSG} 2023-24): before deductions, estimated",
                    year_label(year),
                    money(after),
                    spelled_out(&p.map(|p| p.source.clone()).unwrap_or_default()),
                    money(ded)
                ),
            });
        }
        // 2025-26 not published but 2026-27 is: flat cash both ways, so
        // 2025-26 is taken at 2026-27's level.
        if year == BASE_YEAR {
            let next = self
                .fin
                .published
                .get(code)
                .and_then(|m| m.get(&(BASE_YEAR + 1)))
                .filter(|p| published && (p.hnb_before.is_some() || p.hnb_after.is_some()));
            if next.is_some() {
                let a = self.hnb_from(code, BASE_YEAR + 1, published)?;
                return Some(Amount {
                    pounds: a.pounds,
                    estimated: true,
                    text: format!(
                        "2026-27's published level (flat cash, as announced), {}: estimated",
                        a.text
                    ),
                });
            }
        }
        if year == BASE_YEAR + 1 {
            let a = self.hnb_from(code, BASE_YEAR, published)?;
            return Some(Amount {
                pounds: a.pounds,
                estimated: true,
                text: "flat cash at 2025-26's level, as announced (the per-authority 2026-27 allocation is not in the sources: estimated)".into(),
            });
        }
        let a23 = self.allocation(code, 2023)?;
        let e23 = *self.fin.england_hnb.get(&2023)?;
        let y24 = a23.hnb_before * ENGLAND_HNB_2024 / e23;
        let words24 = format!("the 2023-24 allocation before deductions, {} ({DSG} 2023-24), grown with the national total (over £10.5 billion in 2024-25 from {}: Department for Education)", money(a23.hnb_before), money(e23));
        match year {
            2024 => Some(Amount {
                pounds: y24,
                estimated: true,
                text: format!("{words24}: estimated"),
            }),
            2025 => Some(Amount {
                pounds: y24 * (1.0 + HNB_GROWTH_2025),
                estimated: true,
                text: format!("{words24}, then 11% in 2025-26, as announced (\"increased by over £1 billion, or 11%, in 2025-26\": written statement, 17 December 2025): estimated"),
            }),
            _ => None,
        }
    }
    /// The schools block in a year from 2024-25: as published, or 2023-24's
    /// grown by the schools block growth assumption's central value.
    pub fn schools_block(&self, code: &str, year: i32) -> Option<Amount> {
        let p = self.fin.published.get(code).and_then(|m| m.get(&year));
        if let Some(v) = p.and_then(|p| p.schools_block) {
            return Some(Amount {
                pounds: v,
                estimated: false,
                text: format!("{} (published)", spelled_out(&p.unwrap().source)),
            });
        }
        let a23 = self.allocation(code, 2023)?;
        Some(Amount {
            pounds: a23.schools_block * (1.0 + SCHOOLS_BLOCK_GROWTH).powi(year - 2023),
            estimated: true,
            text: format!(
                "the 2023-24 schools block, {} ({DSG} 2023-24), grown {} a year: estimated",
                money(a23.schools_block),
                pct(SCHOOLS_BLOCK_GROWTH)
            ),
        })
    }
    /// Deductions for directly funded places in a published year.
    pub fn published_deductions(&self, code: &str, year: i32) -> Option<f64> {
        let p = self.fin.published.get(code)?.get(&year)?;
        Some(p.hnb_before? - p.hnb_after?)
    }
    fn counts(&self, la: &La) -> Counts {
        let mut c = Counts::default();
        for (year, ages) in &la.by_age {
            // Kinds are usable where the year's all-plans row had every kind.
            c.kinds_ok.insert(*year, la.by_kind.contains_key(year));
            c.age.insert(*year, ages.clone());
        }
        c.new_age = la.new_by_age.clone();
        c.ceased_age = la.ceased_by_age.clone();
        c
    }
}

/// Financial years a cohort of place-funded EHCPs (special, resourced, AP)
/// grew between two censuses, for carrying place funding forward.
fn placed(k: &sen2::Kinds) -> f64 {
    k[sen2::SPECIAL] + k[sen2::RESOURCED] + k[sen2::ALTERNATIVE]
}

/// All current authorities: those with EHCPs at the January 2025 census
/// (the Isle of Wight's January 2026 row is suppressed).
pub fn current(inputs: &Inputs) -> Vec<&La> {
    inputs
        .sen2
        .las
        .values()
        .filter(|l| l.total.contains_key(&AGES))
        .collect()
}

/// Regional counts: each region's authorities summed.
pub fn regions(inputs: &Inputs) -> BTreeMap<String, Counts> {
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for la in current(inputs) {
        out.entry(la.region.clone())
            .or_default()
            .add(&inputs.counts(la));
    }
    out
}

struct Unit {
    topup: sen2::Kinds,
    /// Lines that are not placements: name, 2021-22 amount.
    lines: Vec<(&'static str, f64)>,
}

/// 2021-22 top-ups per EHCP by kind, from the outturn lines over the mean of
/// January 2021 and January 2022 EHCPs in the matching kinds.
fn unit_2021(o: &Outturn, k21: &sen2::Kinds, k22: &sen2::Kinds) -> Unit {
    let n: Vec<f64> = (0..7).map(|i| (k21[i] + k22[i]) / 2.0).collect();
    let div = |a: f64, b: f64| if b > 0.5 { a / b } else { f64::NAN };
    let ms = div(o.topup_mainstream, n[0] + RESOURCED_WEIGHT * n[1]);
    let topup = [
        ms,
        ms * RESOURCED_WEIGHT,
        div(o.topup_special, n[2]),
        div(o.topup_independent, n[3]),
        div(o.topup_post16 + o.topup_independent_post16, n[4]),
        STANDARD_AP,
        STANDARD_OTHER,
    ];
    let lines = vec![
        ("SEN support and inclusion services", o.sen_support),
        (
            "Alternative provision: places, top-ups and services (mostly pupils without an EHCP)",
            o.place_ap + o.topup_ap + o.ap_services,
        ),
        ("Hospital education", o.hospital),
        ("Therapies and other health-related services", o.therapies),
    ];
    Unit { topup, lines }
}

pub fn derive_all(inputs: &Inputs) -> Vec<Derived> {
    let regions = regions(inputs);
    // First pass: each authority's own 2024-25 top-ups, for the regional
    // medians that replace implausible ones.
    let mut raw: BTreeMap<String, Option<(sen2::Kinds, f64)>> = BTreeMap::new();
    for la in current(inputs) {
        raw.insert(la.code.clone(), topups_2024(inputs, &la.code));
    }
    let mut medians: BTreeMap<(String, usize), f64> = BTreeMap::new();
    for region in regions.keys() {
        for k in 0..7 {
            let mut v: Vec<f64> = current(inputs)
                .into_iter()
                .filter(|l| &l.region == region)
                .filter_map(|l| raw.get(&l.code)?.as_ref().map(|t| t.0[k]))
                .filter(|v| plausible(k, *v))
                .collect();
            v.sort_by(|a, b| a.partial_cmp(b).unwrap());
            if !v.is_empty() {
                medians.insert((region.clone(), k), v[v.len() / 2]);
            }
        }
    }
    current(inputs)
        .into_iter()
        .map(|la| derive(inputs, la, &regions[&la.region], &raw, &medians))
        .collect()
}

fn plausible(k: usize, v: f64) -> bool {
    v.is_finite() && v >= PLAUSIBLE_TOPUP[k].0 && v <= PLAUSIBLE_TOPUP[k].1
}

/// 2021-22 top-ups carried to 2024-25 by the authority's trend in net high
/// needs spend per EHCP; with that trend.
fn topups_2024(inputs: &Inputs, code: &str) -> Option<(sen2::Kinds, f64)> {
    let o = inputs.outturn(code)?;
    let (k21, k22) = (inputs.kinds(code, 2021)?, inputs.kinds(code, 2022)?);
    let u = unit_2021(&o, &k21, &k22);
    let g = spend_trend(inputs, code)?;
    let mut t = u.topup;
    for (k, v) in t.iter_mut().enumerate() {
        if k < 5 {
            *v *= g;
        }
    }
    Some((t, g))
}

/// Net high needs spend per EHCP, 2024-25 over 2021-22 (EHCPs as the mean
/// of the censuses either side of the year).
fn spend_trend(inputs: &Inputs, code: &str) -> Option<f64> {
    let per = |y: i32| -> Option<f64> {
        let n = (inputs.total(code, y)? + inputs.total(code, y + 1)?) / 2.0;
        Some(inputs.net(code, y)? / n)
    };
    let g = per(2024)? / per(2021)?;
    g.is_finite().then_some(g)
}

/// A census total that breaks from its own series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub year: i32,
    pub figure: f64,
    pub before: f64,
    pub after: f64,
}

/// How far a break must be from the geometric mean of the censuses either
/// side (a quarter, either way), and the least size of series checked.
pub const BREAK_RATIO: f64 = 0.75;
const BREAK_MIN: f64 = 100.0;

/// Census totals that break from their own series: more than a quarter away
/// from the geometric mean of the years either side, and further off than
/// either neighbour (so the break is named, not the years around it).
/// Newham's January 2025 (1,199, after 2,705 and before 3,639) is one.
pub fn breaks(la: &La) -> Vec<Break> {
    let t = &la.total;
    let off = |y: i32| -> Option<f64> {
        let (a, v, b) = (t.get(&(y - 1))?, t.get(&y)?, t.get(&(y + 1))?);
        (a.min(*b) >= BREAK_MIN).then(|| (v / (a * b).sqrt()).ln().abs())
    };
    t.keys()
        .filter_map(|&y| {
            let d = off(y)?;
            let worst = d > -BREAK_RATIO.ln()
                && off(y - 1).is_none_or(|o| d > o)
                && off(y + 1).is_none_or(|o| d > o);
            worst.then(|| Break {
                year: y,
                figure: t[&y],
                before: t[&(y - 1)],
                after: t[&(y + 1)],
            })
        })
        .collect()
}

/// A January 2026 figure far from January 2025's (a rise of more than 30%
/// or a fall of more than 15% in a year; against 2024 where 2025 breaks),
/// in words: used as published, but said.
pub fn latest_jump(la: &La) -> Option<String> {
    let v = *la.total.get(&CENSUS)?;
    let broken = breaks(la).iter().any(|b| b.year == AGES);
    let (y, prev) = if broken {
        (AGES - 1, *la.total.get(&(AGES - 1))?)
    } else {
        (AGES, *la.total.get(&AGES)?)
    };
    let years = (CENSUS - y) as f64;
    let g = (v / prev).powf(1.0 / years);
    (prev >= BREAK_MIN && !(0.85..=1.3).contains(&g)).then(|| {
        format!(
            "January {CENSUS}'s {} EHCPs is {} January {y}'s {} ({:+.0}% a year): used as published",
            count(v),
            if v > prev { "far above" } else { "far below" },
            count(prev),
            (g - 1.0) * 100.0
        )
    })
}

fn derive(
    inputs: &Inputs,
    la: &La,
    region: &Counts,
    raw: &BTreeMap<String, Option<(sen2::Kinds, f64)>>,
    medians: &BTreeMap<(String, usize), f64>,
) -> Derived {
    let code = la.code.as_str();
    let mut flags = Vec::new();
    let mut sources = Vec::new();
    let counts = inputs.counts(la);
    let mut flow_counts = inputs.counts(la);
    let broken = breaks(la);
    let is_broken = |y: i32| broken.iter().any(|b| b.year == y);
    for b in &broken {
        flags.push(format!(
            "census break: January {}'s {} EHCPs is far from January {}'s {} and January {}'s {} (the published series breaks there); not used for the flows or the ages",
            b.year,
            count(b.figure),
            b.year - 1,
            count(b.before),
            b.year + 1,
            count(b.after)
        ));
    }
    // The January 2026 census, or January 2025's where 2026's is suppressed.
    let (census, total) = match la.total.get(&CENSUS) {
        Some(t) => (CENSUS, *t),
        None => {
            flags.push(format!(
                "January {CENSUS} suppressed in the published census (every cell x): January {AGES}'s figures used"
            ));
            (AGES, la.total[&AGES])
        }
    };
    let jump = latest_jump(la);
    if let Some(j) = &jump {
        flags.push(j.clone());
    }
    // The flows come from January 2024 and 2025 and the 2024 calendar year:
    // where either census breaks, the region's rates stand in.
    if is_broken(AGES) || is_broken(AGES - 1) {
        flow_counts = Default::default();
        flags.push(format!(
            "flows (plans ceased, moving up, moves between settings) from the region's rates: January {} or {} breaks from the series",
            AGES - 1,
            AGES
        ));
    }

    // ---- Caseload by setting and phase --------------------------------
    let settings_year = (2019..=census)
        .rev()
        .find(|y| la.by_kind.contains_key(y))
        .unwrap_or(census);
    let by_kind = la.by_kind.get(&settings_year).copied().unwrap_or_else(|| {
        flags.push("no year has its placements by setting: national shares used".into());
        sen2::SPREAD
    });
    let kind_totals = apportion(total, &by_kind);
    // The 2024-25 outturn is costed on January 2025's total with January
    // 2026's split: the split moves slowly, some January 2025 splits break
    // from their neighbours (Brighton and Hove's special schools: 595, 330,
    // 645) or are a quarter "not known" (Wolverhampton), and costing on the
    // split that is projected carries 2024-25's spend to 2025-26 by the
    // growth in EHCPs and a year's inflation, no more.
    let total_25 = la.total[&AGES];
    let by_kind_25 = by_kind;
    let kind_totals_25 = apportion(total_25, &by_kind_25);
    // Phase shares within each kind: the authority's own single-year ages
    // in the latest census that has them (January 2025; 2024 where 2025
    // breaks), else the region's January 2025.
    let age_year = [AGES, AGES - 1]
        .into_iter()
        .find(|y| !is_broken(*y) && inputs.counts(la).kinds_ok.get(y).copied().unwrap_or(false));
    let own_ages = age_year.and_then(|y| la.by_age.get(&y));
    let own_pk = own_ages.map(estimate::by_phase_kind);
    let reg_pk = region
        .age
        .get(&AGES)
        .map(estimate::by_phase_kind)
        .unwrap_or([[0.0; 7]; 5]);
    let mut caseload = Map::new();
    for (k, id) in KINDS.iter().enumerate() {
        let mut w: Vec<f64> = (0..5)
            .map(|p| own_pk.map(|pk| pk[p][k]).unwrap_or(0.0))
            .collect();
        if w.iter().sum::<f64>() <= 0.0 {
            w = (0..5).map(|p| reg_pk[p][k]).collect();
        }
        let v = apportion(kind_totals[k], &w);
        caseload.insert(
            id.to_string(),
            Caseload::ByPhase(PerPhase::from_array([v[0], v[1], v[2], v[3], v[4]])),
        );
    }
    let census_source = if census == CENSUS {
        SEN2_2026
    } else {
        SEN2_2025
    };
    let year_note = if settings_year == census {
        format!("January {census}")
    } else {
        flags.push(format!(
            "placements by setting suppressed in January {census}: January {settings_year}'s split used"
        ));
        format!("January {settings_year} (the latest year whose placements are published; January {census}'s are suppressed), scaled to January {census}'s total")
    };
    let age_note = match age_year {
        Some(y) if own_pk.is_some() => format!("the authority's own single-year ages by setting in January {y} ({SEN2_2025}; the January 2026 release's ages are not in the sources)"),
        _ => format!("the region's single-year ages by setting in January {AGES} (the authority's are suppressed or break from the series; {SEN2_2025})"),
    };
    sources.push(src(
        "authority.caseload",
        format!(
            "{} EHCPs at the January {census} census ({census_source}, all plans){}. Split by setting as in {year_note} (published); by phase (estimated) as {age_note}.{} Settings grouped: mainstream (maintained, academy, free and independent mainstream schools), resourced provision and SEN units, state special (maintained, academy and free), independent and non-maintained special, further education (general FE, specialist post-16, other providers), alternative provision and PRUs (pupil referral units), and other (educated elsewhere, early years, placement not known).",
            count(total),
            if census == CENSUS { String::new() } else { format!(": January {CENSUS}'s row is suppressed in the published census, so January {AGES}'s is used") },
            match (&jump, broken.is_empty()) {
                (Some(j), _) => format!(" Check: {j}."),
                (None, false) => format!(" The published series breaks: {}.", broken.iter().map(|b| format!("January {} ({} EHCPs, between {} and {})", b.year, count(b.figure), count(b.before), count(b.after))).collect::<Vec<_>>().join("; ")),
                _ => String::new(),
            }
        ),
        settings_year != census || census != CENSUS,
    ));

    // ---- New plans -------------------------------------------------------
    let (new_phase_own, new_kind_own) = estimate::new_plans(&counts);
    let (_, new_kind_reg) = estimate::new_plans(region);
    let new_total = la.new_total.get(&2024).copied();
    let new_total = match new_total {
        Some(v) => v,
        None => {
            flags.push("no new plans published for 2024: the region's rate per EHCP used".into());
            let reg_new: f64 = estimate::by_phase(&region.new_age).iter().sum();
            let reg_all: f64 = region
                .age
                .get(&AGES)
                .map(|a| estimate::by_phase(a).iter().sum())
                .unwrap_or(1.0);
            (total_25 * reg_new / reg_all).round()
        }
    };
    let mut phase_w = new_phase_own.to_vec();
    if phase_w.iter().sum::<f64>() <= 0.0 {
        phase_w = estimate::by_phase(&region.new_age).to_vec();
    }
    let np = apportion(new_total, &phase_w);
    let new_plans = PerPhase::from_array([np[0], np[1], np[2], np[3], np[4]]);
    let known_new: f64 = new_kind_own.iter().map(|k| k.iter().sum::<f64>()).sum();
    sources.push(src(
        "authority.new_plans",
        format!("{} new EHCPs in calendar year 2024 ({SEN2_2025}, newplans.csv), split by phase by the age when each plan started.", count(new_total)),
        !la.new_total.contains_key(&2024),
    ));
    let mut placement_mix = PerPhase::<Map<f64>>::default();
    for p in 0..5 {
        let shares = pool_shares(&new_kind_own[p], &new_kind_reg[p], K_SHARES);
        let mut v: Vec<(usize, f64)> = shares.iter().copied().enumerate().collect();
        round_shares(&mut v);
        let phase = hne_model::Phase::ALL[p];
        *placement_mix.get_mut(phase) = Map::from_pairs(
            v.into_iter()
                .map(|(k, s)| (KINDS[k].to_string(), s))
                .collect(),
        );
    }
    sources.push(src(
        "authority.placement_mix",
        format!("Where new plans in 2024 were placed, by phase ({SEN2_2025}, newplans.csv, age when the plan started, by setting; {} of {} with a known placement), pooled with the region's: the authority's counts plus {K_SHARES} plans at the region's shares, so a phase with few plans leans on the region.", count(known_new), count(new_total)),
        true,
    ));

    // ---- Cease, ageing ---------------------------------------------------
    let cease_own = estimate::cease(&flow_counts);
    let cease_reg = estimate::cease(region);
    let cease_rate = PerPhase::from_array(std::array::from_fn(|p| {
        let v = pool(cease_own[p], cease_reg[p].value().unwrap_or(0.05), K_CEASE);
        if v > MAX_CEASE {
            flags.push(format!(
                "cease rate for {} {} a year ({} ceased in 2024 against {} held in January 2024): capped at {}",
                hne_model::Phase::ALL[p].id(),
                pct(v),
                count(cease_own[p].num),
                count(cease_own[p].den),
                pct(MAX_CEASE)
            ));
        }
        r4(v.min(MAX_CEASE))
    }));
    if flow_counts.ceased_age.is_empty() {
        flags.push("no ceased plans by age for 2024: the region's rates used".into());
    }
    sources.push(src(
        "authority.cease_rate",
        format!("Plans ceased in calendar year 2024 for reasons other than reaching the age limit ({SEN2_2025}, ceased_plans.csv, age plan ceased), over plans held in January 2024, by phase; pooled with the region's rates ({K_CEASE} plans at the region's rate). Plans reaching the age limit leave through ageing instead."),
        true,
    ));
    let age_own = estimate::ageing(&flow_counts);
    let age_reg = estimate::ageing(region);
    let ageing = PerPhase::from_array(std::array::from_fn(|p| match (age_own[p], age_reg[p]) {
        (Some(o), Some(r)) => r4(pool(o, r.value().unwrap_or(0.2), K_AGEING)),
        _ => r4(1.0 / 6.0),
    }));
    sources.push(src(
        "authority.ageing",
        format!("The share of each phase in its last year of age in January {AGES} (age 4, 10, 15 and 19; {SEN2_2025}, single year of age), pooled with the region's ({K_AGEING} plans at the region's share). Ages 20 to 25 are one band in SEN2, so one in six a year is assumed to reach 25 (estimated)."),
        true,
    ));

    // ---- Transitions and escalation ---------------------------------------
    let mut transitions = Transitions::default();
    let mut thin = Vec::new();
    for b in 0..4 {
        let reg = estimate::boundary(region, b);
        let own = estimate::boundary(&flow_counts, b);
        let Some((rf, rt)) = reg else { continue };
        let (of, ot) = own.unwrap_or(([0.0; 7], [0.0; 7]));
        if of.iter().sum::<f64>() < K_SHARES {
            thin.push(estimate::BOUNDARIES[b].0);
        }
        let f = pool_shares(&of, &rf, K_SHARES);
        let t = pool_shares(&ot, &rt, K_SHARES);
        let mut m = Map::new();
        for (from, mut row) in estimate::least_moves(&f, &t) {
            round_shares(&mut row);
            m.insert(
                KINDS[from].to_string(),
                Map::from_pairs(
                    row.into_iter()
                        .map(|(k, s)| (KINDS[k].to_string(), s))
                        .collect(),
                ),
            );
        }
        *match b {
            0 => &mut transitions.u5,
            1 => &mut transitions.p,
            2 => &mut transitions.s,
            _ => &mut transitions.f,
        } = m;
    }
    sources.push(src(
        "authority.transitions",
        format!("Estimated from how one cohort's settings changed between the January 2024 and January {AGES} censuses at each change of phase (ages 4 to 5, 10 to 11, 15 to 16 and 19 to 20; {SEN2_2025}, single year of age by setting), pooled with the region's ({K_SHARES} plans at the region's shares). Only the shares before and after are published, so the estimate moves as few children as can explain the change: each setting keeps the smaller of its two shares and the rest moves to the settings that grew.{}", if thin.is_empty() { String::new() } else { " Thin or suppressed cohorts lean on the region.".into() }),
        true,
    ));
    let esc_own = estimate::escalation(&flow_counts);
    let esc_reg = estimate::escalation(region);
    let escalation = PerPhase::from_array(std::array::from_fn(|p| match p {
        0 => U5_ESCALATION,
        4 => 0.0,
        _ => r4(pool(
            esc_own[p].0,
            esc_reg[p].0.value().unwrap_or(0.01),
            K_ESCALATION,
        )),
    }));
    let escalation_to_independent = PerPhase::from_array(std::array::from_fn(|p| {
        // Under-fives take the primary phase's split.
        let q = if p == 0 { 1 } else { p };
        let reg = esc_reg[q].1.value().unwrap_or(0.25);
        let own = esc_own[q].1;
        // Pooled with 20 escalations at the region's split.
        r4(pool(own, reg, 20.0))
    }));
    sources.push(src(
        "authority.escalation",
        format!("Estimated from the same two censuses: for each pair of ages from 5 to 19 inside a phase, the growth in one cohort's places in special and independent schools from one January to the next, less the new plans that started in such a place at that age in 2024, over the cohort's places in mainstream and resourced settings the January before; pooled with the region's ({K_ESCALATION} plans at the region's rate). Under-fives: {U5_ESCALATION} a year, the national estimate (most of their specialist places are first placements of new plans). None is assumed at ages 20 to 25."),
        true,
    ));
    sources.push(src(
        "authority.escalation_to_independent",
        "Estimated: the independent and non-maintained part of that rise, pooled with the region's.".into(),
        true,
    ));

    // ---- Unit costs and other spend -----------------------------------------
    let mut settings = standard_settings(1.0);
    let mut finance = true;
    let mut spend_lines = None;
    let mut spend_s251 = None;
    let mut other_spend = Vec::new();
    let trend_pair = raw.get(code).cloned().flatten();
    let outturn = inputs.outturn(code);
    let net24 = inputs.net(code, OUTTURN_YEAR);
    let net21 = inputs.net(code, 2021);
    let k25 = by_kind_25;
    let k22 = inputs.kinds(code, 2022);
    let mut topups = [0.0; 7];
    let mut replaced = Vec::new();
    for k in 0..7 {
        let std_topup = settings[k].topup_pounds();
        let own = trend_pair.as_ref().map(|t| t.0[k]).unwrap_or(f64::NAN);
        topups[k] = if plausible(k, own) {
            own
        } else {
            let m = medians
                .get(&(la.region.clone(), k))
                .copied()
                .unwrap_or(std_topup);
            if trend_pair.is_some() && k < 5 {
                replaced.push(format!(
                    "{}: {} per EHCP is outside {} to {}, the region's median {} used",
                    KINDS[k],
                    if own.is_finite() {
                        money_pounds(own)
                    } else {
                        "no figure".into()
                    },
                    money_pounds(PLAUSIBLE_TOPUP[k].0),
                    money_pounds(PLAUSIBLE_TOPUP[k].1),
                    money_pounds(m)
                ));
            }
            m
        };
        // Scale the standard band table to this average top-up.
        let ratio = if std_topup > 0.0 {
            topups[k] / std_topup
        } else {
            1.0
        };
        for band in settings[k].bands.iter_mut() {
            band.value_pounds = (band.value_pounds * ratio).round();
        }
    }
    for r in &replaced {
        flags.push(format!("implausible top-up, {r}"));
    }
    let place: Vec<f64> = settings.iter().map(|s| s.place_pounds).collect();
    // Costed on January 2025's caseload, so that 2024-25 matches its outturn.
    let placements: f64 = (0..7)
        .map(|k| kind_totals_25[k] * (place[k] + topups[k]))
        .sum();
    match (&outturn, net24, net21, trend_pair.as_ref()) {
        (Some(o), Some(n24), Some(n21), Some((_, g))) => {
            let h = n24 / n21;
            let u = unit_2021(
                o,
                &inputs.kinds(code, 2021).unwrap_or(k25),
                &k22.unwrap_or(k25),
            );
            for (name, amount) in &u.lines {
                let mut a = amount * h;
                if name.starts_with("Alternative provision") {
                    // AP EHCPs are costed as placements; the line keeps the rest.
                    a = (a - kind_totals_25[sen2::ALTERNATIVE] * (place[5] + topups[5])).max(0.0);
                }
                other_spend.push(SpendLine {
                    name: name.to_string(),
                    amount_pounds: a.round(),
                    inflation: Range::new(0.02, 0.03, 0.05),
                });
            }
            let lines = placements + other_spend.iter().map(|l| l.amount_pounds).sum::<f64>();
            spend_lines = Some(lines);
            // Section 251 like for like: net high needs + place funding the
            // council paid + places Education and Skills Funding Agency paid directly (the deductions).
            let place21 = o.place();
            let grow = |y: i32| -> f64 {
                match (
                    inputs
                        .kinds(code, y + 1)
                        .or(if y + 1 == AGES { Some(k25) } else { None }),
                    k22,
                ) {
                    (Some(a), Some(b)) if placed(&b) > 0.0 => placed(&a) / placed(&b),
                    _ => 1.0,
                }
            };
            let ded23 = inputs
                .allocation(code, 2023)
                .map(|a| a.hnb_before - a.hnb_after)
                .unwrap_or(0.0);
            let ded24 = ded23 * grow(2024) / grow(2023).max(1e-9);
            let s251 = n24 + place21 * grow(2024) + ded24;
            spend_s251 = Some(s251);
            // Place funding stays at its national rate: the top-ups and the
            // other lines take the difference.
            let places: f64 = (0..7).map(|k| kind_totals_25[k] * place[k]).sum();
            let f = (s251 - places) / (lines - places);
            if (f - 1.0).abs() > 0.15 {
                flags.push(format!(
                    "the outturn lines carried forward give {} against {} like for like in section 251 ({:+.0}%): unit costs and lines scaled to match",
                    money(lines),
                    money(s251),
                    (lines / s251 - 1.0) * 100.0
                ));
            }
            if !(0.7..=1.6).contains(g) {
                flags.push(format!("net high needs spend per EHCP changed by a factor of {g:.2} from 2021-22 to 2024-25"));
            }
            for (k, s) in settings.iter_mut().enumerate() {
                for band in s.bands.iter_mut() {
                    band.value_pounds = (band.value_pounds * f).round();
                }
                topups[k] *= f;
            }
            for l in other_spend.iter_mut() {
                l.amount_pounds = (l.amount_pounds * f).round();
            }
            sources.push(src(
                "authority.settings",
                format!("Top-ups per EHCP from the 2021-22 section 251 outturn line by line (Department for Education high needs benchmarking tool 2021-22: top-ups to state schools and colleges, to independent and non-maintained providers, net of income) over the mean of January 2021 and January 2022 EHCPs in the matching settings ({SEN2_2025}); mainstream and resourced share one line, resourced at {RESOURCED_WEIGHT} times mainstream. Carried to 2024-25 by the authority's change in net high needs spend per EHCP ({S251}, {g:.2} times), then scaled by {f:.3} so that the base year's spend matches section 251 like for like ({}). Band shapes are the standard ones; place funding £10,000 a place (£6,000 in further education). Alternative provision and other settings use standard top-ups ({} and {}).{}", money(s251), money_pounds(STANDARD_AP), money_pounds(STANDARD_OTHER), if replaced.is_empty() { String::new() } else { format!(" Replaced as implausible: {}.", replaced.join("; ")) }),
                true,
            ));
            sources.push(src(
                "authority.other_spend",
                format!("The 2021-22 outturn lines for SEN support, alternative provision, hospital education and therapies (Department for Education high needs benchmarking tool 2021-22), carried to 2024-25 by the authority's change in net high needs spend ({S251}, {:.2} times) and the same scale; alternative provision less the EHCPs placed there.", h),
                true,
            ));
        }
        _ => {
            finance = false;
            flags.push("no section 251 outturn in the sources: standard unit costs and no other spend lines".into());
            sources.push(src(
                "authority.settings",
                "No section 251 outturn for this authority in the published files: the standard national unit costs are used (estimated). Type your own in the data view.".into(),
                true,
            ));
        }
    }

    // 2024-25's unit costs carried one year to the base year, 2025-26.
    if finance {
        for (k, st) in settings.iter_mut().enumerate() {
            for band in st.bands.iter_mut() {
                band.value_pounds = (band.value_pounds * (1.0 + COST_2025)).round();
            }
            topups[k] *= 1.0 + COST_2025;
        }
        for l in other_spend.iter_mut() {
            l.amount_pounds = (l.amount_pounds * (1.0 + COST_2025)).round();
        }
        for s in sources.iter_mut() {
            if s.field == "authority.settings" || s.field == "authority.other_spend" {
                s.text.push_str(&format!(" Then carried to the base year, 2025-26, by {}: top-ups and other lines (place funding stays at its national rate); the 2025-26 outturn is not yet published, so the base year's spend is estimated.", pct(COST_2025)));
            }
        }
    }

    // ---- Funding and deficit --------------------------------------------------
    let alloc23 = inputs.allocation(code, 2023);
    let e23 = inputs
        .fin
        .england_hnb
        .get(&2023)
        .copied()
        .unwrap_or(f64::NAN);
    let modelled: f64 = (0..7)
        .map(|k| kind_totals[k] * (place[k] + topups[k]))
        .sum::<f64>()
        + other_spend.iter().map(|l| l.amount_pounds).sum::<f64>();
    let mut funding = Funding {
        hnb_allocation_pounds: 0.0,
        allocation_overrides: Map::new(),
        schools_block_pounds: 0.0,
        other_income: Map::new(),
        ..Default::default()
    };
    let mut deficit = Deficit {
        opening_pounds: 0.0,
        safety_valve: Map::new(),
        contributions: Map::new(),
        other_dsg_adjustments: Map::new(),
        ..Default::default()
    };
    let mut history = Vec::new();
    // The High Needs Block and schools block for 2024-25 to 2026-27: as
    // published where the sources have them, else estimated.
    let hnb = |y: i32| inputs.hnb(code, y);
    let (hnb24, hnb25, hnb26) = (hnb(2024), hnb(2025), hnb(2026));
    let sb25 = inputs.schools_block(code, 2025);
    let sb26 = inputs.schools_block(code, 2026);
    match (&hnb25, &hnb26) {
        (Some(a25), Some(a26)) => {
            funding.hnb_allocation_pounds = a25.pounds.round();
            // 2026-27 is flat cash: never below 2025-26 unless published so.
            funding
                .allocation_overrides
                .insert(year_label(BASE_YEAR + 1), a26.pounds.round());
            sources.push(src(
                "authority.funding.hnb_allocation_pounds",
                format!("High Needs Block 2025-26 before deductions, {}: {}. Before deductions, because the model costs every place, including those the Education and Skills Funding Agency pays directly.", money(a25.pounds), a25.text),
                a25.estimated,
            ));
            sources.push(src(
                "authority.funding.allocation_overrides",
                format!("2026-27: {}, {}. High needs funding \"will continue at this increased level in 2026-27\" (written statement, \"Dedicated Schools Grant\", House of Commons, 17 December 2025). Later years grow from 2026-27 by the funding growth assumption.", money(a26.pounds), a26.text),
                a26.estimated,
            ));
            if let (Some(b25), Some(b26)) = (&sb25, &sb26) {
                funding.schools_block_pounds = b25.pounds.round();
                funding
                    .schools_block_overrides
                    .insert(year_label(BASE_YEAR + 1), b26.pounds.round());
                sources.push(src(
                    "authority.funding.schools_block_pounds",
                    format!("Schools block 2025-26, {}: {}. It sets the 0.5% a schools forum can agree to move.", money(b25.pounds), b25.text),
                    b25.estimated,
                ));
                sources.push(src(
                    "authority.funding.schools_block_overrides",
                    format!(
                        "2026-27: {}, {}. Later years grow by the schools block growth assumption.",
                        money(b26.pounds),
                        b26.text
                    ),
                    b26.estimated,
                ));
            }
        }
        _ => {
            finance = false;
            funding.hnb_allocation_pounds = modelled.round();
            funding.schools_block_pounds = 0.0;
            flags.push(
                "no allocation in the Education and Skills Funding Agency's files: funding set equal to the modelled spend".into(),
            );
            sources.push(src(
                "authority.funding",
                "the Education and Skills Funding Agency's allocation files do not include this authority: the High Needs Block is set equal to the modelled base-year spend, so the plan starts balanced, and there is no schools block to transfer from (estimated). Type the real figures in the data view.".into(),
                true,
            ));
        }
    }
    let place_est = |y: i32| -> f64 {
        let Some(o) = &outturn else { return 0.0 };
        let (Some(a), Some(b)) = (
            inputs.kinds(code, y + 1).or((y + 1 == AGES).then_some(k25)),
            k22,
        ) else {
            return o.place();
        };
        if placed(&b) > 0.0 {
            o.place() * placed(&a) / placed(&b)
        } else {
            o.place()
        }
    };
    // A year's high needs spend like for like with the High Needs Block
    // before deductions: net spend, place funding, and the deductions.
    let deductions = |y: i32| -> f64 {
        match inputs.allocation(code, y) {
            Some(a) => a.hnb_before - a.hnb_after,
            None => inputs
                .published_deductions(code, y)
                .or_else(|| {
                    let a = alloc23?;
                    Some((a.hnb_before - a.hnb_after) * ENGLAND_HNB_2024 / e23)
                })
                .unwrap_or(0.0),
        }
    };
    // 2024-25 as the unit costs were scaled to (section 251 like for like).
    let spend_in = |y: i32| match (y, spend_s251) {
        (OUTTURN_YEAR, Some(v)) => Some(v),
        _ => Some(inputs.net(code, y)? + place_est(y) + deductions(y)),
    };
    let funding_in = |y: i32| -> Option<f64> {
        match inputs.allocation(code, y) {
            Some(a) => Some(a.hnb_before),
            None if y == 2024 => hnb24.as_ref().map(|a| a.pounds),
            None => None,
        }
    };
    // The Safety Valve agreement, if any: payments received reduce the
    // deficit in the year they are paid.
    let sv = inputs.fin.safety_valve.get(code);
    let sv_paid = |y: i32| sv.map(|a| a.received(y).0).unwrap_or(0.0);
    // The deficit: the published balance at 31 March 2024, carried to
    // 31 March 2025 (the base year's opening) with 2024-25's spend less its
    // income and the Safety Valve payments received that year.
    let bal24 = inputs.balance_2024(code);
    let mut carried: BTreeMap<i32, f64> = BTreeMap::new();
    // What the published balances show that spend less allocations does not
    // (block transfers, other DSG blocks, council contributions): the
    // authority's own yearly average over 2022-23 and 2023-24, from the
    // published balances at 31 March 2022 and 2024 with the Safety Valve
    // payments of those years taken out, at most 5% of its High Needs Block.
    let unexplained = match (inputs.balance(code, 2021), bal24) {
        (Some(b22), Some(b24)) => {
            let mut gap = 0.0;
            let mut ok = true;
            for y in 2022..=BALANCE_YEAR {
                match (spend_in(y), funding_in(y)) {
                    (Some(sp), Some(inc)) => gap += sp - inc - sv_paid(y),
                    _ => ok = false,
                }
            }
            let cap = 0.05 * funding_in(BALANCE_YEAR).unwrap_or(0.0);
            ok.then(|| ((b22 + gap - b24) / 2.0).clamp(-cap, cap))
        }
        _ => None,
    };
    match (bal24, spend_in(2024), funding_in(2024)) {
        (Some(b), Some(sp), Some(inc)) => {
            carried.insert(BALANCE_YEAR, b);
            let in_year = sp - inc - unexplained.unwrap_or(0.0);
            let d = b + in_year - sv_paid(2024);
            carried.insert(2024, d);
            deficit.opening_pounds = d.round();
            sources.push(src(
                "authority.deficit.opening_pounds",
                format!(
                    "Cumulative DSG balance at 31 March 2024: a {} of {} (Department for Education section 251 outturn 2023-24, line 1.9.3 \"DSG carried forward to next year\": published). Carried to 31 March 2025 (estimated): 2024-25 high needs spend {} ({S251} 2024-25, net high needs spend plus place funding (estimated) and the directly funded places) less the High Needs Block {} ({}){} is an in-year {} of {}{}, so a {} of {} at 31 March 2025. Not in the carry-forward: other DSG blocks, block transfers and council contributions. If your council has published its deficit at 31 March 2025 or 2026, type it in the data view (\"Our deficit at 31 March 2026, if we know it\").",
                    if b >= 0.0 { "deficit" } else { "surplus" },
                    money(b.abs()),
                    money(sp),
                    money(inc),
                    hnb24.as_ref().map(|a| a.text.clone()).unwrap_or_default(),
                    match unexplained {
                        Some(u) if u.abs() >= 5e4 => format!(", {} {} a year for what the published balances show and spend less allocations does not (block transfers, other DSG blocks, contributions: this authority's average over 2022-23 and 2023-24, from its published balances at 31 March 2022 and 2024)", if u >= 0.0 { "less" } else { "plus" }, money(u.abs())),
                        _ => String::new(),
                    },
                    if in_year >= 0.0 { "overspend" } else { "underspend" },
                    money(in_year.abs()),
                    if sv_paid(2024) > 0.0 { format!(", less {} of Safety Valve payments received in 2024-25", money(sv_paid(2024))) } else { String::new() },
                    if d >= 0.0 { "deficit" } else { "surplus" },
                    money(d.abs()),
                ),
                true,
            ));
        }
        _ => {
            // No published balance at 31 March 2024 (Buckinghamshire's is
            // blank; Cumberland's and Westmorland and Furness's are gaps):
            // the one at 31 March 2022 carried forward three years.
            match inputs.balance(code, 2021) {
                Some(b) => {
                    let mut d = b;
                    let mut steps = Vec::new();
                    for y in 2022..BASE_YEAR {
                        if let (Some(sp), Some(inc)) = (spend_in(y), funding_in(y)) {
                            d += sp - inc - sv_paid(y);
                            carried.insert(y, d);
                            steps.push(format!(
                                "{} end {} {}",
                                year_label(y),
                                if d >= 0.0 { "deficit" } else { "surplus" },
                                money(d.abs())
                            ));
                        }
                    }
                    deficit.opening_pounds = d.round();
                    flags.push("no published DSG balance at 31 March 2024: 31 March 2022's carried forward".into());
                    sources.push(src(
                        "authority.deficit.opening_pounds",
                        format!("No DSG balance at 31 March 2024 is published for this authority in the sources. Cumulative DSG balance at 31 March 2022: a {} of {} (Department for Education section 251 line 1.9.3 as a share of total DSG, 2021-22), carried forward with each year's high needs spend less its High Needs Block (estimated): {}. Type your council's own figure in the data view.", if b >= 0.0 { "deficit" } else { "surplus" }, money(b.abs()), steps.join("; ")),
                        true,
                    ));
                }
                None => {
                    flags.push("no published DSG balance: opening deficit set to zero".into());
                    sources.push(src(
                        "authority.deficit.opening_pounds",
                        "No published DSG balance for this authority in the sources: the opening deficit is set to zero (estimated). Type the real figure in the data view.".into(),
                        true,
                    ));
                }
            }
        }
    }
    if let Some(a) = sv {
        let (base, base_est) = a.received(BASE_YEAR);
        if base > 0.0 {
            deficit
                .safety_valve
                .insert(year_label(BASE_YEAR), base.round());
        }
        let (y24, y24_est) = a.received(OUTTURN_YEAR);
        let profile = a.profile();
        let to_2024: f64 = profile
            .iter()
            .filter(|p| p.year <= BALANCE_YEAR && a.counts(p.year, &p.kind))
            .map(|p| p.pounds)
            .sum();
        let held: f64 = profile
            .iter()
            .filter(|p| p.year <= BASE_YEAR && !a.counts(p.year, &p.kind))
            .map(|p| p.pounds)
            .sum();
        let later: f64 = profile
            .iter()
            .filter(|p| p.year > BASE_YEAR)
            .map(|p| p.pounds)
            .sum();
        let how = |v: f64, e: bool| {
            match (v > 0.0, e) {
            (false, _) => String::new(),
            (true, true) => " (estimated: scheduled in the agreement, or an even share of its total where the sources give no amount, and counted as received)".into(),
            (true, false) => " (received, as the sources say)".into(),
        }
        };
        sources.push(src(
            "authority.deficit.safety_valve",
            format!(
                "Safety Valve agreement ({}): the Department for Education's total {}{}; status: {}. Payments to 2023-24 (about {}) are inside the published balance at 31 March 2024; 2024-25's {}{} is taken off in the carry-forward to 31 March 2025; 2025-26's {}{} is applied in the base year.{}{} Source: {}.",
                a.signed,
                a.total.map(money).unwrap_or_else(|| "(not found in the sources: only the payments they give are counted)".into()),
                if a.balance_by.is_empty() { String::new() } else { format!(", to reach an in-year balance by {}", a.balance_by) },
                a.status,
                money(to_2024),
                money(y24),
                how(y24, y24_est),
                money(base),
                how(base, base_est),
                if held > 0.0 { format!(" Not counted as received: {} withheld or suspended.", money(held)) } else { String::new() },
                if later > 0.0 { format!(" Later instalments ({}) are not applied: from 2026-27 the High Needs Stability Grant resolves the deficit the agreement was to clear (Department for Education and Ministry of Housing, Communities and Local Government, \"Explanatory note on the government's approach to Dedicated Schools Grant deficits\", 9 February 2026).", money(later)) } else { String::new() },
                {
                    let all: Vec<&str> = a.source.split("; ").collect();
                    let shown = spelled_out(&all[..all.len().min(2)].join("; "));
                    if all.len() > 2 {
                        format!("{shown}; and {} more in data/sources/safety_valve/agreements.csv", all.len() - 2)
                    } else {
                        shown
                    }
                }
            ),
            y24_est || base_est || a.total.is_none(),
        ));
    }
    for y in 2019..=OUTTURN_YEAR {
        let (Some(e), Some(sp), Some(f)) = (inputs.total(code, y + 1), spend_in(y), funding_in(y))
        else {
            continue;
        };
        if broken.iter().any(|b| b.year == y + 1) {
            continue;
        }
        let cumulative = if y <= 2021 {
            inputs.balance(code, y)
        } else {
            carried.get(&y).copied()
        };
        history.push(HistoryRow {
            year: y,
            ehcps: e,
            expenditure_pounds: sp.round(),
            funding_pounds: f.round(),
            cumulative_deficit_pounds: cumulative.map(f64::round),
        });
    }
    if !history.is_empty() {
        sources.push(src(
            "authority.history",
            format!("Years 2019-20 to 2024-25: EHCPs at the January census after each year starts ({SEN2_2025}){}; spend is net high needs spend ({S251}) plus place funding (2021-22 outturn, carried by the number of place-funded EHCPs: estimated) plus the Education and Skills Funding Agency's deductions for directly funded places; funding is the High Needs Block before deductions ({DSG}; 2024-25 {}); the cumulative DSG balance is published for 2019-20 to 2021-22 (section 251 line 1.9.3 as a share of DSG) and 2023-24 (line 1.9.3), and carried forward for 2024-25 (estimated). Earlier years are left out: the sources have no allocations per authority before 2019-20.",
                if broken.is_empty() { String::new() } else { format!("; left out where the census breaks from its series ({})", broken.iter().map(|b| format!("January {}", b.year)).collect::<Vec<_>>().join(", ")) },
                if hnb24.as_ref().is_some_and(|a| !a.estimated) { "published" } else { "estimated" }),
            true,
        ));
    }
    let prior = inputs.predecessor(code);
    if let Some((_, pname, share)) = prior {
        sources.push(src(
            "authority",
            format!("Formed from {pname}. Figures published only for {pname} (years before the change) are taken at this authority's share of its successors' EHCPs in January {AGES}, {}: estimated.", pct(share)),
            true,
        ));
    }
    if code == "825" {
        sources.push(src(
            "authority",
            "Buckinghamshire appears under two ONS codes in Department for Education's files (E10000002 and E06000060); both are read as one authority, LA number 825.".into(),
            false,
        ));
    }
    if matches!(code, "838" | "839") {
        sources.push(src(
            "authority",
            "Formed in April 2019 from Bournemouth, Christchurch and Poole and the former Dorset; every figure used here is from 2019 or later.".into(),
            false,
        ));
    }
    sources.push(src(
        "authority.special_capacity",
        "Not published per authority: no limit on state special places is set. Type your own in the data view.".into(),
        true,
    ));
    sources.push(src(
        "assumptions.new_plan_growth",
        format!(
            "New plans {} a year from 2021 to 2024 here ({SEN2_2025}); the ranges are set by the hindcast (docs/hindcast.md).",
            match (la.new_total.get(&2021), la.new_total.get(&2024)) {
                (Some(a), Some(b)) if *a > 0.0 => format!("grew {}", pct((b / a).powf(1.0 / 3.0) - 1.0)),
                _ => "are not published for every year".into(),
            }
        ),
        true,
    ));
    sources.push(src(
        "authority",
        format!("High Needs Explorer published authority data {DATA_VERSION}, base year 2024-25, derived by `hne-data build` from the files in data/sources. {ATTRIBUTION} Sources: {SEN2_2025}; {S251} 2017-18 to 2024-25; Department for Education high needs benchmarking tool 2021-22; {DSG} 2019-20 to 2023-24; Department for Education DSG balances 2019-20 to 2021-22."),
        false,
    ));

    let authority = Authority {
        name: la.name.clone(),
        base_year: BASE_YEAR,
        settings,
        caseload,
        new_plans,
        placement_mix,
        cease_rate,
        ageing,
        transitions,
        escalation,
        escalation_to_independent,
        special_capacity: None,
        other_spend,
        funding,
        deficit,
        history,
        sources,
    };
    let scenario = Scenario {
        schema: SCHEMA_VERSION,
        name: format!("{}: unmitigated", la.name),
        horizon: HORIZON,
        authority,
        assumptions: national_assumptions(),
        levers: Levers::default(),
        timetable: Timetable {
            start: 2,
            ramp_years: 3,
        },
    };
    Derived {
        code: code.to_string(),
        name: la.name.clone(),
        region: la.region.clone(),
        scenario,
        sen2_total: total,
        spend_lines,
        spend_s251,
        flags,
        settings_year,
        finance,
    }
}

fn money_pounds(v: f64) -> String {
    if v.is_infinite() {
        return "no limit".into();
    }
    format!("£{}", count(v))
}

/// Give a published authority the calibrated default ranges, centred on
/// its anchor (docs/hindcast.md, docs/model.md "The central forecast,
/// anchored"): growth in new plans and plans ending so that, with no plan,
/// its EHCPs follow the pooled trend; moves between settings so that its
/// EHCPs in mainstream and in independent schools follow theirs; unit-cost inflation the
/// same everywhere (independent placements half a point higher, as before).
pub fn calibrate(
    d: &mut Derived,
    c: &hne_model::hindcast::Calibration,
    held_out: f64,
    naive: &hne_model::hindcast::Naive,
) {
    use hne_model::hindcast::{anchor, Anchor};
    // New plans in calendar 2025 are not in the sources: 2024's, grown a
    // year at the authority's anchored growth (the hindcast's cases take
    // the calendar year before their census, as this does).
    let growth = c
        .blend
        .map(|b| b.growth_of(naive))
        .unwrap_or(c.growth_central);
    let g = 1.0 + growth;
    let np = &mut d.scenario.authority.new_plans;
    *np = hne_model::schema::PerPhase::from_array(
        np.to_array().map(|v| (v * g * 100.0).round() / 100.0),
    );
    for s in d.scenario.authority.sources.iter_mut() {
        if s.field == "authority.new_plans" {
            s.text.push_str(&format!(" Calendar 2025's are not in the sources: 2024's grown by a year of the authority's anchored growth in new plans ({:.1}%), estimated.", growth * 100.0));
            s.estimated = true;
        }
    }
    let an = match (c.blend, hne_model::Model::new(&d.scenario)) {
        (Some(b), Ok(m)) => {
            let mut tr = hne_model::engine::Trace::new(&m);
            anchor(&m, naive, &b, &mut tr)
        }
        _ => Anchor::default(),
    };
    c.apply_anchored(&mut d.scenario, an);
    let a = &mut d.scenario.assumptions;
    let k = a.cost_inflation;
    a.cost_inflation_by_setting.insert(
        "independent".to_string(),
        Range::new(r4(k.low + 0.005), r4(k.central + 0.005), r4(k.high + 0.005)),
    );
    let pc = |v: f64| format!("{:.1}%", v * 100.0);
    let l = a.leaving;
    let ng = a.new_plan_growth.central;
    for s in d.scenario.authority.sources.iter_mut() {
        if s.field == "assumptions.new_plan_growth" {
            s.text = format!(
                "Anchored by the hindcast (docs/hindcast.md): with no plan, EHCPs follow the pooled trend fitted on past forecasts from January 2019 to 2025, here {} a year, so new plans grow {} a year and plans ending are shifted by {:+.1} points ({:+.1} to {:+.1} in the likely range). Moves between mainstream schools and other settings vary by {} of those in mainstream either way, moves between state special and independent schools by {} of those in independent schools either way, and unit-cost inflation is {} to {}: forecasts made that way, each with ranges fitted without its own January, held {} of outcomes for all EHCPs.",
                pc(growth),
                pc(ng),
                l.central * 100.0,
                l.low * 100.0,
                l.high * 100.0,
                pc(c.drift_halfwidth),
                pc(c.independent_halfwidth),
                pc(k.low),
                pc(k.high),
                pc(held_out)
            );
            s.estimated = true;
        }
    }
}
