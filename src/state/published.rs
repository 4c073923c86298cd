//! Loading a published authority's data: from the page in the single-file
//! build, else fetched from `data/authorities/` (the service worker keeps
//! what was fetched for use offline). The core registers and checks it.

use hne_core::published;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Load and register a published authority (`la/886@2025.1`).
pub async fn load(id: &str) -> Result<(), String> {
    if published::get(id).is_some() {
        return Ok(());
    }
    let name = published::entry(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string());
    let embedded = published::element_id(id)
        .and_then(|e| web_sys::window()?.document()?.get_element_by_id(&e))
        .and_then(|el| el.text_content());
    let text = match embedded {
        Some(t) => t,
        None => {
            let url = published::url(id)
                .ok_or_else(|| format!("\"{id}\" is not a published authority"))?;
            fetch_text(&url)
                .await
                .map_err(|why| format!("{name}'s figures could not be loaded: {why}"))?
        }
    };
    published::register(id, &text).map(|_| ())
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

/// Load this build's comparisons (compare.json) once: from the page in the
/// single-file build, else fetched.
pub async fn load_comparisons() -> Result<(), String> {
    if published::comparisons().is_some() {
        return Ok(());
    }
    let version = published::version();
    let embedded = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&published::compare_element_id(version)))
        .and_then(|el| el.text_content());
    let text = match embedded {
        Some(t) => t,
        None => fetch_text(&published::compare_url(version)).await?,
    };
    published::register_comparisons(&text)
}

/// Load this build's past forecasts (hindcast.json) once: from the page in
/// the single-file build, else fetched.
pub async fn load_hindcast() -> Result<(), String> {
    if hne_core::hindcast::file().is_some() {
        return Ok(());
    }
    let version = published::version();
    let embedded = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&hne_core::hindcast::element_id(version)))
        .and_then(|el| el.text_content());
    let text = match embedded {
        Some(t) => t,
        None => fetch_text(&hne_core::hindcast::url(version)).await?,
    };
    hne_core::hindcast::register(&text, version)
}
