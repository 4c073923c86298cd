//! A file a user imports as their authority's data: the CSV template or a
//! scenario JSON file (as the app downloads it). Read whole and checked
//! whole: the scenario, or every problem as a line a person can read, each
//! once, never echoing the file.

use hne_model::schema::{more_problems, Problem, Problems};

use crate::state::saved::{self, LoadError, Saved};

/// Larger than any scenario file by far (they are tens of kilobytes):
/// checked before anything is read.
pub const MAX_FILE_BYTES: usize = 1_000_000;

/// The most problems listed; the rest are counted.
pub const SHOWN: usize = 50;

/// One problem as a line: where (line, column, field) and what.
pub fn describe(p: &Problem) -> String {
    let place = match (p.line, p.column) {
        (Some(l), Some(c)) if l > 0 && c > 0 => format!("Line {l}, column {c}"),
        (Some(l), _) if l > 0 => format!("Line {l}"),
        _ => String::new(),
    };
    match (place.is_empty(), p.path.is_empty()) {
        (true, true) => crate::format::capitalise(&p.message),
        (true, false) => format!("{}: {}", p.path, p.message),
        (false, true) => format!("{place}: {}", p.message),
        (false, false) => format!("{place} ({}): {}", p.path, p.message),
    }
}

/// The lines for a list of problems, at most [`SHOWN`] and then a count.
pub fn lines(ps: &[Problem]) -> Vec<String> {
    let mut out: Vec<String> = ps.iter().take(SHOWN).map(describe).collect();
    if ps.len() > SHOWN {
        out.push(more_problems(ps.len() - SHOWN));
    }
    out
}

/// A list of lines, at most [`SHOWN`] and then a count.
pub fn capped(mut all: Vec<String>) -> Vec<String> {
    if all.len() > SHOWN {
        let more = all.len() - SHOWN;
        all.truncate(SHOWN);
        all.push(more_problems(more));
    }
    all
}

/// What reading a file gave: the plan, or the problems in words.
pub fn import(
    name: &str,
    bytes: &[u8],
    loaded: &crate::published::Loaded,
) -> Result<Saved, Vec<String>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![too_big(name, bytes.len())]);
    }
    let first = bytes
        .iter()
        .position(|b| !b" \t\r\n\xef\xbb\xbf".contains(b))
        .map(|i| bytes[i]);
    match first {
        Some(b'{') | Some(b'[') => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| vec![format!("{name} is not UTF-8 text: save it as UTF-8.")])?;
            if first == Some(b'[') {
                return Err(vec![format!(
                    "{name} holds a JSON list, not a scenario: a scenario file is one JSON object, {{ … }}, as High Needs Explorer downloads it."
                )]);
            }
            if text.contains("\"high-needs-explorer library\"") {
                return Err(vec![format!(
                    "{name} is an export of saved scenarios: import it under \"Saved scenarios\", not here."
                )]);
            }
            saved::from_json(text, loaded)
                .map(|mut s| {
                    if !s.authority_is_built_in(loaded) {
                        s.base = None;
                    }
                    s
                })
                .map_err(|e| match e {
                    LoadError::Invalid(Problems(ps)) => lines(&ps),
                    other => vec![other.message(&format!("the file {name}"))],
                })
        }
        _ if is_workbook(bytes) => Err(vec![format!(
            "{name} is a workbook: it is read by the page's Excel part, which could not be used here."
        )]),
        _ => hne_model::template::from_csv(bytes)
            .map(|scenario| Saved {
                base: None,
                scenario,
            })
            .map_err(|Problems(ps)| lines(&ps)),
    }
}

/// A workbook (.xlsx, .ods: a zip; .xls or a password-protected workbook:
/// a compound file), from its first bytes: read by the Excel module, not
/// here.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A file's name says it is a workbook (for the size allowed before it is
/// read).
pub fn named_workbook(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".ods", ".xls"]
        .iter()
        .any(|e| n.ends_with(e))
}

