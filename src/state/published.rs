//! Loading a published authority's data: from the page in the single-file
//! build, else fetched from `data/authorities/` (the service worker keeps
//! what was fetched for use offline). The core checks it; the page keeps it
//! in its state (`hne_core::published::Loaded`, sent as an event).

use std::sync::Arc;

use hne_core::published::{self, Comparisons, Loaded};
use hne_model::hindcast::AppFile;
use hne_model::schema::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetch and check a published authority's figures (`la/886@2025.1`):
/// `None` when `loaded` has them already.
pub async fn load(id: &str, loaded: &Loaded) -> Result<Option<Arc<Scenario>>, String> {
    if loaded.get(id).is_some() {
        return Ok(None);
    }
    let name = published::entry(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string());
    let text = match published::element_id(id).and_then(|e| in_page(&e)) {
        Some(t) => t,
        None => {
            let url = published::url(id)
                .ok_or_else(|| format!("\"{id}\" is not a published authority"))?;
            fetch_text(&url)
                .await
                .map_err(|why| format!("{name}'s figures could not be loaded: {why}"))?
        }
    };
    published::check(id, &text).map(|s| Some(Arc::new(s)))
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let offline = "this device is offline and has not kept them (open an authority once while online and it is kept)";
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| offline.to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "no answer".to_string())?;
    if !resp.ok() {
        return Err(if resp.status() == 404 {
            "this version of High Needs Explorer does not have them".to_string()
        } else {
            format!("the server answered {}", resp.status())
        });
    }
    let text = resp
        .text()
        .map_err(|_| "the answer is not text".to_string())?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "the answer was cut short".to_string())
}

/// A file the single-file build carries in the page, in the element
/// `element`.
fn in_page(element: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(element)?
        .text_content()
}

/// A file of this build's data version: from the page in the single-file
/// build (the element `element`), else fetched from `url`.
async fn this_version(element: &str, url: &str) -> Result<String, String> {
    match in_page(element) {
        Some(t) => Ok(t),
        None => fetch_text(url).await,
    }
}

/// This build's comparisons (compare.json), checked.
pub async fn load_comparisons() -> Result<Arc<Comparisons>, String> {
    let version = published::version();
    let text = this_version(
        &published::compare_element_id(version),
        &published::compare_url(version),
    )
    .await?;
    published::check_comparisons(&text).map(Arc::new)
}

/// This build's past forecasts (hindcast.json), checked.
pub async fn load_hindcast() -> Result<Arc<AppFile>, String> {
    let version = published::version();
    let text = this_version(
        &hne_core::hindcast::element_id(version),
        &hne_core::hindcast::url(version),
    )
    .await?;
    hne_core::hindcast::read(&text, version).map(Arc::new)
}
