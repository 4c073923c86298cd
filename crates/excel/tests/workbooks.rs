//! Workbooks as a finance officer sends them: the page's own template
//! filled in, one saved by LibreOffice (.ods, .xls), one built by another
//! writer with formulas and merged cells, and every kind of bad workbook,
//! each with the message it gets. Nothing changes on any problem: a read
//! gives the scenario or the list of what is wrong, never part of it.

use hne_core::workbook::{self, Book, Cells};
use hne_model::schema::Scenario;
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook};

fn example() -> Scenario {
    hne_model::examples::example_borough()
}

fn template_bytes(sc: &Scenario) -> Vec<u8> {
    hne_excel::write(&workbook::template(sc, "7 December 2026")).unwrap()
}

fn read(name: &str, bytes: &[u8]) -> Result<Scenario, Vec<String>> {
    let cells = hne_excel::read(name, bytes).map_err(|e| vec![e])?;
    workbook::scenario(&cells).map(|(sc, _)| sc)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The template's rows in a workbook of another writer's making: a merged
/// title over the first row, the headings in row 3, and `value` for each
/// row's value cell (a formula where it likes).
fn foreign(value: impl Fn(&mut rust_xlsxwriter::Worksheet, u32, &str, &str)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Our figures").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        3,
        "Example Borough: High Needs figures, December 2026",
        &Default::default(),
    )
    .unwrap();
    ws.write_string(2, 0, "Field").unwrap();
    ws.write_string(2, 1, "Value").unwrap();
    for (i, (path, v)) in hne_model::template::ordered_rows(&example())
        .iter()
        .enumerate()
    {
        let r = 3 + i as u32;
        ws.write_string(r, 0, path).unwrap();
        value(ws, r, path, v);
    }
    wb.save_to_buffer().unwrap()
}

fn plain(ws: &mut rust_xlsxwriter::Worksheet, r: u32, _: &str, v: &str) {
    if v.is_empty() {
        return;
    }
    match v.parse::<f64>() {
        Ok(n) => ws.write_number(r, 1, n).map(|_| ()),
        Err(_) if v == "true" || v == "false" => ws.write_boolean(r, 1, v == "true").map(|_| ()),
        Err(_) => ws.write_string(r, 1, v).map(|_| ()),
    }
    .unwrap();
}

#[test]
fn the_template_workbook_round_trips_through_its_bytes() {
    let sc = example();
    assert_eq!(read("template.xlsx", &template_bytes(&sc)).unwrap(), sc);
}

#[test]
fn the_template_workbook_has_its_sheets_formats_notes_and_checks() {
    let bytes = template_bytes(&example());
    let cells = hne_excel::read("template.xlsx", &bytes).unwrap();
    let names: Vec<&str> = cells.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, [workbook::KEY_SHEET, workbook::REST_SHEET, "About"]);
    // The parts of the file a spreadsheet shows: notes (comments), data
    // validation and the £ and % formats.
    let text = unzip_text(&bytes);
    assert!(
        text.contains("Where it comes from: source"),
        "notes are written"
    );
    assert!(text.contains("<dataValidation"), "checks are written");
    assert!(
        text.contains("0.0%") && text.contains("&quot;£&quot;#,##0"),
        "formats are written"
    );
}

/// Every XML part of an .xlsx, as one text (the parts are stored
/// compressed: the system's unzip reads them).
fn unzip_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("hne-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A file of its own: the tests run at once.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let file = dir.join(format!("book-{n}.xlsx"));
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(''.join(z.read(n).decode('utf-8','replace') for n in z.namelist()))",
        ])
        .arg(&file)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_changed_figure_comes_back_changed() {
    let sc = example();
    let bytes = foreign(|ws, r, path, v| {
        if path == "authority.funding.hnb_allocation_pounds" {
            ws.write_number(r, 1, 81_250_000.0).unwrap();
        } else {
            plain(ws, r, path, v);
        }
    });
    let back = read("changed.xlsx", &bytes).unwrap();
    assert_eq!(back.authority.funding.hnb_allocation_pounds, 81_250_000.0);
    assert_ne!(back, sc);
}

