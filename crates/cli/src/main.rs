//! `hne`: the High Needs model on the command line, for finance officers who
//! script. Every command reads what the app writes: its scenario JSON, the
//! CSV template, or an export of saved scenarios.
//!
//! Bad input gives a non-zero exit and a one-line reason on stderr (every
//! problem, one per line, when validation finds several).

use std::process::ExitCode;

use hne_model::calibrate::{calibrate, history_from_csv};
use hne_model::schema::{Problems, Scenario};
use hne_model::solve::{solve_targets, Targets};
use hne_model::uncertainty::{tornado, uncertainty, UncertaintyOptions};
use hne_model::{attribution, examples, hindcast, output, presets, Model};

const USAGE: &str = "\
hne: project a council's High Needs Block

USAGE:
  hne example [NAME]                 print a built-in scenario as JSON (default: example);
                                     NAME may be any English authority (\"Kent\", or its LA
                                     number, 886), from the published data
  hne example --list                 list the built-in scenarios
  hne authorities [--region NAME]    list the English authorities in the published data
                                     (LA number, name, region, EHCPs in January 2025)
  hne project FILE [--csv] [--xlsx OUT] [--preset NAME]
                                     projection and unmitigated baseline as JSON, or a
                                     year-by-year CSV table, or (--xlsx) the workbook the
                                     page downloads, written to OUT
  hne template FILE [--xlsx OUT]     the template for a scenario: the CSV template, or
                                     (--xlsx) the template workbook, written to OUT
  hne attribute FILE                 Shapley attribution of the deficit to each lever
  hne uncertainty FILE [--runs N] [--seed S] [--target-year T]
                                     Monte Carlo P10/P50/P90 (default 2000 runs, seed 0)
  hne tornado FILE                   sensitivity of the final deficit to each assumption
  hne solve FILE [--mainstream SHARE] [--independent SHARE]
                                     lever strengths that reach final-year targets
  hne calibrate HISTORY [--horizon H]
                                     growth rates from history, a CSV file or a workbook
                                     (columns: year, ehcps, expenditure_pounds,
                                     funding_pounds, cumulative_deficit_pounds optional)
  hne presets                        list the lever presets
  hne hindcast [--authority NAME] [--runs N] [--cases DIR]
                                     the hindcast: forecasts from January 2019 to 2025 against
                                     what happened, for every authority, with two naive
                                     methods and how often the range held (docs/hindcast.md);
                                     --authority: one authority's forecasts year by year

FILE is anything the app writes: a scenario JSON file (as \"Download the scenario\"
gives it), the CSV template, the template workbook (.xlsx, .ods or .xls), or an
export of saved scenarios (add --scenario NAME when it holds more than one). FILE may
be - for standard input. Files over 1 MB (workbooks 5 MB) are refused.
Amounts are in pounds; shares from 0 to 1.
The published data is read from public/data/authorities (made by hne-data build);
--data DIR or the HNE_DATA environment variable points elsewhere.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("hne: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The largest file read: a scenario or a history is tens of kilobytes.
const MAX_INPUT_BYTES: u64 = 1_000_000;

fn read_bytes(path: &str, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_big = || {
        if limit == MAX_INPUT_BYTES {
            format!("{path} is larger than 1 MB; a scenario or history file is tens of kilobytes, so this is not one")
        } else {
            format!("{path} is larger than {} MB; a High Needs Explorer workbook is tens of kilobytes, so this is not one", limit / 1_000_000)
        }
    };
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if file.metadata().is_ok_and(|m| m.len() > limit) {
            return Err(too_big());
        }
        file.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    if buf.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(buf)
}

fn text_of(path: &str, bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path} is not UTF-8 text (first bad byte at offset {}): save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Lines of problems, as the page lists them.
fn listed(path: &str, lines: Vec<String>) -> String {
    if lines.len() == 1 {
        format!("{path}: {}", lines[0])
    } else {
        format!(
            "{path}: {} problems:\n  {}",
            lines.len(),
            lines.join("\n  ")
        )
    }
}

/// Write a workbook to a file.
fn write_book(out: &str, book: &hne_core::workbook::Book) -> Result<String, String> {
    let bytes = hne_excel::write(book)?;
    std::fs::write(out, &bytes).map_err(|e| format!("cannot write {out}: {e}"))?;
    Ok(format!("wrote {out} ({} bytes)", bytes.len()))
}

/// Today, for a workbook's "written on" line, from the system clock (UTC).
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// Every problem on a line of its own, the first 50 and then a count.
fn problems(path: &str, p: Problems) -> String {
    if p.0.len() == 1 {
        format!("{path}: {p}")
    } else {
        let all = p.to_string().replace('\n', "\n  ");
        format!("{path}: {} problems:\n  {all}", p.0.len())
    }
}

/// A scenario from anything the app writes: its scenario JSON (with the
/// app's `"base"` and `"model"`), the CSV template, or an export of saved
/// scenarios (one of them, chosen with `--scenario NAME` when there are
/// several).
fn load(args: &[String], path: &str) -> Result<Scenario, String> {
    let bytes = read_bytes(path, hne_core::workbook::MAX_BYTES as u64)?;
    if hne_core::import::is_workbook(&bytes) {
        let cells = hne_excel::read(path, &bytes)?;
        return hne_core::workbook::scenario(&cells)
            .map(|(sc, _)| sc)
            .map_err(|lines| listed(path, lines));
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!("{path} is larger than 1 MB; a scenario or history file is tens of kilobytes, so this is not one"));
    }
    let text = text_of(path, bytes)?;
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if !body.starts_with('{') {
        return hne_model::template::from_csv(text.as_bytes()).map_err(|p| problems(path, p));
    }
    if body.contains("\"high-needs-explorer library\"") {
        return from_export(path, &text, flag(args, "--scenario")?);
    }
    Scenario::from_json(&text).map_err(|p| problems(path, p))
}