/// The largest file taken, by its name: a workbook may be larger than a
/// CSV or JSON file.
pub fn limit(name: &str) -> usize {
    if named_workbook(name) {
        crate::workbook::MAX_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// A file over its [`limit`], said before reading it.
pub fn refused(name: &str, bytes: usize) -> String {
    if named_workbook(name) {
        crate::workbook::too_big(name, bytes)
    } else {
        too_big(name, bytes)
    }
}

/// What a workbook's cells gave: the plan and a line saying which sheets
/// were read (and which left out), or every problem with its sheet and
/// cell.
pub fn workbook(cells: &crate::workbook::Cells) -> Result<(Saved, String), Vec<String>> {
    let (scenario, rows) = crate::workbook::scenario(cells)?;
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut said = format!(
        "from the sheet{} {}",
        if rows.read.len() == 1 { "" } else { "s" },
        quoted(&rows.read)
    );
    if !rows.skipped.is_empty() {
        said += &format!(
            "; {} left out (no field and value columns)",
            quoted(&rows.skipped)
        );
    }
    Ok((
        Saved {
            base: None,
            scenario,
        },
        said,
    ))
}

/// A file too large to be a scenario, said before reading it.
pub fn too_big(name: &str, bytes: usize) -> String {
    format!(
        "{name} is {:.1} MB; a scenario file is a few hundred kilobytes at most, so this is not one (the limit is 1 MB). Nothing was read.",
        bytes as f64 / 1e6
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::published::Loaded;

    #[test]
    fn a_template_and_a_scenario_file_both_import() {
        let mut s = Saved::example("england").unwrap();
        s.scenario.authority.name = "Testshire".into();
        let csv = hne_model::template::to_csv(&s.scenario);
        let got = import("t.csv", csv.as_bytes(), &Loaded::default()).unwrap();
        assert_eq!(got.scenario, s.scenario);
        assert_eq!(got.base, None, "own data");
        let json = saved::to_json(&s);
        assert_eq!(
            import("t.json", json.as_bytes(), &Loaded::default())
                .unwrap()
                .scenario,
            s.scenario
        );
        // With a byte-order mark, as Notepad saves it.
        let bom = format!("\u{feff}{json}");
        assert_eq!(
            import("t.json", bom.as_bytes(), &Loaded::default())
                .unwrap()
                .scenario,
            s.scenario
        );
    }

    #[test]
    fn problems_read_as_lines_with_one_place_each() {
        let csv = hne_model::template::to_csv(&Saved::example("example").unwrap().scenario)
            .replace(
                "authority.caseload.special,",
                "authority.caseload.special,-3,x\nauthority.caseload.special_old,",
            );
        let list = import("bad.csv", csv.as_bytes(), &Loaded::default()).unwrap_err();
        assert!(
            list.iter()
                .any(|l| l.starts_with("Line ") && l.contains("authority.caseload.special")),
            "{list:?}"
        );
        // Issue 19: "x.json, line 167: line 167, column 18" named the place twice.
        let mut v: serde_json::Value =
            serde_json::from_str(&saved::to_json(&Saved::example("example").unwrap())).unwrap();
        v["levers"]["inclusoin"] = serde_json::json!({"value": 0.1});
        let text = serde_json::to_string_pretty(&v).unwrap();
        let list = import("x.json", text.as_bytes(), &Loaded::default()).unwrap_err();
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0].matches("ine ").count(), 1, "{list:?}");
        assert!(
            list[0].starts_with("Line ") && list[0].contains("levers.inclusoin"),
            "{list:?}"
        );
        let list = import(
            "bad.json",
            b"{\"schema\": 1, \"oops\": }",
            &Loaded::default(),
        )
        .unwrap_err();
        assert!(
            list[0].starts_with("The file bad.json is damaged"),
            "{list:?}"
        );
        assert!(!list[0].contains("The the"), "{list:?}");
    }

    #[test]
    fn a_json_list_is_named_as_json_not_read_as_csv() {
        // Was read as CSV and 200 KB of brackets echoed back.
        let text = format!("[{}]", "[1],".repeat(50_000) + "[1]");
        let list = import("x.json", text.as_bytes(), &Loaded::default()).unwrap_err();
        assert_eq!(list.len(), 1);
        assert!(
            list[0].contains("JSON list") && list[0].len() < 300,
            "{list:?}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_reading() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        let list = import("big.csv", &big, &Loaded::default()).unwrap_err();
        assert!(list[0].contains("limit is 1 MB"), "{list:?}");
    }

    #[test]
    fn the_list_is_capped_with_a_count() {
        let ps: Vec<Problem> = (0..120)
            .map(|i| Problem {
                path: format!("a{i}"),
                message: "wrong".into(),
                line: Some(i + 1),
                column: Some(2),
            })
            .collect();
        let l = lines(&ps);
        assert_eq!(l.len(), SHOWN + 1);
        assert_eq!(l.last().unwrap(), "and 70 more problems");
    }
}
