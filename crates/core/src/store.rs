//! Where the app keeps things in the browser, as a small trait so that
//! every rule is tested natively, including with a write that fails.
//!
//! The rule everything here keeps: a user's copy is never removed or
//! replaced until the copy that keeps it has been written *and read back*.
//! Browsers refuse writes when their storage is full, and a refused write
//! must never cost the user what they had.

use std::collections::BTreeMap;

/// Local storage in the browser, a map in tests.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&mut self, key: &str);
    /// Every key held.
    fn keys(&self) -> Vec<String>;
}

/// Write and read back: `Ok` only when the value is there.
pub fn write_checked(store: &mut impl Store, key: &str, value: &str) -> Result<(), String> {
    store.set(key, value)?;
    if store.get(key).as_deref() == Some(value) {
        Ok(())
    } else {
        Err("this browser's storage did not keep it".into())
    }
}

/// The most copies kept aside for one key.
const MAX_SLOTS: usize = 50;

/// Keep `value` aside under `base` in a slot of its own (`base`, then
/// `base-2`, `base-3`, …), so a second copy never overwrites a first, and
/// check it is there. Returns the slot's key. A slot that already holds the
/// same text is used again.
pub fn set_aside(store: &mut impl Store, base: &str, value: &str) -> Result<String, String> {
    for n in 1..=MAX_SLOTS {
        let key = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        match store.get(&key) {
            Some(held) if held == value => return Ok(key),
            Some(_) => continue,
            None => return write_checked(store, &key, value).map(|()| key),
        }
    }
    Err(format!("{MAX_SLOTS} copies are already kept aside"))
}

/// Everything under a prefix, to put back exactly if an operation fails.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    prefix: String,
    held: BTreeMap<String, String>,
}

impl Snapshot {
    pub fn take(store: &impl Store, prefix: &str) -> Snapshot {
        let held = store
            .keys()
            .into_iter()
            .filter(|k| k.starts_with(prefix))
            .filter_map(|k| store.get(&k).map(|v| (k, v)))
            .collect();
        Snapshot {
            prefix: prefix.to_string(),
            held,
        }
    }

    /// Put every key under the prefix back as it was: new keys removed
    /// first (which frees the room), then changed ones written back.
    pub fn restore(&self, store: &mut impl Store) {
        for k in store.keys() {
            if k.starts_with(&self.prefix) && !self.held.contains_key(&k) {
                store.remove(&k);
            }
        }
        for (k, v) in &self.held {
            if store.get(k).as_deref() != Some(v) {
                let _ = store.set(k, v);
            }
        }
    }
}

/// A store in memory, for tests and the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mem(pub BTreeMap<String, String>);

impl Store for Mem {
    fn get(&self, k: &str) -> Option<String> {
        self.0.get(k).cloned()
    }
    fn set(&mut self, k: &str, v: &str) -> Result<(), String> {
        self.0.insert(k.into(), v.into());
        Ok(())
    }
    fn remove(&mut self, k: &str) {
        self.0.remove(k);
    }
    fn keys(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

/// A store whose writes fail from the `fail_from`-th on (1-based), as a
/// full browser storage refuses them; removals still work. For tests that
/// fail a write at every step of an operation.
#[derive(Debug, Clone, Default)]
pub struct Failing {
    pub inner: Mem,
    pub writes: usize,
    pub fail_from: Option<usize>,
}

impl Failing {
    pub fn new(inner: Mem, fail_from: usize) -> Failing {
        Failing {
            inner,
            writes: 0,
            fail_from: Some(fail_from),
        }
    }
}

impl Store for Failing {
    fn get(&self, k: &str) -> Option<String> {
        self.inner.get(k)
    }
    fn set(&mut self, k: &str, v: &str) -> Result<(), String> {
        self.writes += 1;
        if self.fail_from.is_some_and(|n| self.writes >= n) {
            return Err("this browser's storage is full".into());
        }
        self.inner.set(k, v)
    }
    fn remove(&mut self, k: &str) {
        self.inner.remove(k)
    }
    fn keys(&self) -> Vec<String> {
        self.inner.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_copy_kept_aside_never_overwrites_the_first() {
        let mut s = Mem::default();
        assert_eq!(set_aside(&mut s, "k.aside", "one").unwrap(), "k.aside");
        assert_eq!(set_aside(&mut s, "k.aside", "two").unwrap(), "k.aside-2");
        assert_eq!(set_aside(&mut s, "k.aside", "one").unwrap(), "k.aside");
        assert_eq!(s.get("k.aside").as_deref(), Some("one"));
        assert_eq!(s.get("k.aside-2").as_deref(), Some("two"));
    }

    #[test]
    fn a_refused_write_is_reported_not_assumed() {
        let mut s = Failing::new(Mem::default(), 1);
        assert!(set_aside(&mut s, "k", "v").is_err());
        assert!(write_checked(&mut s, "k", "v").is_err());
        assert_eq!(s.get("k"), None);
    }

    #[test]
    fn a_snapshot_puts_everything_back() {
        let mut s = Mem::default();
        s.set("p.a", "1").unwrap();
        s.set("q", "x").unwrap();
        let snap = Snapshot::take(&s, "p.");
        s.set("p.a", "2").unwrap();
        s.set("p.b", "3").unwrap();
        s.set("q", "y").unwrap();
        snap.restore(&mut s);
        assert_eq!(s.get("p.a").as_deref(), Some("1"));
        assert_eq!(s.get("p.b"), None);
        assert_eq!(s.get("q").as_deref(), Some("y"), "outside the prefix");
    }
}