fn from_export(path: &str, text: &str, wanted: Option<&str>) -> Result<Scenario, String> {
    use hne_model::json::{self, Value};
    let root = json::parse(text).map_err(|p| problems(path, Problems(vec![p])))?;
    let mut found: Vec<(String, &json::Json)> = Vec::new();
    if let Value::Object(fields) = &root.value {
        if let Some((_, list)) = fields.iter().find(|(k, _)| k == "scenarios") {
            if let Value::Array(items) = &list.value {
                for item in items {
                    if let Value::Object(f) = &item.value {
                        let name = f.iter().find_map(|(k, v)| match (k.as_str(), &v.value) {
                            ("name", Value::String(n)) => Some(n.clone()),
                            _ => None,
                        });
                        if let Some(sc) = f.iter().find(|(k, _)| k == "scenario").map(|(_, v)| v) {
                            found.push((name.unwrap_or_default(), sc));
                        }
                    }
                }
            }
        }
    }
    let names = || {
        found
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match (wanted, found.len()) {
        (_, 0) => {
            return Err(format!(
                "{path} is an export of saved scenarios with none in it"
            ))
        }
        (None, 1) => found[0].1,
        (None, n) => {
            return Err(format!(
                "{path} is an export of {n} saved scenarios ({}); choose one with --scenario NAME",
                names()
            ))
        }
        (Some(w), _) => match found.iter().find(|(n, _)| n == w) {
            Some((_, sc)) => sc,
            None => {
                return Err(format!(
                    "{path} has no saved scenario \"{w}\"; it has {}",
                    names()
                ))
            }
        },
    };
    let sc = json::read_scenario_tree(chosen).map_err(|p| problems(path, p))?;
    sc.validate().map_err(|p| problems(path, p))?;
    Ok(sc)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("outputs always serialise")
}

/// Value of `--flag VALUE`, if present.
fn flag<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|s| Some(s.as_str()))
            .ok_or_else(|| format!("{name} needs a value")),
    }
}

fn number<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    flag(args, name)?
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| format!("{name}: \"{v}\" is not a valid number"))
        })
        .transpose()
}

fn check_flags(
    args: &[String],
    allowed_valued: &[&str],
    allowed_bare: &[&str],
) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if allowed_valued.contains(&a.as_str()) {
            i += 2;
            continue;
        }
        if a.starts_with("--") && !allowed_bare.contains(&a.as_str()) {
            return Err(format!("unknown option {a}; see hne --help"));
        }
        i += 1;
    }
    Ok(())
}

fn file_arg(args: &[String], valued: &[&str]) -> Result<String, String> {
    let mut i = 1;
    while i < args.len() {
        if valued.contains(&args[i].as_str()) {
            i += 2;
            continue;
        }
        if !args[i].starts_with("--") || args[i] == "-" {
            return Ok(args[i].clone());
        }
        i += 1;
    }
    Err(format!("{} needs a FILE; see hne --help", args[0]))
}

