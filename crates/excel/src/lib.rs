//! # hne-excel: High Needs Explorer's workbooks as bytes
//!
//! [`write`] turns a [`Book`] (what `hne_core::workbook` decided goes in
//! each cell) into an .xlsx file with rust_xlsxwriter; [`read`] turns an
//! .xlsx, .ods or .xls file into its [`Cells`] with calamine, formulas by
//! the value they last showed. What the cells mean is `hne_core`'s; this
//! crate only knows spreadsheets.
//!
//! The page loads this crate as a second wasm module (`crates/excel-web`,
//! built by scripts/build-excel.sh), fetched only when a user first
//! chooses an Excel action, so the first screen never waits for it; the
//! command-line tool links it. It has no web dependency.

use std::io::Cursor;

use calamine::{Data, Reader};
use hne_core::workbook::{
    Book, Cells, Check, Format, Read, ReadCell, ReadSheet, Value, MAX_BYTES, MAX_CELLS,
};
use rust_xlsxwriter::{
    Chart, ChartType, DataValidation, DataValidationRule, DocProperties, Format as XFormat,
    FormatAlign, Note, Workbook, Worksheet, XlsxError,
};

/// The book as an .xlsx file.
pub fn write(book: &Book) -> Result<Vec<u8>, String> {
    build(book).map_err(|e| format!("the workbook could not be written: {e}"))
}

fn format_of(f: Format) -> XFormat {
    match f {
        Format::General => XFormat::new(),
        Format::Count => XFormat::new().set_num_format("#,##0"),
        Format::Pounds => XFormat::new().set_num_format("\"£\"#,##0;-\"£\"#,##0"),
        Format::Percent => XFormat::new().set_num_format("0.0%"),
        Format::Year => XFormat::new().set_num_format("0"),
        Format::Strong => XFormat::new().set_bold(),
        Format::Wrapped => XFormat::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Text that a spreadsheet would take for a formula if it were typed (or
/// pasted from a CSV): shown as text, with Excel's own quote prefix.
fn looks_like_a_formula(t: &str) -> bool {
    t.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn validation(check: Check) -> Result<DataValidation, XlsxError> {
    let dv = match check {
        Check::Count => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
        Check::Share => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
        }
        Check::Rate => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1.0, 1.0))
        }
        Check::Year => {
            DataValidation::new().allow_whole_number(DataValidationRule::Between(2000, 2100))
        }
        Check::Pounds => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e12, 1e12))
        }
    };
    dv.set_error_title("High Needs Explorer")?
        .set_error_message(check.message())
}

fn build(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&book.title)
            .set_author("High Needs Explorer"),
    );
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        fill(ws, sheet)?;
    }
    wb.save_to_buffer()
}

fn fill(ws: &mut Worksheet, sheet: &hne_core::workbook::Sheet) -> Result<(), XlsxError> {
    let head = !sheet.columns.is_empty() && sheet.columns.iter().any(|c| !c.heading.is_empty());
    let bold = XFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for (c, column) in sheet.columns.iter().enumerate() {
        ws.set_column_width(c as u16, column.width)?;
        if head && looks_like_a_formula(&column.heading) {
            ws.write_string_with_format(
                0,
                c as u16,
                &column.heading,
                &bold.clone().set_quote_prefix(),
            )?;
        } else if head {
            ws.write_string_with_format(0, c as u16, &column.heading, &bold)?;
        }
    }
    if head {
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
    }
    // Printed, as councils print their papers: landscape, as wide as a page.
    ws.set_landscape();
    if sheet.columns.len() <= 8 {
        ws.set_print_fit_to_pages(1, 0);
    }
    let first = head as u32;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + first;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            let f = format_of(cell.format);
            match &cell.value {
                Value::Empty => {
                    if cell.check.is_some() || cell.format != Format::General {
                        ws.write_blank(r, c, &f)?;
                    }
                }
                Value::Number(v) => {
                    ws.write_number_with_format(r, c, *v, &f)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean_with_format(r, c, *b, &f)?;
                }
                Value::Text(t) if looks_like_a_formula(t) => {
                    ws.write_string_with_format(r, c, t, &f.set_quote_prefix())?;
                }
                Value::Text(t) => {
                    ws.write_string_with_format(r, c, t, &f)?;
                }
            }
            if let Some(note) = &cell.note {
                ws.insert_note(r, c, &Note::new(note).set_author("High Needs Explorer"))?;
            }
            if let Some(check) = cell.check {
                ws.add_data_validation(r, c, r, c, &validation(check)?)?;
            }
        }
    }
    if let (Some(ch), false) = (&sheet.chart, sheet.rows.is_empty()) {
        let last = first + sheet.rows.len() as u32 - 1;
        let mut chart = Chart::new(ChartType::Line);
        for s in &ch.series {
            chart
                .add_series()
                .set_categories((
                    sheet.name.as_str(),
                    first,
                    ch.categories,
                    last,
                    ch.categories,
                ))
                .set_values((sheet.name.as_str(), first, *s, last, *s))
                .set_name((sheet.name.as_str(), 0, *s));
        }
        chart.title().set_name(&ch.title);
        chart
            .y_axis()
            .set_name(&ch.y_axis)
            .set_num_format("\"£\"#,##0");
        chart.set_width(720).set_height(360);
        ws.insert_chart(last + 3, 0, &chart)?;
    }
    Ok(())
}

