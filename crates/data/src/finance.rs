//! Money: High Needs Block allocations (Education and Skills Funding Agency), section 251 outturn (net high
//! needs spend every year; the 2021-22 benchmarking tool line by line) and
//! DSG balances.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::read::{s251_net, sheet, Error};

/// One authority's allocation in one year (pounds).
#[derive(Clone, Copy, Debug)]
pub struct Allocation {
    pub schools_block: f64,
    /// High Needs Block before deductions for places Education and Skills Funding Agency pays directly.
    pub hnb_before: f64,
    /// After those deductions: what the council receives.
    pub hnb_after: f64,
}

/// The 2021-22 high needs outturn, line by line (benchmarking tool).
#[derive(Clone, Debug, Default)]
pub struct Outturn {
    /// Place funding the council paid (line 1.0.2): special, AP, other.
    pub place_special: f64,
    pub place_ap: f64,
    pub place_other: f64,
    /// Top-ups to state schools and colleges, net of income.
    pub topup_mainstream: f64,
    pub topup_special: f64,
    pub topup_ap: f64,
    pub topup_post16: f64,
    /// Top-ups to independent and non-maintained providers, net of income.
    pub topup_independent: f64,
    pub topup_independent_post16: f64,
    pub sen_support: f64,
    pub ap_services: f64,
    pub hospital: f64,
    pub therapies: f64,
}

impl Outturn {
    /// The lines that the section 251 "high needs" net figure counts (all
    /// but place funding).
    pub fn net_high_needs(&self) -> f64 {
        self.topup_mainstream
            + self.topup_special
            + self.topup_ap
            + self.topup_post16
            + self.topup_independent
            + self.topup_independent_post16
            + self.sen_support
            + self.ap_services
            + self.hospital
            + self.therapies
    }
    /// Every line times `s`: a successor's share of its predecessor's.
    pub fn scaled(&self, s: f64) -> Outturn {
        let o = self;
        Outturn {
            place_special: o.place_special * s,
            place_ap: o.place_ap * s,
            place_other: o.place_other * s,
            topup_mainstream: o.topup_mainstream * s,
            topup_special: o.topup_special * s,
            topup_ap: o.topup_ap * s,
            topup_post16: o.topup_post16 * s,
            topup_independent: o.topup_independent * s,
            topup_independent_post16: o.topup_independent_post16 * s,
            sen_support: o.sen_support * s,
            ap_services: o.ap_services * s,
            hospital: o.hospital * s,
            therapies: o.therapies * s,
        }
    }
    pub fn place(&self) -> f64 {
        self.place_special + self.place_ap + self.place_other
    }
}

pub struct Finance {
    /// By LA code, by financial year start (2019 = 2019-20).
    pub allocations: BTreeMap<String, BTreeMap<i32, Allocation>>,
    /// England's HNB before deductions by year.
    pub england_hnb: BTreeMap<i32, f64>,
    /// Section 251 net high needs spend by ONS code and year (2017..=2024).
    pub net: BTreeMap<i32, HashMap<String, (String, f64)>>,
    pub outturn_2021: BTreeMap<String, Outturn>,
    /// Population aged 2 to 18 (ONS mid-2021 projection), from the
    /// benchmarking tool, by LA code.
    pub population: BTreeMap<String, f64>,
    /// Total DSG by LA code and year.
    pub total_dsg: BTreeMap<String, BTreeMap<i32, f64>>,
    /// Cumulative DSG balance at each year's end as a percentage of total
    /// DSG (positive: a deficit), by normalised LA name and year.
    pub balance_pct: BTreeMap<String, BTreeMap<i32, f64>>,
    /// The cumulative DSG balance at 31 March 2024 (section 251 line 1.9.3,
    /// positive = deficit) by ONS code; and by name, for the few whose code
    /// differs between files. Blank and zero rows are gaps, left out.
    pub balance_2024: BTreeMap<String, f64>,
    pub balance_2024_by_name: BTreeMap<String, f64>,
    /// Allocations published for 2024-25 to 2026-27 (where the sources have
    /// them), by LA code and year.
    pub published: BTreeMap<String, BTreeMap<i32, Published>>,
    /// The Safety Valve agreements, by LA code.
    pub safety_valve: BTreeMap<String, Agreement>,
}

