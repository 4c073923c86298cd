//! One way to defer work: [`use_deferred`]. Every job that follows a move
//! off the path to its paint goes through it (the Monte Carlo, the
//! attribution and the tornado, what it would take, a chart off the
//! screen, keeping the link and storage), in the manner of leptos'
//! `examples/timer` `use_interval`: the helper owns the pending job's
//! handle, cancels it when its source changes again, and holds it while a
//! slider is dragged, so a drag never queues work that its next step makes
//! stale.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

/// When a deferred job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At once, in the effect (a chart on the screen).
    Now,
    /// In a task of its own after this one (a zero timeout).
    NextTask,
    /// After the next paint: a frame, then a zero timeout.
    AfterPaint,
}

/// What a drag does to a deferred job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drag {
    /// It waits for the drag to end, then runs once.
    Hold,
    /// It runs as if there were no drag.
    Go,
}

/// A deferred job's handle, cancelled when its source changes again or
/// its owner is gone. A job in several tasks asks it between them.
#[derive(Clone)]
pub struct Live(Rc<Cell<bool>>);

impl Live {
    /// Whether no later change has cancelled it.
    pub fn current(&self) -> bool {
        !self.0.get()
    }
}

/// Run `job(value)` each time `source`'s value changes, `when` it says and
/// held through a drag (while `dragging` is true) as it says (both may
/// depend on the value: a chart on the screen paints now, one off it after
/// the paint). A change before the job has run cancels it; so does the
/// owner going away.
pub fn use_deferred<T: 'static>(
    dragging: RwSignal<bool>,
    source: impl Fn() -> T + 'static,
    timing: impl Fn(&T) -> (When, Drag) + 'static,
    job: impl Fn(T, Live) + 'static,
) {
    let job = Rc::new(job);
    let pending: Rc<Cell<Option<Live>>> = Rc::new(Cell::new(None));
    // Gone with its owner (a part of the page taken away): then no job runs.
    let owner = StoredValue::new(());
    Effect::new(move |_| {
        let value = source();
        let (when, drag) = timing(&value);
        if let Some(previous) = pending.take() {
            previous.0.set(true);
        }
        // Read (and so followed) only for a job that waits for a drag.
        if drag == Drag::Hold && dragging.get() {
            return;
        }
        let live = Live(Rc::new(Cell::new(false)));
        pending.set(Some(live.clone()));
        let job = job.clone();
        let run = move || {
            if live.current() && owner.try_get_value().is_some() {
                job(value, live);
            }
        };
        match when {
            When::Now => run(),
            When::NextTask => set_timeout(run, Duration::ZERO),
            When::AfterPaint => super::after_paint(run),
        }
    });
}
