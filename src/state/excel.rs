//! The Excel module (`hne-excel`, a second wasm): fetched and started the
//! first time a user chooses an Excel action, through the loader the build
//! puts on the page (`window.hneExcel`, scripts/postbuild.py and
//! scripts/build-single.sh), so the first screen never waits for it. What
//! goes in the cells is `hne_core::workbook`'s; this only carries a book
//! there and bytes back.

use hne_core::workbook::{Book, Cells};
use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = window, js_name = hneExcel)]
    fn load() -> Result<js_sys::Promise, JsValue>;
}

/// What to say when the module cannot be had.
const UNAVAILABLE: &str = "The Excel part of the page could not be loaded, so nothing was read or written. Check the connection and try again, or use the CSV template instead.";

async fn module() -> Result<JsValue, String> {
    let promise = load().map_err(|_| UNAVAILABLE.to_string())?;
    JsFuture::from(promise)
        .await
        .map_err(|_| UNAVAILABLE.to_string())
}

fn function(m: &JsValue, name: &str) -> Result<Function, String> {
    Reflect::get(m, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| UNAVAILABLE.to_string())
}

fn message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the workbook could not be written".into())
}

/// A book as .xlsx bytes.
pub async fn write(book: &Book) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(book).map_err(|e| e.to_string())?;
    let m = module().await?;
    let out = function(&m, "write_book")?
        .call1(&JsValue::NULL, &json.into())
        .map_err(message)?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// A workbook's cells, or what is wrong with the file.
pub async fn read(name: &str, bytes: &[u8]) -> Result<Cells, String> {
    let m = module().await?;
    let out = function(&m, "read_book")?
        .call2(
            &JsValue::NULL,
            &name.into(),
            &Uint8Array::from(bytes).into(),
        )
        .map_err(message)?;
    let text = out.as_string().unwrap_or_default();
    serde_json::from_str::<Result<Cells, String>>(&text)
        .map_err(|e| format!("{name} could not be read: {e}"))?
}

/// Write a book and offer it as a download called `name`, saying what is
/// happening through `say` (the module may take a moment to load the first
/// time), and what went wrong if it did.
pub fn download(
    what: &'static str,
    name: &'static str,
    book: Book,
    say: impl Fn(String) + 'static,
) {
    say(format!("Writing the {what} (Excel)…"));
    wasm_bindgen_futures::spawn_local(async move {
        match write(&book).await {
            Ok(bytes) => {
                crate::state::browser::download_bytes(name, hne_core::workbook::XLSX_MIME, &bytes);
                say(format!("The {what} (Excel) is downloaded: {name}."));
            }
            Err(e) => say(e),
        }
    });
}
