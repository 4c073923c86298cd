//! The page's state and every change a user makes to it, in the manner of
//! crux: the shell sends an [`Event`], [`Model::update`] changes the
//! [`Model`], and [`Model::view`] says what the page shows of it. Pure, so
//! each rule and each message is tested natively by sending events and
//! reading the view (tests below); the browser shell (`src/app.rs`) keeps
//! only the signals, the expensive memos and one `dispatch`.
//!
//! What is here: the scenario open now, its undo history, the notices, the
//! message under a control, a change held back by a warning, the goal and
//! the year of the chance of balance. What is not: the projection and
//! everything worked out from it (memos in the shell), fetching and
//! storage (the shell's effects).

use std::sync::Arc;

use hne_model::hindcast::AppFile;
use hne_model::schema::Scenario;
use hne_model::LeverId;

use crate::explorer::{self, Control, Outcome};
use crate::plausible::{self, Held};
use crate::published::{Comparisons, Loaded};
use crate::state::history::History;
use crate::state::saved::Saved;
use crate::state::Notice;

/// How many steps undo goes back.
pub const UNDO_STEPS: usize = 200;

/// Where a held-back change came from: its warning shows there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A file imported under "Your authority's data".
    Import,
    /// A value or rows typed in the data view.
    Edit,
}

impl Origin {
    /// Its name in the page (`data-testid="pending-import"`).
    pub fn name(self) -> &'static str {
        match self {
            Origin::Import => "import",
            Origin::Edit => "edit",
        }
    }
}

/// A change held back because a figure in it looks wrong, until the user
/// says to use it anyway or to keep what they had.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub origin: Origin,
    pub what: Held,
    pub next: Saved,
    pub warnings: Vec<String>,
}

/// Everything a user can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Set a control live (a slider moving): no undo step until `Commit`.
    Set(Control, f64),
    /// A number typed in a control's field (or chosen in a list), as
    /// people write it ("20%", "1,000"): committed at once, brought within
    /// range with a word, or refused in words.
    TypeIn(Control, String),
    /// A field held what is not a number.
    NotANumber(Control, String),
    /// Aim the inclusion or independent lever at a share of EHCPs by the
    /// final year ("45", "45%").
    Aim(Control, String),
    /// Close an undo step.
    Commit,
    /// Open another scenario as one undo step (a saved one, a link's).
    Replace(Saved),
    /// A preset plan, by name.
    Preset(String),
    /// Levers back to none; figures back to the authority's as published.
    Reset,
    /// Move the plan onto another authority (built in or loaded).
    SwitchAuthority(String),
    Undo,
    Redo,
    /// Figures from a file or an edit: used at once, or held with their
    /// warnings when one looks wrong.
    Offer(Origin, Held, Saved),
    /// Use the held-back figures anyway.
    Accept,
    /// Keep what was there.
    Decline,
    Notify(Notice),
    Dismiss(u32),
    /// The goal's first year of in-year balance (projection year; None:
    /// the last).
    Goal(Option<usize>),
    /// The year the chance of balance is for (None: the last).
    TargetYear(Option<usize>),
    /// A published authority's figures arrived (checked:
    /// `published::check`), by base id.
    Published(String, Arc<Scenario>),
    /// The comparisons with similar authorities arrived.
    Comparisons(Arc<Comparisons>),
    /// The past forecasts (`hindcast.json`) arrived.
    PastForecasts(Arc<AppFile>),
    /// Whether DfE has approved the local SEND reform plan (the High Needs
    /// Stability Grant's condition).
    PlanApproved(bool),
}

/// The state. Read it through [`Model::saved`] and [`Model::view`].
#[derive(Debug, Clone)]
pub struct Model {
    saved: Saved,
    committed: Saved,
    history: History<Saved>,
    notices: Vec<(u32, Notice)>,
    next_notice: u32,
    control_note: Option<(Control, String)>,
    pending: Option<Pending>,
    goal: Option<usize>,
    target_t: Option<usize>,
    /// The published data fetched so far (shared: the shell's copy of it
    /// costs a pointer, and it changes only when a file arrives).
    loaded: Arc<Loaded>,
}

/// What the page shows of the state, besides the scenario itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub can_undo: bool,
    pub can_redo: bool,
    pub notices: Vec<(u32, Notice)>,
    /// A message under one control (a target out of reach, a number refused).
    pub control_note: Option<(Control, String)>,
    pub pending: Option<PendingView>,
}