/// An allocation published for a year: any part may be missing.
#[derive(Clone, Debug, Default)]
pub struct Published {
    pub hnb_before: Option<f64>,
    pub hnb_after: Option<f64>,
    pub schools_block: Option<f64>,
    pub source: String,
}

/// A Safety Valve agreement: its total, its status and its payments.
#[derive(Clone, Debug, Default)]
pub struct Agreement {
    pub name: String,
    pub signed: String,
    /// DfE's total, where a source gives it.
    pub total: Option<f64>,
    pub balance_by: String,
    /// The last financial year of the payment profile (start year), where
    /// known.
    pub payments_to: Option<i32>,
    pub status: String,
    pub status_note: String,
    pub source: String,
    /// As the sources give them: (financial year start, pounds if a source
    /// gives the amount, paid | scheduled | withheld, note).
    pub payments: Vec<(i32, Option<f64>, String, String)>,
}

/// One year of an agreement's profile: the amount, its kind, and whether
/// the amount is our estimate (an even share of what the sources leave).
#[derive(Clone, Debug, PartialEq)]
pub struct Instalment {
    pub year: i32,
    pub pounds: f64,
    pub kind: String,
    pub estimated: bool,
}

impl Agreement {
    /// The profile by year. Amounts a source gives are kept; where the
    /// total and the profile's years are known, the rest of the total is
    /// shared evenly over the profile's years without an amount
    /// (estimated), each of the kind its source says, else scheduled.
    /// Without a total, only the amounts the sources give.
    pub fn profile(&self) -> Vec<Instalment> {
        let start: Option<i32> = year_start(&self.signed);
        let mut years: BTreeMap<i32, (Option<f64>, String)> = BTreeMap::new();
        for (y, v, kind, _) in &self.payments {
            let e = years.entry(*y).or_insert((None, kind.clone()));
            if let Some(v) = v {
                e.0 = Some(e.0.unwrap_or(0.0) + v);
            }
            e.1 = kind.clone();
        }
        if let (Some(total), Some(a), Some(b)) = (self.total, start, self.payments_to) {
            for y in a..=b {
                years.entry(y).or_insert((None, "scheduled".into()));
            }
            let known: f64 = years.values().filter_map(|v| v.0).sum();
            let open = years.values().filter(|v| v.0.is_none()).count();
            let share = if open > 0 {
                ((total - known) / open as f64).max(0.0)
            } else {
                0.0
            };
            return years
                .into_iter()
                .map(|(year, (v, kind))| Instalment {
                    year,
                    pounds: v.unwrap_or(share),
                    kind,
                    estimated: v.is_none(),
                })
                .collect();
        }
        years
            .into_iter()
            .filter_map(|(year, (v, kind))| {
                v.map(|pounds| Instalment {
                    year,
                    pounds,
                    kind,
                    estimated: false,
                })
            })
            .collect()
    }

    /// Whether a payment counts as received: one a source says was paid;
    /// or one scheduled in the agreement's profile with no word either way,
    /// under an agreement that is not suspended (estimated), or under a
    /// suspended one for a year before 2023-24, when the suspensions began
    /// (payments from then on were held back). A payment withheld never
    /// counts.
    pub fn counts(&self, year: i32, kind: &str) -> bool {
        match kind {
            "paid" => true,
            "scheduled" => self.status != "suspended" || year < 2023,
            _ => false,
        }
    }

    /// The payments counted as received in a year, and whether the figure
    /// is estimated (scheduled only, or an even share).
    pub fn received(&self, year: i32) -> (f64, bool) {
        let mut total = 0.0;
        let mut estimated = false;
        for p in self.profile().into_iter().filter(|p| p.year == year) {
            if self.counts(p.year, &p.kind) {
                total += p.pounds;
                estimated |= p.kind == "scheduled" || p.estimated;
            }
        }
        (total, estimated)
    }
}

/// "2025-26" as 2025.
fn year_start(label: &str) -> Option<i32> {
    label.trim().get(0..4)?.parse().ok()
}

