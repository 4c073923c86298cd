//! EHCPs from the SEN2 release: caseload at each January census, by setting
//! and by single year of age; new plans by age and setting; ceased plans by
//! age. Settings are grouped into the model's seven kinds.

use std::collections::BTreeMap;
use std::path::Path;

use crate::read::{num, zip_csv, Error, Table};

/// The model's setting kinds, in the order of `hne_model::examples::standard_settings`.
pub const KINDS: [&str; 7] = [
    "mainstream",
    "resourced",
    "special",
    "independent",
    "post16",
    "alternative",
    "other",
];
pub const MAINSTREAM: usize = 0;
pub const RESOURCED: usize = 1;
pub const SPECIAL: usize = 2;
pub const INDEPENDENT: usize = 3;
pub const POST16: usize = 4;
pub const ALTERNATIVE: usize = 5;
pub const OTHER: usize = 6;

/// National shares by kind, used only to spread a suppressed remainder.
pub const SPREAD: [f64; 7] = [0.36, 0.05, 0.34, 0.06, 0.11, 0.01, 0.07];

const RESOURCED_COLS: [&str; 6] = [
    "mainstream_la_maintained_resourced_provision",
    "mainstream_la_maintained_senunit",
    "mainstream_academy_resourced_provision",
    "mainstream_academy_senunit",
    "mainstream_free_school_resourced_provision",
    "mainstream_free_school_senunit",
];

/// A count for each of the seven kinds.
pub type Kinds = [f64; 7];

/// The phase of a single year of age (SEN2's "age 2 and under" is 2, "age
/// 20 and over" is 20).
pub fn phase_of_age(age: u32) -> usize {
    match age {
        0..=4 => 0,
        5..=10 => 1,
        11..=15 => 2,
        16..=19 => 3,
        _ => 4,
    }
}

fn age_of(breakdown: &str) -> Option<u32> {
    let b = breakdown.trim().to_lowercase();
    let rest = b.strip_prefix("age ")?;
    let n = rest.split_whitespace().next()?;
    n.parse().ok()
}

/// One row's counts by kind, read from the setting columns. Where a kind's
/// cells are suppressed, the row's total less the known kinds is spread over
/// the unknown ones in national proportions. `unknown` says whether
/// "placement unknown" counts (in `other`); without it, the remainder is
/// not spread (for the mix of new plans, which uses known placements only).
pub struct KindRow {
    pub total: Option<f64>,
    pub kinds: Kinds,
    /// True when every kind was read without spreading a remainder.
    pub complete: bool,
}

fn sum_cols(t: &Table, row: &[String], cols: &[&str]) -> Option<f64> {
    let mut s = 0.0;
    for c in cols {
        let i = t.col(c).ok()?;
        s += num(&row[i])?;
    }
    Some(s)
}

fn kinds_of(t: &Table, row: &[String], total_col: &str, with_unknown: bool) -> KindRow {
    let get = |c: &str| t.col(c).ok().and_then(|i| num(&row[i]));
    let total = get(total_col);
    let resourced = sum_cols(t, row, &RESOURCED_COLS);
    let mainstream = sum_cols(
        t,
        row,
        &[
            "mainstream_la_maintained",
            "mainstream_academy",
            "mainstream_free_school",
            "mainstream_independent",
        ],
    )
    .or_else(|| Some(get("mainstream_total")? - resourced?));
    let independent = sum_cols(t, row, &["special_independent", "special_non_maintained"]);
    let special = sum_cols(t, row, &["special_la_maintained", "special_academy_free"])
        .or_else(|| Some(get("special_total")? - independent?));
    let post16 = get("fe_total").or_else(|| {
        sum_cols(
            t,
            row,
            &[
                "general_fe_tertiary_colleges",
                "specialist_post_16_institutions",
                "ukrlp_provider",
            ],
        )
    });
    let ap = get("ap_pru_total");
    let mut other_cols = vec!["ed_elsewhere", "nm_early_years"];
    if with_unknown {
        other_cols.push("placement_unknown");
    }
    let mut other = sum_cols(t, row, &other_cols);
    // Before 2023 "placement unknown" and some "elsewhere" cells are
    // suppressed nationally: with every other kind known, `other` is the
    // total's remainder.
    if other.is_none() && with_unknown {
        if let (Some(t), Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)) = (
            total,
            mainstream,
            resourced,
            special,
            independent,
            post16,
            ap,
        ) {
            other = Some((t - a - b - c - d - e - f).max(0.0));
        }
    }
    let known: [Option<f64>; 7] = [
        mainstream,
        resourced,
        special,
        independent,
        post16,
        ap,
        other,
    ];
    let mut kinds = [0.0; 7];
    let mut complete = true;
    let mut rest = total.unwrap_or(0.0);
    let mut weight = 0.0;
    for (i, k) in known.iter().enumerate() {
        match k {
            Some(v) => {
                kinds[i] = v.max(0.0);
                rest -= v.max(0.0);
            }
            None => {
                complete = false;
                weight += SPREAD[i];
            }
        }
    }
    if with_unknown && !complete && total.is_some() && weight > 0.0 {
        for (i, k) in known.iter().enumerate() {
            if k.is_none() {
                kinds[i] = rest.max(0.0) * SPREAD[i] / weight;
            }
        }
    }
    KindRow {
        total,
        kinds,
        complete,
    }
}

