//! hne-data: every English authority's baseline scenario, derived from the
//! published statistics committed in `data/sources/` (native only: the app
//! never parses the raw files, it fetches the JSON this writes).
//!
//! `hne-data build` writes `public/data/authorities/` (an index and one
//! scenario file per authority) and `docs/data-quality.md`; `hne-data check`
//! rebuilds in memory and fails if any committed file differs.
//!
//! `hindcast_report` writes docs/hindcast.md from the model's hindcast
//! numbers; the command-line tool prints the same (`hne hindcast`).

pub mod build;
pub mod compare;
pub mod estimate;
pub mod finance;
pub mod hindcast;
pub mod read;
pub mod sen2;

pub mod hindcast_report;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub use build::{Derived, DATA_VERSION};

/// Where the output goes, relative to the project's root: `index.json`
/// (the current version's list) and one folder per data version, so a link
/// made with older figures can still find them.
pub const OUT_DIR: &str = "public/data/authorities";

/// This version's folder.
pub fn version_dir() -> String {
    format!("{OUT_DIR}/{DATA_VERSION}")
}
pub const REPORT: &str = "docs/data-quality.md";
/// The hindcast's report (also what `hne hindcast` prints).
pub const HINDCAST: &str = "docs/hindcast.md";
/// The hindcast's cases, one file per authority, and its index: derived
/// files `hne hindcast` reads (not served with the app).
pub const HINDCAST_DIR: &str = "data/hindcast";

/// index.json, the list the app's authority picker and the command-line
/// tool read: one type for the writer and every reader.
pub use hne_model::published::{Entry, Index};

/// compare.json: one type for the writer and every reader.
pub use hne_model::published::{Area, Compared, Comparisons};

/// How similar authorities are chosen (shown in the app).
pub const SIMILARITY: &str = "the ten authorities nearest in kind (London borough, metropolitan district, unitary authority or county), in the number of children and young people aged 2 to 18 (2021), and in EHCPs per 1,000 of them in January 2019";

/// Everything the build writes: path (relative to the root) -> contents.
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub nation: Nation,
    pub derived: Vec<Derived>,
    pub england_sen2: f64,
}