#[test]
fn formulas_are_read_by_their_last_value_and_a_merged_title_is_no_problem() {
    let sc = example();
    let path = "authority.special_capacity";
    let want: f64 = sc.authority.special_capacity.unwrap_or(0.0) + 25.0;
    let bytes = foreign(|ws, r, p, v| {
        if p == path {
            ws.write_formula(r, 1, Formula::new("=400+25").set_result(want.to_string()))
                .unwrap();
        } else {
            plain(ws, r, p, v);
        }
    });
    let back = read("formulas.xlsx", &bytes).unwrap();
    assert_eq!(back.authority.special_capacity, Some(want));
}

#[test]
fn merged_value_cells_are_refused_at_their_range() {
    let bytes = foreign(|ws, r, p, v| {
        if r == 5 {
            ws.merge_range(5, 1, 6, 1, v, &Default::default()).unwrap();
        } else if r != 6 {
            plain(ws, r, p, v);
        }
    });
    let err = read("merged.xlsx", &bytes).unwrap_err();
    assert!(
        err.iter()
            .any(|e| e.contains("Sheet \"Our figures\", cell B6: cells B6:B7 are merged")),
        "{err:?}"
    );
}

#[test]
fn a_date_or_text_in_a_number_cell_is_placed_at_its_cell() {
    let path = "authority.funding.hnb_allocation_pounds";
    let row = |bytes: &[u8]| {
        let cells = hne_excel::read("x.xlsx", bytes).unwrap();
        cells.sheets[0]
            .cells
            .iter()
            .find(|c| c.value == workbook::Read::Text(path.into()))
            .unwrap()
            .row
            + 1
    };
    let dated = foreign(|ws, r, p, v| {
        if p == path {
            let d = ExcelDateTime::from_ymd(2026, 4, 1).unwrap();
            ws.write_datetime_with_format(
                r,
                1,
                &d,
                &rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy"),
            )
            .unwrap();
        } else {
            plain(ws, r, p, v);
        }
    });
    let err = read("dated.xlsx", &dated).unwrap_err();
    let at = format!(
        "Sheet \"Our figures\", cell B{} ({path}): the cell holds a date",
        row(&dated)
    );
    assert!(err[0].starts_with(&at), "{err:?}");

    let worded = foreign(|ws, r, p, v| {
        if p == path {
            ws.write_string(r, 1, "about eighty million").unwrap();
        } else {
            plain(ws, r, p, v);
        }
    });
    let err = read("worded.xlsx", &worded).unwrap_err();
    let at = format!("Sheet \"Our figures\", cell B{} ({path})", row(&worded));
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].starts_with(&at), "{err:?}");
}

#[test]
fn an_extra_sheet_is_left_out_and_said_so_and_a_renamed_one_is_read() {
    let book: Book = {
        let mut b = workbook::template(&example(), "today");
        b.sheets[0].name = "Kent's figures".into();
        let mut extra = b.sheets[2].clone();
        extra.name = "Our notes".into();
        b.sheets.push(extra);
        b
    };
    let cells = hne_excel::read("extra.xlsx", &hne_excel::write(&book).unwrap()).unwrap();
    let (sc, rows) = workbook::scenario(&cells).unwrap();
    assert_eq!(sc, example());
    assert_eq!(rows.read[0], "Kent's figures");
    assert!(rows.skipped.contains(&"Our notes".to_string()));
}

#[test]
fn an_empty_workbook_is_named_empty() {
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let err = read("empty.xlsx", &wb.save_to_buffer().unwrap()).unwrap_err();
    assert!(err[0].starts_with("The workbook is empty"), "{err:?}");
    let err = read("nothing.xlsx", &[]).unwrap_err();
    assert!(err[0].contains("is empty (0 bytes)"), "{err:?}");
}

