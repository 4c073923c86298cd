//! The CSV template: a whole scenario as a two-column table that Excel and
//! LibreOffice open and save, one row per value:
//!
//! ```text
//! field,value,note
//! schema,1,the format version: leave as it is
//! authority.name,Example Borough,
//! authority.caseload.special,"1,032",EHCPs in State special schools (January census)
//! ```
//!
//! Why this shape: it covers every field of the format with no second
//! definition of it (the rows are the scenario's JSON, flattened, and are
//! read back through the same reader and checks), so nothing can drift; a
//! finance officer can find a figure by its name; and a problem points at a
//! line and a column of the file they edited.
//!
//! Reading is all or nothing: [`from_csv`] returns the scenario or every
//! problem (line, column, field, what is wrong and what is allowed).

use crate::csv;
use crate::json::{self, Json, Value};
use crate::schema::{Problem, Problems, Scenario};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Larger than any real template by far (they are 10 to 30 kilobytes), and
/// small enough that the largest accepted file is read in well under a
/// frame budget's worth of 200 ms in the page (docs/benchmarks.md).
pub const MAX_BYTES: usize = 256_000;

/// A note for the rows of a field, by what its name says.
pub fn note(path: &str) -> &'static str {
    let last = path.rsplit('.').next().unwrap_or(path);
    if path == "schema" {
        "the format version: leave as it is"
    } else if path.contains(".caseload.") {
        "EHCPs at the January census"
    } else if path.contains("placement_mix") || path.contains("transitions") {
        "share (0.25 = 25%); each group adds up to 1"
    } else if last.ends_with("_pounds")
        || path.contains("safety_valve")
        || path.contains("contributions")
    {
        "pounds"
    } else if last.contains("rate")
        || last.contains("growth")
        || last.contains("inflation")
        || last == "ageing"
        || last == "escalation"
        || matches!(last, "low" | "central" | "high")
    {
        "a year, as a fraction (0.03 = 3%)"
    } else {
        ""
    }
}

fn flatten(v: &Json, path: &str, out: &mut Vec<(String, String)>) {
    let child = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match &v.value {
        Value::Object(fields) if fields.is_empty() => out.push((path.into(), "{}".into())),
        Value::Object(fields) => fields.iter().for_each(|(k, v)| flatten(v, &child(k), out)),
        Value::Array(items) if items.is_empty() => out.push((path.into(), "[]".into())),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(v, &format!("{path}[{i}]"), out)),
        Value::Number(n) => out.push((path.into(), n.clone())),
        Value::String(s) => out.push((path.into(), s.clone())),
        Value::Bool(b) => out.push((path.into(), b.to_string())),
        Value::Null => out.push((path.into(), String::new())),
    }
}

/// The template for a scenario, pre-filled with its figures, in the data
/// view's words and order: the figures that matter most first, then the
/// rest. Column A is the field (the reader's key), column B the value as
/// people write it ("1,520", "£74,000,000", "25%"), column C what the field
/// is in words and where its figure came from.
pub fn to_csv(sc: &Scenario) -> String {
    let mut out = String::from(
        "# High Needs Explorer: a scenario as a table. Change the values in column B; keep the field names in column A.\n\
         # Counts as numbers (1,520), money in pounds (£74,000,000 or £74m), shares and rates as percentages (25%). The most important figures come first. Save as CSV (comma separated) and import it into High Needs Explorer.\n\
         field,value,note\n",
    );
    for (path, value) in ordered_rows(sc) {
        let mut n = crate::words::label(sc, &path);
        if let Some(src) = source_of(sc, &path) {
            n += ". ";
            n += &src;
        }
        out += &format!(
            "{},{},{}\n",
            csv::escape(&path),
            csv::escape(&crate::words::shown(&path, &value)),
            csv::escape(&n)
        );
    }
    out
}

