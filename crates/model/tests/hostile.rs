//! Hostile and careless input (issue 19): each example the issue gives,
//! against the model's readers and writers. Every one failed before the fix.

use hne_model::calibrate::history_from_csv;
use hne_model::schema::Scenario;
use hne_model::{examples, template};

fn example() -> Scenario {
    examples::by_name("example").unwrap()
}

/// The template with one row's value replaced by `cell` (as it appears in
/// the file, quoted or not).
fn with_cell(field: &str, cell: &str) -> String {
    template::to_csv(&example())
        .lines()
        .map(|l| match l.split_once(',') {
            Some((f, rest)) if f == field => {
                let note = rest.rsplit_once(',').map_or("", |(_, n)| n);
                format!("{f},{cell},{note}")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn problems_of(csv: &str) -> String {
    template::from_csv(csv.as_bytes()).unwrap_err().to_string()
}

#[test]
fn a_quoted_decimal_comma_is_refused_not_read_as_thousands() {
    // Was read as 14535 and imported.
    let all = problems_of(&with_cell("authority.caseload.special", "\"1453,5\""));
    assert!(
        all.contains("authority.caseload.special")
            && all.contains("decimal comma")
            && all.contains("1453.5"),
        "{all}"
    );
}

#[test]
fn an_unquoted_decimal_comma_is_refused_not_split_into_the_note() {
    // Was read as 1453 with the 5 in the note column.
    let all = problems_of(&with_cell("authority.caseload.special", "1453,5"));
    assert!(all.contains("1453.5") && all.contains("cells"), "{all}");
}

#[test]
fn a_share_with_a_decimal_comma_names_the_intent() {
    // Was refused with "got 6".
    let all = problems_of(&with_cell("authority.placement_mix.p.special", "\"0,6\""));
    assert!(
        all.contains("decimal comma") && all.contains("0.6"),
        "{all}"
    );
    assert!(!all.contains("got 6"), "{all}");
}

#[test]
fn thousands_in_groups_of_three_still_read() {
    let sc = template::from_csv(with_cell("authority.caseload.special", "\"1,453\"").as_bytes())
        .unwrap();
    assert_eq!(
        sc.authority.caseload.get("special"),
        Some(&hne_model::schema::Caseload::Total(1453.0))
    );
}

#[test]
fn calibrate_refuses_a_decimal_comma() {
    // `hne calibrate` read "1200,5" as 12005.
    let csv = "year,ehcps,expenditure_pounds,funding_pounds\n2019,\"1200,5\",5000000,5000000\n2020,1300,5500000,5200000\n";
    let err = history_from_csv(csv).unwrap_err().to_string();
    assert!(
        err.contains("decimal comma") && err.contains("1200.5"),
        "{err}"
    );
    let csv = "year,ehcps,expenditure_pounds,funding_pounds\n2019,1200,5,5000000,5000000\n";
    let err = history_from_csv(csv).unwrap_err().to_string();
    assert!(err.contains("cells"), "{err}");
}

#[test]
fn a_formula_in_a_name_is_neutralised_in_the_template_and_read_back_as_text() {
    let mut sc = example();
    let evil = "=HYPERLINK(\"http://example.com\",\"Open\")";
    sc.authority.name = evil.into();
    sc.authority.settings[0].name = "@SUM(1+1)".into();
    let csv = template::to_csv(&sc);
    for line in csv.lines() {
        let value = line
            .split_once(',')
            .map_or("", |(_, v)| v)
            .trim_start_matches('"');
        assert!(
            !value.starts_with(['=', '+', '@']),
            "a spreadsheet would run this cell: {line}"
        );
    }
    let back = template::from_csv(csv.as_bytes()).unwrap();
    assert_eq!(back.authority.name, evil);
    assert_eq!(back.authority.settings[0].name, "@SUM(1+1)");
    // Negative numbers stay numbers.
    assert!(
        csv.contains("-0.3") || !csv.contains("'-0"),
        "numbers are not neutralised"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    // Notepad saves one; it was refused as damaged.
    let text = format!("\u{feff}{}", example().to_json_pretty());
    assert_eq!(Scenario::from_json(&text).unwrap(), example());
}

#[test]
fn the_cli_reads_what_the_app_downloads() {
    // The app's "Download the scenario (JSON)" adds "base" and "model".
    let mut v: serde_json::Value = serde_json::to_value(example()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.insert("base".into(), "example".into());
    o.insert("model".into(), "0.1.0".into());
    assert_eq!(Scenario::from_json(&v.to_string()).unwrap(), example());
    // A link's short form leaves the built-in authority out.
    v.as_object_mut().unwrap().remove("authority");
    assert_eq!(Scenario::from_json(&v.to_string()).unwrap(), example());
}

#[test]
fn a_long_line_is_never_echoed_whole() {
    // A 900 KB one-line file gave one problem 900,075 characters long.
    let junk = "x".repeat(900_000);
    for text in [junk.clone(), format!("{{\"schema\": 1, \"{junk}\": 1}}")] {
        let err = Scenario::from_json(&text).unwrap_err().to_string();
        assert!(err.len() < 2_000, "{}", err.len());
    }
    let csv = format!("{junk}\n");
    let err = problems_of(&csv);
    assert!(err.len() < 2_000, "{}", err.len());
}

#[test]
fn a_million_bad_rows_give_a_short_list() {
    let mut csv = String::from("year,ehcps,expenditure_pounds,funding_pounds\n");
    for i in 0..100_000 {
        csv += &format!("{},lots,1,1\n", 2000 + i % 20);
    }
    let err = history_from_csv(&csv).unwrap_err();
    assert_eq!(err.0.len(), 100_000);
    let shown = err.to_string();
    assert!(
        shown.lines().count() <= 51 && shown.ends_with("and 99950 more problems"),
        "{}",
        &shown[shown.len() - 80..]
    );
}

#[test]
fn a_deep_field_path_is_refused_not_recursed() {
    // 10,000 segments overflowed the stack.
    let path = vec!["a"; 10_000].join(".");
    let err = problems_of(&format!("field,value,note\n{path},1,\n"));
    assert!(
        err.contains("not a field name"),
        "{}",
        &err[..err.len().min(300)]
    );
}

#[test]
fn values_of_the_wrong_kind_in_a_map_are_each_named_in_one_read() {
    // Each caseload value a text: the custom reader refuses it, and every
    // sibling of the same kind is named without a fresh pass for each (a
    // 0.9 MB file of them froze the tab 2.4 s and ended "could not be read").
    let mut v: serde_json::Value = serde_json::to_value(example()).unwrap();
    let caseload = v["authority"]["caseload"].as_object_mut().unwrap();
    for i in 0..10_000 {
        caseload.insert(format!("s{i}"), "many".into());
    }
    caseload.insert("special".into(), serde_json::json!(true));
    let err = Scenario::from_json(&v.to_string()).unwrap_err();
    let strings = err.0.iter().filter(|p| p.message == "invalid type: a string, expected a number (a total) or an object with u5, p, s, f, a").count();
    assert_eq!(strings, 10_000, "{}", &err.to_string()[..300]);
    assert!(err
        .0
        .iter()
        .any(|p| p.path == "authority.caseload.special" && p.message.contains("boolean")));
}

#[test]
fn a_setting_name_has_a_length_limit() {
    // A 20 MB setting name was accepted after 5.6 s; files over 1 MB are
    // now refused unread, and a name over 200 characters is a problem.
    let mut sc = example();
    sc.authority.settings[0].name = "n".repeat(201);
    let err = sc.validate().unwrap_err().to_string();
    assert!(
        err.contains("authority.settings[0].name: must be at most 200 characters"),
        "{err}"
    );
}