fn run(args: &[String]) -> Result<String, String> {
    let Some(cmd) = args.first() else {
        return Err(format!("no command given\n{USAGE}"));
    };
    match cmd.as_str() {
        "-h" | "--help" | "help" => Ok(USAGE.to_string()),
        "-V" | "--version" => Ok(format!(
            "hne {} (scenario format {})",
            hne_model::MODEL_VERSION,
            hne_model::SCHEMA_VERSION
        )),
        "example" => {
            check_flags(args, &["--data"], &["--list"])?;
            if args.iter().any(|a| a == "--list") {
                return Ok(examples::NAMES
                    .iter()
                    .map(|n| format!("{n:<16}{}", examples::describe(n)))
                    .collect::<Vec<_>>()
                    .join("\n"));
            }
            let name = positional(args, &["--data"]).unwrap_or_else(|| "example".into());
            if let Some(s) = examples::by_name(&name) {
                return Ok(s.to_json_pretty());
            }
            let dir = data_dir(args)?;
            let (version, index) = authorities(&dir).map_err(|e| {
                format!(
                    "no built-in example \"{name}\" ({}; built-in: {}), and {e}",
                    "nor an authority",
                    examples::NAMES.join(", ")
                )
            })?;
            let code = find_authority(&index, &name)?;
            let path = dir.join(version).join(format!("{code}.json"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let sc =
                Scenario::from_json(&text).map_err(|p| problems(&path.display().to_string(), p))?;
            Ok(sc.to_json_pretty())
        }
        "authorities" => {
            check_flags(args, &["--data", "--region"], &[])?;
            let dir = data_dir(args)?;
            let (_, index) = authorities(&dir)?;
            let region = flag(args, "--region")?.map(|r| r.to_lowercase());
            let rows: Vec<String> = index
                .iter()
                .filter(|a| {
                    region
                        .as_ref()
                        .is_none_or(|r| a.region.to_lowercase().contains(r.as_str()))
                })
                .map(|a| {
                    format!(
                        "{:<5}{:<40}{:<26}{:>7}{}",
                        a.code,
                        a.name,
                        a.region,
                        a.ehcps as i64,
                        if a.finance {
                            ""
                        } else {
                            "  (no finance data: estimated)"
                        }
                    )
                })
                .collect();
            if rows.is_empty() {
                return Err("no authority in that region; regions are: North East, North West, Yorkshire and The Humber, East Midlands, West Midlands, East of England, London, South East, South West".into());
            }
            Ok(rows.join("\n"))
        }
        "presets" => Ok(presets::NAMES
            .iter()
            .map(|n| format!("{n:<14}{}", presets::describe(n)))
            .collect::<Vec<_>>()
            .join("\n")),
        "project" => {
            check_flags(args, &["--preset", "--scenario", "--xlsx"], &["--csv"])?;
            let path = file_arg(args, &["--preset", "--scenario", "--xlsx"])?;
            let mut sc = load(args, &path)?;
            if let Some(p) = flag(args, "--preset")? {
                sc.levers = presets::levers(p).ok_or_else(|| {
                    format!(
                        "no preset \"{p}\"; choose one of: {}",
                        presets::NAMES.join(", ")
                    )
                })?;
            }
            let run = output::project(&sc).map_err(|p| problems(&path, p))?;
            if let Some(out) = flag(args, "--xlsx")? {
                return write_book(out, &hne_core::workbook::projection(&run, &sc, &today()));
            }
            if args.iter().any(|a| a == "--csv") {
                Ok(output::to_csv(&run).trim_end().to_string())
            } else {
                Ok(json(&run))
            }
        }
        "attribute" => {
            check_flags(args, &["--scenario"], &[])?;
            let path = file_arg(args, &["--scenario"])?;
            let sc = load(args, &path)?;
            let model = Model::new(&sc).map_err(|p| problems(&path, p))?;
            Ok(json(&attribution::attribute(&model)))
        }
        "uncertainty" => {
            let valued = ["--runs", "--seed", "--target-year", "--scenario"];
            check_flags(args, &valued, &[])?;
            let path = file_arg(args, &valued)?;
            let opts = UncertaintyOptions {
                runs: number(args, "--runs")?.unwrap_or(hne_model::uncertainty::DEFAULT_RUNS),
                seed: number(args, "--seed")?.unwrap_or(0),
                target_year: number(args, "--target-year")?,
            };
            let sc = load(args, &path)?;
            let u = uncertainty(&sc, &opts).map_err(|p| problems(&path, p))?;
            Ok(json(&u))
        }
        "tornado" => {
            check_flags(args, &["--scenario"], &[])?;
            let path = file_arg(args, &["--scenario"])?;
            let sc = load(args, &path)?;
            Ok(json(&tornado(&sc).map_err(|p| problems(&path, p))?))
        }
        "solve" => {
            let valued = ["--mainstream", "--independent", "--scenario"];
            check_flags(args, &valued, &[])?;
            let path = file_arg(args, &valued)?;
            let targets = Targets {
                mainstream_share: number(args, "--mainstream")?,
                independent_share: number(args, "--independent")?,
            };
            if targets.mainstream_share.is_none() && targets.independent_share.is_none() {
                return Err("solve needs --mainstream SHARE or --independent SHARE".into());
            }
            let sc = load(args, &path)?;
            Ok(json(
                &solve_targets(&sc, &targets).map_err(|p| problems(&path, p))?,
            ))
        }
        "template" => {
            check_flags(args, &["--scenario", "--xlsx"], &[])?;
            let path = file_arg(args, &["--scenario", "--xlsx"])?;
            let sc = load(args, &path)?;
            match flag(args, "--xlsx")? {
                Some(out) => write_book(out, &hne_core::workbook::template(&sc, &today())),
                None => Ok(hne_model::template::to_csv(&sc).trim_end().to_string()),
            }
        }
        "calibrate" => {
            check_flags(args, &["--horizon"], &[])?;
            let path = file_arg(args, &["--horizon"])?;
            let horizon: usize = number(args, "--horizon")?.unwrap_or(6);
            if !(1..=hne_model::schema::MAX_HORIZON).contains(&horizon) {
                return Err(format!("--horizon must be from 1 to 15; got {horizon}"));
            }
            let bytes = read_bytes(&path, hne_core::workbook::MAX_BYTES as u64)?;
            let text = if hne_core::import::is_workbook(&bytes) {
                hne_core::workbook::table_csv(&hne_excel::read(&path, &bytes)?, "year")
                    .map_err(|e| format!("{path}: {e}"))?
            } else {
                text_of(&path, bytes)?
            };
            let rows = history_from_csv(&text).map_err(|p| problems(&path, p))?;
            Ok(json(
                &calibrate(&rows, horizon).map_err(|p| problems(&path, p))?,
            ))
        }
        "hindcast" => {
            check_flags(args, &["--authority", "--runs", "--cases"], &[])?;
            let dir = cases_dir(args)?;
            let runs = match flag(args, "--runs")? {
                Some(r) => r
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=hne_model::uncertainty::MAX_RUNS).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--runs must be a whole number from 1 to {}; got \"{r}\"",
                            hne_model::uncertainty::MAX_RUNS
                        )
                    })?,
                None => hindcast::RUNS,
            };
            let (auths, index) = read_cases(&dir)?;
            if let Some(name) = flag(args, "--authority")? {
                let want = name.to_lowercase();
                let a = auths
                    .iter()
                    .find(|a| a.code == name || a.name.to_lowercase() == want)
                    .or_else(|| auths.iter().find(|a| a.name.to_lowercase().contains(&want)))
                    .ok_or_else(|| format!("no authority \"{name}\" in {}", dir.display()))?;
                return one_hindcast(a, runs);
            }
            let fitted = hindcast::fit(&hindcast::fit_cases(&auths)).map_err(|p| p.to_string())?;
            let folds = hindcast::folds(&auths).map_err(|p| p.to_string())?;
            let report = hindcast::report(&auths, fitted, folds, runs)?;
            Ok(report.markdown(&index.missing).trim_end().to_string())
        }
        other => Err(format!("unknown command \"{other}\"; see hne --help")),
    }
}