/// The template's rows with the key figures ([`crate::words::key_paths`])
/// first, in their order, then the rest in the format's order.
pub fn ordered_rows(sc: &Scenario) -> Vec<(String, String)> {
    let all = rows(sc);
    let keys = crate::words::key_paths(sc);
    let mut out: Vec<(String, String)> = keys
        .iter()
        .filter_map(|k| all.iter().find(|(p, _)| p == k).cloned())
        .collect();
    out.extend(all.into_iter().filter(|(p, _)| !keys.contains(p)));
    out
}

/// Where a row's figure came from: the source whose field covers the row
/// most closely, by its number among the sources at the end of the file
/// ("source 4 at the end", "estimated" where it is).
pub fn source_of(sc: &Scenario, path: &str) -> Option<String> {
    if path.starts_with("authority.sources") {
        return None;
    }
    let covers = |field: &str| {
        path == field
            || path
                .strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    let (i, src) = sc
        .authority
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| covers(&s.field))
        .max_by_key(|(i, s)| (s.field.len(), usize::MAX - i))?;
    Some(format!(
        "Where it comes from: source {} at the end{}.",
        i + 1,
        if src.estimated { " (estimated)" } else { "" }
    ))
}

enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if name.is_empty()
            || !name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            return None;
        }
        out.push(Seg::Key(name.to_string()));
        let mut rest = if rest.is_empty() {
            None
        } else {
            Some(format!("[{rest}"))
        };
        while let Some(r) = rest.take() {
            let inner = r.strip_prefix('[')?;
            let (n, after) = inner.split_once(']')?;
            out.push(Seg::Index(n.parse().ok()?));
            if !after.is_empty() {
                rest = Some(after.to_string());
            }
        }
    }
    Some(out)
}

/// The tree being rebuilt from rows. An object keeps an index of its names,
/// so a wide one (thousands of settings) is still read in linear time.
enum Node {
    Leaf(Json),
    Obj(Vec<(String, Node)>, HashMap<String, usize>, usize),
    Arr(Vec<Option<Node>>, usize),
}

fn insert(node: &mut Node, segs: &[Seg], leaf: Json) -> Result<(), String> {
    let line = leaf.line;
    let Some((first, rest)) = segs.split_first() else {
        return Err("it is set twice, or set and also used as a group".into());
    };
    let make = |next: Option<&Seg>| match next {
        Some(Seg::Index(_)) => Node::Arr(Vec::new(), line),
        _ => Node::Obj(Vec::new(), HashMap::new(), line),
    };
    match (node, first) {
        (Node::Obj(fields, index, _), Seg::Key(k)) => {
            let i = match index.get(k) {
                Some(&i) => i,
                None if rest.is_empty() => {
                    index.insert(k.clone(), fields.len());
                    fields.push((k.clone(), Node::Leaf(leaf)));
                    return Ok(());
                }
                None => {
                    index.insert(k.clone(), fields.len());
                    fields.push((k.clone(), make(rest.first())));
                    fields.len() - 1
                }
            };
            if rest.is_empty() {
                return Err("it is set twice, or set and also used as a group".into());
            }
            insert(&mut fields[i].1, rest, leaf)
        }
        (Node::Arr(items, _), Seg::Index(i)) => {
            if *i >= 10_000 {
                return Err(format!("[{i}] is far beyond any list in a scenario"));
            }
            if items.len() <= *i {
                items.resize_with(*i + 1, || None);
            }
            match (&mut items[*i], rest.is_empty()) {
                (slot @ None, true) => {
                    *slot = Some(Node::Leaf(leaf));
                    Ok(())
                }
                (slot @ None, false) => {
                    let mut n = make(rest.first());
                    insert(&mut n, rest, leaf)?;
                    *slot = Some(n);
                    Ok(())
                }
                (Some(_), true) => Err("it is set twice, or set and also used as a group".into()),
                (Some(n), false) => insert(n, rest, leaf),
            }
        }
        // An empty group ("[]" or "{}") takes rows added under it.
        (n @ Node::Leaf(_), seg) => {
            let (empty_list, empty_group, at) = match n {
                Node::Leaf(j) => (
                    matches!(&j.value, Value::Array(a) if a.is_empty()),
                    matches!(&j.value, Value::Object(o) if o.is_empty()),
                    j.line,
                ),
                _ => (false, false, 0),
            };
            match seg {
                Seg::Index(_) if empty_list => *n = Node::Arr(Vec::new(), at),
                Seg::Key(_) if empty_group => *n = Node::Obj(Vec::new(), HashMap::new(), at),
                _ => return Err("a value above it is set as a single value, not a group".into()),
            }
            insert(n, segs, leaf)
        }
        (Node::Obj(..), Seg::Index(i)) => Err(format!("[{i}] follows a name that is not a list")),
        (Node::Arr(..), Seg::Key(k)) => Err(format!(
            "\"{k}\" follows a list: give a position, as in [0]"
        )),
    }
}