/// The published allocations 2024-25 to 2026-27, if the file is there.
fn read_published(dir: &Path) -> Result<BTreeMap<String, BTreeMap<i32, Published>>, Error> {
    let path = dir.join("dsg/hnb_allocations_2024_to_2027.csv");
    let mut out: BTreeMap<String, BTreeMap<i32, Published>> = BTreeMap::new();
    if !path.exists() {
        return Ok(out);
    }
    let t = crate::read::csv_file(&path)?;
    let (code, year) = (t.col("la_code")?, t.col("financial_year")?);
    let (before, after, sb) = (
        t.col("hnb_before_deductions_pounds")?,
        t.col("hnb_after_deductions_pounds")?,
        t.col("schools_block_pounds")?,
    );
    let source = t.col("source")?;
    for (i, row) in t.rows.iter().enumerate() {
        let y = year_start(&row[year])
            .ok_or_else(|| format!("{}: row {}: year \"{}\"", t.file, i + 2, row[year]))?;
        let num = crate::read::num;
        out.entry(row[code].trim().to_string()).or_default().insert(
            y,
            Published {
                hnb_before: num(&row[before]),
                hnb_after: num(&row[after]),
                schools_block: num(&row[sb]),
                source: row[source].clone(),
            },
        );
    }
    Ok(out)
}

/// The Safety Valve agreements and their payments, if the files are there.
fn read_safety_valve(dir: &Path) -> Result<BTreeMap<String, Agreement>, Error> {
    let mut out: BTreeMap<String, Agreement> = BTreeMap::new();
    let path = dir.join("safety_valve/agreements.csv");
    if !path.exists() {
        return Ok(out);
    }
    let t = crate::read::csv_file(&path)?;
    let c = |n: &str| t.col(n);
    for row in &t.rows {
        let code = row[c("la_code")?].trim().to_string();
        out.insert(
            code,
            Agreement {
                name: row[c("la_name")?].clone(),
                signed: row[c("agreement_year")?].clone(),
                total: crate::read::num(&row[c("total_pounds")?]),
                balance_by: row[c("balance_by")?].clone(),
                payments_to: year_start(&row[c("payments_to")?]),
                status: row[c("status")?].trim().to_string(),
                status_note: row[c("status_note")?].clone(),
                source: row[c("source")?].clone(),
                payments: Vec::new(),
            },
        );
    }
    let t = crate::read::csv_file(&dir.join("safety_valve/payments.csv"))?;
    let c = |n: &str| t.col(n);
    for (i, row) in t.rows.iter().enumerate() {
        let code = row[c("la_code")?].trim();
        let a = out
            .get_mut(code)
            .ok_or_else(|| format!("{}: row {}: LA {code} has no agreement", t.file, i + 2))?;
        let y = year_start(&row[c("financial_year")?])
            .ok_or_else(|| format!("{}: row {}: year", t.file, i + 2))?;
        let cell = row[c("amount_pounds")?].trim();
        let v = match cell {
            "" => None,
            _ => Some(
                crate::read::num(cell)
                    .filter(|v| *v >= 0.0)
                    .ok_or_else(|| format!("{}: row {}: amount \"{cell}\"", t.file, i + 2))?,
            ),
        };
        let kind = row[c("kind")?].trim().to_string();
        if !matches!(kind.as_str(), "paid" | "scheduled" | "withheld") {
            return Err(format!("{}: row {}: kind \"{kind}\"", t.file, i + 2));
        }
        a.payments.push((y, v, kind, row[c("note")?].clone()));
    }
    Ok(out)
}

/// Names compared without case, punctuation or "&"/"and" differences.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .replace(", city of", "")
        .replace("city of ", "")
        .replace(", county of", "")
        .replace("county of ", "")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

