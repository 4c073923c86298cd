//! The browser's side of state: the URL fragment and local storage. Every
//! call tolerates a missing window or storage (private modes, embedded
//! frames that forbid storage) and reports failure instead of panicking.

use wasm_bindgen::JsValue;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The URL fragment, without `#` ("" when none).
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Replace the URL fragment without adding a history entry.
pub fn set_fragment(fragment: &str) {
    if let Some(w) = window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    }
}

/// The page's full address (for "copy link").
pub fn href() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Write to local storage; `Err` when storage is off or full.
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or("this browser does not allow saving here")?;
    s.set_item(key, value)
        .map_err(|_| "this browser's storage is full or switched off".to_string())
}

/// Local storage as the core's [`Store`](hne_core::store::Store).
pub struct Local(Option<web_sys::Storage>);

impl Local {
    pub fn new() -> Local {
        Local(storage())
    }
}

impl Default for Local {
    fn default() -> Self {
        Local::new()
    }
}

impl hne_core::store::Store for Local {
    fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get_item(key).ok().flatten()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let s = self
            .0
            .as_ref()
            .ok_or("this browser does not allow saving here")?;
        s.set_item(key, value)
            .map_err(|_| "this browser's storage is full or switched off".to_string())
    }
    fn remove(&mut self, key: &str) {
        if let Some(s) = &self.0 {
            let _ = s.remove_item(key);
        }
    }
    fn keys(&self) -> Vec<String> {
        let Some(s) = &self.0 else { return Vec::new() };
        let n = s.length().unwrap_or(0);
        (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
    }
}

pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Milliseconds since page start (for the repaint timing the benchmark reads).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Record the last Monte Carlo's timing as `window.__hneMonteCarlo` (runs,
/// milliseconds of work, milliseconds from start to fan, slices), for the
/// benchmark and the end-to-end tests.
pub fn record_monte_carlo(runs: usize, busy_ms: f64, elapsed_ms: f64, slices: u32) {
    let Some(w) = window() else { return };
    let o = js_sys::Object::new();
    for (k, v) in [
        ("runs", runs as f64),
        ("busyMs", busy_ms),
        ("elapsedMs", elapsed_ms),
        ("slices", slices as f64),
    ] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
    }
    let _ = js_sys::Reflect::set(&w, &JsValue::from_str("__hneMonteCarlo"), &o);
}

/// The page's query string, with its `?` ("" when none).
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's address without query or fragment (for the embed snippet).
pub fn app_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Tell the page that frames this one how tall this page is, if it is the
/// `host` origin (the browser drops the message otherwise).
pub fn post_height(host: &str) {
    let Some(w) = window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    let height = w
        .document()
        .and_then(|d| d.document_element())
        .map(|e| e.scroll_height())
        .unwrap_or(0);
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &msg,
        &JsValue::from_str("type"),
        &JsValue::from_str("hne:height"),
    );
    let _ = js_sys::Reflect::set(
        &msg,
        &JsValue::from_str("height"),
        &JsValue::from_f64(height as f64),
    );
    let _ = parent.post_message(&msg, host);
}

/// Offer `text` as a file download called `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    offer(name, mime, &JsValue::from_str(text));
}

/// Offer bytes as a file called `name` (a workbook).
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    offer(name, mime, &js_sys::Uint8Array::from(bytes));
}

/// Offer one blob part (text or bytes) as a file called `name`.
fn offer(name: &str, mime: &str, part: &JsValue) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(&doc, name, &url);
    // The browser may read the blob after the click, in a later task: a
    // URL revoked at once can leave it nothing to read, and the download
    // never starts (Firefox bug 1282407; Chromium here did not fail so),
    // so it is revoked a minute later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
}

/// Today's date as a council writes it ("7 December 2026").
pub fn today() -> String {
    let opts = js_sys::Object::new();
    for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
    }
    String::from(js_sys::Date::new_0().to_locale_date_string("en-GB", &opts))
}

/// Offer what `url` holds (a blob: or data: URL) as a file called `name`.
pub fn download_url(doc: &web_sys::Document, name: &str, url: &str) {
    use wasm_bindgen::JsCast;
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(name);
        // In the document while it is clicked, as some browsers need.
        if let Some(b) = doc.body() {
            let _ = b.append_child(&a);
        }
        a.click();
        a.remove();
    }
}
