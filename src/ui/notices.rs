//! Notices: what happened to a link or to saved work, in words, with a way
//! to act on it. A live region, so screen readers hear them. The list is
//! HTML from [`hne_core::html::notices`]; one click handler serves every
//! button through its `data-action` and `data-id`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx;
use hne_core::html;

#[component]
pub fn Notices() -> impl IntoView {
    let ctx = ctx();
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button[data-action]").ok().flatten())
        else {
            return;
        };
        let id = button
            .get_attribute("data-id")
            .and_then(|i| i.parse::<u32>().ok());
        let Some(id) = id else { return };
        ctx.dismiss(id);
        if button.get_attribute("data-action").as_deref() == Some("restore") {
            ctx.restore_before_link();
        }
    };
    view! {
        <div class="notices" role="status" aria-live="polite" on:click=on_click
            inner_html=move || ctx.notices.with(|n| html::notices(n))>
        </div>
    }
}
