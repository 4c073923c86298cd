//! The `hne` command-line tool, run as a finance officer would script it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hne(args: &[&str], stdin: Option<&str>) -> Output {
    // From the project's root, as a user runs it there: the published
    // data and the hindcast's cases are found at their default paths.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hne"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // The tool may exit (a bad flag) before reading its input: a broken pipe is fine.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let out = hne(args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str], stdin: Option<&str>) -> String {
    let out = hne(args, stdin);
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn every_example_projects_as_json_and_csv() {
    for name in ["example", "england", "cambridgeshire"] {
        let scenario = ok(&["example", name], None);
        let run: serde_json::Value =
            serde_json::from_str(&ok(&["project", "-"], Some(&scenario))).unwrap();
        assert_eq!(
            run["scenario"]["years"].as_array().unwrap().len(),
            7,
            "{name}"
        );
        let csv = ok(&["project", "-", "--csv"], Some(&scenario));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 8, "{name}: header + 7 years");
        assert!(lines[0].starts_with("year,ehcps,mainstream_share"));
    }
}

#[test]
fn presets_attribution_uncertainty_solve() {
    let scenario = ok(&["example"], None);
    let run: serde_json::Value =
        serde_json::from_str(&ok(&["project", "-", "--preset", "dbv"], Some(&scenario))).unwrap();
    assert!(
        run["savings"]["deficit_at_horizon_pounds"]
            .as_f64()
            .unwrap()
            > 0.0
    );

    let mut sc: serde_json::Value = serde_json::from_str(&scenario).unwrap();
    sc["levers"]["demand"] = serde_json::json!({"value": 0.2});
    sc["levers"]["transfer"] = serde_json::json!({"value": 0.005});
    let text = sc.to_string();
    let at: serde_json::Value =
        serde_json::from_str(&ok(&["attribute", "-"], Some(&text))).unwrap();
    assert_eq!(at["levers"].as_array().unwrap().len(), 2);
    assert_eq!(at["projections"], 4);

    let a = ok(
        &["uncertainty", "-", "--runs", "200", "--seed", "9"],
        Some(&text),
    );
    let b = ok(
        &["uncertainty", "-", "--runs", "200", "--seed", "9"],
        Some(&text),
    );
    assert_eq!(a, b, "same seed, same numbers");

    let s: serde_json::Value =
        serde_json::from_str(&ok(&["solve", "-", "--independent", "0.06"], Some(&text))).unwrap();
    assert!(s["independent"]["value"].as_f64().unwrap() > 0.0);
    assert!(ok(&["tornado", "-"], Some(&text)).contains("new_plan_growth"));
}

