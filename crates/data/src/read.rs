//! Readers for the published files in `data/sources/`: CSV inside the SEN2
//! zips, spreadsheets (xlsx and ods, by calamine) and the section 251 JSON.
//! Every reader names the file and the row or cell when it cannot read.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

pub type Error = String;

/// A CSV table: its header and rows, cells as text.
pub struct Table {
    pub file: String,
    index: HashMap<String, usize>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The column's position, or an error naming the file.
    pub fn col(&self, name: &str) -> Result<usize, Error> {
        self.index
            .get(name)
            .copied()
            .ok_or_else(|| format!("{}: no column \"{}\"", self.file, name))
    }
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
}

/// A cell as a count or amount: `None` for the statistical symbols
/// (x suppressed, c confidential, z not applicable, low) and blanks.
pub fn num(cell: &str) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    t.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// One CSV file from inside a zip.
pub fn zip_csv(zip_path: &Path, inner: &str) -> Result<Table, Error> {
    let name = format!(
        "{}:{}",
        zip_path.file_name().unwrap_or_default().to_string_lossy(),
        inner
    );
    let file = std::fs::File::open(zip_path).map_err(|e| format!("{}: {e}", zip_path.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("{name}: {e}"))?;
    let mut entry = archive.by_name(inner).map_err(|e| format!("{name}: {e}"))?;
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}: {e}"))?;
    csv_text(&name, text.trim_start_matches('\u{feff}'))
}

/// A CSV file on its own.
pub fn csv_file(path: &Path) -> Result<Table, Error> {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    csv_text(&name, text.trim_start_matches('\u{feff}'))
}

fn csv_text(name: &str, text: &str) -> Result<Table, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: {e}"))?
        .clone();
    let index = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("{name}: row {}: {e}", i + 2))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(Table {
        file: name.to_string(),
        index,
        rows,
    })
}

/// A sheet of a workbook as rows of cells.
pub struct Sheet {
    pub file: String,
    pub rows: Vec<Vec<Data>>,
}

impl Sheet {
    pub fn text(&self, r: usize, c: usize) -> String {
        match self.rows.get(r).and_then(|row| row.get(c)) {
            Some(Data::String(s)) => s.trim().to_string(),
            Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            _ => String::new(),
        }
    }
    pub fn num(&self, r: usize, c: usize) -> Option<f64> {
        match self.rows.get(r).and_then(|row| row.get(c)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            Some(Data::String(s)) => num(s),
            _ => None,
        }
    }
}

/// One sheet of an xlsx or ods workbook.
pub fn sheet(path: &Path, name: &str) -> Result<Sheet, Error> {
    let file = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let mut wb = open_workbook_auto(path).map_err(|e| format!("{file}: {e}"))?;
    let range = wb
        .worksheet_range(name)
        .map_err(|e| format!("{file}: sheet \"{name}\": {e}"))?;
    // Keep the sheet's own coordinates: a range that starts below row 1 or
    // right of column A is padded back to A1.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    Ok(Sheet {
        file: format!("{file} ({name})"),
        rows,
    })
}

/// The section 251 high needs net spend ("High needs (SEND)") by ONS code.
pub fn s251_net(path: &Path) -> Result<HashMap<String, (String, f64)>, Error> {
    let file = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let mut out = HashMap::new();
    let obj = v.as_object().ok_or(format!("{file}: not an object"))?;
    for (ons, la) in obj {
        let name = la["la_name"].as_str().unwrap_or_default().to_string();
        let hn = la["education_breakdown"]
            .as_array()
            .and_then(|lines| {
                lines
                    .iter()
                    .find(|l| l["name"].as_str() == Some("High needs (SEND)"))
            })
            .and_then(|l| l["value"].as_f64());
        if let Some(hn) = hn {
            out.insert(ons.clone(), (name, hn));
        }
    }
    Ok(out)
}
