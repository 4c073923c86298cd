//! Workbooks (.xlsx) in and out, as data.
//!
//! A [`Book`] is what a workbook the page writes holds, cell by cell, each
//! with its number format, its note and the check a spreadsheet puts on it.
//! [`Cells`] is what reading a workbook gave, cell by cell. Turning either
//! into bytes is the `hne-excel` crate's job: a second wasm module the page
//! fetches only when a user first chooses an Excel action, and a library the
//! command-line tool links. Everything that decides what goes in a cell, or
//! what a cell means, is here, tested natively, and the same for both.
//!
//! The template workbook has the same rows, words and order as the CSV
//! template and the data view ([`hne_model::words`]); it is read back
//! through the same reader ([`hne_model::template::from_rows`]) and checks,
//! with every problem placed at its sheet and cell.

use hne_model::schema::{Problem, Problems, Scenario};
use hne_model::words::{self, Kind};
use hne_model::Run;
use serde::{Deserialize, Serialize};

/// The largest workbook read: a template workbook is about 20 KB, and one a
/// council has added sheets to stays well under a megabyte. Checked before
/// anything is unpacked.
pub const MAX_BYTES: usize = 5_000_000;

/// The most cells read from one workbook: far above any template (a few
/// hundred), and a bound on the work a hostile file can ask for.
pub const MAX_CELLS: usize = 200_000;

/// A workbook over [`MAX_BYTES`], said before anything is read.
pub fn too_big(name: &str, bytes: usize) -> String {
    format!(
        "{name} is {:.1} MB; a High Needs Explorer workbook is a few tens of kilobytes, so this is not one (the limit is {} MB). Nothing was read.",
        bytes as f64 / 1e6,
        MAX_BYTES / 1_000_000
    )
}

/// The media type of a workbook, for a download.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    /// The document's title (its properties), as a spreadsheet shows it.
    pub title: String,
    pub sheets: Vec<Sheet>,
}

/// One sheet: a heading row (when `columns` is not empty), then `rows`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// A line chart drawn beside the table, if any.
    #[serde(default)]
    pub chart: Option<LineChart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub heading: String,
    /// In characters, as spreadsheets measure it.
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Value,
    pub format: Format,
    /// A note on the cell (where its figure came from).
    #[serde(default)]
    pub note: Option<String>,
    /// What the spreadsheet allows in the cell when someone edits it.
    #[serde(default)]
    pub check: Option<Check>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
}

/// How a number shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    General,
    /// "1,520".
    Count,
    /// "£74,000,000"; negative in brackets is not used: "-£1,200".
    Pounds,
    /// "25.0%".
    Percent,
    /// A year, "2026", with no thousands separator.
    Year,
    /// Bold, for a title or a label.
    Strong,
    /// Text that wraps in its cell.
    Wrapped,
}

/// Data validation: what a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    /// A number of children or places: 0 or more.
    Count,
    /// A share of a whole: 0% to 100%.
    Share,
    /// A rate a year: -100% to 100%.
    Rate,
    /// A year: a whole number from 2000 to 2100.
    Year,
    /// An amount of money: any number.
    Pounds,
}

impl Check {
    /// What the check says when a value breaks it.
    pub fn message(self) -> &'static str {
        match self {
            Check::Count => "A count of children or places: a number, 0 or more.",
            Check::Share => "A share: from 0% to 100% (0.25 is 25%).",
            Check::Rate => "A rate a year: from -100% to 100% (0.03 is 3%).",
            Check::Year => "A year: a whole number such as 2026.",
            Check::Pounds => "An amount in pounds: a number.",
        }
    }
}

/// A line chart over a sheet's columns: categories from one column, one
/// line per series column, over the data rows (after the heading row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineChart {
    pub title: String,
    pub y_axis: String,
    pub categories: u16,
    pub series: Vec<u16>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell::of(Value::Text(t.into()), Format::General)
    }
    pub fn strong(t: impl Into<String>) -> Cell {
        Cell::of(Value::Text(t.into()), Format::Strong)
    }
    pub fn wrapped(t: impl Into<String>) -> Cell {
        Cell::of(Value::Text(t.into()), Format::Wrapped)
    }
    pub fn number(v: f64, format: Format) -> Cell {
        Cell::of(
            if v.is_finite() {
                Value::Number(v)
            } else {
                Value::Empty
            },
            format,
        )
    }
    pub fn pounds(v: f64) -> Cell {
        Cell::number(v.round(), Format::Pounds)
    }
    pub fn count(v: f64) -> Cell {
        Cell::number(v.round(), Format::Count)
    }
    pub fn share(v: f64) -> Cell {
        Cell::number(v, Format::Percent)
    }
    pub fn empty() -> Cell {
        Cell::of(Value::Empty, Format::General)
    }
    fn of(value: Value, format: Format) -> Cell {
        Cell {
            value,
            format,
            note: None,
            check: None,
        }
    }
}

fn col(heading: &str, width: f64) -> Column {
    Column {
        heading: heading.into(),
        width,
    }
}