/// What SEN2 says about one authority.
#[derive(Default)]
pub struct La {
    pub code: String,
    pub name: String,
    pub region: String,
    /// ONS codes seen for this authority (Buckinghamshire has two).
    pub ons: Vec<String>,
    /// EHCPs at each January census (2019..=2025), all plans.
    pub total: BTreeMap<i32, f64>,
    /// EHCPs by kind at each January census, where no kind was suppressed.
    pub by_kind: BTreeMap<i32, Kinds>,
    /// EHCPs by single year of age (2..=20) and kind, January 2024 and 2025,
    /// with the age's total.
    pub by_age: BTreeMap<i32, BTreeMap<u32, (f64, Kinds)>>,
    /// New plans in each calendar year (all plans).
    pub new_total: BTreeMap<i32, f64>,
    /// New plans in each calendar year by kind, known placements only.
    pub new_kinds: BTreeMap<i32, Kinds>,
    /// New plans in 2024 by age started: total and known placements by kind.
    pub new_by_age: BTreeMap<u32, (f64, Kinds)>,
    /// Plans ceased in 2024 by age, leaving out those that reached the age
    /// limit, and those that did.
    pub ceased_by_age: BTreeMap<u32, f64>,
    pub ceased_total: Option<f64>,
    pub ceased_max_age: Option<f64>,
}

pub struct Sen2 {
    pub las: BTreeMap<String, La>,
    /// The England row's total EHCPs at each January census.
    pub england: BTreeMap<i32, f64>,
    /// The England row's new plans in each calendar year.
    pub england_new: BTreeMap<i32, f64>,
    /// Authorities and calendar years whose new plans the 2025 release gives
    /// as their region's total, left out there ([`read`]) and filled from
    /// the 2023 release where it has them ([`read_mi_2023`]): LA number,
    /// year, the region's figure, and the 2023 release's (none if it has
    /// none).
    pub new_region_copies: Vec<(String, i32, f64, Option<f64>)>,
}

fn census_year(time_period: &str) -> Option<i32> {
    // "202425" is the January 2025 census.
    let y: i32 = time_period.get(0..4)?.parse().ok()?;
    Some(y + 1)
}

/// The January 2026 census (the "reporting year 2026" release's all-plans
/// rows, a CSV of their own): totals and placements by kind into `sen2`.
/// Authorities whose row is suppressed (every cell `x`) are listed.
pub fn read_2026(path: &Path, sen2: &mut Sen2) -> Result<Vec<String>, Error> {
    let t = crate::read::csv_file(path)?;
    let c = |n: &str| t.col(n);
    let mut suppressed = Vec::new();
    let mut regions = 0.0;
    for row in &t.rows {
        let year = census_year(&row[c("time_period")?]).unwrap_or(0);
        if year != 2026 || row[c("breakdown_topic")?] != "All EHC plans" {
            continue;
        }
        match row[c("geographic_level")?].as_str() {
            "Regional" => regions += num(&row[c("ehcplans")?]).unwrap_or(0.0),
            "Local authority" => {
                let code = row[c("old_la_code")?].clone();
                let Some(la) = sen2.las.get_mut(&code) else {
                    return Err(format!("{}: LA {code} is not in the 2025 release", t.file));
                };
                let k = kinds_of(&t, row, "ehcplans", true);
                match k.total {
                    Some(total) => {
                        la.total.insert(2026, total);
                        if k.complete {
                            la.by_kind.insert(2026, k.kinds);
                        }
                    }
                    None => suppressed.push(code),
                }
            }
            _ => {}
        }
    }
    // England is the sum of its regions (the file has no national row);
    // the Isle of Wight's suppressed 2,000 or so are inside the South East's.
    sen2.england.insert(2026, regions);
    Ok(suppressed)
}