#[test]
fn libreoffice_s_ods_and_an_old_xls_are_read_as_the_same_scenario() {
    // tests/fixtures/README.md says how these were made.
    // LibreOffice keeps 15 significant digits (1/6 comes back as
    // 0.166666666666667), so a figure may differ in its 16th: the
    // projection is the same to the penny.
    let sc = example();
    let run = hne_model::project(&sc).unwrap();
    for name in ["example.ods", "example.xls"] {
        let back = read(name, &fixture(name)).unwrap();
        assert_eq!(back.authority.caseload, sc.authority.caseload, "{name}");
        assert_eq!(back.authority.funding, sc.authority.funding, "{name}");
        assert_eq!(back.authority.sources, sc.authority.sources, "{name}");
        assert!(
            (back.authority.ageing.p - sc.authority.ageing.p).abs() < 1e-14,
            "{name}"
        );
        let again = hne_model::project(&back).unwrap();
        for (a, b) in again.scenario.years.iter().zip(&run.scenario.years) {
            assert!(
                (a.deficit_after_grant_pounds - b.deficit_after_grant_pounds).abs() < 0.01,
                "{name}"
            );
        }
    }
}

#[test]
fn a_password_protected_workbook_says_so() {
    let err = read("protected.xlsx", &fixture("protected.xlsx")).unwrap_err();
    assert!(err[0].contains("protected by a password"), "{err:?}");
}

#[test]
fn a_20_mb_workbook_is_refused_before_it_is_read() {
    let mut big = b"PK\x03\x04".to_vec();
    big.resize(20_000_000, 0);
    let err = hne_excel::read("big.xlsx", &big).unwrap_err();
    assert!(err.starts_with("big.xlsx is 20.0 MB"), "{err}");
    assert!(err.ends_with("Nothing was read."), "{err}");
}

#[test]
fn a_file_that_is_not_a_workbook_or_is_damaged_says_which() {
    let err = hne_excel::read("photo.xlsx", b"\x89PNG\r\n\x1a\n....").unwrap_err();
    assert!(
        err.contains("is not a workbook High Needs Explorer can read"),
        "{err}"
    );
    let mut bytes = template_bytes(&example());
    bytes.truncate(bytes.len() / 2);
    let err = hne_excel::read("cut.xlsx", &bytes).unwrap_err();
    assert!(err.contains("is damaged or is not a workbook"), "{err}");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    let err = hne_excel::read("old.xls", &cfb).unwrap_err();
    assert!(
        err.contains("Excel 97-2003 workbook (.xls) that cannot be read"),
        "{err}"
    );
}

#[test]
fn a_far_off_cell_costs_nothing() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Field").unwrap();
    ws.write_string(0, 1, "Value").unwrap();
    ws.write_string(1_048_575, 16_383, "far").unwrap();
    let cells: Cells = hne_excel::read("far.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(cells.sheets[0].cells.len(), 3);
}

#[test]
fn names_that_look_like_formulas_are_written_as_text() {
    let sc = example();
    let run = hne_model::project(&sc).unwrap();
    let plans = vec![("=HYPERLINK(\"http://x\")".to_string(), run)];
    let bytes = hne_excel::write(&workbook::comparison(&plans, "today")).unwrap();
    let text = unzip_text(&bytes);
    assert!(
        text.contains("quotePrefix=\"1\""),
        "a quote prefix keeps it text"
    );
    assert!(!text.contains("<f>HYPERLINK"), "never a formula");
    let cells = hne_excel::read("cmp.xlsx", &bytes).unwrap();
    assert!(cells.sheets[0]
        .cells
        .iter()
        .any(|c| c.value == workbook::Read::Text("=HYPERLINK(\"http://x\")".into())));
}

#[test]
fn the_projection_workbook_reads_back_as_the_run() {
    let sc = example();
    let run = hne_model::project(&sc).unwrap();
    let bytes = hne_excel::write(&workbook::projection(&run, &sc, "today")).unwrap();
    let cells = hne_excel::read("projection.xlsx", &bytes).unwrap();
    let p = &cells.sheets[0];
    assert_eq!(p.name, "Projection");
    for (i, y) in run.scenario.years.iter().enumerate() {
        let at = |c: u32| {
            p.cells
                .iter()
                .find(|x| x.row == i as u32 + 1 && x.column == c)
                .map(|x| x.value.clone())
        };
        assert_eq!(at(0), Some(workbook::Read::Text(y.year.clone())));
        assert_eq!(
            at(1),
            Some(workbook::Read::Number(y.deficit_after_grant_pounds.round()))
        );
        assert_eq!(at(3), Some(workbook::Read::Number(y.spend_pounds.round())));
    }
    assert!(
        unzip_text(&bytes).contains("<c:lineChart>"),
        "the deficit's chart"
    );
}