pub fn read(dir: &Path) -> Result<Finance, Error> {
    let mut allocations: BTreeMap<String, BTreeMap<i32, Allocation>> = BTreeMap::new();
    let mut england_hnb = BTreeMap::new();
    let ods = dir.join("dsg/finance__hardcoded_data_keep__dedicated-schools-grant.ods");
    for (year, name, scale) in [
        (2019, "Allocations_1920", 1e6),
        (2020, "Allocations_2021", 1.0),
        (2021, "Allocations_2122", 1.0),
        (2022, "Allocations_2223", 1.0),
        (2023, "Allocations_2324", 1.0),
    ] {
        let s = sheet(&ods, name)?;
        for r in 4..s.rows.len() {
            let code = s.text(r, 0);
            let (Some(a), Some(c), Some(h)) = (s.num(r, 2), s.num(r, 4), s.num(r, 9)) else {
                continue;
            };
            let a = Allocation {
                schools_block: (a * scale).round(),
                hnb_before: (c * scale).round(),
                hnb_after: (h * scale).round(),
            };
            if code == "ENGLAND" {
                england_hnb.insert(year, a.hnb_before);
            } else if code.len() == 3 && code.chars().all(|ch| ch.is_ascii_digit()) {
                allocations.entry(code).or_default().insert(year, a);
            }
        }
    }

    let mut net = BTreeMap::new();
    for year in 2017..=2024 {
        let p = dir.join(format!("s251/high_needs_net_by_la/s251_lookup_{year}.json"));
        net.insert(year, s251_net(&p)?);
    }

    let bench = sheet(
        &dir.join("s251/high_needs_benchmarking_tool_2021_22_extract.xlsx"),
        "Sheet1",
    )?;
    let mut outturn_2021 = BTreeMap::new();
    let mut population = BTreeMap::new();
    for r in 6..bench.rows.len() {
        let code = bench.text(r, 2);
        if code.len() != 3 {
            continue;
        }
        if let Some(p) = bench.num(r, 4).filter(|p| *p > 0.0) {
            population.insert(code.clone(), p);
        }
        let v = |c: usize| bench.num(r, c).unwrap_or(0.0);
        // Columns 60-86: section 251 outturn 2021-22 (see the sheet's rows 3-6).
        let o = Outturn {
            place_special: v(64),
            place_ap: v(65),
            place_other: v(61) + v(62) + v(63) + v(66),
            topup_mainstream: v(68) + v(69) + v(70),
            topup_special: v(71),
            topup_ap: v(72) + v(80),
            topup_post16: v(73),
            topup_independent: v(76) + v(77) + v(78) + v(79),
            topup_independent_post16: v(81),
            sen_support: v(83),
            ap_services: v(84),
            hospital: v(85),
            therapies: v(86),
        };
        // Income (columns 74 and 82) comes off the top-ups it offsets.
        let mut o = o;
        let inc_state = v(74);
        let state = o.topup_mainstream + o.topup_special + o.topup_post16;
        if state > 0.0 {
            let f = 1.0 - inc_state / state;
            o.topup_mainstream *= f;
            o.topup_special *= f;
            o.topup_post16 *= f;
        }
        let inc_ind = v(82);
        let ind = o.topup_independent + o.topup_independent_post16;
        if ind > 0.0 {
            let f = 1.0 - inc_ind / ind;
            o.topup_independent *= f;
            o.topup_independent_post16 *= f;
        }
        outturn_2021.insert(code, o);
    }

    let dsg = dir.join("dsg/finance__DSG_by_year_dr.xlsx");
    let mut total_dsg: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for (year, name) in [
        (2019, "dsg_budget_20"),
        (2020, "dsg_budget_2021_03_16"),
        (2021, "dsg_budget_2022_03_17"),
        (2022, "dsg_budget_2023_03_16"),
        (2023, "dsg_budget_2024_03_30"),
    ] {
        let s = sheet(&dsg, name)?;
        for r in 1..s.rows.len() {
            if let Some(v) = s.num(r, 2) {
                total_dsg.entry(s.text(r, 0)).or_default().insert(year, v);
            }
        }
    }

    let bal = sheet(
        &dir.join("s251/dsg_balance_pct_2019_20_to_2021_22.xlsx"),
        "Sheet 1",
    )?;
    let mut balance_pct: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for r in 1..bal.rows.len() {
        if bal.text(r, 1) != "Local authority" {
            continue;
        }
        let year: i32 = match bal.text(r, 0).get(0..4).and_then(|y| y.parse().ok()) {
            Some(y) => y,
            None => continue,
        };
        if let Some(p) = bal.num(r, 4) {
            balance_pct
                .entry(name_key(&bal.text(r, 3)))
                .or_default()
                .insert(year, p);
        }
    }

    let t = crate::read::csv_file(&dir.join("s251/dsg_balance_2023_24_la.csv"))?;
    let (code, name, value) = (
        t.col("la_code")?,
        t.col("la_name")?,
        t.col("dsg_balance_2324")?,
    );
    let mut balance_2024 = BTreeMap::new();
    let mut balance_2024_by_name = BTreeMap::new();
    for row in &t.rows {
        // Cumberland and Westmorland and Furness show 0.0: a gap for two
        // councils new in 2023, not a balance (data/sources/README.md).
        if let Some(v) = crate::read::num(&row[value]).filter(|v| *v != 0.0) {
            balance_2024.insert(row[code].clone(), v);
            balance_2024_by_name.insert(name_key(&row[name]), v);
        }
    }

    Ok(Finance {
        published: read_published(dir)?,
        safety_valve: read_safety_valve(dir)?,
        balance_2024,
        balance_2024_by_name,
        allocations,
        england_hnb,
        net,
        outturn_2021,
        population,
        total_dsg,
        balance_pct,
    })
}