fn to_json(node: Node, path: &str, holes: &mut Vec<(usize, String)>) -> Json {
    match node {
        Node::Leaf(j) => j,
        Node::Obj(fields, _, line) => Json {
            value: Value::Object(
                fields
                    .into_iter()
                    .map(|(k, n)| {
                        let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                        (k, to_json(n, &p, holes))
                    })
                    .collect(),
            ),
            line,
            column: 1,
        },
        Node::Arr(items, line) => Json {
            value: Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, n)| match n {
                        Some(n) => Some(to_json(n, &format!("{path}[{i}]"), holes)),
                        None => {
                            holes.push((line, format!("{path}[{i}] is missing: list positions run 0, 1, 2, … with none left out")));
                            None
                        }
                    })
                    .collect(),
            ),
            line,
            column: 1,
        },
    }
}

/// A cell as JSON: a number where it reads as one ("£65,701" included),
/// true/false, empty for "none", `{}` and `[]` for empty groups, else text.
/// A cell as a JSON leaf, and, when it looks like a number but cannot be
/// read one way only, what to say if the format wants a number there.
fn cell(text: &str, line: usize) -> (Json, Option<String>) {
    let t = text.trim();
    let mut unclear = None;
    let value = match t {
        "" => Value::Null,
        "{}" => Value::Object(Vec::new()),
        "[]" => Value::Array(Vec::new()),
        _ if t.eq_ignore_ascii_case("true") => Value::Bool(true),
        _ if t.eq_ignore_ascii_case("false") => Value::Bool(false),
        _ => match csv::number(t) {
            csv::Number::Value(v) => Value::Number(json_number(v)),
            csv::Number::Unclear(why) => {
                unclear = Some(why);
                Value::String(text.to_string())
            }
            csv::Number::NotANumber => Value::String(text.to_string()),
        },
    };
    let leaf = Json {
        value,
        line,
        column: 2,
    };
    (leaf, unclear)
}

/// A number's JSON text: whole numbers without a point (so counts and
/// years read as integers), others in the shortest exact form.
fn json_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:?}")
    }
}

fn problem(line: usize, column: usize, path: &str, message: impl Into<String>) -> Problem {
    Problem {
        path: path.to_string(),
        message: message.into(),
        line: Some(line),
        column: Some(column),
    }
}