/// A held-back change as its warning shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingView {
    pub origin: Origin,
    /// The warning's first line, in words.
    pub heading: String,
    pub warnings: Vec<String>,
}

impl Model {
    /// The page opening on `saved`, with the notices its start gave.
    pub fn new(saved: Saved, notices: Vec<Notice>, loaded: Loaded) -> Model {
        let mut m = Model {
            committed: saved.clone(),
            saved,
            history: History::new(UNDO_STEPS),
            notices: Vec::new(),
            next_notice: 0,
            control_note: None,
            pending: None,
            goal: None,
            target_t: None,
            loaded: Arc::new(loaded),
        };
        for n in notices {
            m.notify(n);
        }
        m
    }

    /// The scenario open now.
    pub fn saved(&self) -> &Saved {
        &self.saved
    }

    /// The published data fetched so far.
    pub fn loaded(&self) -> &Arc<Loaded> {
        &self.loaded
    }

    pub fn goal(&self) -> Option<usize> {
        self.goal
    }

    pub fn target_t(&self) -> Option<usize> {
        self.target_t
    }

    pub fn view(&self) -> View {
        View {
            can_undo: self.history.can_undo(),
            can_redo: self.history.can_redo(),
            notices: self.notices.clone(),
            control_note: self.control_note.clone(),
            pending: self.pending.as_ref().map(|p| PendingView {
                origin: p.origin,
                heading: p.what.check(p.warnings.len()),
                warnings: p.warnings.clone(),
            }),
        }
    }

    /// Apply one event. Whether it was taken: false for an aim or a typed
    /// number refused, and for figures held back by a warning; true
    /// otherwise.
    pub fn update(&mut self, event: Event) -> bool {
        match event {
            Event::Set(control, value) => {
                let outcome = explorer::set(&mut self.saved, control, value);
                self.note(control, outcome);
            }
            Event::TypeIn(control, text) => return self.type_in(control, &text),
            Event::NotANumber(control, text) => self.refuse(control, &text),
            Event::Aim(control, text) => return self.aim(control, &text),
            Event::Commit => self.commit(),
            Event::Replace(next) => self.replace(next),
            Event::Preset(name) => {
                let mut s = self.saved.clone();
                explorer::apply_preset(&mut s, &name);
                self.replace(s);
            }
            Event::Reset => {
                let mut s = self.saved.clone();
                explorer::reset(&mut s, &self.loaded);
                self.replace(s);
            }
            Event::SwitchAuthority(name) => {
                if let Some(next) = explorer::switch_authority(&self.saved, &name, &self.loaded) {
                    self.replace(next);
                }
            }
            Event::Undo => {
                self.commit();
                if let Some(prev) = self.history.undo(self.saved.clone()) {
                    self.committed = prev.clone();
                    self.control_note = None;
                    self.saved = prev;
                }
            }
            Event::Redo => {
                if let Some(next) = self.history.redo(self.saved.clone()) {
                    self.committed = next.clone();
                    self.control_note = None;
                    self.saved = next;
                }
            }
            Event::Offer(origin, what, next) => {
                let warnings = plausible::warnings(&self.saved.scenario, &next.scenario);
                if warnings.is_empty() {
                    self.pending = None;
                    self.replace(next);
                } else {
                    self.pending = Some(Pending {
                        origin,
                        what,
                        next,
                        warnings,
                    });
                    return false;
                }
            }
            Event::Accept => {
                if let Some(p) = self.pending.take() {
                    let who = p.next.scenario.authority.name.clone();
                    self.replace(p.next);
                    self.notify(Notice::info(format!(
                        "Used {} for {who}, despite the warning. Undo brings back what was open before.",
                        p.what.named()
                    )));
                }
            }
            Event::Decline => self.pending = None,
            Event::Notify(n) => self.notify(n),
            Event::Dismiss(id) => self.notices.retain(|(i, _)| *i != id),
            Event::Goal(g) => self.goal = g,
            Event::TargetYear(t) => self.target_t = t,
            Event::Published(id, scenario) => Arc::make_mut(&mut self.loaded).add(&id, scenario),
            Event::Comparisons(c) => Arc::make_mut(&mut self.loaded).set_comparisons(c),
            Event::PastForecasts(f) => Arc::make_mut(&mut self.loaded).set_hindcast(f),
            Event::PlanApproved(on) => {
                self.saved
                    .scenario
                    .authority
                    .deficit
                    .stability_grant
                    .plan_approved = on;
            }
        }
        true
    }

