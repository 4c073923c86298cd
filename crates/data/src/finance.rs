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
    pub total: f64,
    pub balance_by: String,
    pub status: String,
    pub status_note: String,
    pub source: String,
    /// (financial year start, pounds, paid | scheduled | withheld, note)
    pub payments: Vec<(i32, f64, String, String)>,
}

impl Agreement {
    /// Payments in a year of a kind.
    pub fn in_year(&self, year: i32, kind: &str) -> f64 {
        self.payments
            .iter()
            .filter(|p| p.0 == year && p.2 == kind)
            .map(|p| p.1)
            .sum()
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
                total: crate::read::num(&row[c("total_pounds")?]).unwrap_or(0.0),
                balance_by: row[c("balance_by")?].clone(),
                status: row[c("status")?].clone(),
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
        let v = crate::read::num(&row[c("amount_pounds")?])
            .ok_or_else(|| format!("{}: row {}: amount", t.file, i + 2))?;
        a.payments.push((
            y,
            v,
            row[c("kind")?].trim().to_string(),
            row[c("note")?].clone(),
        ));
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