/// One authority in the published data's index.
#[derive(serde::Deserialize)]
struct IndexEntry {
    code: String,
    name: String,
    region: String,
    ehcps: f64,
    finance: bool,
}

#[derive(serde::Deserialize)]
struct Index {
    version: String,
    authorities: Vec<IndexEntry>,
}

/// Where the hindcast's cases are: --cases, the project's own data/hindcast,
/// or ./data/hindcast.
fn cases_dir(args: &[String]) -> Result<std::path::PathBuf, String> {
    if let Some(d) = flag(args, "--cases")? {
        return Ok(d.into());
    }
    let built = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hindcast"));
    if built.join("index.json").exists() {
        return Ok(built.to_path_buf());
    }
    Ok("data/hindcast".into())
}

/// Every authority's cases (LA-number order) and the index.
fn read_cases(
    dir: &std::path::Path,
) -> Result<(Vec<hindcast::Authority>, hindcast::Index), String> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let index: hindcast::Index = serde_json::from_str(&read(&dir.join("index.json"))?)
        .map_err(|e| format!("{}: {e}", dir.join("index.json").display()))?;
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "{}: {e} (run `cargo run -p hne-data -- build`)",
                dir.display()
            )
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("index.json"))
        .collect();
    paths.sort();
    let mut auths = Vec::new();
    for p in &paths {
        let a: hindcast::Authority =
            serde_json::from_str(&read(p)?).map_err(|e| format!("{}: {e}", p.display()))?;
        auths.push(a);
    }
    auths.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((auths, index))
}

