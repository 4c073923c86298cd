//! `hne`: the High Needs model on the command line, for finance officers who
//! script. Every command reads what the app writes: its scenario JSON, the
//! CSV template, or an export of saved scenarios.
//!
//! Bad input gives a non-zero exit and a one-line reason on stderr (every
//! problem, one per line, when validation finds several).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use hne_model::calibrate::{calibrate, history_from_csv};
use hne_model::schema::{Problems, Scenario};
use hne_model::solve::{solve_targets, Targets};
use hne_model::uncertainty::{tornado, uncertainty, UncertaintyOptions};
use hne_model::{attribution, examples, hindcast, output, presets, Model};

/// What `hne --help` says after the commands.
const AFTER: &str = "\
FILE is anything the app writes: a scenario JSON file (as \"Download the scenario\"
gives it), the CSV template, the template workbook (.xlsx, .ods or .xls), or an
export of saved scenarios (add --scenario NAME when it holds more than one). FILE may
be - for standard input. Files over 1 MB (workbooks 5 MB) are refused.
Amounts are in pounds; shares from 0 to 1. Paths are from the folder it runs in.
`hne <command> --help` says more about each command.";

/// hne: project a council's High Needs Block, with the code the page runs
#[derive(Parser, Debug)]
#[command(name = "hne", version = hne_model::MODEL_VERSION, after_help = AFTER)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

/// Where the published data is, for the commands that read it.
#[derive(Args, Debug)]
struct Data {
    /// The published authorities' folder (made by `hne-data build`)
    #[arg(
        long,
        value_name = "DIR",
        env = "HNE_DATA",
        default_value = "public/data/authorities"
    )]
    data: PathBuf,
}

/// A file the app writes, and which saved scenario in an export.
#[derive(Args, Debug)]
struct Input {
    /// A scenario JSON, the CSV template, the template workbook or an export of saved scenarios; - for standard input
    #[arg(value_name = "FILE")]
    file: String,
    /// The saved scenario to use, by name, when FILE is an export holding more than one
    #[arg(long, value_name = "NAME")]
    scenario: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Print a built-in scenario, or any English authority's, as JSON
    Example {
        /// A built-in example (default: example), or an English authority by name ("Kent") or LA number (886)
        name: Option<String>,
        /// List the built-in scenarios instead
        #[arg(long)]
        list: bool,
        #[command(flatten)]
        data: Data,
    },
    /// List the English authorities in the published data (LA number, name, region, EHCPs)
    Authorities {
        /// Only those in a region whose name holds this
        #[arg(long, value_name = "NAME")]
        region: Option<String>,
        #[command(flatten)]
        data: Data,
    },
    /// The projection and the no-plan baseline as JSON, a year-by-year CSV table, or the projection workbook
    Project {
        #[command(flatten)]
        input: Input,
        /// A year-by-year CSV table instead of JSON
        #[arg(long)]
        csv: bool,
        /// Write the workbook the page downloads to OUT instead
        #[arg(long, value_name = "OUT")]
        xlsx: Option<String>,
        /// Set the levers to a preset first (`hne presets` lists them)
        #[arg(long, value_name = "NAME")]
        preset: Option<String>,
    },
    /// The template for a scenario: the CSV template, or the template workbook
    Template {
        #[command(flatten)]
        input: Input,
        /// Write the template workbook to OUT instead
        #[arg(long, value_name = "OUT")]
        xlsx: Option<String>,
    },
    /// Shapley attribution of the deficit to each lever
    Attribute {
        #[command(flatten)]
        input: Input,
    },
    /// Monte Carlo P10, P50 and P90 of the deficit, and the chance of balance
    Uncertainty {
        #[command(flatten)]
        input: Input,
        /// How many runs (default 2000)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_RUNS))]
        runs: Option<u64>,
        /// The random seed (default 0)
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// The year the chance of balance is for
        #[arg(long, value_name = "YEAR")]
        target_year: Option<usize>,
    },
    /// How far the final deficit moves with each assumption
    Tornado {
        #[command(flatten)]
        input: Input,
    },
    /// The lever strengths that reach final-year targets (give one or both)
    #[command(group(clap::ArgGroup::new("target").required(true).multiple(true).args(["mainstream", "independent"])))]
    Solve {
        #[command(flatten)]
        input: Input,
        /// Mainstream schools' share of EHCPs in the final year, 0 to 1
        #[arg(long, value_name = "SHARE")]
        mainstream: Option<f64>,
        /// Independent schools' share of EHCPs in the final year, 0 to 1
        #[arg(long, value_name = "SHARE")]
        independent: Option<f64>,
    },
    /// Growth rates from a council's history: a CSV file or a workbook with the columns year, ehcps, expenditure_pounds, funding_pounds and, optionally, cumulative_deficit_pounds
    Calibrate {
        /// The history file; - for standard input
        #[arg(value_name = "HISTORY")]
        history: String,
        /// Years ahead
        #[arg(long, value_name = "H", default_value_t = 6, value_parser = clap::value_parser!(u64).range(1..=MAX_HORIZON))]
        horizon: u64,
    },
    /// List the lever presets
    Presets,
    /// The hindcast: forecasts from January 2019 to 2025 against what happened, with three naive methods and how often the range held (docs/hindcast.md)
    Hindcast {
        /// One authority's forecasts year by year instead, by name or LA number
        #[arg(long, value_name = "NAME")]
        authority: Option<String>,
        /// Monte Carlo runs a case (default 100)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_RUNS))]
        runs: Option<u64>,
        /// The hindcast's cases (made by `hne-data build`)
        #[arg(long, value_name = "DIR", default_value = "data/hindcast")]
        cases: PathBuf,
    },
}