#[test]
fn calibrate_reads_a_history_csv() {
    let csv = "year,ehcps,expenditure_pounds,funding_pounds,cumulative_deficit_pounds\n\
               2016-17,3429,65701000,63001000,113000\n2017-18,3822,69632000,65006000,642000\n\
               2018-19,4198,77196000,68360000,7286000\n";
    let cal: serde_json::Value =
        serde_json::from_str(&ok(&["calibrate", "-", "--horizon", "3"], Some(csv))).unwrap();
    assert_eq!(cal["history"][1]["in_year_deficit_pounds"], 4_626_000.0);
    assert_eq!(cal["projection"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_input_exits_non_zero_with_a_reason() {
    assert!(fails(&["project", "/no/such/file.json"], None).contains("cannot read"));
    assert!(fails(&["project", "-"], Some("{\"schema\": 1}")).contains("missing field `horizon`"));
    assert!(fails(&["project", "-"], Some("not json")).contains("line 1"));
    assert!(fails(&["example", "atlantis"], None).contains("no built-in example"));
    assert!(fails(&["uncertainty", "-", "--runs", "x"], Some("{}")).contains("--runs"));
    assert!(fails(&["calibrate", "-"], Some("year,ehcps\n2016,1\n")).contains("missing column"));
    assert!(fails(&["frobnicate"], None).contains("unrecognized subcommand"));
    assert!(fails(&[], None).contains("no command"));
    let mut sc: serde_json::Value = serde_json::from_str(&ok(&["example"], None)).unwrap();
    sc["authority"]["caseload"]["special"] = serde_json::json!(-1);
    let msg = fails(&["project", "-"], Some(&sc.to_string()));
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert!(msg.contains("authority.caseload.special: cannot be negative"));
    // Several problems: a line each after the count (a million would be
    // the first 50 and a count, not 78 MB on one line).
    sc["horizon"] = serde_json::json!(99);
    let msg = fails(&["project", "-"], Some(&sc.to_string()));
    assert_eq!(msg.trim_end().lines().count(), 3, "{msg}");
    assert!(
        msg.contains("2 problems") && msg.contains("horizon: must be from 1 to 15"),
        "{msg}"
    );
}

#[test]
fn reads_everything_the_app_writes() {
    let example = ok(&["example"], None);
    let deficit = |out: &str| {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        v["scenario"]["metrics"]["deficit_at_horizon_pounds"]
            .as_f64()
            .unwrap()
    };
    let plain = deficit(&ok(&["project", "-"], Some(&example)));
    // The app's "Download the scenario (JSON)": with "base" and "model".
    // Issue 19: refused with "unknown field `base`".
    let mut v: serde_json::Value = serde_json::from_str(&example).unwrap();
    v["base"] = "example".into();
    v["model"] = "0.1.0".into();
    assert_eq!(deficit(&ok(&["project", "-"], Some(&v.to_string()))), plain);
    // The CSV template.
    let sc: hne_model::schema::Scenario = serde_json::from_str(&example).unwrap();
    let csv = hne_model::template::to_csv(&sc);
    assert_eq!(deficit(&ok(&["project", "-"], Some(&csv))), plain);
    // An export of saved scenarios: one chosen by name.
    let mut dbv = v.clone();
    dbv["levers"]["demand"]["value"] = serde_json::json!(0.2);
    let export = serde_json::json!({
        "format": "high-needs-explorer library", "version": 1,
        "scenarios": [
            {"name": "Plain", "saved": "", "scenario": v},
            {"name": "Early support", "saved": "", "scenario": dbv},
        ]
    })
    .to_string();
    let msg = fails(&["project", "-"], Some(&export));
    assert!(
        msg.contains("2 saved scenarios") && msg.contains("--scenario"),
        "{msg}"
    );
    let chosen = deficit(&ok(
        &["project", "-", "--scenario", "Early support"],
        Some(&export),
    ));
    assert!(chosen < plain, "{chosen} vs {plain}");
    assert!(
        fails(&["project", "-", "--scenario", "Nope"], Some(&export)).contains("no saved scenario")
    );
}

#[test]
fn an_input_over_1_mb_is_refused_unread() {
    // `hne project` took 17 to 25 s on a 1 MB scenario of 100,000 fields.
    let big = format!("{{\"schema\": 1, \"name\": \"{}\"}}", "x".repeat(1_100_000));
    let msg = fails(&["project", "-"], Some(&big));
    assert!(
        msg.contains("larger than 1 MB") && msg.len() < 300,
        "{}",
        &msg[..msg.len().min(300)]
    );
}

#[test]
fn every_published_authority_is_listed_and_printed_by_name() {
    let list = ok(&["authorities"], None);
    assert!(list.lines().count() >= 150, "{list}");
    assert!(list.lines().any(|l| l.starts_with("886  Kent")), "{list}");
    let north_east = ok(&["authorities", "--region", "north east"], None);
    assert!(
        north_east.lines().all(|l| l.contains("North East")) && north_east.contains("Gateshead")
    );
    // By name, by LA number, and a part that names one authority only.
    let kent = ok(&["example", "Kent"], None);
    assert_eq!(kent, ok(&["example", "886"], None));
    let sc: serde_json::Value = serde_json::from_str(&kent).unwrap();
    assert_eq!(sc["authority"]["name"], "Kent");
    assert_eq!(sc["authority"]["base_year"], 2025);
    assert!(ok(&["example", "westmorland"], None).contains("\"Westmorland and Furness\""));
    // It projects like any file.
    let run = ok(&["project", "-"], Some(&kent));
    assert!(run.contains("\"authority\": \"Kent\""), "{run}");
    // A part that names several says which.
    let e = fails(&["example", "cam"], None);
    assert!(
        e.contains("Cambridgeshire (873)") && e.contains("Camden (202)"),
        "{e}"
    );
    let e = fails(&["example", "Atlantis"], None);
    assert!(e.contains("hne authorities"), "{e}");
    // Another data folder.
    let e = fails(&["authorities", "--data", "/nowhere"], None);
    assert!(e.contains("cannot be read"), "{e}");
}

#[test]
fn hindcast_prints_the_committed_report_and_one_authority() {
    let md = ok(&["hindcast"], None);
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/hindcast.md"
    ))
    .unwrap();
    assert_eq!(
        md.trim_end(),
        doc.trim_end(),
        "run `cargo run -p hne-data -- build`"
    );
    let kent = ok(&["hindcast", "--authority", "Kent", "--runs", "50"], None);
    for want in [
        "Kent (886)",
        "From January 2019",
        "From January 2022",
        "20635",
    ] {
        assert!(kent.contains(want), "{want}:\n{kent}");
    }
    assert!(fails(&["hindcast", "--runs", "0"], None).contains("--runs"));
    assert!(fails(&["hindcast", "--authority", "Atlantis"], None).contains("Atlantis"));
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hne-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn workbooks_in_and_out_the_same_as_the_page_s() {
    let json = ok(&["example", "example"], None);
    let sc = scratch("example.json");
    std::fs::write(&sc, &json).unwrap();
    let book = scratch("template.xlsx");
    let said = ok(
        &[
            "template",
            sc.to_str().unwrap(),
            "--xlsx",
            book.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        said.starts_with("wrote ") && said.contains("template.xlsx"),
        "{said}"
    );
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK\x03\x04"));
    // The template workbook is a FILE like any other: the same projection.
    let from_book = ok(&["project", book.to_str().unwrap(), "--csv"], None);
    let from_json = ok(&["project", sc.to_str().unwrap(), "--csv"], None);
    assert_eq!(from_book, from_json);
    // The CSV template, as before, without --xlsx.
    assert!(ok(&["template", sc.to_str().unwrap()], None).contains("authority.name,"));
    // The projection as a workbook.
    let proj = scratch("projection.xlsx");
    ok(
        &[
            "project",
            sc.to_str().unwrap(),
            "--preset",
            "dbv",
            "--xlsx",
            proj.to_str().unwrap(),
        ],
        None,
    );
    let cells = hne_excel_cells(&proj);
    assert!(
        cells.contains("Deficit the council carries"),
        "{}",
        &cells[..200.min(cells.len())]
    );
    // A workbook with a problem is refused with its sheet and cell.
    let bad = scratch("bad.xlsx");
    let set = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/xlsx.py"))
        .args([
            "set",
            book.to_str().unwrap(),
            bad.to_str().unwrap(),
            "Key figures!B3=text:soon",
        ])
        .status()
        .unwrap();
    assert!(set.success());
    let e = fails(&["project", bad.to_str().unwrap()], None);
    assert!(
        e.contains("Sheet \"Key figures\", cell B3 (authority.base_year)"),
        "{e}"
    );
    // Only the field's own problem is placed at a cell.
    let sparse = scratch("sparse.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Field").unwrap();
    ws.write_string(0, 1, "Value").unwrap();
    ws.write_string(1, 0, "authority.base_year").unwrap();
    ws.write_number(1, 1, 2026.0).unwrap();
    wb.save(&sparse).unwrap();
    let e = fails(&["project", sparse.to_str().unwrap()], None);
    assert!(
        e.contains("schema: missing field") && !e.contains("cell B2 (schema)"),
        "{e}"
    );
    let e = fails(&["project", scratch("none.xlsx").to_str().unwrap()], None);
    assert!(e.contains("cannot read"), "{e}");
}

/// A workbook's text, as the tests read it (its parts unzipped by Python).
fn hne_excel_cells(path: &std::path::Path) -> String {
    let out = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/xlsx.py"))
        .arg("cells")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn calibrate_reads_a_history_workbook() {
    let path = scratch("history.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Our history, from the section 251 returns")
        .unwrap();
    let head = [
        "year",
        "ehcps",
        "expenditure_pounds",
        "funding_pounds",
        "cumulative_deficit_pounds",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        ("2016-17", 3429.0, 65_701_000.0, 63_001_000.0, 113_000.0),
        ("2017-18", 3822.0, 69_632_000.0, 65_006_000.0, 642_000.0),
        ("2018-19", 4198.0, 77_196_000.0, 68_360_000.0, 7_286_000.0),
    ];
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, r.0).unwrap();
        ws.write_number(row, 1, r.1).unwrap();
        ws.write_number(row, 2, r.2).unwrap();
        ws.write_number(row, 3, r.3).unwrap();
        ws.write_number(row, 4, r.4).unwrap();
    }
    wb.save(&path).unwrap();
    let cal: serde_json::Value = serde_json::from_str(&ok(
        &["calibrate", path.to_str().unwrap(), "--horizon", "3"],
        None,
    ))
    .unwrap();
    assert_eq!(cal["history"][1]["in_year_deficit_pounds"], 4_626_000.0);
}

#[test]
fn every_command_has_its_help() {
    let top = ok(&["--help"], None);
    let commands: Vec<&str> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 11, "{commands:?}");
    for c in &commands {
        let help = ok(&[c, "--help"], None);
        assert!(help.contains(&format!("Usage: hne {c}")), "{c}: {help}");
    }
    assert!(ok(&["hindcast", "--help"], None).contains("--cases <DIR>"));
    assert!(ok(&["example", "--help"], None).contains("[env: HNE_DATA="));
    assert!(ok(&["--version"], None).starts_with("hne "));
    // A mistake names itself and fails.
    assert!(fails(&["project", "-", "--nonsense"], Some("{}")).contains("--nonsense"));
    assert!(fails(&["solve", "-"], Some("{}")).contains("--mainstream"));
}