pub fn read(zip: &Path) -> Result<Sen2, Error> {
    let mut las: BTreeMap<String, La> = BTreeMap::new();
    let mut england = BTreeMap::new();
    let caseload = zip_csv(zip, "data/caseload.csv")?;
    let c = |n: &str| caseload.col(n);
    let (tp, lvl, code, name, region, ons, topic, brk) = (
        c("time_period")?,
        c("geographic_level")?,
        c("old_la_code")?,
        c("la_name")?,
        c("region_name")?,
        c("new_la_code")?,
        c("breakdown_topic")?,
        c("breakdown")?,
    );
    for row in &caseload.rows {
        let Some(year) = census_year(&row[tp]) else {
            continue;
        };
        if row[lvl] == "National" && row[topic] == "All EHC plans" {
            if let Some(t) = num(&row[c("ehcplans")?]) {
                england.insert(year, t);
            }
            continue;
        }
        if row[lvl] != "Local authority" {
            continue;
        }
        let la = las.entry(row[code].clone()).or_default();
        la.code = row[code].clone();
        if year == 2025 || la.name.is_empty() {
            la.name = row[name].trim().to_string();
            la.region = row[region].trim().to_string();
        }
        if !la.ons.contains(&row[ons]) && !row[ons].is_empty() {
            la.ons.push(row[ons].clone());
        }
        let k = kinds_of(&caseload, row, "ehcplans", true);
        if row[topic] == "All EHC plans" {
            if let Some(t) = k.total {
                la.total.insert(year, t);
            }
            if k.complete {
                la.by_kind.insert(year, k.kinds);
            }
        } else if row[topic] == "Child or young persons age" {
            if let (Some(age), Some(t)) = (age_of(&row[brk]), k.total) {
                la.by_age.entry(year).or_default().insert(age, (t, k.kinds));
            }
        }
    }

    let newplans = zip_csv(zip, "data/newplans.csv")?;
    let n = |s: &str| newplans.col(s);
    // England's and each region's new plans each year, before the
    // authorities': the release gives calendar 2022's for every authority
    // in Yorkshire and the Humber as the region's total (6,078 each,
    // against 111 to 394 in the 2023 release), and an authority's figure
    // equal to its region's is not its own.
    let mut england_new = BTreeMap::new();
    let mut regions: BTreeMap<(i32, String), f64> = BTreeMap::new();
    for row in &newplans.rows {
        if row[n("breakdown_topic")?] != "New EHC plans" {
            continue;
        }
        let (Ok(year), Some(t)) = (
            row[n("time_period")?].parse::<i32>(),
            num(&row[n("new_ehc_plans")?]),
        ) else {
            continue;
        };
        match row[n("geographic_level")?].as_str() {
            "National" => {
                england_new.insert(year, t);
            }
            "Regional" => {
                regions.insert((year, row[n("region_name")?].clone()), t);
            }
            _ => {}
        }
    }
    let mut new_region_copies = Vec::new();
    for row in &newplans.rows {
        if row[n("geographic_level")?] != "Local authority" {
            continue;
        }
        let Some(la) = las.get_mut(&row[n("old_la_code")?]) else {
            continue;
        };
        let Ok(year) = row[n("time_period")?].parse::<i32>() else {
            continue;
        };
        let k = kinds_of(&newplans, row, "new_ehc_plans", false);
        match row[n("breakdown_topic")?].as_str() {
            "New EHC plans" => {
                let region = regions.get(&(year, row[n("region_name")?].clone()));
                if let (Some(t), Some(r)) = (k.total, region) {
                    if t == *r {
                        new_region_copies.push((la.code.clone(), year, t, None));
                        continue;
                    }
                }
                if let Some(t) = k.total {
                    la.new_total.insert(year, t);
                }
                la.new_kinds.insert(year, k.kinds);
            }
            "Age when plan started" if year == 2024 => {
                if let (Some(age), Some(t)) = (age_of(&row[n("breakdown")?]), k.total) {
                    la.new_by_age.insert(age, (t, k.kinds));
                }
            }
            _ => {}
        }
    }

    let ceased = zip_csv(zip, "data/ceased_plans.csv")?;
    let e = |s: &str| ceased.col(s);
    for row in &ceased.rows {
        if row[e("geographic_level")?] != "Local authority" || row[e("time_period")?] != "2024" {
            continue;
        }
        let Some(la) = las.get_mut(&row[e("old_la_code")?]) else {
            continue;
        };
        let total = num(&row[e("total_ceased")?]);
        let max_age = num(&row[e("max_age")?]);
        match row[e("breakdown_topic")?].as_str() {
            "All ceased EHC plans" => {
                la.ceased_total = total;
                la.ceased_max_age = max_age;
            }
            "Age plan ceased" => {
                if let (Some(age), Some(t)) = (age_of(&row[e("breakdown")?]), total) {
                    la.ceased_by_age.insert(age, t - max_age.unwrap_or(0.0));
                }
            }
            _ => {}
        }
    }
    // Authorities that no longer exist in January 2025 (Cumbria,
    // Northamptonshire) stay in the map for their successors' history.
    Ok(Sen2 {
        las,
        england,
        england_new,
        new_region_copies,
    })
}