    fn notify(&mut self, notice: Notice) {
        self.notices.push((self.next_notice, notice));
        self.next_notice += 1;
    }

    fn note(&mut self, control: Control, outcome: Outcome) {
        self.control_note = match outcome {
            Outcome::Done => None,
            Outcome::OutOfReach(m) | Outcome::AlreadyMet(m) => Some((control, m)),
        };
    }

    fn commit(&mut self) {
        if self.saved != self.committed {
            self.history.record(self.committed.clone());
            self.committed = self.saved.clone();
        }
    }

    fn replace(&mut self, next: Saved) {
        self.commit();
        self.control_note = None;
        self.saved = next;
        self.commit();
    }

    fn aim(&mut self, control: Control, text: &str) -> bool {
        let mainstream = match control {
            Control::Lever(LeverId::Inclusion) => true,
            Control::Lever(LeverId::Independent) => false,
            _ => return false,
        };
        let trimmed = text.trim();
        let Some(v) = hne_model::num::parse_f64(trimmed.trim_end_matches('%').trim())
            .filter(|v| (0.0..=100.0).contains(v))
        else {
            self.control_note = Some((
                control,
                format!(
                    "{} is not a share: enter a percentage from 0 to 100. Nothing was changed.",
                    if trimmed.is_empty() {
                        "Nothing".to_string()
                    } else {
                        format!("\"{trimmed}\"")
                    }
                ),
            ));
            return false;
        };
        let outcome = explorer::aim(&mut self.saved, mainstream, v);
        self.commit();
        self.note(control, outcome);
        true
    }