/// Read the sources and derive every authority.
pub fn build(root: &Path) -> Result<Output, String> {
    let dir = root.join("data/sources");
    let mut sen2 = sen2::read(&dir.join("sen2/education-health-and-care-plans_2025.zip"))?;
    sen2::read_2026(
        &dir.join("sen2/sen2_2026_caseload_all_plans.csv"),
        &mut sen2,
    )?;
    sen2::read_mi_2023(&dir.join("sen2/sen2_mi_2023_release.csv"), &mut sen2)?;
    let older = sen2::older_totals(&dir.join("sen2/education-health-and-care-plans_2022.zip"))?;
    let older_ages = sen2::older_ages(&dir.join("sen2/education-health-and-care-plans_2022.zip"))?;
    let fin = finance::read(&dir)?;
    let lait = finance::lait(&dir)?;
    let inputs = build::Inputs {
        sen2,
        older,
        fin,
        lait,
        older_ages,
    };
    let mut derived = build::derive_all(&inputs);
    // The hindcast: each authority's cases, the ranges fitted on some of
    // them and tested on the rest, and those ranges every published
    // authority's defaults.
    let (mut cases, missing) = hindcast::cases(&inputs, &derived);
    let calibration = hne_model::hindcast::fit(&hne_model::hindcast::fit_cases(&cases))
        .map_err(|p| format!("hindcast fit: {p}"))?;
    // Each case carries the ranges fitted without its origin, so that its
    // forecast (the app's "How good were past forecasts?") never saw it.
    let folds = hne_model::hindcast::folds(&cases).map_err(|p| format!("hindcast fit: {p}"))?;
    hne_model::hindcast::apply_folds(&mut cases, &folds);
    let hc = hne_model::hindcast::report(&cases, calibration, folds, hne_model::hindcast::RUNS)?;
    let summary = hc.summary();
    for d in derived.iter_mut() {
        let known = hindcast::known_at(&inputs, &d.code, build::CENSUS);
        build::calibrate(
            d,
            &calibration,
            summary.held_out_of(hne_model::hindcast::Quantity::Total),
            &known.1,
        );
    }
    let comparison = compare::compare(&inputs, &derived);
    let nation = nation(&inputs, &derived);
    let england_sen2 = inputs
        .sen2
        .england
        .get(&build::CENSUS)
        .copied()
        .unwrap_or(0.0);
    let mut files = BTreeMap::new();
    let mut entries = Vec::new();
    for d in &derived {
        let mut json = serde_json::to_string_pretty(&d.scenario).map_err(|e| e.to_string())?;
        json.push('\n');
        files.insert(format!("{}/{}.json", version_dir(), d.code), json);
        entries.push(Entry {
            code: d.code.clone(),
            name: d.name.clone(),
            region: d.region.clone(),
            ehcps: d.sen2_total,
            finance: d.finance,
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let index = Index {
        version: DATA_VERSION.to_string(),
        base_year: hne_model::schema::year_label(build::BASE_YEAR),
        attribution: build::ATTRIBUTION.to_string(),
        authorities: entries,
    };
    let compared = Comparisons {
        version: DATA_VERSION.to_string(),
        similarity: SIMILARITY.to_string(),
        areas: comparison
            .regions
            .iter()
            .map(|(name, f)| Area {
                name: name.clone(),
                figures: *f,
                summed: comparison.summed[name],
            })
            .chain(std::iter::once(Area {
                name: "England".into(),
                figures: comparison.england,
                summed: comparison.summed["England"],
            }))
            .collect(),
        authorities: comparison
            .by_code
            .iter()
            .map(|(code, (figures, similar))| Compared {
                code: code.clone(),
                figures: *figures,
                similar: similar.clone(),
            })
            .collect(),
    };
    let mut json = serde_json::to_string(&compared).map_err(|e| e.to_string())?;
    json = json
        .replace("},{", "},\n{")
        .replace("\"authorities\":[", "\"authorities\":[\n")
        .replace("\"areas\":[", "\"areas\":[\n");
    json.push('\n');
    files.insert(format!("{}/compare.json", version_dir()), json);
    // One line per authority: small enough to compile into the app, and
    // still a readable diff.
    let mut json = serde_json::to_string(&index).map_err(|e| e.to_string())?;
    json = json
        .replace("},{", "},\n{")
        .replace("\"authorities\":[", "\"authorities\":[\n");
    json.push('\n');
    files.insert(format!("{OUT_DIR}/index.json"), json);
    files.insert(
        REPORT.to_string(),
        report(
            &derived,
            england_sen2,
            &comparison.summed,
            &nation,
            &councils_own(&dir)?,
            &inputs.sen2.new_region_copies,
        ),
    );
    for a in &cases {
        let mut json = serde_json::to_string(a).map_err(|e| e.to_string())?;
        json.push('\n');
        files.insert(format!("{HINDCAST_DIR}/{}.json", a.code), json);
    }
    let app = hne_model::hindcast::AppFile {
        version: DATA_VERSION.to_string(),
        summary: summary.clone(),
        authorities: hne_model::hindcast::pasts(&cases, hne_model::hindcast::RUNS, &hc.latest())?,
    };
    let mut json = serde_json::to_string(&app).map_err(|e| e.to_string())?;
    json = json.replace("]},\"", "]},\n\"");
    json.push('\n');
    files.insert(format!("{}/hindcast.json", version_dir()), json);
    let index = hne_model::hindcast::Index { summary, missing };
    let mut json = serde_json::to_string_pretty(&index).map_err(|e| e.to_string())?;
    json.push('\n');
    files.insert(format!("{HINDCAST_DIR}/index.json"), json);
    files.insert(
        HINDCAST.to_string(),
        hindcast_report::markdown(&hc, &index.missing),
    );
    Ok(Output {
        files,
        nation,
        derived,
        england_sen2,
    })
}

/// Money and counts as every crate writes them (`hne_model::format`).
use hne_model::format::{count, pounds as money, signed_percent, signed_pounds};

/// The data-quality report: reconciliation and every flag.
/// England's money from its authorities, against the national figures
/// (docs/data-quality.md, "The nation reconciles").
#[derive(Debug, Clone, PartialEq)]
pub struct Nation {
    /// High Needs Blocks before deductions summed: 2024-25 (history),
    /// 2025-26 (the base year) and 2026-27.
    pub hnb_2024: f64,
    pub hnb_2025: f64,
    pub hnb_2026: f64,
    /// How many authorities have a 2025-26 or 2026-27 High Needs Block
    /// published (in part).
    pub hnb_published: usize,
    /// The opening balances (31 March 2024) summed, and the published line
    /// 1.9.3 summed over the same file.
    pub balances_2024: f64,
    pub balances_2024_published: f64,
    pub balances_2024_count: usize,
    /// Deficits at 31 March 2025 and 2026 (of those in deficit), the grant.
    pub deficits_2025: f64,
    pub deficits_2026: f64,
    pub grant: f64,
    /// High Needs Blocks found published, beside what the build estimates
    /// without them: (authority, year, published (before deductions, in
    /// part estimated), estimated, how it was published).
    pub allocations_checked: Vec<(String, i32, f64, f64, String)>,
}

/// England summed from its authorities.
pub fn nation(inputs: &build::Inputs, derived: &[Derived]) -> Nation {
    let mut n = Nation {
        hnb_2024: 0.0,
        hnb_2025: 0.0,
        hnb_2026: 0.0,
        hnb_published: 0,
        allocations_checked: Vec::new(),
        balances_2024: 0.0,
        balances_2024_published: inputs.fin.balance_2024.values().sum(),
        balances_2024_count: 0,
        deficits_2025: 0.0,
        deficits_2026: 0.0,
        grant: 0.0,
    };
    for d in derived {
        let a = &d.scenario.authority;
        let h = |y: i32| a.history.iter().find(|r| r.year == y);
        n.hnb_2024 += h(build::OUTTURN_YEAR)
            .map(|r| r.funding_pounds)
            .unwrap_or(0.0);
        n.hnb_2025 += a.funding.hnb_allocation_pounds;
        n.hnb_2026 += a
            .funding
            .allocation_overrides
            .get(&hne_model::schema::year_label(build::BASE_YEAR + 1))
            .copied()
            .unwrap_or(a.funding.hnb_allocation_pounds);
        for y in [build::BASE_YEAR, build::BASE_YEAR + 1] {
            let found = inputs
                .fin
                .published
                .get(&d.code)
                .and_then(|m| m.get(&y))
                .filter(|p| p.hnb_before.is_some() || p.hnb_after.is_some());
            if let (Some(p), Some(got), Some(est)) = (
                found,
                inputs.hnb(&d.code, y),
                inputs.hnb_estimated(&d.code, y),
            ) {
                let how = if p.hnb_before.is_some() {
                    "before deductions"
                } else {
                    "after deductions, 2023-24's deductions added back"
                };
                let by = if p.source.contains("View latest funding") {
                    "the Department's funding page"
                } else {
                    "a council paper, or a report of one"
                };
                n.allocations_checked.push((
                    d.name.clone(),
                    y,
                    got.pounds,
                    est.pounds,
                    format!("{how}; {by}"),
                ));
            }
        }
        if a.sources.iter().any(|s| {
            matches!(
                s.field.as_str(),
                "authority.funding.allocation_overrides"
                    | "authority.funding.hnb_allocation_pounds"
            ) && s.text.contains("(published)")
        }) {
            n.hnb_published += 1;
        }
        if let (Some(b), Some(_)) = (
            h(build::BALANCE_YEAR).and_then(|r| r.cumulative_deficit_pounds),
            inputs.balance_2024(&d.code),
        ) {
            n.balances_2024 += b;
            n.balances_2024_count += 1;
        }
        let run = hne_model::project(&d.scenario).expect("a published scenario projects");
        let m = &run.baseline.metrics;
        n.deficits_2025 += a.deficit.opening_pounds.max(0.0);
        n.deficits_2026 += m.deficit_march_2026_pounds.unwrap_or(0.0).max(0.0);
        n.grant += m.stability_grant_pounds;
    }
    n
}

/// A deficit a council has published itself (data/sources/councils/).
#[derive(Debug, Clone)]
pub struct Published {
    pub code: String,
    pub name: String,
    /// 2025 = 31 March 2025 (the base year's opening), 2026 = 31 March 2026.
    pub at: i32,
    pub forecast: bool,
    pub pounds: f64,
    pub high_needs_only: bool,
    pub reported: bool,
    pub citation: String,
}

/// Councils' own deficits, with their citations (title, body, date).
pub fn councils_own(dir: &Path) -> Result<Vec<Published>, String> {
    let t = read::csv_file(&dir.join("councils/own_figures.csv"))?;
    let c = |n: &str| t.col(n);
    let mut out = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let at: i32 = row[c("date_of_deficit")?]
            .get(0..4)
            .and_then(|y| y.parse().ok())
            .ok_or_else(|| format!("{}: row {}: date", t.file, i + 2))?;
        out.push(Published {
            code: row[c("la_code")?].clone(),
            name: row[c("la_name")?].clone(),
            at,
            forecast: row[c("kind")?] == "forecast",
            pounds: read::num(&row[c("pounds")?])
                .ok_or_else(|| format!("{}: row {}: pounds", t.file, i + 2))?,
            high_needs_only: row[c("scope")?] == "high_needs",
            reported: row[c("source_kind")?] == "reported",
            citation: format!(
                "{}, {}, {}",
                row[c("paper_title")?],
                row[c("body")?],
                row[c("date")?]
            ),
        });
    }
    Ok(out)
}

/// Our deficit at 31 March of `at` (2025: the opening; 2026: the base
/// year's close, before the grant).
pub fn ours_at(d: &Derived, at: i32) -> f64 {
    if at == build::BASE_YEAR {
        return d.scenario.authority.deficit.opening_pounds;
    }
    let run = hne_model::project(&d.scenario).expect("a published scenario projects");
    run.baseline.years[(at - 1 - build::BASE_YEAR) as usize].deficit_pounds
}

pub fn report(
    derived: &[Derived],
    england: f64,
    summed: &BTreeMap<String, compare::Summed>,
    nation: &Nation,
    own: &[Published],
    copies: &[(String, i32, f64, Option<f64>)],
) -> String {
    let mut s = String::new();
    let sum: f64 = derived.iter().map(|d| d.sen2_total).sum();
    let _ = writeln!(s, "# Published authorities: data quality\n");
    let _ = writeln!(
        s,
        "Generated by `hne-data build` (data {DATA_VERSION}) from `data/sources/`; do not edit by hand. The method is in [model.md](model.md#published-authorities).\n"
    );
    let _ = writeln!(s, "## Reconciliation\n");
    let exact = derived
        .iter()
        .filter(|d| caseload_total(&d.scenario) == d.sen2_total)
        .count();
    let _ = writeln!(
        s,
        "- Authorities: {}. Base-year EHCPs equal the SEN2 total exactly for {} of {}.",
        derived.len(),
        exact,
        derived.len()
    );
    let _ = writeln!(
        s,
        "- Authorities add up to {} EHCPs in January {}; England (the sum of the regions) says {}: a difference of {} ({}).",
        count(sum),
        build::CENSUS,
        count(england),
        count(sum - england),
        if sum == england { "none".to_string() } else { "the Isle of Wight, whose January 2026 row is suppressed, counts January 2025's figure here and is inside the South East's regional total".to_string() }
    );
    let with: Vec<&Derived> = derived.iter().filter(|d| d.spend_s251.is_some()).collect();
    let lines: f64 = with.iter().filter_map(|d| d.spend_lines).sum();
    let s251: f64 = with.iter().filter_map(|d| d.spend_s251).sum();
    let _ = writeln!(
        s,
        "- Spend in 2024-25, the latest outturn: the 2021-22 outturn lines carried forward give {} across the {} authorities with finance data, against {} in section 251 like for like (net high needs spend, place funding and ESFA's deductions): {}. Each authority's unit costs are then scaled to its own section 251 figure; the table below lists the difference before that scaling.\n",
        money(lines),
        with.len(),
        money(s251),
        signed_percent((lines / s251 - 1.0) * 100.0)
    );
    if !copies.is_empty() {
        let name = |c: &str| {
            derived
                .iter()
                .find(|d| d.code == c)
                .map_or(format!("LA {c}"), |d| d.name.clone())
        };
        let each: Vec<String> = copies
            .iter()
            .map(|(c, _, _, own)| match own {
                Some(v) => format!("{} {}", name(c), count(*v)),
                None => format!("{} (none: left out)", name(c)),
            })
            .collect();
        let _ = writeln!(
            s,
            "- New plans: the 2025 release gives {} authorities' new plans in calendar {} as their region's total ({}), which is not theirs. Those figures are left out, and the 2023 release's own figures (`sen2_mi_2023_release.csv`, `new_all_ehc`) stand in: {}. They feed the hindcast: its January {} cases, and the rates of plans leaving in later ones.\n",
            copies.len(),
            copies.iter().map(|c| c.1.to_string()).collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>().join(", "),
            count(copies[0].2),
            each.join(", "),
            copies.iter().map(|c| c.1 + 1).min().unwrap_or(0),
        );
    }
    let e = summed["England"];
    let bn = |v: f64| format!("£{:.1} billion", v / 1e9);
    let diff = |v: f64, against: f64| signed_percent((v / against - 1.0) * 100.0);
    let n = nation;
    let _ = writeln!(s, "## The nation reconciles\n");
    let _ = writeln!(
        s,
        "England as the sum of its authorities, beside the national figures (domain notes), each difference stated.\n\n\
         | figure | sum of the authorities | national figure | difference | why |\n|---|---:|---:|---:|---|\n\
         | High Needs Block 2024-25 | {} | over £10.5 billion | {} | estimated from 2023-24 with the national growth (no 2024-25 allocations per authority in the sources) |\n\
         | High Needs Block 2025-26 | {} | over £12 billion | {} | {} of {} authorities have a 2025-26 or 2026-27 figure published (the Department's own funding pages or councils' papers, `data/sources/dsg/hnb_allocations_2024_to_2027.csv`; after deductions only, so the deductions are added back at 2023-24's level); the rest are 2024-25's grown by the 11% announced for 2025-26 (written statement, 17 December 2025). The sum is below \"over £12 billion\" because the announced growth is 11% and the published figures run lower still (next table); the national figure may count funding not in the authorities' blocks |\n\
         | High Needs Block 2026-27 | {} | about £12 billion (held flat) | {} | flat cash at 2025-26 where no 2026-27 figure is published |\n\
         | DSG balances at 31 March 2024 (line 1.9.3), net | {} ({} authorities) | {} (the published file) | {} | {} |\n\
         | DSG deficits at 31 March 2025, of those in deficit | {} | £3.3 billion in 2024-25 (IFS) | {} | carried from 31 March 2024 with 2024-25's spend less income: estimated |\n\
         | DSG deficits at 31 March 2026, of those in deficit | {} | £4.3 billion to £4.9 billion (NAO, 2024) | {} against £4.6 billion | the NAO's estimate is two years older; the grant was sized on more (next row) |\n\
         | High Needs Stability Grant (90% of the deficit at 31 March 2026) | {} | over £5 billion (February 2026) | {} against £5 billion | our deficits at 31 March 2026 are estimated: 2025-26's spend from the 2024-25 outturn |\n",
        bn(n.hnb_2024), diff(n.hnb_2024, 10.5e9),
        bn(n.hnb_2025), diff(n.hnb_2025, 12.0e9), n.hnb_published, derived.len(),
        bn(n.hnb_2026), diff(n.hnb_2026, 12.0e9),
        bn(n.balances_2024), n.balances_2024_count, bn(n.balances_2024_published),
        diff(n.balances_2024, n.balances_2024_published),
        if (n.balances_2024 - n.balances_2024_published).abs() < 1.0 { "none: every balance carried forward is the published one; the three gaps in the file (Buckinghamshire blank, Cumberland and Westmorland and Furness 0.0) are carried from 31 March 2022 instead".to_string() } else { "rounding to the pound and names not matched".to_string() },
        bn(n.deficits_2025), diff(n.deficits_2025, 3.3e9),
        bn(n.deficits_2026), diff(n.deficits_2026, 4.6e9),
        bn(n.grant), diff(n.grant, 5.0e9),
    );
    let _ = writeln!(
        s,
        "### High Needs Blocks found published, beside our estimate\n"
    );
    let _ = writeln!(
        s,
        "Where a 2025-26 or 2026-27 High Needs Block is published (`data/sources/dsg/hnb_allocations_2024_to_2027.csv`), the build uses it; here it is beside what the build would estimate without it (2024-25's estimate grown 11%, 2026-27 flat). The estimate runs high for most: where a figure is published, type it in the data view.\n\n\
         | authority | year | published | our estimate without it | estimate less published | basis and source |\n|---|---|---:|---:|---:|---|"
    );
    for (name, y, got, est, how) in &nation.allocations_checked {
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {how} |",
            hne_model::schema::year_label(*y),
            money(*got),
            money(*est),
            signed_percent((est / got - 1.0) * 100.0)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Against councils' own papers\n");
    let _ = writeln!(
        s,
        "Deficits councils have published themselves (`data/sources/councils/own_figures.csv`, each with its paper), beside ours. \"Reported\" is a local news report of the council's paper, not the paper. A council's forecast for 31 March 2026 was made during 2025-26; ours is estimated from the 2024-25 outturn. Safety Valve councils' 2024-25 and 2025-26 payments are in ours, estimated where the sources give no amount (see model.md).\n\n\
         | authority | deficit at | the council's | ours | ours less theirs (% where theirs is £5m or more) | source |\n|---|---|---:|---:|---:|---|"
    );
    for p in own {
        let Some(d) = derived.iter().find(|d| d.code == p.code) else {
            continue;
        };
        let ours = ours_at(d, p.at);
        let signed = |v: f64| {
            if v < 0.0 {
                format!("a surplus of {}", money(-v))
            } else {
                money(v)
            }
        };
        let _ = writeln!(
            s,
            "| {} | 31 March {}{} | {}{} | {} | {} | {}{} |",
            d.name,
            p.at,
            if p.forecast { " (forecast)" } else { "" },
            signed(p.pounds),
            if p.high_needs_only {
                " (high needs only)"
            } else {
                ""
            },
            signed(ours),
            {
                let gap = ours - p.pounds;
                if p.pounds.abs() >= 5e6 {
                    format!(
                        "{} ({})",
                        signed_pounds(gap),
                        signed_percent(gap / p.pounds * 100.0)
                    )
                } else {
                    signed_pounds(gap)
                }
            },
            if p.reported { "reported: " } else { "" },
            p.citation.replace('|', "/")
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "## England and the regions, as the sum of their authorities\n"
    );
    let _ = writeln!(
        s,
        "Each authority projected unmitigated at the central assumptions; the deficits of the authorities in deficit added up (surpluses left out, as the national estimates count them). \"Carried\" is after the High Needs Stability Grant (90% of the deficit at 31 March 2026, paid in 2026-27).\n"
    );
    let _ = writeln!(
        s,
        "| area | EHCPs Jan 2026 | EHCPs Jan 2033 | deficits 31 March 2025 | 31 March 2026 | grant 2026-27 | carried 31 March 2028 | carried, end of 2032-33 |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut order: Vec<&String> = summed.keys().filter(|k| *k != "England").collect();
    order.push(
        summed
            .keys()
            .find(|k| *k == "England")
            .expect("England is summed"),
    );
    for name in order {
        let a = summed[name];
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            count(a.ehcps_2026),
            count(a.ehcps_2033),
            bn(a.deficit_2025),
            bn(a.deficit_2026),
            bn(a.grant),
            bn(a.carried_2028),
            bn(a.carried_2033)
        );
    }
    let _ = writeln!(
        s,
        "\nThe Office for Budget Responsibility expected about £14 billion of deficits by 2027-28 before the grant was announced; the sum here before the grant at 31 March 2028 would be {} more than what is carried ({}). Councils' own plans are not in these sums.\n",
        bn(e.grant),
        bn(e.carried_2028)
    );
    let _ = writeln!(s, "## Every authority\n");
    let _ = writeln!(
        s,
        "| LA | authority | region | EHCPs Jan 2026 | settings from | lines carried forward | section 251 like for like | difference | flags |"
    );
    let _ = writeln!(s, "|---|---|---|---:|---|---:|---:|---:|---|");
    for d in derived {
        let diff = match (d.spend_lines, d.spend_s251) {
            (Some(a), Some(b)) => signed_percent((a / b - 1.0) * 100.0),
            _ => "no finance data".into(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | January {} | {} | {} | {} | {} |",
            d.code,
            d.name,
            d.region,
            count(d.sen2_total),
            d.settings_year,
            d.spend_lines.map(money).unwrap_or_default(),
            d.spend_s251.map(money).unwrap_or_default(),
            diff,
            if d.flags.is_empty() {
                "-".into()
            } else {
                d.flags.join("; ")
            }
        );
    }
    s
}

/// The sum of a scenario's caseload.
pub fn caseload_total(sc: &hne_model::Scenario) -> f64 {
    sc.authority
        .caseload
        .iter()
        .map(|(_, c)| match c {
            hne_model::schema::Caseload::Total(v) => *v,
            hne_model::schema::Caseload::ByPhase(p) => p.to_array().iter().sum(),
        })
        .sum()
}

/// Files that differ between a build and what is on disk (missing, changed
/// or left over).
pub fn differences(root: &Path, out: &Output) -> Vec<String> {
    let mut diffs = Vec::new();
    for (path, text) in &out.files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(t) if &t == text => {}
            Ok(_) => diffs.push(format!("{path} differs from a fresh build")),
            Err(_) => diffs.push(format!("{path} is missing")),
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join(version_dir())) {
        for e in entries.flatten() {
            let rel = format!("{}/{}", version_dir(), e.file_name().to_string_lossy());
            if !out.files.contains_key(&rel) {
                diffs.push(format!("{rel} is not made by the build"));
            }
        }
    }
    diffs
}
