//! [`Map`]: the scenario format's maps keyed by setting id, year or phase.
//!
//! Why not `BTreeMap`: these maps hold a handful of entries (a dozen settings
//! at most), and every `BTreeMap<String, V>` brings its own copy of the tree
//! code (insert, clone, drop, compare, iterate) into the browser's wasm:
//! about 17 KB for the four value types the format uses. A vector kept in key
//! order does the same job with a fraction of the code, and it iterates in the
//! same order, so files are written exactly as before.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A small map from `String` keys to values, kept sorted by key.
#[derive(Clone, PartialEq)]
pub struct Map<V>(Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<V> Map<V> {
    pub fn new() -> Self {
        Map(Vec::new())
    }
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
    /// Inserts or replaces; returns the value replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        match self.find(key) {
            Ok(i) => Some(&mut self.0[i].1),
            Err(_) => None,
        }
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
    /// A map from pairs in any order; a key given twice keeps its last value.
    pub fn from_pairs(mut pairs: Vec<(String, V)>) -> Self {
        // A stable sort keeps repeats in the order given; keep the last.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, V)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Map(out)
    }
    pub fn clear(&mut self) {
        self.0.clear()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }
}

impl<V> FromIterator<(String, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<V> IntoIterator for Map<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        fn pair<V>((k, v): &(String, V)) -> (&String, &V) {
            (k, v)
        }
        self.0.iter().map(pair)
    }
}

impl<V: fmt::Debug> fmt::Debug for Map<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Map<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V_<V> {
            type Value = Map<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Map<V>, A::Error> {
                // Collected, then sorted once: a file can hold a map of
                // thousands of keys, and inserting each in order would take
                // time growing with the square of their number.
                let mut pairs = Vec::with_capacity(a.size_hint().unwrap_or(0).min(4096));
                while let Some((k, v)) = a.next_entry::<String, V>()? {
                    pairs.push((k, v));
                }
                Ok(Map::from_pairs(pairs))
            }
        }
        d.deserialize_map(V_(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::Map;

    #[test]
    fn keeps_key_order_and_replaces() {
        let mut m = Map::new();
        assert_eq!(m.insert("special".into(), 1.0), None);
        assert_eq!(m.insert("independent".into(), 2.0), None);
        assert_eq!(m.insert("mainstream".into(), 3.0), None);
        assert_eq!(m.insert("special".into(), 4.0), Some(1.0));
        let keys: Vec<_> = m.keys().map(String::as_str).collect();
        assert_eq!(keys, ["independent", "mainstream", "special"]);
        assert_eq!(m.get("special"), Some(&4.0));
        assert_eq!(m.get("post16"), None);
        assert_eq!(m.remove("mainstream"), Some(3.0));
        assert_eq!(m.len(), 2);
        assert!(!m.contains_key("mainstream"));
    }

    #[test]
    fn from_pairs_sorts_and_keeps_the_last_of_a_repeat() {
        let m = Map::from_pairs(vec![("b".into(), 1), ("a".into(), 2), ("b".into(), 3)]);
        assert_eq!(m.get("b"), Some(&3));
        assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn serde_is_a_json_object_in_key_order() {
        let m: Map<f64> = serde_json::from_str(r#"{"b": 2, "a": 1}"#).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"a":1.0,"b":2.0}"#);
    }
}