/// A cell's reference as a spreadsheet writes it: row and column from 0,
/// (6, 1) is "B7".
pub fn cell_ref(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut c = column + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

/// A scenario's sources as lines of the "About" sheet, under a heading:
/// each numbered as the template's notes cite them, "estimated" where it is.
fn sources(sc: &Scenario) -> Vec<Vec<Cell>> {
    let mut out = vec![
        vec![Cell::empty()],
        vec![Cell::strong(format!(
            "Where the figures for {} come from",
            sc.authority.name
        ))],
    ];
    out.extend(sc.authority.sources.iter().enumerate().map(|(i, s)| {
        vec![Cell::wrapped(format!(
            "Source {}{} ({}): {}",
            i + 1,
            if s.estimated { ", estimated" } else { "" },
            s.field,
            s.text
        ))]
    }));
    if sc.authority.sources.is_empty() {
        out.push(vec![Cell::text(
            "No sources are recorded for these figures.",
        )]);
    }
    out
}

/// The "About" sheet every workbook ends with: what it is, when it was
/// written, and then any further lines (sources, what the columns mean).
fn about(title: &str, date: &str, lines: Vec<Vec<Cell>>) -> Sheet {
    let mut rows = vec![
        vec![Cell::strong(title)],
        vec![Cell::text(format!(
            "Written by High Needs Explorer (model version {}) on {date}.",
            hne_model::MODEL_VERSION
        ))],
        vec![Cell::empty()],
    ];
    rows.extend(lines);
    Sheet {
        name: "About".into(),
        columns: vec![col("", 110.0)],
        rows,
        chart: None,
    }
}

// ---------------------------------------------------------------- template

/// The template's sheets: the figures that matter most, then the rest.
pub const KEY_SHEET: &str = "Key figures";
pub const REST_SHEET: &str = "All other figures";
/// The template's column headings (the reader finds a sheet by them).
const FIELD: &str = "Field (keep as it is)";
const VALUE: &str = "Value";

/// The template as a workbook, filled in with a scenario's figures: the
/// key figures on a sheet of their own, in the data view's words and
/// order, then every other figure; £ and % formats; a note on each value
/// saying where it came from (and "estimated" where it is); and checks on
/// counts, shares, rates and years.
pub fn template(sc: &Scenario, date: &str) -> Book {
    let keys = words::key_paths(sc);
    let (mut key, mut rest) = (Vec::new(), Vec::new());
    for (path, value) in hne_model::template::ordered_rows(sc) {
        let is_key = keys.contains(&path);
        let row = template_row(sc, &path, &value, is_key);
        if is_key {
            key.push(row);
        } else {
            rest.push(row);
        }
    }
    let columns = || {
        vec![
            col("Figure", 84.0),
            col(VALUE, 20.0),
            col("Unit", 14.0),
            col(FIELD, 44.0),
        ]
    };
    let sheet = |name: &str, rows| Sheet {
        name: name.into(),
        columns: columns(),
        rows,
        chart: None,
    };
    let mut lines = vec![
        vec![Cell::wrapped(format!(
            "The figures of \"{}\" ({}), one a row. Change the values in column B of the sheets \"{KEY_SHEET}\" and \"{REST_SHEET}\"; keep the field names in column D. Counts are numbers of children or places, money is in pounds, shares and rates are percentages. Save the workbook (.xlsx or .ods) and import it into High Needs Explorer, under \"Your authority's data\". A workbook with any problem changes nothing, and every problem is listed with its sheet and cell.",
            sc.name, sc.authority.name
        ))],
        vec![Cell::wrapped("Each value's note says where it came from. Formulas are read by the value they last showed.")],
    ];
    lines.extend(sources(sc));
    Book {
        title: format!("High Needs Explorer template: {}", sc.authority.name),
        sheets: vec![
            sheet(KEY_SHEET, key),
            sheet(REST_SHEET, rest),
            about("High Needs Explorer: a scenario as a workbook", date, lines),
        ],
    }
}

fn template_row(sc: &Scenario, path: &str, value: &str, key: bool) -> Vec<Cell> {
    let kind = words::kind(path);
    let last = path.rsplit('.').next().unwrap_or(path);
    let yearly = last == "year" || path.ends_with("base_year");
    let number = value.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let share = path.contains("placement_mix")
        || path.contains("transitions")
        || last == "share"
        || path.contains("cease_rate");
    let (mut cell, unit) = match (number, kind) {
        (Some(v), Kind::Count) => (
            Cell {
                check: Some(Check::Count),
                ..Cell::number(v, Format::Count)
            },
            "EHCPs or places",
        ),
        (Some(v), Kind::Pounds) => (
            Cell {
                check: Some(Check::Pounds),
                ..Cell::number(v, Format::Pounds)
            },
            "£",
        ),
        (Some(v), Kind::Percent) => (
            Cell {
                check: Some(if share { Check::Share } else { Check::Rate }),
                ..Cell::number(v, Format::Percent)
            },
            if share { "share" } else { "a year" },
        ),
        (Some(v), Kind::Text) if yearly => (
            Cell {
                check: Some(Check::Year),
                ..Cell::number(v, Format::Year)
            },
            "year",
        ),
        (Some(v), Kind::Text) => (Cell::number(v, Format::General), ""),
        (None, _) if value.eq_ignore_ascii_case("true") => {
            (Cell::of(Value::Bool(true), Format::General), "yes or no")
        }
        (None, _) if value.eq_ignore_ascii_case("false") => {
            (Cell::of(Value::Bool(false), Format::General), "yes or no")
        }
        (None, _) if value.is_empty() => (Cell::empty(), ""),
        (None, _) => (Cell::text(value), ""),
    };
    cell.note = hne_model::template::source_of(sc, path).or_else(|| {
        key.then(|| "No source is recorded for this figure: put in your own, and say where it came from in the sources on the sheet \"All other figures\".".to_string())
    });
    vec![
        Cell::text(words::label(sc, path)),
        cell,
        Cell::text(unit),
        Cell::text(path),
    ]
}

// ------------------------------------------------------------- reading

/// What reading a workbook gave: every sheet's filled cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cells {
    pub sheets: Vec<ReadSheet>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadSheet {
    pub name: String,
    pub cells: Vec<ReadCell>,
    /// Merged areas: first row, first column, last row, last column.
    #[serde(default)]
    pub merged: Vec<[u32; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadCell {
    pub row: u32,
    pub column: u32,
    pub value: Read,
}

/// A cell's value as read (a formula's is the value it last showed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Read {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date or time, as the spreadsheet would show it.
    Date(String),
    /// An error value ("#DIV/0!").
    Error(String),
}

/// Where a figure was read: a sheet and a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    pub cell: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sheet \"{}\", cell {}", self.sheet, self.cell)
    }
}