/// The LA list (names, regions, types) from Department for Education's LAIT code list.
pub fn lait(dir: &Path) -> Result<BTreeMap<String, (String, String, String)>, Error> {
    let s = sheet(&dir.join("lookups/lait_la_code_list.xlsx"), "Sheet1")?;
    let mut out = BTreeMap::new();
    for r in 1..s.rows.len() {
        let code = s.text(r, 0);
        if code.len() == 3 {
            out.insert(code, (s.text(r, 1), s.text(r, 2), s.text(r, 3)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(total: Option<f64>, status: &str) -> Agreement {
        Agreement {
            name: "Anywhere".into(),
            signed: "2022-23".into(),
            total,
            payments_to: Some(2027),
            status: status.into(),
            payments: vec![
                (2022, Some(56.8e6), "paid".into(), String::new()),
                (2024, None, "paid".into(), String::new()),
                (2025, Some(10e6), "withheld".into(), String::new()),
            ],
            ..Agreement::default()
        }
    }

    #[test]
    fn a_known_total_is_shared_evenly_over_the_years_without_an_amount() {
        let a = agreement(Some(140e6), "active");
        let p = a.profile();
        assert_eq!(
            p.iter().map(|i| i.year).collect::<Vec<_>>(),
            (2022..=2027).collect::<Vec<_>>()
        );
        // 140 - 56.8 - 10 = 73.2 over 2023, 2024, 2026 and 2027.
        let share = 73.2e6 / 4.0;
        for i in &p {
            match i.year {
                2022 => assert_eq!((i.pounds, i.estimated), (56.8e6, false)),
                2025 => assert_eq!((i.pounds, i.kind.as_str()), (10e6, "withheld")),
                _ => {
                    assert!((i.pounds - share).abs() < 1.0, "{i:?}");
                    assert!(i.estimated);
                }
            }
        }
        let total: f64 = p.iter().map(|i| i.pounds).sum();
        assert!((total - 140e6).abs() < 1.0);
        // Received: paid and scheduled count, withheld does not.
        assert_eq!(a.received(2022), (56.8e6, false));
        let (v, est) = a.received(2024);
        assert!((v - share).abs() < 1.0 && est);
        assert_eq!(a.received(2025), (0.0, false));
    }

    #[test]
    fn a_suspended_agreement_counts_nothing_scheduled_from_2023_24() {
        let a = agreement(Some(140e6), "suspended");
        assert!(a.received(2023).0 == 0.0, "scheduled in 2023-24, suspended");
        assert!(a.received(2024).0 > 0.0, "a source says 2024-25 was paid");
        assert_eq!(a.received(2026).0, 0.0);
    }

    #[test]
    fn without_a_total_only_the_amounts_the_sources_give() {
        let a = agreement(None, "active");
        let p = a.profile();
        assert_eq!(
            p.iter().map(|i| i.year).collect::<Vec<_>>(),
            vec![2022, 2025]
        );
        assert_eq!(a.received(2024), (0.0, false));
    }
}