/// Read a template (the file's bytes): the scenario, or every problem.
pub fn from_csv(bytes: &[u8]) -> Result<Scenario, Problems> {
    let one =
        |line, column, message: String| Err(Problems(vec![problem(line, column, "", message)]));
    if bytes.len() > MAX_BYTES {
        return one(0, 0, format!(
            "the file is {} KB; a template is a few tens of kilobytes, so this is not one (the limit is {} KB)",
            bytes.len() / 1000,
            MAX_BYTES / 1000
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            return one(line, 0, "the file is not UTF-8 text: in Excel save it as \"CSV UTF-8 (comma delimited)\"; in LibreOffice choose the UTF-8 character set".into());
        }
    };
    if text.trim().is_empty() {
        return one(1, 0, "the file is empty".into());
    }
    let records = csv::parse(text).map_err(|(line, m)| Problems(vec![problem(line, 0, "", m)]))?;
    let mut rows = records.into_iter().filter(|r| {
        !r.fields
            .first()
            .is_some_and(|f| f.trim_start().starts_with('#'))
    });
    let Some(header) = rows.next() else {
        return one(1, 0, "the file has no header row (field,value,note)".into());
    };
    let h: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    if h.len() == 1 && h[0].contains(';') {
        return one(header.line, 1, "the columns are separated by semicolons: save it as CSV with commas (in Excel, \"CSV UTF-8 (comma delimited)\")".into());
    }
    if h.len() < 2 || h[0] != "field" || h[1] != "value" {
        return one(
            header.line,
            1,
            format!(
                "the first row must be the header field,value,note; it is {}",
                csv::quoted(&header.fields.join(","))
            ),
        );
    }
    let records: Vec<csv::Record> = rows.collect();
    from_records(records, header.line + 1, h.len())
}

/// The rows of a table (path, value), as the app's data view holds them:
/// the scenario, or every problem, each with its field path (and the row's
/// position as its line).
pub fn from_rows(rows: &[(String, String)]) -> Result<Scenario, Problems> {
    let size: usize = rows.iter().map(|(p, v)| p.len() + v.len() + 2).sum();
    if size > MAX_BYTES {
        return Err(Problems::one(
            "",
            format!(
                "these rows come to {} KB; a whole scenario is a few tens of kilobytes (the limit is {} KB)",
                size / 1000,
                MAX_BYTES / 1000
            ),
        ));
    }
    let records = rows
        .iter()
        .enumerate()
        .map(|(i, (p, v))| csv::Record {
            line: i + 1,
            fields: vec![p.clone(), v.clone()],
        })
        .collect();
    from_records(records, 1, 2)
}

/// The template's rows (path, value) for a scenario, in order.
pub fn rows(sc: &Scenario) -> Vec<(String, String)> {
    let root = json::parse(&json::write_scenario(sc)).expect("the writer writes JSON");
    let mut rows = Vec::new();
    flatten(&root, "", &mut rows);
    rows
}

/// Field names this deep or long are not the format's (its deepest is six
/// parts); a limit keeps a hostile row from driving the tree's recursion.
const MAX_PARTS: usize = 12;
const MAX_PATH_CHARS: usize = 200;

type Lines = BTreeMap<String, usize>;

fn from_records(
    rows: Vec<csv::Record>,
    first_line: usize,
    header_cells: usize,
) -> Result<Scenario, Problems> {
    let mut problems = Vec::new();
    let mut root = Node::Obj(Vec::new(), HashMap::new(), first_line);
    let mut lines: Lines = BTreeMap::new();
    let mut cells: BTreeMap<String, String> = BTreeMap::new();
    // Cells that look like numbers but cannot be read one way only: if the
    // format wants a number there, this is what to say.
    let mut unclear: BTreeMap<String, String> = BTreeMap::new();
    let mut extra_cells: Vec<Problem> = Vec::new();
    for r in rows {
        let path = r.fields[0].trim().to_string();
        if r.fields.len() < 2 {
            problems.push(problem(
                r.line,
                1,
                &path,
                "a row needs a field name and a value",
            ));
            continue;
        }
        if r.fields.len() > header_cells
            && r.fields[header_cells..]
                .iter()
                .any(|f| !f.trim().is_empty())
        {
            // Said, and the row read on with its value cell, so the rest of
            // the file's problems are listed too.
            extra_cells.push(problem(
                r.line,
                header_cells + 1,
                &path,
                format!(
                    "this row has {} cells and the header {header_cells}: is there a comma inside a number (write 1453.5, not 1453,5) or inside a name (put it in double quotes)?",
                    r.fields.len()
                ),
            ));
        }
        let segs = (path.len() <= MAX_PATH_CHARS)
            .then(|| segments(&path))
            .flatten()
            .filter(|s| s.len() <= MAX_PARTS);
        let Some(segs) = segs else {
            problems.push(problem(
                r.line,
                1,
                "",
                format!(
                    "{} is not a field name (names look like authority.caseload.special)",
                    csv::quoted(&path)
                ),
            ));
            continue;
        };
        if let Some(first) = lines.get(&path) {
            problems.push(problem(
                r.line,
                1,
                &path,
                format!("this field is also on line {first}: give each field once"),
            ));
            continue;
        }
        let (leaf, why) = cell(&r.fields[1], r.line);
        if let Err(m) = insert(&mut root, &segs, leaf) {
            problems.push(problem(r.line, 1, &path, m));
            continue;
        }
        if let Some(why) = why {
            unclear.insert(path.clone(), why);
        }
        lines.insert(path.clone(), r.line);
        cells.insert(path, r.fields[1].clone());
    }
    if !problems.is_empty() {
        problems.extend(extra_cells);
        problems.sort_by_key(|p| p.line);
        return Err(Problems(problems));
    }
    let read = read_rows(root, &lines, &cells, &unclear);
    if extra_cells.is_empty() {
        return read;
    }
    let mut all = extra_cells;
    if let Err(Problems(more)) = read {
        all.extend(more);
    }
    all.sort_by_key(|p| p.line);
    Err(Problems(all))
}

/// The rebuilt tree read as a scenario, every problem on its row.
fn read_rows(
    root: Node,
    lines: &Lines,
    cells: &BTreeMap<String, String>,
    unclear: &BTreeMap<String, String>,
) -> Result<Scenario, Problems> {
    let mut holes = Vec::new();
    let mut tree = to_json(root, "", &mut holes);
    if !holes.is_empty() {
        return Err(Problems(
            holes
                .into_iter()
                .map(|(l, m)| problem(l, 1, "", m))
                .collect(),
        ));
    }
    let explain = |ps: Problems| {
        Problems(
            ps.0.into_iter()
                .map(|mut p| {
                    if let Some(why) = unclear.get(&p.path) {
                        if p.message.contains("expected a number") {
                            p.message = why.clone();
                        }
                    }
                    p
                })
                .collect(),
        )
    };
    // A name or id that looks like a number (or is empty) is still text
    // where the format wants text: read, turn those cells to text, read again.
    for _ in 0..2 {
        let found = read(&tree);
        let Err(ps) = &found else {
            return found.and_then(checked(lines));
        };
        let flips: HashSet<&str> =
            ps.0.iter()
                .filter(|p| p.message.ends_with("expected a string") && cells.contains_key(&p.path))
                .map(|p| p.path.as_str())
                .collect();
        if flips.is_empty() {
            break;
        }
        set_texts(&mut tree, "", &flips, cells);
    }
    read(&tree)
        .map_err(explain)
        .and_then(checked(lines))
        .map_err(|ps| at_lines(ps, lines))
}

/// Turn the cells at these paths to text, in one walk of the tree.
fn set_texts(node: &mut Json, path: &str, flips: &HashSet<&str>, cells: &BTreeMap<String, String>) {
    if flips.contains(path) {
        node.value = Value::String(cells.get(path).cloned().unwrap_or_default());
        return;
    }
    match &mut node.value {
        Value::Object(fields) => {
            for (k, v) in fields {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                set_texts(v, &p, flips, cells);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                set_texts(v, &format!("{path}[{i}]"), flips, cells);
            }
        }
        _ => {}
    }
}

fn read(tree: &Json) -> Result<Scenario, Problems> {
    json::read_scenario_tree(tree)
}

/// The value checks, with each problem placed on its row.
fn checked(lines: &Lines) -> impl Fn(Scenario) -> Result<Scenario, Problems> + '_ {
    move |sc| match sc.validate() {
        Ok(()) => Ok(sc),
        Err(ps) => Err(at_lines(ps, lines)),
    }
}

