//! # hne-excel-web: the page's second wasm module
//!
//! Two functions the app calls through JavaScript once it has fetched this
//! module (scripts/build-excel.sh builds it; the page's loader, written by
//! scripts/postbuild.py, fetches it). Data
//! crosses as JSON text and bytes, so the app and this module share only
//! `hne_core::workbook`'s types.

use wasm_bindgen::prelude::*;

/// A book (JSON of `hne_core::workbook::Book`) as .xlsx bytes.
#[wasm_bindgen]
pub fn write_book(json: &str) -> Result<Vec<u8>, JsError> {
    let book: hne_core::workbook::Book = serde_json::from_str(json)
        .map_err(|e| JsError::new(&format!("the workbook's contents could not be read: {e}")))?;
    hne_excel::write(&book).map_err(|e| JsError::new(&e))
}

/// A workbook's cells: JSON of `{"Ok": Cells}` or `{"Err": "what is wrong"}`.
#[wasm_bindgen]
pub fn read_book(name: &str, bytes: &[u8]) -> String {
    serde_json::to_string(&hne_excel::read(name, bytes)).unwrap_or_else(|e| {
        serde_json::to_string(&Err::<(), String>(format!("{name} could not be read: {e}")))
            .unwrap_or_default()
    })
}
