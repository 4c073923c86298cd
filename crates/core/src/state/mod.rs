//! The scenario in and out of the browser: the link (`saved::to_link`), local
//! storage, and undo history. What to open at start is decided by
//! [`startup`], a pure function, so that every case (good link, damaged link,
//! stale link, corrupt storage) is tested natively.

pub mod codec;
pub mod history;
pub mod saved;

use crate::published::Loaded;
use saved::{LoadError, Saved};

use crate::store::{set_aside, write_checked, Store};

/// Where local storage keeps the current scenario.
pub const STORAGE_KEY: &str = "hne.scenario.v1";
/// Where a copy that could not be read is moved, so nothing is lost.
pub const UNREADABLE_KEY: &str = "hne.scenario.v1.unreadable";
/// Where the user's own scenario is kept when a shared link's scenario,
/// once changed, is saved in its place (further copies in `-2`, `-3`, …).
pub const BEFORE_LINK_KEY: &str = "hne.scenario.v1.before-link";

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
}

/// A message for the notice area.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// Offer to bring back the scenario kept under [`BEFORE_LINK_KEY`].
    pub offer_restore: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Info,
            text: text.into(),
            offer_restore: false,
        }
    }
    pub fn warning(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Warning,
            text: text.into(),
            offer_restore: false,
        }
    }
}

/// What to open, what to tell the user, and what to keep aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Startup {
    pub saved: Saved,
    pub notices: Vec<Notice>,
    /// Move the stored copy to [`UNREADABLE_KEY`]: it could not be read.
    pub set_aside_unreadable: bool,
    /// The scenario came from a shared link while the user's own is saved
    /// in this browser: the own one stays where it is until the link's
    /// scenario is changed (see [`Keeper`]).
    pub keep_before_link: bool,
}

/// Decide what to open from the URL fragment and the stored copy.
///
/// A good link wins, and the stored scenario it replaces is kept. A bad link
/// is named and the stored scenario opens instead, untouched. A stored copy
/// that cannot be read is named and set aside; the example opens.
pub fn startup(fragment: &str, stored: Option<&str>, loaded: &Loaded) -> Startup {
    let mut notices = Vec::new();
    let mut set_aside_unreadable = false;
    let from_storage = match stored.map(|t| saved::from_json(t, loaded)) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            set_aside_unreadable = true;
            notices.push(Notice::warning(format!(
                "{} The example opens instead.",
                e.message("the copy saved in this browser")
            )));
            None
        }
    };
    let fallback_name = |s: &Option<Saved>| match s {
        Some(_) => "the scenario saved in this browser opens instead",
        None => "the example opens instead",
    };
    match saved::from_link(fragment, loaded) {
        Ok(Some(link)) => {
            let replaced = from_storage.as_ref().is_some_and(|s| *s != link);
            let mut notice = Notice::info(if replaced {
                "Opened the scenario in the link. Your own scenario is still saved in this browser."
            } else {
                "Opened the scenario in the link."
            });
            notice.offer_restore = replaced;
            notices.push(notice);
            if let Some(note) = saved::version_note(saved::link_model_version(fragment).as_deref())
            {
                notices.push(Notice::info(note));
            }
            Startup {
                saved: link,
                notices,
                set_aside_unreadable,
                keep_before_link: replaced,
            }
        }
        Ok(None) => Startup {
            saved: from_storage.unwrap_or_else(default_saved),
            notices,
            set_aside_unreadable,
            keep_before_link: false,
        },
        Err(e) => {
            notices.push(Notice::warning(link_failed(
                &e,
                fallback_name(&from_storage),
            )));
            Startup {
                saved: from_storage.unwrap_or_else(default_saved),
                notices,
                set_aside_unreadable,
                keep_before_link: false,
            }
        }
    }
}

/// Start from the browser: decide what to open ([`startup`]), then keep
/// aside a stored copy that cannot be read, checked, before anything may
/// replace it. The notice says what really happened.
pub fn open(store: &mut impl Store, fragment: &str, loaded: &Loaded) -> (Startup, Keeper) {
    let stored = store.get(STORAGE_KEY);
    let mut start = startup(fragment, stored.as_deref(), loaded);
    if let (true, Some(raw)) = (start.set_aside_unreadable, stored.as_deref()) {
        let said = match set_aside(store, UNREADABLE_KEY, raw) {
            Ok(key) => {
                store.remove(STORAGE_KEY);
                format!(" It is kept aside in this browser under {key}.")
            }
            Err(_) => " The browser's storage is full, so it could not be kept aside: it is left as it is, and changes here are not saved in this browser (the link holds them).".to_string(),
        };
        if let Some(n) = start.notices.iter_mut().find(|n| n.level == Level::Warning) {
            n.text += &said;
        }
    }
    // What opened from storage is this tab's to write over; a link's
    // scenario that stands in front of the user's own is not written yet.
    let opened_stored = !start.keep_before_link && !start.set_aside_unreadable;
    let keeper = Keeper {
        last_written: stored.filter(|_| opened_stored),
        from_link: start.keep_before_link.then(|| saved::to_json(&start.saved)),
        kept: None,
    };
    (start, keeper)
}

