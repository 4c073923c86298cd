//! Undo and redo over whole states.
//!
//! Whole states, not edits: a scenario is a few kilobytes and comparing or
//! cloning one is cheap next to a projection, and it makes undo exact. A
//! slider drag sends many `input` events but only one `change`; the app
//! records on `change`, so one drag is one step to undo.

/// Past and future states around the current one (which the app holds).
#[derive(Debug, Clone)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    limit: usize,
}

impl<T: Clone + PartialEq> History<T> {
    pub fn new(limit: usize) -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// A change was committed; `before` is the state it replaced.
    pub fn record(&mut self, before: T) {
        if self.past.last() == Some(&before) {
            return;
        }
        self.past.push(before);
        if self.past.len() > self.limit {
            self.past.remove(0);
        }
        self.future.clear();
    }

    /// The state to go back to, given the current one.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let prev = self.past.pop()?;
        self.future.push(current);
        Some(prev)
    }

    /// The state to go forward to, given the current one.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
        self.past.push(current);
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_states() {
        let mut h = History::new(10);
        let mut cur = 0;
        for next in 1..=3 {
            h.record(cur);
            cur = next;
        }
        assert!(!h.can_redo());
        cur = h.undo(cur).unwrap();
        assert_eq!(cur, 2);
        cur = h.undo(cur).unwrap();
        assert_eq!(cur, 1);
        cur = h.redo(cur).unwrap();
        assert_eq!(cur, 2);
        // A new change drops the redo branch.
        h.record(cur);
        cur = 9;
        assert!(!h.can_redo());
        assert_eq!(h.undo(cur), Some(2));
    }

    #[test]
    fn the_limit_drops_the_oldest() {
        let mut h = History::new(2);
        for s in 0..5 {
            h.record(s);
        }
        assert_eq!(h.undo(5), Some(4));
        assert_eq!(h.undo(4), Some(3));
        assert_eq!(h.undo(3), None);
    }

    #[test]
    fn recording_the_same_state_twice_is_one_step() {
        let mut h = History::new(5);
        h.record(1);
        h.record(1);
        assert_eq!(h.undo(2), Some(1));
        assert!(!h.can_undo());
    }
}