/// Give every problem the line of its field (or of the first row under it).
fn at_lines(ps: Problems, lines: &Lines) -> Problems {
    // Missing at the top: the first row of the table.
    let top = lines.values().copied().min();
    Problems(
        ps.0.into_iter()
            .map(|mut p| {
                if let Some(l) = lines.get(&p.path) {
                    p.line = Some(*l);
                    p.column = Some(2);
                } else if p.line.is_none() || p.column == Some(1) {
                    let first = lines
                        .range(p.path.clone()..)
                        .take_while(|(k, _)| k.starts_with(&p.path))
                        .map(|(_, l)| *l)
                        .min();
                    p.line = first.or(p.line).or(top);
                    p.column = None;
                }
                p
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn template() -> String {
        to_csv(&examples::by_name("example").unwrap())
    }

    fn edit(find: &str, replace: &str) -> String {
        let t = template();
        assert!(t.contains(find), "{find}");
        t.replacen(find, replace, 1)
    }

    fn fails(text: &str) -> String {
        let p = from_csv(text.as_bytes()).expect_err("should be refused");
        p.0.iter()
            .map(|p| {
                format!(
                    "line {:?} col {:?} {}: {}",
                    p.line, p.column, p.path, p.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_built_in_authority_round_trips() {
        for name in examples::NAMES {
            let sc = examples::by_name(name).unwrap();
            let t = to_csv(&sc);
            assert_eq!(from_csv(t.as_bytes()).unwrap(), sc, "{name}");
            assert!(t.lines().nth(2) == Some("field,value,note"));
        }
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = crate::presets::levers("safety_valve").unwrap();
        sc.name = "Plan, \"B\"".into();
        assert_eq!(from_csv(to_csv(&sc).as_bytes()).unwrap(), sc);
    }

    #[test]
    fn rows_edit_one_field_at_a_time() {
        let sc = examples::by_name("example").unwrap();
        let mut r = rows(&sc);
        let i = r
            .iter()
            .position(|(p, _)| p == "authority.funding.hnb_allocation_pounds")
            .unwrap_or_else(|| {
                r.iter()
                    .position(|(p, _)| p.starts_with("authority.funding."))
                    .unwrap()
            });
        let path = r[i].0.clone();
        r[i].1 = "-1".into();
        let bad = from_rows(&r).unwrap_err();
        assert!(bad.0.iter().any(|p| p.path == path), "{bad:?}");
        r[i].1 = "123456789".into();
        let good = from_rows(&r).unwrap();
        assert_ne!(good, sc);
        assert_eq!(rows(&good)[i].0, path);
        assert_eq!(rows(&good)[i].1.parse::<f64>().unwrap(), 123_456_789.0);
    }

    #[test]
    fn spreadsheet_habits_are_read() {
        // Money with a pound sign and thousands separators, CRLF line ends,
        // a byte-order mark, a name that looks like a number.
        let t = edit(
            "authority.name,Example Borough (illustrative)",
            "authority.name,2024",
        )
        .replace('\n', "\r\n");
        let t = format!("\u{feff}{t}");
        let sc = from_csv(t.as_bytes()).unwrap();
        assert_eq!(sc.authority.name, "2024");
        let line = template()
            .lines()
            .find(|l| l.starts_with("authority.deficit.opening_pounds,"))
            .unwrap()
            .to_string();
        let cells = &csv::parse(&line).unwrap()[0].fields;
        assert!(
            cells[1].starts_with('£'),
            "money as people write it: {line}"
        );
        let v: f64 = csv::parse_number(&cells[1]).unwrap();
        let t = edit(
            &line,
            &format!(
                "authority.deficit.opening_pounds,\"{}\",pounds",
                crate::format::count(v)
            ),
        );
        assert_eq!(
            from_csv(t.as_bytes())
                .unwrap()
                .authority
                .deficit
                .opening_pounds,
            v
        );
    }

    /// The malformed corpus: each file refused as a whole, with its message.
    #[test]
    fn malformed_files_are_refused_with_their_line_and_reason() {
        let special = template()
            .lines()
            .find(|l| l.starts_with("authority.caseload.special,"))
            .unwrap()
            .to_string();
        let mix = template()
            .lines()
            .find(|l| l.starts_with("authority.placement_mix.p.special,"))
            .unwrap()
            .to_string();
        let special_line = 1 + template().lines().position(|l| l == special).unwrap();
        let cases: Vec<(&str, String, &str)> = vec![
            ("empty file", String::new(), "the file is empty"),
            ("only spaces", "  \n \n".into(), "the file is empty"),
            (
                "wrong header",
                template().replace("field,value,note", "name,amount"),
                "the first row must be the header",
            ),
            (
                "semicolons",
                template().replace("field,value,note", "field;value;note"),
                "separated by semicolons",
            ),
            (
                "missing value column",
                edit(&special, "authority.caseload.special"),
                "needs a field name and a value",
            ),
            (
                "text in a number",
                edit(&special, "authority.caseload.special,lots,"),
                "authority.caseload.special",
            ),
            (
                "negative count",
                edit(&special, "authority.caseload.special,-5,"),
                "authority.caseload.special",
            ),
            (
                "shares not adding up",
                edit(&mix, "authority.placement_mix.p.special,0.9,"),
                "add up to 1",
            ),
            (
                "huge number",
                edit(&special, "authority.caseload.special,1e300,"),
                "authority.caseload.special",
            ),
            (
                "infinite number",
                edit(&special, "authority.caseload.special,1e999,"),
                "authority.caseload.special",
            ),
            (
                "unknown field",
                format!("{}authority.funding.magic_money,5,\n", template()),
                "magic_money",
            ),
            (
                "bad field name",
                format!("{}authority..name,5,\n", template()),
                "is not a field name",
            ),
            (
                "field twice",
                format!("{}{}\n", template(), special),
                "also on line",
            ),
            (
                "set and grouped",
                format!("{}authority.name.first,X,\n", template()),
                "single value",
            ),
            (
                "list hole",
                format!("{}authority.history[40].year,2020,\n", template()),
                "is missing",
            ),
            (
                "missing schema",
                template()
                    .lines()
                    .filter(|l| !l.starts_with("schema,"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                "schema",
            ),
            (
                "newer schema",
                template().replace("schema,1,", "schema,9,"),
                "newer version",
            ),
            (
                "unterminated quote",
                format!("{}authority.name,\"Oops,\n", template()),
                "quote",
            ),
            (
                "missing required field",
                template()
                    .lines()
                    .filter(|l| !l.starts_with("authority.base_year,"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                "base_year",
            ),
            (
                "wrong kind",
                template().replace(",mainstream,", ",mainstreem,"),
                "mainstreem",
            ),
            ("no rows", "# just a comment\n".into(), "no header row"),
            (
                "a JSON file as CSV",
                "{\"schema\": 1}".into(),
                "the first row must be the header",
            ),
        ];
        let before = template();
        for (what, text, expect) in &cases {
            let got = fails(text);
            assert!(
                got.contains(expect),
                "{what}: expected \"{expect}\" in:\n{got}"
            );
            assert!(got.contains("line Some("), "{what}: no line in:\n{got}");
        }
        // The line of a bad value is the line in the file.
        let got = fails(&edit(&special, "authority.caseload.special,-5,"));
        assert!(got.contains(&format!("line Some({special_line})")), "{got}");
        // Not UTF-8, and too big.
        let mut latin1 = template().into_bytes();
        latin1.extend_from_slice(b"authority.name,Bromley \xA3\n");
        assert!(from_csv(&latin1).unwrap_err().0[0]
            .message
            .contains("not UTF-8"));
        let big = vec![b'a'; 10 * 1024 * 1024];
        assert!(from_csv(&big).unwrap_err().0[0]
            .message
            .contains("10485 KB"));
        assert!(cases.len() >= 20);
        assert_eq!(template(), before, "reading never changes anything");
    }
}