/// What a file is, from its first bytes.
enum Kind {
    /// A zip: .xlsx, .ods (or a file that only looks like one).
    Zip,
    /// A compound file: an old .xls, or a password-protected workbook
    /// (Excel keeps those in the same container).
    Compound,
    Other,
}

fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Compound
    } else {
        Kind::Other
    }
}

/// "EncryptionInfo" as a compound file's directory names its stream
/// (UTF-16): there only when the workbook has a password to open it.
fn encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Every filled cell of every sheet of a workbook (.xlsx, .ods, or an old
/// .xls), formulas by the value they last showed, with merged areas; or
/// what is wrong with the file, in words, naming it. Nothing is read from
/// a file over [`MAX_BYTES`].
pub fn read(name: &str, bytes: &[u8]) -> Result<Cells, String> {
    if bytes.len() > MAX_BYTES {
        return Err(hne_core::workbook::too_big(name, bytes.len()));
    }
    if bytes.is_empty() {
        return Err(format!("{name} is empty (0 bytes). Nothing was read."));
    }
    match kind(bytes) {
        Kind::Compound if encrypted(bytes) => {
            return Err(format!(
                "{name} is protected by a password, so it cannot be read. Open it, remove the password (in Excel: File, Info, Protect Workbook, Encrypt with Password, and clear it) and import it again. Nothing was read."
            ))
        }
        Kind::Other => {
            return Err(format!(
                "{name} is not a workbook High Needs Explorer can read: choose an Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods), the CSV template or a scenario file (.json). Nothing was read."
            ))
        }
        _ => {}
    }
    let old = matches!(kind(bytes), Kind::Compound);
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
        if old {
            format!("{name} looks like an Excel 97-2003 workbook (.xls) that cannot be read ({e}). Open it and save it as an Excel Workbook (.xlsx). Nothing was read.")
        } else {
            format!("{name} is damaged or is not a workbook ({e}). Download the template (Excel) again, or save the file again from Excel or LibreOffice. Nothing was read.")
        }
    })?;
    let mut out = Cells::default();
    let mut count = 0usize;
    let too_many = || {
        format!("{name} has more than {MAX_CELLS} filled cells; a High Needs Explorer template has a few hundred. Nothing was read.")
    };
    for sheet in book.sheet_names() {
        let mut cells = Vec::new();
        let merged = match &mut book {
            // Cell by cell, so a far-off cell (A1 and XFD1048576) costs
            // nothing: a whole range would be filled in between.
            calamine::Sheets::Xlsx(x) => {
                let mut reader = x.worksheet_cells_reader(&sheet).map_err(|e| {
                    format!("{name}: the sheet \"{sheet}\" cannot be read ({e}). Nothing was read.")
                })?;
                while let Some(cell) = reader.next_cell().map_err(|e| {
                    format!("{name}: the sheet \"{sheet}\" cannot be read ({e}). Nothing was read.")
                })? {
                    let (row, column) = cell.get_position();
                    if let Some(value) = value_ref(cell.get_value()) {
                        count += 1;
                        if count > MAX_CELLS {
                            return Err(too_many());
                        }
                        cells.push(ReadCell { row, column, value });
                    }
                }
                drop(reader);
                x.merge_cells_by_sheet_name(&sheet).unwrap_or_default()
            }
            other => {
                let range = other.worksheet_range(&sheet).map_err(|e| {
                    format!("{name}: the sheet \"{sheet}\" cannot be read ({e}). Nothing was read.")
                })?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, v) in range.used_cells() {
                    if let Some(value) = value_of(v) {
                        count += 1;
                        if count > MAX_CELLS {
                            return Err(too_many());
                        }
                        cells.push(ReadCell {
                            row: r0 + r as u32,
                            column: c0 + c as u32,
                            value,
                        });
                    }
                }
                match other {
                    calamine::Sheets::Xls(x) => {
                        x.merge_cells_by_sheet_name(&sheet).unwrap_or_default()
                    }
                    _ => Vec::new(),
                }
            }
        };
        out.sheets.push(ReadSheet {
            name: sheet.clone(),
            cells,
            merged: merged
                .iter()
                .map(|d| [d.start.0, d.start.1, d.end.0, d.end.1])
                .collect(),
        });
    }
    Ok(out)
}

fn value_of(d: &Data) -> Option<Read> {
    Some(match d {
        Data::Int(i) => Read::Number(*i as f64),
        Data::Float(f) => Read::Number(*f),
        Data::String(s) if s.trim().is_empty() => return None,
        Data::String(s) => Read::Text(s.clone()),
        Data::Bool(b) => Read::Bool(*b),
        Data::DateTime(d) => Read::Date(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Read::Date(s.clone()),
        Data::Error(e) => Read::Error(e.to_string()),
        Data::Empty => return None,
    })
}

fn value_ref(d: &calamine::DataRef<'_>) -> Option<Read> {
    value_of(&Data::from(d.clone()))
}