const MAX_RUNS: u64 = hne_model::uncertainty::MAX_RUNS as u64;
const MAX_HORIZON: u64 = hne_model::schema::MAX_HORIZON as u64;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; a mistake prints
            // what was wrong and the command's usage, and fails.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let Some(cmd) = cli.command else {
        eprintln!("hne: no command given; `hne --help` lists them");
        return ExitCode::FAILURE;
    };
    match run(cmd) {
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
fn load(input: &Input) -> Result<Scenario, String> {
    let path = input.file.as_str();
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
        return from_export(path, &text, input.scenario.as_deref());
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

fn run(cmd: Cmd) -> Result<String, String> {
    match cmd {
        Cmd::Example { name, list, data } => {
            if list {
                return Ok(examples::NAMES
                    .iter()
                    .map(|n| format!("{n:<16}{}", examples::describe(n)))
                    .collect::<Vec<_>>()
                    .join("\n"));
            }
            let name = name.unwrap_or_else(|| "example".into());
            if let Some(s) = examples::by_name(&name) {
                return Ok(s.to_json_pretty());
            }
            let dir = data.data;
            let (version, index) = authorities(&dir).map_err(|e| {
                format!(
                    "no built-in example \"{name}\" (nor an authority; built-in: {}), and {e}",
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
        Cmd::Authorities { region, data } => {
            let (_, index) = authorities(&data.data)?;
            let region = region.map(|r| r.to_lowercase());
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
        Cmd::Presets => Ok(presets::NAMES
            .iter()
            .map(|n| format!("{n:<14}{}", presets::describe(n)))
            .collect::<Vec<_>>()
            .join("\n")),
        Cmd::Project {
            input,
            csv,
            xlsx,
            preset,
        } => {
            let mut sc = load(&input)?;
            if let Some(p) = preset {
                sc.levers = presets::levers(&p).ok_or_else(|| {
                    format!(
                        "no preset \"{p}\"; choose one of: {}",
                        presets::NAMES.join(", ")
                    )
                })?;
            }
            let run = output::project(&sc).map_err(|p| problems(&input.file, p))?;
            if let Some(out) = xlsx {
                return write_book(&out, &hne_core::workbook::projection(&run, &sc, &today()));
            }
            if csv {
                Ok(output::to_csv(&run).trim_end().to_string())
            } else {
                Ok(json(&run))
            }
        }
        Cmd::Attribute { input } => {
            let sc = load(&input)?;
            let model = Model::new(&sc).map_err(|p| problems(&input.file, p))?;
            Ok(json(&attribution::attribute(&model)))
        }
        Cmd::Uncertainty {
            input,
            runs,
            seed,
            target_year,
        } => {
            let opts = UncertaintyOptions {
                runs: runs.map_or(hne_model::uncertainty::DEFAULT_RUNS, |r| r as usize),
                seed: seed.unwrap_or(0),
                target_year,
            };
            let sc = load(&input)?;
            let u = uncertainty(&sc, &opts).map_err(|p| problems(&input.file, p))?;
            Ok(json(&u))
        }
        Cmd::Tornado { input } => {
            let sc = load(&input)?;
            Ok(json(&tornado(&sc).map_err(|p| problems(&input.file, p))?))
        }
        Cmd::Solve {
            input,
            mainstream,
            independent,
        } => {
            let targets = Targets {
                mainstream_share: mainstream,
                independent_share: independent,
            };
            let sc = load(&input)?;
            Ok(json(
                &solve_targets(&sc, &targets).map_err(|p| problems(&input.file, p))?,
            ))
        }
        Cmd::Template { input, xlsx } => {
            let sc = load(&input)?;
            match xlsx {
                Some(out) => write_book(&out, &hne_core::workbook::template(&sc, &today())),
                None => Ok(hne_model::template::to_csv(&sc).trim_end().to_string()),
            }
        }
        Cmd::Calibrate { history, horizon } => {
            let path = history;
            let bytes = read_bytes(&path, hne_core::workbook::MAX_BYTES as u64)?;
            let text = if hne_core::import::is_workbook(&bytes) {
                hne_core::workbook::table_csv(&hne_excel::read(&path, &bytes)?, "year")
                    .map_err(|e| format!("{path}: {e}"))?
            } else {
                text_of(&path, bytes)?
            };
            let rows = history_from_csv(&text).map_err(|p| problems(&path, p))?;
            Ok(json(
                &calibrate(&rows, horizon as usize).map_err(|p| problems(&path, p))?,
            ))
        }
        Cmd::Hindcast {
            authority,
            runs,
            cases,
        } => {
            let runs = runs.map_or(hindcast::RUNS, |r| r as usize);
            let (auths, index) = read_cases(&cases)?;
            if let Some(name) = authority {
                let want = name.to_lowercase();
                let a = auths
                    .iter()
                    .find(|a| a.code == name || a.name.to_lowercase() == want)
                    .or_else(|| auths.iter().find(|a| a.name.to_lowercase().contains(&want)))
                    .ok_or_else(|| format!("no authority \"{name}\" in {}", cases.display()))?;
                return one_hindcast(a, runs);
            }
            let fitted = hindcast::fit(&hindcast::fit_cases(&auths)).map_err(|p| p.to_string())?;
            let folds = hindcast::folds(&auths).map_err(|p| p.to_string())?;
            let report = hindcast::report(&auths, fitted, folds, runs)?;
            Ok(hne_data::hindcast_report::markdown(&report, &index.missing)
                .trim_end()
                .to_string())
        }
    }
}

/// One authority in the published data's index (the type hne-data
/// writes it with).
use hne_model::published::{Entry as IndexEntry, Index};

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