/// One authority's forecasts from each origin, year by year, against what happened.
fn one_hindcast(a: &hindcast::Authority, runs: usize) -> Result<String, String> {
    let mut out = format!(
        "{} ({}), {}: forecasts with no plan against what happened\n",
        a.name, a.code, a.region
    );
    let num = |v: Option<f64>| v.map(|v| format!("{:.0}", v)).unwrap_or_else(|| "-".into());
    let m = |v: Option<f64>| {
        v.map(|v| format!("{:.1}", v / 1e6))
            .unwrap_or_else(|| "-".into())
    };
    for c in &a.cases {
        let f = hindcast::forecast(c, runs).map_err(|p| p.to_string())?;
        out.push_str(&format!(
            "\nFrom January {}:\n{:<8}{:>10}{:>10}{:>10}{:>10}  {:<9}{:>10}{:>10}{:>10}{:>10}\n",
            c.origin,
            "January",
            "EHCPs",
            "P10",
            "P90",
            "actual",
            "year",
            "spend £m",
            "P10",
            "P90",
            "actual"
        ));
        for y in &f {
            let o = c.actual.get(y.t);
            let (t, s) = (y.bands[0], y.bands[4]);
            out.push_str(&format!(
                "{:<8}{:>10.0}{:>10.0}{:>10.0}{:>10}  {:<9}{:>10.1}{:>10.1}{:>10.1}{:>10}\n",
                y.census,
                t.central,
                t.p10,
                t.p90,
                num(o.and_then(|o| o.total)),
                y.year,
                s.central / 1e6,
                s.p10 / 1e6,
                s.p90 / 1e6,
                m(o.and_then(|o| o.spend_pounds))
            ));
        }
    }
    Ok(out.trim_end().to_string())
}

/// Where the published authorities are: --data, HNE_DATA, the project's
/// own public/data/authorities, or ./public/data/authorities.
fn data_dir(args: &[String]) -> Result<std::path::PathBuf, String> {
    if let Some(d) = flag(args, "--data")? {
        return Ok(d.into());
    }
    if let Ok(d) = std::env::var("HNE_DATA") {
        return Ok(d.into());
    }
    let built = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/data/authorities"
    ));
    if built.join("index.json").exists() {
        return Ok(built.to_path_buf());
    }
    Ok("public/data/authorities".into())
}

/// The data's version (its folder) and the authorities in it.
fn authorities(dir: &std::path::Path) -> Result<(String, Vec<IndexEntry>), String> {
    let path = dir.join("index.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("the published data cannot be read: {}: {e}", path.display()))?;
    let index: Index =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((index.version, index.authorities))
}

/// An authority by LA number or name: an exact name (any case) wins; else
/// the one name that contains the text; several are listed.
fn find_authority(index: &[IndexEntry], query: &str) -> Result<String, String> {
    let q = query.trim().to_lowercase();
    if let Some(a) = index
        .iter()
        .find(|a| a.code == q || a.name.to_lowercase() == q)
    {
        return Ok(a.code.clone());
    }
    let hits: Vec<&IndexEntry> = index
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&q))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.code.clone()),
        [] => Err(format!(
            "no built-in example or authority \"{query}\"; built-in: {}; `hne authorities` lists the authorities",
            examples::NAMES.join(", ")
        )),
        many => Err(format!(
            "\"{query}\" matches {} authorities: {}; give the full name or the LA number",
            many.len(),
            many.iter().map(|a| format!("{} ({})", a.name, a.code)).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The first argument after the command that is not a flag or a flag's value.
fn positional(args: &[String], valued: &[&str]) -> Option<String> {
    let mut i = 1;
    while i < args.len() {
        if valued.contains(&args[i].as_str()) {
            i += 2;
            continue;
        }
        if !args[i].starts_with("--") {
            return Some(args[i].clone());
        }
        i += 1;
    }
    None
}
