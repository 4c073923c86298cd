//! The published authorities: rebuilt from data/sources they match the
//! committed files; every one validates and projects; the figures reconcile
//! with the sources (docs/data-quality.md has the full table).

use std::path::Path;
use std::sync::OnceLock;

use hne_data::{build, caseload_total, differences, Output};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn out() -> &'static Output {
    static OUT: OnceLock<Output> = OnceLock::new();
    OUT.get_or_init(|| build(root()).expect("the sources read"))
}

fn by_name(name: &str) -> &'static hne_data::Derived {
    out()
        .derived
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} is in the data"))
}

/// An authority's source for a field; a missing one fails with its name.
fn source<'a>(d: &'a hne_data::Derived, field: &str) -> &'a hne_model::schema::Source {
    d.scenario
        .authority
        .sources
        .iter()
        .find(|s| s.field == field)
        .unwrap_or_else(|| panic!("{}: no source for {field}", d.name))
}

#[test]
fn a_fresh_build_matches_the_committed_files() {
    let diffs = differences(root(), out());
    assert!(
        diffs.is_empty(),
        "run `cargo run -p hne-data -- build` and commit:\n{}",
        diffs.join("\n")
    );
}

/// Every source file is listed in data/sources/SHA256SUMS with its hash,
/// and every file listed is there: a source changed or added without its
/// provenance fails here.
#[test]
fn every_source_file_is_listed_with_its_hash() {
    use sha2::{Digest, Sha256};
    let dir = root().join("data/sources");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
    let mut listed = std::collections::BTreeMap::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let (hash, file) = line.split_once("  ").expect("hash, two spaces, file");
        listed.insert(file.trim_start_matches("./").to_string(), hash.to_string());
    }
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("a folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut files = Vec::new();
    walk(&dir, &dir, &mut files);
    files.retain(|f| f != "README.md" && f != "SHA256SUMS");
    files.sort();
    let mut problems = Vec::new();
    for f in &files {
        let bytes = std::fs::read(dir.join(f)).expect("readable");
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        match listed.get(f) {
            None => problems.push(format!("{f}: not in SHA256SUMS")),
            Some(h) if *h != hash => problems.push(format!("{f}: hash differs")),
            _ => {}
        }
    }
    for f in listed.keys().filter(|f| !files.contains(f)) {
        problems.push(format!("{f}: listed but missing"));
    }
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    for f in &files {
        let short = f.rsplit('/').next().unwrap();
        if !readme.contains(short) && !f.starts_with("s251/high_needs_net_by_la/") {
            problems.push(format!("{f}: not described in data/sources/README.md"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_authority_validates_projects_and_keeps_its_sen2_total() {
    assert!(out().derived.len() >= 150, "{}", out().derived.len());
    for d in &out().derived {
        let json = &out().files[&format!("{}/{}.json", hne_data::version_dir(), d.code)];
        let sc = hne_model::Scenario::from_json(json)
            .unwrap_or_else(|e| panic!("{} ({}) does not validate:\n{e}", d.name, d.code));
        assert_eq!(
            caseload_total(&sc),
            d.sen2_total,
            "{}: base-year EHCPs",
            d.name
        );
        let run = hne_model::project(&sc).unwrap_or_else(|e| panic!("{}: {e}", d.name));
        for y in &run.baseline.years {
            assert!(
                y.spend_pounds.is_finite() && y.spend_pounds > 0.0 && y.deficit_pounds.is_finite(),
                "{}: {} spend {} deficit {}",
                d.name,
                y.year,
                y.spend_pounds,
                y.deficit_pounds
            );
        }
        assert!(
            !sc.authority.sources.is_empty()
                && sc
                    .authority
                    .sources
                    .iter()
                    .any(|s| s.text.contains("Open Government Licence")),
            "{}: sources and attribution",
            d.name
        );
    }
}

#[test]
fn authorities_add_up_to_england() {
    let sum: f64 = out().derived.iter().map(|d| d.sen2_total).sum();
    assert!(out().england_sen2 > 600_000.0);
    // Within suppression: the SEN2 authority rows add up to the England row.
    assert!(
        (sum - out().england_sen2).abs() <= 0.001 * out().england_sen2,
        "{sum} vs {}",
        out().england_sen2
    );
}

#[test]
fn spend_reproduces_section_251_and_carries_to_the_base_year() {
    for d in &out().derived {
        let (Some(s251), true) = (d.spend_s251, d.finance) else {
            continue;
        };
        // 2024-25 in the history is section 251 like for like.
        // (Left out where January 2025's census breaks from its series.)
        let Some(h) = d
            .scenario
            .authority
            .history
            .iter()
            .find(|r| r.year == hne_data::build::OUTTURN_YEAR)
        else {
            assert!(
                d.flags.iter().any(|f| f.contains("census break")),
                "{}",
                d.name
            );
            continue;
        };
        assert!(
            (h.expenditure_pounds / s251 - 1.0).abs() < 0.005,
            "{}: 2024-25 {} vs section 251 {s251}",
            d.name,
            h.expenditure_pounds
        );
        // 2025-26 (the base year): January 2026's EHCPs at 2024-25's unit
        // costs carried a year on, so between no growth and the caseload's
        // growth plus a year of inflation.
        let run = hne_model::project(&d.scenario).unwrap();
        let spend = run.baseline.years[0].spend_pounds;
        let growth = (run.baseline.years[0].ehcps / h.ehcps).max(1.0);
        let most = s251 * growth * (1.0 + hne_data::build::COST_2025) * 1.001;
        assert!(
            spend >= s251 * 0.98 && spend <= most,
            "{}: 2025-26 {spend} from 2024-25 {s251} (EHCPs x{growth:.3})",
            d.name
        );
    }
}

/// The January 2026 census as published, read here on its own.
fn census_2026() -> Vec<(String, String, Option<f64>)> {
    let mut r =
        csv::Reader::from_path(root().join("data/sources/sen2/sen2_2026_caseload_all_plans.csv"))
            .unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (lvl, code, name, total) = (
        col("geographic_level"),
        col("old_la_code"),
        col("la_name"),
        col("ehcplans"),
    );
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| &x[lvl] == "Local authority")
        .map(|x| {
            (
                x[code].to_string(),
                x[name].to_string(),
                x[total].parse().ok(),
            )
        })
        .collect()
}

#[test]
fn the_base_year_s_ehcps_are_the_january_2026_census() {
    let census = census_2026();
    assert_eq!(census.len(), 153);
    let mut checked = 0;
    for (code, name, total) in &census {
        let d = out().derived.iter().find(|d| &d.code == code).unwrap();
        let run = hne_model::project(&d.scenario).unwrap();
        let e = run.baseline.years[0].ehcps;
        match total {
            Some(t) => {
                assert!((e - t).abs() < 1e-6, "{name}: {e} vs the census {t}");
                checked += 1;
            }
            None => {
                // Suppressed (the Isle of Wight): January 2025's, and said.
                assert_eq!(name, "Isle of Wight");
                assert!(d.flags.iter().any(|f| f.contains("suppressed")), "{name}");
                let src = source(d, "authority.caseload");
                assert!(
                    src.estimated && src.text.contains("January 2025"),
                    "{}",
                    src.text
                );
            }
        }
    }
    assert_eq!(checked, 152);
    // Newham's January 2025 breaks from its series: flagged, and the
    // flows lean on the region.
    let newham = by_name("Newham");
    assert!(
        newham
            .flags
            .iter()
            .any(|f| f.contains("census break: January 2025")),
        "{:?}",
        newham.flags
    );
    assert!(
        newham.flags.iter().any(|f| f.contains("region's rates")),
        "{:?}",
        newham.flags
    );
    assert!(!newham
        .scenario
        .authority
        .history
        .iter()
        .any(|r| r.year == 2024));
}

/// The published balances at 31 March 2024, read here on its own: name
/// key -> pounds (blank and 0.0 rows are gaps).
fn balances_2024() -> Vec<(String, f64)> {
    let mut r = csv::Reader::from_path(root().join("data/sources/s251/dsg_balance_2023_24_la.csv"))
        .unwrap();
    r.records()
        .map(|x| x.unwrap())
        .filter_map(|x| {
            let v: f64 = x[2].parse().ok().filter(|v: &f64| *v != 0.0)?;
            Some((hne_data::finance::name_key(&x[1]), v))
        })
        .collect()
}

#[test]
fn every_opening_balance_is_section_251_where_published() {
    let published = balances_2024();
    assert!(published.len() >= 145, "{}", published.len());
    let mut matched = 0;
    for (key, v) in &published {
        let Some(d) = out()
            .derived
            .iter()
            .find(|d| hne_data::finance::name_key(&d.name) == *key)
        else {
            continue;
        };
        let a = &d.scenario.authority;
        let h = |y: i32| a.history.iter().find(|r| r.year == y);
        // The balance carried into 2024-25 is the published one, to the pound.
        let b = h(2023).and_then(|r| r.cumulative_deficit_pounds).unwrap();
        assert_eq!(b, v.round(), "{}", d.name);
        // The base year opens from it, carried one year (and the history's
        // 2024-25 row ends where the base year starts).
        if let Some(r) = h(2024) {
            assert_eq!(
                r.cumulative_deficit_pounds,
                Some(a.deficit.opening_pounds),
                "{}",
                d.name
            );
        }
        let src = source(d, "authority.deficit.opening_pounds");
        assert!(
            src.text.contains("31 March 2024") && src.text.contains("published") && src.estimated,
            "{}",
            d.name
        );
        matched += 1;
    }
    assert!(matched >= 145, "{matched} of {}", published.len());
}

#[test]
fn funding_never_falls_into_2026_27() {
    for d in &out().derived {
        let run = hne_model::project(&d.scenario).unwrap();
        let y = &run.baseline.years;
        assert_eq!(y[0].year, "2025-26");
        assert!(
            y[1].income_pounds >= y[0].income_pounds,
            "{}: {} in 2025-26, {} in 2026-27",
            d.name,
            y[0].income_pounds,
            y[1].income_pounds
        );
        for t in 1..y.len() {
            assert!(
                y[t].allocation_pounds >= y[t - 1].allocation_pounds,
                "{} {}",
                d.name,
                y[t].year
            );
        }
    }
}

#[test]
fn the_nation_reconciles_with_the_published_totals() {
    let report = &out().files["docs/data-quality.md"];
    assert!(report.contains("## The nation reconciles"));
    let n = &out().nation;
    // High needs funding: over £10.5 billion (2024-25), about £12 billion
    // (2025-26 and 2026-27, held flat).
    assert!((n.hnb_2024 / 10.5e9 - 1.0).abs() < 0.02, "{}", n.hnb_2024);
    // 2025-26: 2024-25's grown by the announced 11%, but for the few
    // published; within 5% of "over £12 billion", the difference said.
    assert!(
        (n.hnb_2025 / (n.hnb_2024 * 1.11) - 1.0).abs() < 0.01,
        "{} vs {}",
        n.hnb_2025,
        n.hnb_2024 * 1.11
    );
    assert!((n.hnb_2025 / 12.0e9 - 1.0).abs() < 0.05, "{}", n.hnb_2025);
    assert!(
        n.hnb_2026 >= n.hnb_2025 && (n.hnb_2026 / n.hnb_2025 - 1.0).abs() < 0.01,
        "{}",
        n.hnb_2026
    );
    // Each allocation found published is used, and shown beside the
    // estimate it replaces.
    assert!(
        n.allocations_checked.len() >= 8,
        "{:?}",
        n.allocations_checked
    );
    assert!(report.contains("High Needs Blocks found published, beside our estimate"));
    // The opening balances sum to the published line 1.9.3 total.
    let published: f64 = balances_2024().iter().map(|b| b.1).sum();
    assert!((n.balances_2024_published - published).abs() < 1.0);
    assert!(
        (n.balances_2024 - published).abs() < 200.0,
        "{} vs {published}",
        n.balances_2024
    );
    // The deficit at 31 March 2026 beside the NAO and the grant's size, in the report.
    assert!(n.deficits_2026 > n.deficits_2025 && n.grant <= 0.9 * n.deficits_2026 + 1.0);
    for words in [
        "£4.3 billion to £4.9 billion",
        "over £5 billion",
        "over £10.5 billion",
        "held flat",
    ] {
        assert!(report.contains(words), "{words}");
    }
}

#[test]
fn figures_checked_by_hand_against_the_sources() {
    // SEN2 2026 caseload, all plans, January 2026.
    for (name, ehcps) in [
        ("Kent", 21742.0),
        ("Leeds", 7474.0),
        ("Cambridgeshire", 8619.0),
        ("Camden", 1645.0),
        ("Cumberland", 3088.0),
    ] {
        assert_eq!(by_name(name).sen2_total, ehcps, "{name}");
    }
    // Cambridgeshire's January 2025 placements are suppressed; January 2026's are published.
    let cambs = by_name("Cambridgeshire");
    assert_eq!(cambs.settings_year, 2026);
    // Its history reproduces the Schools Forum paper of July 2022 (domain
    // notes): 2021/22 expenditure £100,178k, accumulated deficit £39,264k.
    let h = cambs
        .scenario
        .authority
        .history
        .iter()
        .find(|r| r.year == 2021)
        .unwrap();
    assert!(
        (h.expenditure_pounds / 100_178_000.0 - 1.0).abs() < 0.01,
        "{}",
        h.expenditure_pounds
    );
    let d = h.cumulative_deficit_pounds.unwrap();
    assert!((d / 39_264_000.0 - 1.0).abs() < 0.01, "{d}");
    // High Needs Block before deductions 2023-24 (ESFA): £104,277,222.
    let f = &cambs.scenario.authority.funding;
    assert_eq!(
        cambs
            .scenario
            .authority
            .history
            .iter()
            .find(|r| r.year == 2023)
            .unwrap()
            .funding_pounds,
        104_277_222.0
    );
    assert!(f.hnb_allocation_pounds > 104_277_222.0);
    // Kent's published balance at 31 March 2024: £67,167,405 (line 1.9.3).
    let kent = by_name("Kent");
    let b = kent
        .scenario
        .authority
        .history
        .iter()
        .find(|r| r.year == 2023)
        .unwrap();
    assert_eq!(b.cumulative_deficit_pounds, Some(67_167_405.0));
}

#[test]
fn awkward_authorities_are_handled_and_said() {
    for name in ["City of London", "Isles of Scilly"] {
        let d = by_name(name);
        assert!(!d.finance, "{name} has no finance data in the sources");
        assert!(d
            .scenario
            .authority
            .sources
            .iter()
            .any(|s| s.field == "authority.funding" && s.estimated));
    }
    for name in [
        "Cumberland",
        "Westmorland and Furness",
        "North Northamptonshire",
        "West Northamptonshire",
    ] {
        let d = by_name(name);
        assert!(d.finance, "{name} has finance data through its predecessor");
        assert!(
            d.scenario
                .authority
                .sources
                .iter()
                .any(|s| s.text.starts_with("Formed from")),
            "{name}"
        );
    }
    let bucks = by_name("Buckinghamshire");
    assert!(bucks.finance);
    assert!(bucks
        .scenario
        .authority
        .sources
        .iter()
        .any(|s| s.text.contains("two ONS codes")));
    for name in ["Dorset", "Bournemouth, Christchurch and Poole"] {
        assert!(by_name(name).finance, "{name}");
    }
    // No authority is listed twice.
    let mut codes: Vec<&str> = out().derived.iter().map(|d| d.code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), out().derived.len());
}

#[test]
fn the_csv_template_says_where_each_figure_came_from() {
    let kent = &by_name("Kent").scenario;
    let csv = hne_model::template::to_csv(kent);
    let row = csv
        .lines()
        .find(|l| l.starts_with("authority.caseload.mainstream.p,"))
        .expect("a caseload row");
    let n: usize = row
        .split("source ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{row}"));
    let i = n - 1;
    assert_eq!(kent.authority.sources[i].field, "authority.caseload");
    let hnb = csv
        .lines()
        .find(|l| l.starts_with("authority.funding.hnb_allocation_pounds,"))
        .unwrap();
    assert!(hnb.contains("(estimated)"), "{hnb}");
    // The template reads back to the same scenario.
    let back = hne_model::template::from_csv(csv.as_bytes()).expect("reads back");
    assert_eq!(&back, kent);
}

#[test]
fn every_hindcast_case_starts_from_what_was_published_at_its_origin() {
    use hne_model::hindcast::{Authority, ANCHOR_YEARS, LATEST};
    let mut n = 0;
    for d in &out().derived {
        let text = &out().files[&format!("{}/{}.json", hne_data::HINDCAST_DIR, d.code)];
        let a: Authority = serde_json::from_str(text).unwrap();
        assert!(a.cases.len() >= 3, "{}: {} cases", d.name, a.cases.len());
        for c in &a.cases {
            n += 1;
            let sc = &c.scenario;
            let what = format!("{} from January {}", d.name, c.origin);
            assert_eq!(sc.authority.base_year, c.origin - 1, "{what}");
            assert_eq!(
                sc.horizon,
                ((LATEST - c.origin) as usize).max(ANCHOR_YEARS),
                "{what}"
            );
            assert_eq!(c.actual.len() as i32, LATEST - c.origin + 1, "{what}");
            // What the anchor reads was published by the origin.
            assert_eq!(
                c.recent.own.last().map(|o| o.census),
                Some(c.origin),
                "{what}"
            );
            assert_eq!(
                c.recent.own.first().map(|o| o.census),
                Some(c.origin - 3),
                "{what}"
            );
            assert_eq!(
                c.recent.own.last().and_then(|o| o.total),
                c.actual[0].total,
                "{what}"
            );
            // EHCPs at the origin are the census's, to the rounding of the split.
            let total = c.actual[0].total.unwrap();
            assert!((caseload_total(sc) - total).abs() < 1.0, "{what}");
            // The base year's spend is that year's net high needs spend.
            let run = hne_model::Model::new(sc).unwrap().run(0);
            if let Some(s) = c.actual[0].spend_pounds {
                assert!(
                    (run.spend[0] / s - 1.0).abs() < 0.005,
                    "{what}: {} vs {s}",
                    run.spend[0]
                );
            }
            assert!(c.history_growth.abs() < 0.5, "{what}: {}", c.history_growth);
            assert!(sc.levers == Default::default(), "{what}: no plan");
        }
    }
    assert!(n >= 600, "{n} cases");
}

#[test]
fn the_calibrated_ranges_hold_on_origins_they_were_not_fitted_on() {
    let text = &out().files[&format!("{}/index.json", hne_data::HINDCAST_DIR)];
    let index: hne_model::hindcast::Index = serde_json::from_str(text).unwrap();
    let s = &index.summary;
    // Each origin forecast with the ranges fitted without it: 8 in 10 is
    // the aim, for all EHCPs and for spend.
    assert!(
        (0.7..=0.9).contains(&s.held_out_of(hne_model::hindcast::Quantity::Total)),
        "held-out coverage of all EHCPs {}",
        s.held_out_of(hne_model::hindcast::Quantity::Total)
    );
    assert!(
        (0.7..=0.9).contains(&s.held_out_of(hne_model::hindcast::Quantity::Spend)),
        "held-out coverage of spend {}",
        s.held_out_of(hne_model::hindcast::Quantity::Spend)
    );
    // And where children are: mainstream, special and independent schools.
    for (q, c) in hne_model::hindcast::Quantity::ALL.iter().zip(s.held_out) {
        assert!((0.7..=0.9).contains(&c), "held-out coverage of {q:?}: {c}");
    }
    // One fit for each origin left out, none of them on it.
    let origins: Vec<i32> = s.folds.iter().map(|f| f.origin).collect();
    assert_eq!(origins, hne_model::hindcast::ORIGINS.to_vec());
    // Far better than the national ranges the app had before.
    assert!(
        s.before_coverage_total < 0.3 && s.coverage_total > 0.7,
        "{s:?}"
    );
    // Every published authority has the calibrated ranges, centred on its
    // anchor: the widths are the fitted ones (less where a bound cuts them).
    let c = &s.calibration;
    for d in &out().derived {
        let a = &d.scenario.assumptions;
        let near = |x: f64, y: f64| (x - y).abs() < 2e-4;
        for (what, r, hw) in [
            ("leaving", a.leaving, c.leaving_halfwidth),
            ("specialist drift", a.specialist_drift, c.drift_halfwidth),
            (
                "independent drift",
                a.independent_drift,
                c.independent_halfwidth,
            ),
        ] {
            assert!(
                r.low <= r.central && r.central <= r.high,
                "{}: {what} {r:?}",
                d.name
            );
            assert!(
                (near(r.high - r.central, hw) || near(r.high, 0.5))
                    && (near(r.central - r.low, hw) || near(r.low, -0.5)),
                "{}: {what} {r:?}, half-width {hw}",
                d.name
            );
        }
        assert_eq!(a.new_plan_growth.low, a.new_plan_growth.high, "{}", d.name);
        assert!(
            (-0.2..=0.4).contains(&a.new_plan_growth.central),
            "{}",
            d.name
        );
        assert_eq!(a.cost_inflation, c.cost(), "{}", d.name);
    }
}

/// With no plan, a published authority's EHCPs follow the pooled trend:
/// year by year, over the years the anchor is fitted on, the path keeps
/// close to the trend's (docs/model.md, "The central forecast, anchored").
#[test]
fn a_published_authority_s_forecast_meets_its_anchor() {
    use hne_model::hindcast::{Index, PATH_YEARS};
    let text = &out().files[&format!("{}/index.json", hne_data::HINDCAST_DIR)];
    let index: Index = serde_json::from_str(text).unwrap();
    assert!(index.summary.calibration.blend.is_some(), "anchored");
    let mut rms = Vec::new();
    for d in &out().derived {
        let sc = &d.scenario;
        let run = hne_model::Model::new(sc).unwrap().run(0);
        let growth = sc.assumptions.new_plan_growth.central;
        // Where the shift in plans ending is at its bound the aim cannot
        // be met.
        if sc.assumptions.leaving.central.abs() >= 0.4999 {
            continue;
        }
        let years = PATH_YEARS.min(sc.horizon);
        let mut sum = 0.0;
        for t in 1..=years {
            let aim = run.ehcps[0] * (1.0 + growth).powi(t as i32);
            let off = run.ehcps[t] / aim - 1.0;
            // The flows bend the path (new plans come in at the youngest
            // ages, plans end at the oldest); no year strays 5% from it.
            assert!(
                off.abs() < 0.05,
                "{}, {t} years ahead: {} vs {aim}",
                d.name,
                run.ehcps[t]
            );
            sum += off * off;
        }
        rms.push((sum / years as f64).sqrt());
    }
    assert!(rms.len() >= 140, "{} authorities anchored", rms.len());
    rms.sort_by(f64::total_cmp);
    let (median, worst) = (rms[rms.len() / 2], rms[rms.len() - 1]);
    // Typically within half a percent year by year, and none beyond 3%.
    assert!(
        median < 0.005 && worst < 0.03,
        "median {median}, worst {worst}"
    );
}

#[test]
fn a_published_authority_s_headline_figures_sit_inside_their_likely_range() {
    use hne_model::uncertainty::{uncertainty, UncertaintyOptions};
    // Every tenth authority, with no plan and with each preset plan.
    for d in out().derived.iter().step_by(10) {
        for preset in ["unmitigated", "dbv", "safety_valve"] {
            let mut sc = d.scenario.clone();
            sc.levers = hne_model::presets::levers(preset).unwrap();
            let run = hne_model::project(&sc).unwrap();
            let u = uncertainty(
                &sc,
                &UncertaintyOptions {
                    runs: 400,
                    ..Default::default()
                },
            )
            .unwrap();
            let last = u.years.last().unwrap();
            let m = &run.scenario.metrics;
            for (what, v, band) in [
                ("deficit", m.deficit_at_horizon_pounds, last.deficit_pounds),
                ("spend", m.final_spend_pounds, last.spend_pounds),
                ("balance", m.final_balance_pounds, last.balance_pounds),
            ] {
                assert!(
                    band.p10 <= v && v <= band.p90,
                    "{} ({preset}): {what} {v} outside {band:?}",
                    d.name
                );
            }
        }
    }
}

/// Safety Valve councils: the carry to 31 March 2025 takes off 2024-25's
/// payments, the base year 2025-26's, nothing later; a suspended agreement
/// adds nothing; and the sources say which figures are estimated.
#[test]
fn safety_valve_payments_reduce_the_carry_forward_and_nothing_after_2025_26() {
    let fin = hne_data::finance::read(&root().join("data/sources")).expect("finance");
    assert!(fin.safety_valve.len() >= 30, "{}", fin.safety_valve.len());
    let mut applied = 0;
    for (code, a) in &fin.safety_valve {
        let Some(d) = out().derived.iter().find(|d| d.code == *code) else {
            panic!("agreement for {code} matches no authority");
        };
        let deficit = &d.scenario.authority.deficit;
        // Only the base year's payment is in the scenario.
        assert!(
            deficit.safety_valve.keys().all(|y| y == "2025-26"),
            "{}: {:?}",
            d.name,
            deficit.safety_valve
        );
        let (base, _) = a.received(2025);
        let got = deficit.safety_valve.get("2025-26").copied().unwrap_or(0.0);
        assert!(
            (got - base.round()).abs() < 1.0,
            "{}: {got} vs {base}",
            d.name
        );
        if a.status == "suspended" {
            assert_eq!(got, 0.0, "{}: suspended, yet paid in 2025-26", d.name);
        }
        let src = source(d, "authority.deficit.safety_valve");
        assert!(src.text.contains("Safety Valve agreement"), "{}", d.name);
        applied += usize::from(got > 0.0);
    }
    assert!(applied >= 15, "{applied} agreements pay in 2025-26");
    // Kent, checked by hand: £140m from 2022-23 to 2027-28, £56.8m paid in
    // 2022-23, the rest (£83.2m) in five even instalments of £16.64m
    // (estimated); its opening is the published £67.2m carried with
    // 2024-25's overspend less one of them.
    let kent = by_name("Kent");
    let got = kent
        .scenario
        .authority
        .deficit
        .safety_valve
        .get("2025-26")
        .copied()
        .unwrap_or(0.0);
    assert!((got - 16.64e6).abs() < 1e3, "{got}");
    let open = kent.scenario.authority.deficit.opening_pounds;
    assert!(
        (90e6..110e6).contains(&open),
        "Kent at 31 March 2025: {open} (its Cabinet, 22 July 2025: £97.5m)"
    );
}
