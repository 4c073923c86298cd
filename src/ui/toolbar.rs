//! The authority switcher, presets, reset, undo and redo, and "copy link".

use leptos::prelude::*;

use super::ctx;
use crate::state::browser;
use hne_core::explorer;
use hne_core::html;
use hne_core::state::Notice;

#[component]
pub fn Toolbar() -> impl IntoView {
    let ctx = ctx();
    let base = move || ctx.saved.with(|s| s.base.clone().unwrap_or_default());
    let authorities: Vec<(String, String)> = explorer::authorities()
        .map(|(name, desc)| (name.to_string(), desc.to_string()))
        .collect();
    let copy = move |_| {
        let href = browser::href();
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        match clipboard {
            Some(c) => {
                let _ = c.write_text(&href);
                ctx.notify(Notice::info(if ctx.link_has_data() {
                    "Link copied: it opens this scenario exactly."
                } else {
                    "Link copied. Your authority's data is too large for a link: the link carries the plan (levers, timetable) on the built-in authority's data."
                }));
            }
            None => ctx.notify(Notice::info(format!("Copy this link: {href}"))),
        }
    };
    view! {
        <nav class="toolbar" aria-label="Scenario">
            <div class="field authority">
                <label for="authority">"Authority"</label>
                <select id="authority" on:change=move |ev| ctx.switch_authority(&event_target_value(&ev))
                    inner_html=move || html::options(&authorities, &base(), Some("Your own data"))>
                </select>
            </div>
            <div class="group" role="group" aria-label="Plans">
                {explorer::preset_buttons().into_iter().map(|(name, label, desc)| view! {
                    <button type="button" title=desc on:click=move |_| ctx.preset(name)>{label}</button>
                }).collect_view()}
            </div>
            <div class="group" role="group" aria-label="History">
                <button type="button" on:click=move |_| ctx.reset()>"Reset"</button>
                <button type="button" aria-keyshortcuts="Control+Z" disabled=move || !ctx.can_undo.get()
                    on:click=move |_| ctx.undo()>"Undo"</button>
                <button type="button" aria-keyshortcuts="Control+Shift+Z" disabled=move || !ctx.can_redo.get()
                    on:click=move |_| ctx.redo()>"Redo"</button>
                <button type="button" on:click=copy>"Copy link"</button>
            </div>
        </nav>
    }
}
