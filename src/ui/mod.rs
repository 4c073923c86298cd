//! Small components over [`crate::app::Ctx`]: they read signals and call its
//! actions; the rules and the words live in `hne_core`.

pub mod answer;
pub mod calibrate;
pub mod compare;
pub mod data;
pub mod dataview;
pub mod defer;
pub mod figures;
pub mod glossary;
pub mod headline;
pub mod levers;
pub mod library;
pub mod notices;
pub mod story;
pub mod toolbar;
pub mod uncertainty;
pub mod workshop;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::Ctx;

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// Run `f` in a task of its own after the next paint: the animation frame
/// comes just before the browser lays out and paints, and a zero timeout
/// set there runs once that is done.
pub fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// Add one to `n`, in a task of its own after each paint, until it reaches
/// `last`: how the page builds itself a part at a time, so that no one task
/// holds a phone's main thread for long. Stops if `n` is gone.
pub fn count_after_paints(n: RwSignal<usize>, last: usize) {
    after_paint(move || {
        n.update(|v| *v += 1);
        if n.try_get_untracked().is_some_and(|v| v < last) {
            count_after_paints(n, last);
        }
    });
}

/// Whether a key event comes from a field with its own editing keys.
pub fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| {
            !matches!(
                i.type_().as_str(),
                "range" | "button" | "checkbox" | "radio"
            )
        })
}