/// A template read from a workbook: its rows (field, value) with where
/// each was, and the sheets that were not read (no field and value
/// columns), to say so.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateRows {
    pub rows: Vec<(String, String)>,
    pub places: Vec<Place>,
    pub read: Vec<String>,
    pub skipped: Vec<String>,
}

/// The heading row of a template sheet: the row, the field column and the
/// value column. A sheet is found by its headings, not its name, so a
/// renamed sheet is read and the CSV template saved as a workbook (field,
/// value, note) is read too.
fn headings(sheet: &ReadSheet) -> Option<(u32, u32, u32)> {
    let text = |c: &ReadCell| match &c.value {
        Read::Text(t) => Some(t.trim().to_lowercase()),
        _ => None,
    };
    let mut rows: Vec<u32> = sheet
        .cells
        .iter()
        .map(|c| c.row)
        .filter(|r| *r < 30)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter().find_map(|r| {
        let in_row = || sheet.cells.iter().filter(move |c| c.row == r);
        let field = in_row().find(|c| text(c).is_some_and(|t| t.starts_with("field")))?;
        let value =
            in_row().find(|c| text(c).is_some_and(|t| t == "value" || t.starts_with("value ")))?;
        Some((r, field.column, value.column))
    })
}

/// A number as the format's reader takes it: whole numbers with no point,
/// others in their shortest exact form.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The template's rows from a workbook's cells, or every problem placed at
/// its sheet and cell (merged cells, dates, error values, no template
/// sheet at all).
pub fn template_rows(cells: &Cells) -> Result<TemplateRows, Vec<String>> {
    let mut out = TemplateRows::default();
    let mut problems = Vec::new();
    for sheet in &cells.sheets {
        let Some((head, fc, vc)) = headings(sheet) else {
            if !sheet.cells.is_empty() || cells.sheets.len() > 1 {
                out.skipped.push(sheet.name.clone());
            }
            continue;
        };
        out.read.push(sheet.name.clone());
        let at = |row: u32, column: u32| Place {
            sheet: sheet.name.clone(),
            cell: cell_ref(row, column),
        };
        let mut by_row: std::collections::BTreeMap<u32, (Option<&Read>, Option<&Read>)> =
            Default::default();
        for c in sheet.cells.iter().filter(|c| c.row > head) {
            if c.column == fc {
                by_row.entry(c.row).or_default().0 = Some(&c.value);
            } else if c.column == vc {
                by_row.entry(c.row).or_default().1 = Some(&c.value);
            }
        }
        for m in &sheet.merged {
            let [r0, c0, r1, c1] = *m;
            let covers_value = c0 <= vc && vc <= c1 && r1 > head;
            if covers_value && (r1 > r0 || c0 < vc || c1 > vc) {
                problems.push(format!(
                    "{}: cells {}:{} are merged. Unmerge them, so that each figure has a cell of its own in the value column.",
                    at(r0, c0),
                    cell_ref(r0, c0),
                    cell_ref(r1, c1)
                ));
            }
        }
        for (row, (field, value)) in by_row {
            let path = match field {
                Some(Read::Text(t)) if !t.trim().is_empty() => t.trim().to_string(),
                Some(Read::Text(_)) | None => {
                    if value.is_some() {
                        problems.push(format!(
                            "{}: there is a value but no field name in {}. Put the field name back, or clear the value.",
                            at(row, vc),
                            cell_ref(row, fc)
                        ));
                    }
                    continue;
                }
                Some(other) => {
                    problems.push(format!(
                        "{}: the field name is {}, not a name. Keep the field names as the template has them.",
                        at(row, fc),
                        described(other)
                    ));
                    continue;
                }
            };
            if path.starts_with('#') {
                continue;
            }
            let place = at(row, vc);
            let text = match value {
                None => String::new(),
                Some(Read::Number(v)) => number_text(*v),
                Some(Read::Text(t)) => t.clone(),
                Some(Read::Bool(b)) => b.to_string(),
                Some(Read::Date(d)) => {
                    problems.push(format!(
                        "{place} ({path}): the cell holds a date ({d}), not a figure. Type the figure in, or set the cell's format to Number."
                    ));
                    continue;
                }
                Some(Read::Error(e)) => {
                    problems.push(format!(
                        "{place} ({path}): the cell shows an error ({e}), not a figure. Correct the formula or type the figure in."
                    ));
                    continue;
                }
            };
            out.rows.push((path, text));
            out.places.push(place);
        }
    }
    if out.read.is_empty() {
        let names = cells
            .sheets
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect::<Vec<_>>();
        problems.insert(
            0,
            if cells.sheets.iter().all(|s| s.cells.is_empty()) {
                "The workbook is empty: download the template (Excel) and fill it in.".to_string()
            } else {
                format!(
                    "No sheet of this workbook has the template's columns (a \"{VALUE}\" column and a \"{FIELD}\" column), so it is not a High Needs Explorer template. Its sheets: {}.",
                    names.join(", ")
                )
            },
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn described(r: &Read) -> String {
    match r {
        Read::Number(v) => format!("the number {}", number_text(*v)),
        Read::Text(t) => format!("\"{t}\""),
        Read::Bool(b) => format!("{b}"),
        Read::Date(d) => format!("a date ({d})"),
        Read::Error(e) => format!("an error ({e})"),
    }
}

/// One problem of the scenario the rows make, placed at its cell.
fn placed(p: &Problem, rows: &TemplateRows) -> String {
    // A problem is placed at its row's cell only when it is about that
    // row's field (a field missing altogether is about none).
    let place = p.line.filter(|l| *l >= 1).and_then(|l| {
        let (path, _) = rows.rows.get(l - 1)?;
        let about = p.path.is_empty()
            || &p.path == path
            || path.starts_with(&format!("{}.", p.path))
            || path.starts_with(&format!("{}[", p.path));
        about.then(|| rows.places.get(l - 1)).flatten()
    });
    let what = crate::import::describe(&Problem {
        line: None,
        column: None,
        ..p.clone()
    });
    match place {
        Some(at) => format!("{at} {}", what_after_place(&what)),
        None => what,
    }
}

/// "path: message" after a place reads "(path): message".
fn what_after_place(what: &str) -> String {
    match what.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => format!("({path}): {rest}"),
        _ => format!(": {what}"),
    }
}

/// A scenario from a workbook's cells: read through the CSV template's
/// reader and checks, or every problem with its sheet and cell (at most
/// [`crate::import::SHOWN`] and then a count). With the scenario, the
/// sheets read and those left out, to say so.
pub fn scenario(cells: &Cells) -> Result<(Scenario, TemplateRows), Vec<String>> {
    let mut rows = template_rows(cells).map_err(crate::import::capped)?;
    let mut read = hne_model::template::from_rows(&rows.rows);
    // A yes-or-no cell that LibreOffice saved as .ods reads as 1 or 0:
    // where the format wants true or false, 1 and 0 are taken as those.
    if let Err(Problems(ps)) = &read {
        let mut changed = false;
        for p in ps
            .iter()
            .filter(|p| p.message.contains("expected a boolean"))
        {
            if let Some((_, v)) = p.line.and_then(|l| rows.rows.get_mut(l.wrapping_sub(1))) {
                if v == "1" || v == "0" {
                    *v = (v == "1").to_string();
                    changed = true;
                }
            }
        }
        if changed {
            read = hne_model::template::from_rows(&rows.rows);
        }
    }
    match read {
        Ok(sc) => Ok((sc, rows)),
        Err(Problems(ps)) => Err(crate::import::capped(
            ps.iter().map(|p| placed(p, &rows)).collect(),
        )),
    }
}

/// A table in a workbook as CSV text, for a reader of CSV tables (the
/// history a calibration reads): the first sheet with a heading `first`
/// in its first 30 rows, from that heading row down, one line a row, so a
/// problem's line is the sheet's row less the rows above the headings.
pub fn table_csv(cells: &Cells, first: &str) -> Result<String, String> {
    let sheet = cells.sheets.iter().find_map(|s| {
        s.cells
            .iter()
            .find(|c| {
                c.row < 30
                    && matches!(&c.value, Read::Text(t) if t.trim().eq_ignore_ascii_case(first))
            })
            .map(|c| (s, c.row))
    });
    let Some((sheet, head)) = sheet else {
        return Err(format!(
            "no sheet of the workbook has a \"{first}\" column heading"
        ));
    };
    let last_row = sheet.cells.iter().map(|c| c.row).max().unwrap_or(head);
    let mut lines = vec![Vec::<String>::new(); (last_row - head + 1) as usize];
    for c in sheet.cells.iter().filter(|c| c.row >= head) {
        let text = match &c.value {
            Read::Number(v) => number_text(*v),
            Read::Text(t) => t.clone(),
            Read::Bool(b) => b.to_string(),
            Read::Date(d) | Read::Error(d) => {
                return Err(format!(
                    "Sheet \"{}\", cell {}: the cell holds {d}, not a figure",
                    sheet.name,
                    cell_ref(c.row, c.column)
                ))
            }
        };
        let line = &mut lines[(c.row - head) as usize];
        let i = c.column as usize;
        if line.len() <= i {
            line.resize(i + 1, String::new());
        }
        line[i] = hne_model::csv::escape(&text);
    }
    Ok(lines
        .into_iter()
        .map(|l| l.join(","))
        .collect::<Vec<_>>()
        .join("\n"))
}

// ---------------------------------------------------------- projection

/// The projection as a workbook: year by year, with the plan and with no
/// plan, by setting, the grant and what the council carries, in pounds
/// and counts with their formats; a chart of the deficit the council
/// carries; and a sheet saying what the figures are, their sources and the
/// date.
pub fn projection(run: &Run, sc: &Scenario, date: &str) -> Book {
    let settings: Vec<(String, String)> = run
        .scenario
        .years
        .first()
        .map(|y| {
            y.settings
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut columns = vec![
        col("Financial year", 14.0),
        col(
            "Deficit the council carries at 31 March, after the grant (£; negative is a surplus)",
            22.0,
        ),
        col("No plan: deficit the council carries (£)", 20.0),
        col("Spend (£)", 18.0),
        col("High Needs Block and other income (£)", 18.0),
        col("In-year balance (£; negative is an overspend)", 18.0),
        col("No plan: spend (£)", 18.0),
        col("No plan: in-year balance (£)", 18.0),
        col("Deficit before the grant (£)", 18.0),
        col("High Needs Stability Grant paid in the year (£)", 18.0),
        col("Block transfer from the schools block (£)", 18.0),
        col("EHCPs", 12.0),
        col("No plan: EHCPs", 12.0),
        col("Share of EHCPs in mainstream schools", 14.0),
        col("Share of EHCPs in independent schools", 14.0),
        col("Cost per EHCP (£)", 14.0),
    ];
    columns.extend(
        settings
            .iter()
            .map(|(_, n)| col(&format!("EHCPs: {n}"), 14.0)),
    );
    columns.extend(
        settings
            .iter()
            .map(|(_, n)| col(&format!("Spend: {n} (£)"), 16.0)),
    );
    let rows = run
        .scenario
        .years
        .iter()
        .zip(&run.baseline.years)
        .map(|(y, b)| {
            let mut row = vec![
                Cell::text(&y.year),
                Cell::pounds(y.deficit_after_grant_pounds),
                Cell::pounds(b.deficit_after_grant_pounds),
                Cell::pounds(y.spend_pounds),
                Cell::pounds(y.income_pounds),
                Cell::pounds(y.balance_pounds),
                Cell::pounds(b.spend_pounds),
                Cell::pounds(b.balance_pounds),
                Cell::pounds(y.deficit_pounds),
                Cell::pounds(y.stability_grant_pounds),
                Cell::pounds(y.transfer_pounds),
                Cell::count(y.ehcps),
                Cell::count(b.ehcps),
                Cell::share(y.mainstream_share),
                Cell::share(y.independent_share),
                Cell::pounds(y.cost_per_ehcp_pounds),
            ];
            row.extend(y.settings.iter().map(|s| Cell::count(s.ehcps)));
            row.extend(y.settings.iter().map(|s| Cell::pounds(s.spend_pounds)));
            row
        })
        .collect();
    let m = &run.scenario.metrics;
    let mut lines = vec![
        vec![Cell::wrapped(format!(
            "The projection of \"{}\" for {}, from {} to {}, year by year: with the plan (the levers as set) and with no plan. Amounts are in pounds at the prices of each year; EHCPs are at each January census.",
            run.scenario_name,
            run.authority,
            run.base_year,
            m.final_year
        ))],
        vec![Cell::wrapped("The deficit the council carries is the cumulative Dedicated Schools Grant (DSG) deficit less the High Needs Stability Grant, which pays 90% of the High Needs deficit at 31 March 2026 in 2026-27 once the council's SEND reform plan is approved. The statutory override ends on 31 March 2028.")],
    ];
    lines.extend(sources(sc));
    Book {
        title: format!("High Needs Explorer projection: {}", run.authority),
        sheets: vec![
            Sheet {
                name: "Projection".into(),
                columns,
                rows,
                chart: Some(LineChart {
                    title: "The deficit the council carries, after the grant".into(),
                    y_axis: "£".into(),
                    categories: 0,
                    series: vec![1, 2],
                }),
            },
            about(
                "High Needs Explorer: the projection, year by year",
                date,
                lines,
            ),
        ],
    }
}

// ---------------------------------------------------------- comparison

/// A headline figure's label and its cell, from a projection.
type Figure = (&'static str, fn(&Run) -> Cell);

/// Saved scenarios compared, as a workbook: the headline figures side by
/// side, then the deficit the council carries year by year for each (with
/// its chart).
pub fn comparison(plans: &[(String, Run)], date: &str) -> Book {
    let mut columns = vec![col("Figure", 48.0)];
    columns.extend(plans.iter().map(|(n, _)| col(n, 22.0)));
    let figures: [Figure; 5] = [
        ("Authority", |r| Cell::text(&r.authority)),
        (
            "Deficit carried at the end, after the grant (£; negative is a surplus)",
            |r| Cell::pounds(r.scenario.metrics.deficit_at_horizon_pounds),
        ),
        ("Spend in the final year (£)", |r| {
            Cell::pounds(r.scenario.metrics.final_spend_pounds)
        }),
        (
            "In-year balance in the final year (£; negative is an overspend)",
            |r| Cell::pounds(r.scenario.metrics.final_balance_pounds),
        ),
        ("Lasting in-year balance", |r| {
            Cell::text(crate::format::lasting_balance(&r.scenario.metrics))
        }),
    ];
    let rows = figures
        .iter()
        .map(|(label, f)| {
            let mut row = vec![Cell::text(*label)];
            row.extend(plans.iter().map(|(_, r)| f(r)));
            row
        })
        .collect();
    let years: Vec<String> = plans
        .iter()
        .flat_map(|(_, r)| r.scenario.years.iter().map(|y| y.year.clone()))
        .fold(Vec::new(), |mut acc, y| {
            if !acc.contains(&y) {
                acc.push(y);
            }
            acc
        });
    let mut by_year_cols = vec![col("Financial year", 14.0)];
    by_year_cols.extend(
        plans
            .iter()
            .map(|(n, _)| col(&format!("{n}: deficit carried (£)"), 22.0)),
    );
    let by_year = years
        .iter()
        .map(|y| {
            let mut row = vec![Cell::text(y)];
            row.extend(plans.iter().map(|(_, r)| {
                r.scenario
                    .years
                    .iter()
                    .find(|x| &x.year == y)
                    .map_or_else(Cell::empty, |x| Cell::pounds(x.deficit_after_grant_pounds))
            }));
            row
        })
        .collect();
    Book {
        title: "High Needs Explorer: saved scenarios compared".into(),
        sheets: vec![
            Sheet {
                name: "Compared".into(),
                columns,
                rows,
                chart: None,
            },
            Sheet {
                name: "Deficit year by year".into(),
                columns: by_year_cols,
                rows: by_year,
                chart: Some(LineChart {
                    title: "The deficit the council carries, after the grant".into(),
                    y_axis: "£".into(),
                    categories: 0,
                    series: (1..=plans.len() as u16).collect(),
                }),
            },
            about(
                "High Needs Explorer: saved scenarios compared",
                date,
                vec![vec![Cell::wrapped("Each scenario as saved in this browser, projected with the model as it is today. The deficit the council carries is the cumulative DSG deficit less the High Needs Stability Grant. Each scenario's figures, with their sources, are in its template workbook: open it and choose \"Download the template (Excel)\".")]],
            ),
        ],
    }
}

// ------------------------------------------------------------ workshop

/// The workshop room's results as a workbook: each plan in rank order,
/// with the same columns as the CSV ([`crate::workshop::csv`]).
pub fn workshop(room: &crate::workshop::Room, date: &str) -> Book {
    let (head, rows) = crate::workshop::table(room);
    let columns = head
        .iter()
        .enumerate()
        .map(|(i, h)| col(h, if i == 1 { 24.0 } else { 16.0 }))
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c {
                    crate::workshop::Field::Text(t) => Cell::text(t),
                    crate::workshop::Field::Whole(v) => Cell::number(v, Format::General),
                    crate::workshop::Field::Pounds(v) => Cell::pounds(v),
                    crate::workshop::Field::Number(v) => Cell::number(v, Format::General),
                })
                .collect()
        })
        .collect();
    Book {
        title: "High Needs Explorer: workshop results".into(),
        sheets: vec![
            Sheet {
                name: "Results".into(),
                columns,
                rows,
                chart: None,
            },
            about("High Needs Explorer: workshop results", date, {
                let mut lines = vec![vec![Cell::wrapped("Each participant's plan in rank order, closest to the goal first, with every lever as its owner set it and its code, which opens the plan again. The deficit the council carries is the cumulative DSG deficit less the High Needs Stability Grant.")]];
                if let Some(first) = room.plans.first() {
                    lines.extend(sources(&first.saved.scenario));
                }
                lines
            }),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_a_spreadsheet_s() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 1), "B7");
        assert_eq!(cell_ref(0, 25), "Z1");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(9, 701), "ZZ10");
        assert_eq!(cell_ref(0, 702), "AAA1");
    }

    fn example() -> Scenario {
        hne_model::examples::example_borough()
    }

    /// The cells a spreadsheet would give back for a book, as written.
    fn cells_of(book: &Book) -> Cells {
        Cells {
            sheets: book
                .sheets
                .iter()
                .map(|s| {
                    let mut cells = Vec::new();
                    let head = !s.columns.is_empty();
                    if head {
                        for (c, h) in s.columns.iter().enumerate() {
                            cells.push(ReadCell {
                                row: 0,
                                column: c as u32,
                                value: Read::Text(h.heading.clone()),
                            });
                        }
                    }
                    for (r, row) in s.rows.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            let value = match &cell.value {
                                Value::Empty => continue,
                                Value::Number(v) => Read::Number(*v),
                                Value::Text(t) if t.is_empty() => continue,
                                Value::Text(t) => Read::Text(t.clone()),
                                Value::Bool(b) => Read::Bool(*b),
                            };
                            cells.push(ReadCell {
                                row: r as u32 + head as u32,
                                column: c as u32,
                                value,
                            });
                        }
                    }
                    ReadSheet {
                        name: s.name.clone(),
                        cells,
                        merged: Vec::new(),
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn the_template_workbook_reads_back_as_the_same_scenario() {
        let sc = example();
        let book = template(&sc, "7 December 2026");
        assert_eq!(book.sheets[0].name, KEY_SHEET);
        let (back, rows) = scenario(&cells_of(&book)).unwrap();
        assert_eq!(back, sc);
        assert_eq!(
            rows.read,
            vec![KEY_SHEET.to_string(), REST_SHEET.to_string()]
        );
        assert_eq!(rows.skipped, vec!["About".to_string()]);
    }

    #[test]
    fn key_figures_come_first_in_council_words_with_formats_notes_and_checks() {
        let sc = example();
        let book = template(&sc, "today");
        let key = &book.sheets[0];
        assert_eq!(key.rows.len(), words::key_paths(&sc).len());
        let find = |path: &str| {
            key.rows
                .iter()
                .find(|r| r[3].value == Value::Text(path.into()))
                .unwrap_or_else(|| panic!("{path} is not a key figure"))
        };
        let alloc = find("authority.funding.hnb_allocation_pounds");
        assert_eq!(alloc[1].format, Format::Pounds);
        assert_eq!(alloc[1].check, Some(Check::Pounds));
        assert_eq!(
            alloc[0].value,
            Value::Text(words::label(&sc, "authority.funding.hnb_allocation_pounds"))
        );
        let growth = find("assumptions.new_plan_growth.central");
        assert_eq!(growth[1].format, Format::Percent);
        assert_eq!(growth[1].check, Some(Check::Rate));
        let base = find("authority.base_year");
        assert_eq!(base[1].check, Some(Check::Year));
        // Every key figure's note says where it came from, or that no
        // source is recorded.
        assert!(key.rows.iter().all(|r| r[1].note.is_some()));
        let mut bare = sc.clone();
        bare.authority.sources.clear();
        let b = template(&bare, "today");
        assert!(b.sheets[0].rows.iter().all(|r| r[1]
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("No source is recorded"))));
        assert!(b.sheets[1].rows.iter().all(|r| r[1].note.is_none()));
        assert!(alloc[1]
            .note
            .as_deref()
            .unwrap()
            .starts_with("Where it comes from: source"));
        // The rest carry a note only where a source covers them.
        let rest = &book.sheets[1];
        assert!(rest.rows.iter().any(|r| r[1].note.is_none()));
    }

    #[test]
    fn a_changed_figure_is_read_and_a_bad_one_is_placed_at_its_cell() {
        let sc = example();
        let book = template(&sc, "today");
        let mut cells = cells_of(&book);
        let at = |cells: &Cells, path: &str| {
            let s = &cells.sheets[0];
            let row = s
                .cells
                .iter()
                .find(|c| c.value == Read::Text(path.into()))
                .unwrap()
                .row;
            s.cells
                .iter()
                .position(|c| c.row == row && c.column == 1)
                .unwrap()
        };
        let i = at(&cells, "authority.funding.hnb_allocation_pounds");
        cells.sheets[0].cells[i].value = Read::Number(91_000_000.0);
        let (back, _) = scenario(&cells).unwrap();
        assert_eq!(back.authority.funding.hnb_allocation_pounds, 91_000_000.0);

        let j = at(&cells, "authority.base_year");
        let row = cells.sheets[0].cells[j].row;
        cells.sheets[0].cells[j].value = Read::Text("soon".into());
        let err = scenario(&cells).unwrap_err();
        let want = format!(
            "Sheet \"{KEY_SHEET}\", cell B{} (authority.base_year)",
            row + 1
        );
        assert!(err.iter().any(|e| e.starts_with(&want)), "{err:?}");

        cells.sheets[0].cells[j].value = Read::Date("2026-01-15".into());
        let err = scenario(&cells).unwrap_err();
        assert!(err[0].contains("holds a date (2026-01-15)"), "{err:?}");
        cells.sheets[0].cells[j].value = Read::Error("#DIV/0!".into());
        let err = scenario(&cells).unwrap_err();
        assert!(err[0].contains("shows an error (#DIV/0!)"), "{err:?}");
    }

    #[test]
    fn merged_value_cells_are_refused_with_their_range() {
        let mut cells = cells_of(&template(&example(), "today"));
        cells.sheets[0].merged.push([3, 1, 4, 1]);
        let err = scenario(&cells).unwrap_err();
        assert!(
            err.iter().any(|e| e.contains("cells B4:B5 are merged")),
            "{err:?}"
        );
        // A merged title above the headings is nothing to do with the figures.
        let mut cells = cells_of(&template(&example(), "today"));
        cells.sheets[2].merged.push([0, 0, 0, 3]);
        assert!(scenario(&cells).is_ok());
    }

    #[test]
    fn a_renamed_sheet_is_found_by_its_headings_and_an_empty_or_foreign_workbook_is_named() {
        let mut cells = cells_of(&template(&example(), "today"));
        cells.sheets[0].name = "Our figures".into();
        let (_, rows) = scenario(&cells).unwrap();
        assert_eq!(rows.read[0], "Our figures");

        let empty = Cells {
            sheets: vec![ReadSheet {
                name: "Sheet1".into(),
                cells: Vec::new(),
                merged: Vec::new(),
            }],
        };
        assert!(scenario(&empty).unwrap_err()[0].starts_with("The workbook is empty"));
        let foreign = Cells {
            sheets: vec![ReadSheet {
                name: "Budget".into(),
                cells: vec![ReadCell {
                    row: 0,
                    column: 0,
                    value: Read::Text("Line".into()),
                }],
                merged: Vec::new(),
            }],
        };
        let err = scenario(&foreign).unwrap_err();
        assert!(
            err[0].contains("not a High Needs Explorer template") && err[0].contains("\"Budget\""),
            "{err:?}"
        );
    }

    #[test]
    fn the_csv_template_saved_as_a_workbook_is_read() {
        let sc = example();
        let rows = hne_model::template::ordered_rows(&sc);
        let mut cells = vec![
            ReadCell {
                row: 0,
                column: 0,
                value: Read::Text("field".into()),
            },
            ReadCell {
                row: 0,
                column: 1,
                value: Read::Text("value".into()),
            },
            ReadCell {
                row: 0,
                column: 2,
                value: Read::Text("note".into()),
            },
        ];
        for (i, (p, v)) in rows.iter().enumerate() {
            cells.push(ReadCell {
                row: i as u32 + 1,
                column: 0,
                value: Read::Text(p.clone()),
            });
            if !v.is_empty() {
                let value = v.parse::<f64>().map_or(Read::Text(v.clone()), Read::Number);
                cells.push(ReadCell {
                    row: i as u32 + 1,
                    column: 1,
                    value,
                });
            }
        }
        let book = Cells {
            sheets: vec![ReadSheet {
                name: "high-needs-template".into(),
                cells,
                merged: vec![],
            }],
        };
        assert_eq!(scenario(&book).unwrap().0, sc);
    }

    #[test]
    fn the_projection_workbook_holds_the_run_year_by_year() {
        let sc = example();
        let run = hne_model::project(&sc).unwrap();
        let book = projection(&run, &sc, "today");
        let p = &book.sheets[0];
        assert_eq!(p.rows.len(), run.scenario.years.len());
        let last = p.rows.last().unwrap();
        let y = run.scenario.years.last().unwrap();
        assert_eq!(last[0].value, Value::Text(y.year.clone()));
        assert_eq!(
            last[1].value,
            Value::Number(y.deficit_after_grant_pounds.round())
        );
        assert_eq!(last[1].format, Format::Pounds);
        let b = run.baseline.years.last().unwrap();
        assert_eq!(
            last[2].value,
            Value::Number(b.deficit_after_grant_pounds.round())
        );
        assert_eq!(p.columns.len(), last.len());
        assert!(p.chart.is_some());
        assert_eq!(book.sheets[1].name, "About");
    }

    #[test]
    fn the_comparison_workbook_has_a_column_a_scenario() {
        let sc = example();
        let run = hne_model::project(&sc).unwrap();
        let plans = vec![
            ("A".to_string(), run.clone()),
            ("=cmd|'/c calc'!A1".to_string(), run),
        ];
        let book = comparison(&plans, "today");
        assert_eq!(book.sheets[0].columns.len(), 3);
        assert_eq!(book.sheets[0].columns[2].heading, "=cmd|'/c calc'!A1");
        assert_eq!(book.sheets[1].rows.len(), plans[0].1.scenario.years.len());
    }
}
