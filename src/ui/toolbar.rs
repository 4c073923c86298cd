//! The authority switcher, presets, reset, undo and redo, and "copy link".

use hne_core::session::Event;
use leptos::prelude::*;

use super::ctx;
use crate::state::browser;
use hne_core::explorer;
use hne_core::published;
use hne_core::state::Notice;

#[component]
pub fn Toolbar() -> impl IntoView {
    let ctx = ctx();
    // One comparison per move, not one per option: each option's `selected`
    // follows this memo, which changes only with the authority.
    let base = Memo::new(move |_| ctx.saved.with(|s| s.base.clone()));
    // The lists of authorities (about 320 elements, a third of the page)
    // are built in a task of their own after the first paint, so the
    // answer is not held up by them; until then the switcher shows the
    // authority's name alone.
    let built = RwSignal::new(false);
    super::after_paint(move || {
        built.try_set(true);
    });
    let listed = move || built.get();
    let pick = move |value: String| {
        if published::parse_base(&value).is_some() {
            ctx.choose_published(value);
        } else if !value.is_empty() {
            ctx.dispatch(Event::SwitchAuthority(value.to_string()));
        }
    };
    let find = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        if typed.trim().is_empty() {
            return;
        }
        let hits: Vec<&published::Entry> = published::search(&typed)
            .into_iter()
            .flat_map(|(_, v)| v)
            .collect();
        let exact = hits
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(typed.trim()));
        match (exact, hits.as_slice()) {
            (Some(e), _) | (None, [e]) => pick(published::base_id(&e.code)),
            (None, []) => {
                ctx.dispatch(Event::Notify(Notice::info(format!(
                    "No English authority is called \"{}\": try part of its name, or choose from the list.",
                    typed.trim()
                ))));
            }
            (None, many) => {
                ctx.dispatch(Event::Notify(Notice::info(format!(
                    "\"{}\" matches {} authorities: {}. Choose one from the list.",
                    typed.trim(),
                    many.len(),
                    many.iter()
                        .take(8)
                        .map(|e| e.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))));
            }
        }
    };
    let copy = move |_| {
        let href = browser::href();
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        match clipboard {
            Some(c) => {
                let _ = c.write_text(&href);
                ctx.dispatch(Event::Notify(Notice::info(if ctx.link_has_data() {
                    "Link copied: it opens this scenario exactly."
                } else {
                    "Link copied. Your authority's data is too large for a link: the link carries the plan (levers, timetable) on the built-in authority's data."
                })));
            }
            None => {
                ctx.dispatch(Event::Notify(Notice::info(format!(
                    "Copy this link: {href}"
                ))));
            }
        }
    };
    let w = super::workshop::ws();
    view! {
        <nav class="toolbar" aria-label="Scenario">
            <div class="field authority">
                <label for="authority">"Authority"</label>
                <select id="authority" on:change=move |ev| pick(event_target_value(&ev))>
                    {move || (!listed()).then(|| view! {
                        <option value=base.get_untracked().unwrap_or_default() selected=true>
                            {explorer::base_label(base.get_untracked().as_deref())}
                        </option>
                    })}
                    {move || listed().then(|| {
                        view! {
                            <option value="" disabled=true selected=move || base.with(|b| b.is_none())>"Your own data"</option>
                            <optgroup label="Examples">
                                {explorer::authorities().map(|(name, desc)| {
                                    view! { <option value=name selected=move || base.with(|b| b.as_deref() == Some(name))>{desc}</option> }
                                }).collect_view()}
                            </optgroup>
                            {published::search("").into_iter().map(|(region, list)| view! {
                                <optgroup label=region>
                                    {list.into_iter().map(|e| {
                                        let id = published::base_id(&e.code);
                                        let v = id.clone();
                                        view! { <option value=id selected=move || base.with(|b| b.as_deref() == Some(v.as_str()))>{e.name.clone()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }).collect_view()}
                        }
                    })}
                </select>
            </div>
            <div class="field find-authority">
                <label for="find-authority">"Find your council"</label>
                <input id="find-authority" type="search" list="authority-names" autocomplete="off"
                    placeholder="Type a name, e.g. Kent" on:change=find />
                <datalist id="authority-names">
                    {move || listed().then(|| {
                        published::index().authorities.iter().map(|e| view! { <option value=e.name.clone()></option> }).collect_view()
                    })}
                </datalist>
                <p class="loading-note" role="status" aria-live="polite">{move || ctx.loading.get()}</p>
            </div>
            <div class="group" role="group" aria-label="Plans">
                {explorer::preset_buttons().into_iter().map(|(name, label, desc)| {
                    // On a phone the words that only qualify fold away
                    // ("DBV plan", "Safety Valve"): one row of buttons.
                    let (before, core) = match label.strip_prefix("Typical ") {
                        Some(rest) => ("Typical ", rest),
                        None => ("", label),
                    };
                    let (core, after) = match core.strip_suffix(" style") {
                        Some(rest) => (rest, " style"),
                        None => (core, ""),
                    };
                    view! {
                        <button type="button" title=desc on:click=move |_| { ctx.dispatch(Event::Preset(name.to_string())); }>
                            <span class="long">{before}</span>{core}<span class="long">{after}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="group" role="group" aria-label="History">
                <button type="button" on:click=move |_| { ctx.dispatch(Event::Reset); }>"Reset"</button>
                <button type="button" aria-keyshortcuts="Control+Z" disabled=move || !ctx.view.with(|v| v.can_undo)
                    on:click=move |_| { ctx.dispatch(Event::Undo); }>"Undo"</button>
                <button type="button" aria-keyshortcuts="Control+Shift+Z" disabled=move || !ctx.view.with(|v| v.can_redo)
                    on:click=move |_| { ctx.dispatch(Event::Redo); }>"Redo"</button>
                <button type="button" on:click=copy>"Copy link"</button>
            </div>
            <div class="group workshop-group" role="group" aria-label="Workshop">
                <button type="button" aria-pressed=move || w.room_open.get().to_string()
                    on:click=move |_| {
                        w.room_open.update(|o| *o = !*o);
                        if w.room_open.get_untracked() {
                            w.joining.set(false);
                        }
                    }>"Run a workshop"</button>
                <button type="button" aria-expanded=move || w.joining.get().to_string()
                    on:click=move |_| super::workshop::toggle_panel(w)>"Join a workshop"</button>
            </div>
        </nav>
    }
}