/// New plans from the 2023 release's management information
/// (`sen2_mi_2023_release.csv`, calendar years 2014 to 2022, column
/// `new_all_ehc`), only where the 2025 release's figure was its region's
/// total ([`Sen2::new_region_copies`]).
pub fn read_mi_2023(path: &Path, sen2: &mut Sen2) -> Result<(), Error> {
    let t = crate::read::csv_file(path)?;
    let c = |n: &str| t.col(n);
    let mut found: BTreeMap<(String, i32), f64> = BTreeMap::new();
    for row in &t.rows {
        if row[c("geographic_level")?] != "Local authority" {
            continue;
        }
        if let (Ok(year), Some(v)) = (
            row[c("time_period")?].parse::<i32>(),
            num(&row[c("new_all_ehc")?]),
        ) {
            found.insert((row[c("old_la_code")?].clone(), year), v);
        }
    }
    for (code, year, _, own) in sen2.new_region_copies.iter_mut() {
        if let Some(v) = found.get(&(code.clone(), *year)) {
            *own = Some(*v);
            if let Some(la) = sen2.las.get_mut(code.as_str()) {
                la.new_total.insert(*year, *v);
            }
        }
    }
    Ok(())
}

/// EHCPs at each January census 2010 to 2018 from the 2022 release's
/// establishment table (statements and EHCPs together up to 2018).
pub fn older_totals(zip: &Path) -> Result<BTreeMap<String, BTreeMap<i32, f64>>, Error> {
    let t = zip_csv(zip, "data/sen2_estab_caseload.csv")?;
    let (tp, lvl, code, etype, egroup, total) = (
        t.col("time_period")?,
        t.col("geographic_level")?,
        t.col("old_la_code")?,
        t.col("establishment_type")?,
        t.col("establishment_group")?,
        t.col("Total_all")?,
    );
    let mut out: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for row in &t.rows {
        if row[lvl] != "Local authority" || row[etype] != "Total" || row[egroup] != "Total" {
            continue;
        }
        let (Ok(year), Some(v)) = (row[tp].parse::<i32>(), num(&row[total])) else {
            continue;
        };
        out.entry(row[code].clone()).or_default().insert(year, v);
    }
    Ok(out)
}

/// What the 2022 release adds for the years before 2023, by authority:
/// EHCPs at each January census by phase (its age bands), and new plans in
/// each calendar year by phase of the age when the plan started.
#[derive(Default)]
pub struct Older {
    /// Index 5 is the total.
    pub ages: BTreeMap<String, BTreeMap<i32, [Option<f64>; 6]>>,
    pub new_ages: BTreeMap<String, BTreeMap<i32, [Option<f64>; 6]>>,
    /// England's new plans by calendar year (2009 to 2021).
    pub england_new: BTreeMap<i32, f64>,
}

fn band(b: &str) -> Option<usize> {
    match b.trim() {
        "Under 5" => Some(0),
        "Age 5 to 10" => Some(1),
        "Age 11 to 15" => Some(2),
        "Age 16 to 19" => Some(3),
        "Age 20 to 25" => Some(4),
        "Total" => Some(5),
        _ => None,
    }
}

/// The 2022 release's age tables (caseload and new plans), by phase.
pub fn older_ages(zip: &Path) -> Result<Older, Error> {
    let mut out = Older::default();
    for (file, col, new) in [
        ("data/sen2_age_caseload.csv", "Total_all", false),
        ("data/sen2_age_new_plans.csv", "Total_new_all", true),
    ] {
        let t = zip_csv(zip, file)?;
        let (tp, lvl, code, age, total) = (
            t.col("time_period")?,
            t.col("geographic_level")?,
            t.col("old_la_code")?,
            t.col("characteristic_age")?,
            t.col(col)?,
        );
        for row in &t.rows {
            let Ok(year) = row[tp].parse::<i32>() else {
                continue;
            };
            if new && row[lvl] == "National" && row[age].trim() == "Total" {
                if let Some(v) = num(&row[total]) {
                    out.england_new.insert(year, v);
                }
                continue;
            }
            if row[lvl] != "Local authority" {
                continue;
            }
            let Some(p) = band(&row[age]) else { continue };
            let map = if new {
                &mut out.new_ages
            } else {
                &mut out.ages
            };
            map.entry(row[code].clone())
                .or_default()
                .entry(year)
                .or_insert([None; 6])[p] = num(&row[total]);
        }
    }
    Ok(out)
}