    fn refuse(&mut self, control: Control, text: &str) {
        let s = control.spec();
        let (lo, hi) = explorer::bounds(&self.saved.scenario, control);
        let shown = if text.trim().is_empty() {
            "nothing".to_string()
        } else {
            format!("\"{}\"", text.trim())
        };
        self.control_note = Some((
            control,
            format!(
                "{shown} is not a number: enter a number from {lo} to {hi}{}. Nothing was changed.",
                if s.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", s.unit)
                }
            ),
        ));
    }

    fn type_in(&mut self, control: Control, text: &str) -> bool {
        // As people write it: "20%" in a field whose unit is per cent is
        // 20, and "1,000" places is a thousand.
        let plain = text.trim().trim_end_matches('%').trim_end();
        let Ok(v) = hne_model::csv::parse_number(plain) else {
            self.refuse(control, text);
            return false;
        };
        let outcome = explorer::set(&mut self.saved, control, v);
        self.note(control, outcome);
        self.commit();
        let (lo, hi) = explorer::bounds(&self.saved.scenario, control);
        if v < lo || v > hi {
            self.control_note = Some((
                control,
                format!(
                    "{v} is outside the range {lo} to {hi}: brought within range, to {}.",
                    if v < lo { lo } else { hi }
                ),
            ));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::schema::Caseload;

    fn start() -> Model {
        Model::new(
            Saved::example("example").unwrap(),
            vec![Notice::info("Hello")],
            Loaded::default(),
        )
    }

    fn lever(m: &Model, id: LeverId) -> f64 {
        explorer::value(&m.saved().scenario, Control::Lever(id))
    }

    #[test]
    fn a_move_is_one_undo_step_once_committed_and_undo_is_derived() {
        let mut m = start();
        assert!(!m.view().can_undo && !m.view().can_redo);
        assert_eq!(m.view().notices.len(), 1);
        let c = Control::Lever(LeverId::Demand);
        for v in [5.0, 10.0, 15.0] {
            m.update(Event::Set(c, v));
        }
        assert_eq!(lever(&m, LeverId::Demand), 15.0);
        m.update(Event::Commit);
        assert!(m.view().can_undo);
        m.update(Event::Undo);
        assert_eq!(lever(&m, LeverId::Demand), 0.0);
        assert!(!m.view().can_undo && m.view().can_redo);
        m.update(Event::Redo);
        assert_eq!(lever(&m, LeverId::Demand), 15.0);
        // An uncommitted move is committed by undo, then undone.
        m.update(Event::Set(c, 30.0));
        m.update(Event::Undo);
        assert_eq!(lever(&m, LeverId::Demand), 15.0);
    }

    #[test]
    fn typed_numbers_are_read_as_people_write_them_and_refused_in_words() {
        let mut m = start();
        let c = Control::Lever(LeverId::Demand);
        assert!(m.update(Event::TypeIn(c, " 20% ".into())));
        assert_eq!(lever(&m, LeverId::Demand), 20.0);
        assert!(m.view().can_undo);
        assert!(!m.update(Event::TypeIn(c, "lots".into())));
        let (on, note) = m.view().control_note.unwrap();
        assert_eq!(on, c);
        assert!(
            note.starts_with("\"lots\" is not a number: enter a number from 0 to "),
            "{note}"
        );
        assert!(note.ends_with("Nothing was changed."), "{note}");
        assert_eq!(lever(&m, LeverId::Demand), 20.0);
        m.update(Event::TypeIn(c, "1,000".into()));
        let (_, note) = m.view().control_note.unwrap();
        assert!(
            note.starts_with("1000 is outside the range 0 to "),
            "{note}"
        );
        assert!(lever(&m, LeverId::Demand) < 1000.0);
    }

    #[test]
    fn an_aim_that_is_not_a_share_changes_nothing_and_says_why() {
        let mut m = start();
        let c = Control::Lever(LeverId::Inclusion);
        assert!(!m.update(Event::Aim(c, "".into())));
        assert_eq!(
            m.view().control_note.unwrap().1,
            "Nothing is not a share: enter a percentage from 0 to 100. Nothing was changed."
        );
        assert!(!m.view().can_undo);
        assert!(!m.update(Event::Aim(Control::Lever(LeverId::Demand), "40".into())));
        assert!(m.update(Event::Aim(c, "45%".into())));
        assert!(lever(&m, LeverId::Inclusion) > 0.0);
        assert!(m.view().can_undo);
    }

    #[test]
    fn figures_that_look_wrong_wait_for_the_user_and_nothing_changes_meanwhile() {
        let mut m = start();
        let before = m.saved().clone();
        let mut odd = before.clone();
        let special = odd
            .scenario
            .authority
            .settings
            .iter()
            .find(|s| s.kind == hne_model::schema::Kind::Special)
            .unwrap()
            .id
            .clone();
        odd.scenario
            .authority
            .caseload
            .insert(special, Caseload::Total(6000.0));
        assert!(!m.update(Event::Offer(
            Origin::Import,
            Held::File("x.json".into()),
            odd.clone()
        )));
        assert_eq!(m.saved(), &before);
        let p = m.view().pending.unwrap();
        assert_eq!(p.origin, Origin::Import);
        assert_eq!(
            p.heading,
            "Check before these are used: a figure in x.json looks wrong."
        );
        m.update(Event::Decline);
        assert!(m.view().pending.is_none());
        assert_eq!(m.saved(), &before);
        m.update(Event::Offer(Origin::Edit, Held::Rows, odd.clone()));
        m.update(Event::Accept);
        assert_eq!(m.saved(), &odd);
        let (_, last) = m.view().notices.last().cloned().unwrap();
        assert!(
            last.text.starts_with("Used the rows added for "),
            "{}",
            last.text
        );
        m.update(Event::Undo);
        assert_eq!(m.saved(), &before);
        // Figures that look right are used at once.
        assert!(m.update(Event::Offer(
            Origin::Import,
            Held::File("y.csv".into()),
            before.clone()
        )));
    }

    #[test]
    fn presets_reset_and_notices() {
        let mut m = start();
        m.update(Event::Preset("dbv".into()));
        assert!(lever(&m, LeverId::Inclusion) > 0.0);
        m.update(Event::Reset);
        assert_eq!(lever(&m, LeverId::Inclusion), 0.0);
        m.update(Event::Undo);
        assert!(lever(&m, LeverId::Inclusion) > 0.0);
        m.update(Event::Notify(Notice::warning("Careful")));
        let ids: Vec<u32> = m.view().notices.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, vec![0, 1]);
        m.update(Event::Dismiss(0));
        assert_eq!(m.view().notices.len(), 1);
        m.update(Event::Goal(Some(3)));
        m.update(Event::TargetYear(Some(2)));
        assert_eq!((m.goal(), m.target_t()), (Some(3), Some(2)));
        m.update(Event::PlanApproved(false));
        assert!(
            !m.saved()
                .scenario
                .authority
                .deficit
                .stability_grant
                .plan_approved
        );
    }
}