/// Keeps this tab's scenario in the browser's storage without ever costing
/// the user a copy they had. A shared link's scenario is not written until
/// the user changes it, so opening links (in any number of tabs) never
/// touches their own. Whatever storage holds that this tab did not write
/// (the user's own, another tab's work, an unreadable copy) is kept aside,
/// written and read back, before it is replaced; if that cannot be done,
/// nothing is replaced and the user is told.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keeper {
    /// What this tab last wrote to [`STORAGE_KEY`].
    last_written: Option<String>,
    /// The link's scenario as opened, until it is changed.
    from_link: Option<String>,
    /// Where the user's own scenario was kept aside, once it was.
    pub kept: Option<String>,
}

impl Keeper {
    /// Save the open scenario (its JSON). `Ok(Some(notice))` when something
    /// was kept aside on the way; `Err` with a sentence when nothing could
    /// be saved (what was there is untouched).
    pub fn persist(
        &mut self,
        store: &mut impl Store,
        json: &str,
    ) -> Result<Option<Notice>, String> {
        if self.from_link.as_deref() == Some(json) {
            return Ok(None);
        }
        let mut note = None;
        if let Some(current) = store.get(STORAGE_KEY) {
            if Some(current.as_str()) != self.last_written.as_deref() && current != json {
                // A stored copy carries its authority's figures.
                let readable = saved::from_json(&current, &Loaded::default()).is_ok();
                let base = if readable {
                    BEFORE_LINK_KEY
                } else {
                    UNREADABLE_KEY
                };
                let key = set_aside(store, base, &current).map_err(|_| {
                    "the scenario saved in this browser before could not be kept aside (the browser's storage is full), so this one is not saved here; the link still holds it".to_string()
                })?;
                if readable {
                    let mut n = Notice::info(
                        "Your scenario from before is kept aside in this browser: \"Bring back my scenario\" opens it.",
                    );
                    n.offer_restore = true;
                    note = Some(n);
                    self.kept = Some(key);
                }
            }
        }
        write_checked(store, STORAGE_KEY, json)?;
        self.last_written = Some(json.to_string());
        self.from_link = None;
        Ok(note)
    }

    /// The user's own scenario to bring back, and where it is: kept aside,
    /// or still in its place while the link's scenario is unchanged.
    pub fn own(&self, store: &impl Store) -> Option<(String, String)> {
        if let Some(k) = &self.kept {
            return store.get(k).map(|v| (k.clone(), v));
        }
        if self.from_link.is_some() {
            return store.get(STORAGE_KEY).map(|v| (STORAGE_KEY.to_string(), v));
        }
        None
    }
}

fn link_failed(e: &LoadError, instead: &str) -> String {
    format!("{} Nothing was changed: {instead}.", e.message("the link"))
}

/// What a first visit opens: the example authority with a typical
/// Delivering Better Value plan, so the page shows a plan to judge (and the
/// levers set) rather than a blank one. "No plan" is one click away.
pub fn default_saved() -> Saved {
    let mut s = Saved::example(hne_model::examples::NAMES[0]).expect("the first example exists");
    crate::explorer::apply_preset(&mut s, "dbv");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use saved::{to_json, to_link};

    fn plan(preset: &str) -> Saved {
        let mut s = default_saved();
        s.scenario.levers = hne_model::presets::levers(preset).unwrap();
        s
    }

    #[test]
    fn first_visit_opens_the_example_quietly() {
        let s = startup("", None, &Loaded::default());
        assert_eq!(s.saved, default_saved());
        assert!(s.notices.is_empty());
    }

    #[test]
    fn reload_restores_the_stored_scenario() {
        let stored = to_json(&plan("dbv"));
        let s = startup("", Some(&stored), &Loaded::default());
        assert_eq!(s.saved, plan("dbv"));
        assert!(s.notices.is_empty() && !s.set_aside_unreadable);
    }

    #[test]
    fn a_good_link_opens_and_keeps_what_was_there() {
        let stored = to_json(&plan("dbv"));
        let link = to_link(&plan("safety_valve"), &Loaded::default()).fragment;
        let s = startup(&link, Some(&stored), &Loaded::default());
        assert_eq!(s.saved, plan("safety_valve"));
        assert!(s.keep_before_link && s.notices[0].offer_restore);
        // The same scenario as stored: nothing to keep.
        let s = startup(
            &to_link(&plan("dbv"), &Loaded::default()).fragment,
            Some(&stored),
            &Loaded::default(),
        );
        assert!(!s.keep_before_link);
    }

    #[test]
    fn a_tampered_link_is_named_and_the_stored_scenario_opens() {
        let stored = to_json(&plan("dbv"));
        let link = to_link(&plan("safety_valve"), &Loaded::default())
            .fragment
            .replacen('e', "f", 1);
        let s = startup(&link, Some(&stored), &Loaded::default());
        assert_eq!(s.saved, plan("dbv"));
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].level, Level::Warning);
        assert!(
            s.notices[0].text.contains("link is damaged"),
            "{}",
            s.notices[0].text
        );
        assert!(s.notices[0]
            .text
            .contains("saved in this browser opens instead"));
        assert!(!s.keep_before_link && !s.set_aside_unreadable);
    }

    #[test]
    fn corrupt_storage_is_named_and_set_aside() {
        let s = startup("", Some("{\"schema\":1,\"horizon\":"), &Loaded::default());
        assert_eq!(s.saved, default_saved());
        assert!(s.set_aside_unreadable);
        // What happens to the copy is said by `open`, once it has happened
        // (tests/nothing_lost.rs).
        assert!(
            s.notices[0].text.contains("The example opens instead"),
            "{}",
            s.notices[0].text
        );
    }
}
