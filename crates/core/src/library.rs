//! Saved scenarios: a named library in the browser's local storage.
//!
//! The layout is versioned. An index (`hne.saved.v1`: the format version and
//! the list of ids, names and dates) sits beside one key per scenario
//! (`hne.saved.v1.<id>`, the scenario's JSON). Each scenario has its own key
//! so that one damaged entry loses nothing else: it is set aside, the user
//! is told, and the others open as before. An index that cannot be read is
//! set aside too, and rebuilt from the entries it listed. Older layouts are
//! migrated on first read (version 0 kept everything in one key,
//! `hne.saved`, with `title` for the name).
//!
//! Pure over a small [`Store`] trait, so every case is tested natively; the
//! browser's local storage is one implementation (`src/ui/library.rs` in the app crate).

use hne_model::json::{self, Json, Value};

use crate::state::saved::{from_json, to_json, Saved};

pub const INDEX_KEY: &str = "hne.saved.v1";
const ENTRY_PREFIX: &str = "hne.saved.v1.";
const OLD_KEY: &str = "hne.saved";
pub const VERSION: u32 = 1;

/// Where the library lives: local storage in the browser, a map in tests.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&mut self, key: &str);
    /// Every key held.
    fn keys(&self) -> Vec<String>;
}

/// One saved scenario in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// The day it was saved, in words.
    pub saved: String,
}

/// The index, and what the user should be told about reading it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub notices: Vec<String>,
}

fn field<'a>(fields: &'a [(String, Json)], name: &str) -> Option<&'a Value> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| &v.value)
}

fn text(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn write_index(store: &mut impl Store, entries: &[Entry]) -> Result<(), String> {
    let entries: Vec<_> = entries
        .iter()
        .map(|e| serde_json::json!({"id": e.id, "name": e.name, "saved": e.saved}))
        .collect();
    let index = serde_json::json!({"version": VERSION, "entries": entries});
    store.set(INDEX_KEY, &index.to_string())
}

/// Read the index, migrating an older layout and mending a damaged one.
pub fn list(store: &mut impl Store) -> Listing {
    let mut out = Listing::default();
    if store.get(INDEX_KEY).is_none() {
        if let Some(old) = store.get(OLD_KEY) {
            migrate_v0(store, &old, &mut out);
        }
    }
    let Some(raw) = store.get(INDEX_KEY) else {
        return out;
    };
    let parsed = json::parse(&raw).ok().and_then(|root| match root.value {
        Value::Object(fields) => Some(fields),
        _ => None,
    });
    let entries = parsed.as_ref().and_then(|fields| {
        if !matches!(field(fields, "version"), Some(Value::Number(n)) if n == "1") {
            return None;
        }
        match field(fields, "entries") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(|j| match &j.value {
                        Value::Object(f) => Some(Entry {
                            id: text(field(f, "id"))?,
                            name: text(field(f, "name")).unwrap_or_default(),
                            saved: text(field(f, "saved")).unwrap_or_default(),
                        }),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        }
    });
    match entries {
        Some(e) => out.entries = e,
        None => {
            // Keep what was there, and rebuild the list from the entries.
            let _ = store.set(&format!("{INDEX_KEY}.unreadable-index"), &raw);
            let mut ids: Vec<String> = store
                .keys()
                .into_iter()
                .filter_map(|k| k.strip_prefix(ENTRY_PREFIX).map(str::to_string))
                .filter(|id| id.bytes().all(|c| c.is_ascii_alphanumeric()))
                .collect();
            ids.sort();
            out.entries = ids
                .into_iter()
                .map(|id| {
                    let name = store
                        .get(&format!("{ENTRY_PREFIX}{id}"))
                        .and_then(|t| from_json(&t).ok())
                        .map_or_else(|| format!("Saved scenario {id}"), |s| s.scenario.name);
                    Entry {
                        id,
                        name,
                        saved: String::new(),
                    }
                })
                .collect();
            let _ = write_index(store, &out.entries);
            out.notices.push(format!(
                "The list of saved scenarios could not be read; it was rebuilt from the {} scenario(s) found, and the damaged list is kept aside under {INDEX_KEY}.unreadable-index.",
                out.entries.len()
            ));
        }
    }
    out
}

/// Version 0: one key (`hne.saved`) holding `[{title, saved, scenario}]`,
/// the scenario as JSON text.
fn migrate_v0(store: &mut impl Store, old: &str, out: &mut Listing) {
    let Ok(root) = json::parse(old) else {
        let _ = store.set(&format!("{OLD_KEY}.unreadable"), old);
        store.remove(OLD_KEY);
        out.notices.push("Scenarios saved by an older version could not be read; they are kept aside under hne.saved.unreadable.".into());
        return;
    };
    let mut entries = Vec::new();
    if let Value::Array(items) = root.value {
        for (i, item) in items.iter().enumerate() {
            let Value::Object(f) = &item.value else {
                continue;
            };
            let (Some(title), Some(scenario)) =
                (text(field(f, "title")), text(field(f, "scenario")))
            else {
                continue;
            };
            let id = format!("m{i}");
            if store.set(&format!("{ENTRY_PREFIX}{id}"), &scenario).is_ok() {
                entries.push(Entry {
                    id,
                    name: title,
                    saved: text(field(f, "saved")).unwrap_or_default(),
                });
            }
        }
    }
    if write_index(store, &entries).is_ok() {
        store.remove(OLD_KEY);
        out.notices.push(format!(
            "{} scenario(s) saved by an older version were moved to the new list.",
            entries.len()
        ));
    }
}

fn new_id(entries: &[Entry], seed: u64) -> String {
    let mut n = seed;
    loop {
        let id = format!("s{:x}", n & 0xffff_ffff);
        if !entries.iter().any(|e| e.id == id) {
            return id;
        }
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
}

fn clean_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("Give the scenario a name.".into());
    }
    if n.chars().count() > 120 {
        return Err("Names are at most 120 characters.".into());
    }
    Ok(n.to_string())
}

/// Save a scenario under a name; `seed` makes the id (the time, in the app).
pub fn save(
    store: &mut impl Store,
    name: &str,
    saved: &Saved,
    date: &str,
    seed: u64,
) -> Result<Entry, String> {
    let name = clean_name(name)?;
    let mut entries = list(store).entries;
    let mut copy = saved.clone();
    copy.scenario.name = name.clone();
    let entry = Entry {
        id: new_id(&entries, seed),
        name,
        saved: date.to_string(),
    };
    store.set(
        &format!("{ENTRY_PREFIX}{}", entry.id),
        &to_json(&copy, true),
    )?;
    entries.push(entry.clone());
    write_index(store, &entries)?;
    Ok(entry)
}

/// Open a saved scenario. A damaged one is set aside and named.
pub fn load(store: &mut impl Store, id: &str) -> Result<Saved, String> {
    let entries = list(store).entries;
    let name = entries
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.clone())
        .unwrap_or_default();
    let key = format!("{ENTRY_PREFIX}{id}");
    let raw = store
        .get(&key)
        .ok_or_else(|| format!("\"{name}\" is no longer in this browser."))?;
    from_json(&raw).map_err(|e| {
        let _ = store.set(&format!("{key}.unreadable"), &raw);
        store.remove(&key);
        let rest: Vec<Entry> = entries.iter().filter(|x| x.id != id).cloned().collect();
        let _ = write_index(store, &rest);
        format!(
            "The saved scenario \"{name}\" could not be read ({}). It is kept aside under {key}.unreadable; the others are untouched.",
            e.message("this saved scenario")
        )
    })
}

pub fn rename(store: &mut impl Store, id: &str, name: &str) -> Result<(), String> {
    let name = clean_name(name)?;
    let mut entries = list(store).entries;
    let e = entries
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or("That scenario is no longer saved.")?;
    e.name = name;
    write_index(store, &entries)
}

pub fn duplicate(store: &mut impl Store, id: &str, date: &str, seed: u64) -> Result<Entry, String> {
    let saved = load(store, id)?;
    let name = list(store)
        .entries
        .iter()
        .find(|e| e.id == id)
        .map_or("Scenario".to_string(), |e| e.name.clone());
    save(store, &format!("{name} (copy)"), &saved, date, seed)
}

pub fn delete(store: &mut impl Store, id: &str) {
    let entries: Vec<Entry> = list(store)
        .entries
        .into_iter()
        .filter(|e| e.id != id)
        .collect();
    store.remove(&format!("{ENTRY_PREFIX}{id}"));
    let _ = write_index(store, &entries);
}

/// Every saved scenario as one file.
pub fn export_all(store: &mut impl Store) -> String {
    let entries = list(store).entries;
    let mut out = format!(
        "{{\"format\":\"high-needs-explorer library\",\"version\":{VERSION},\"scenarios\":["
    );
    let mut first = true;
    for e in &entries {
        if let Some(raw) = store.get(&format!("{ENTRY_PREFIX}{}", e.id)) {
            if from_json(&raw).is_err() {
                continue;
            }
            let head = serde_json::json!({"name": e.name, "saved": e.saved}).to_string();
            let head = head.trim_end_matches('}');
            if !first {
                out.push(',');
            }
            first = false;
            out += &format!("{head},\"scenario\":{raw}}}");
        }
    }
    out + "]}"
}

/// Add every scenario of an exported file, all or nothing: the count added,
/// or every problem.
pub fn import_all(store: &mut impl Store, file: &str, seed: u64) -> Result<usize, Vec<String>> {
    let root =
        json::parse(file).map_err(|p| vec![format!("The file is not a library export: {p}")])?;
    let Value::Object(fields) = &root.value else {
        return Err(vec!["The file is not a library export.".into()]);
    };
    if text_of(fields, "format").as_deref() != Some("high-needs-explorer library") {
        return Err(vec!["The file is not a library export of High Needs Explorer (no \"format\": \"high-needs-explorer library\").".into()]);
    }
    let Some(Value::Array(items)) = field(fields, "scenarios") else {
        return Err(vec!["The file has no \"scenarios\" list.".into()]);
    };
    let mut ready = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(f) = &item.value else {
            problems.push(format!(
                "Scenario {} (line {}): not an object",
                i + 1,
                item.line
            ));
            continue;
        };
        let name = text(field(f, "name")).unwrap_or_else(|| format!("Imported {}", i + 1));
        let Some((_, sj)) = f.iter().find(|(k, _)| k == "scenario") else {
            problems.push(format!(
                "\"{name}\" (line {}): it has no scenario",
                item.line
            ));
            continue;
        };
        let raw = &file[offset(file, sj.line, sj.column)..];
        let end = matching_end(raw);
        match from_json(&raw[..end]) {
            Ok(s) => ready.push((name, text(field(f, "saved")).unwrap_or_default(), s)),
            Err(e) => problems.push(format!(
                "\"{name}\" (line {}): {}",
                sj.line,
                e.message("this saved scenario")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let n = ready.len();
    for (i, (name, saved, s)) in ready.into_iter().enumerate() {
        save(store, &name, &s, &saved, seed.wrapping_add(i as u64 * 7919)).map_err(|e| vec![e])?;
    }
    Ok(n)
}

fn text_of(fields: &[(String, Json)], name: &str) -> Option<String> {
    text(field(fields, name))
}

/// Byte offset of a 1-based line and column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut at = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return at + column - 1;
        }
        at += l.len();
    }
    at
}

/// Length of the JSON object starting at the front of `s`.
fn matching_end(s: &str) -> usize {
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for (i, c) in s.char_indices() {
        if in_str {
            match c {
                _ if esc => esc = false,
                '\\' => esc = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
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

    fn plan(preset: &str) -> Saved {
        let mut s = Saved::example("example").unwrap();
        crate::explorer::apply_preset(&mut s, preset);
        s
    }

    #[test]
    fn save_rename_duplicate_delete() {
        let mut m = Mem::default();
        let a = save(
            &mut m,
            "DBV, March draft",
            &plan("dbv"),
            "22 November 2026",
            1,
        )
        .unwrap();
        let b = save(
            &mut m,
            "Safety Valve",
            &plan("safety_valve"),
            "22 November 2026",
            2,
        )
        .unwrap();
        assert_eq!(list(&mut m).entries.len(), 2);
        assert_eq!(
            load(&mut m, &a.id).unwrap().scenario.levers,
            plan("dbv").scenario.levers
        );
        rename(&mut m, &a.id, "DBV, final").unwrap();
        assert_eq!(list(&mut m).entries[0].name, "DBV, final");
        let c = duplicate(&mut m, &b.id, "23 November 2026", 3).unwrap();
        assert_eq!(c.name, "Safety Valve (copy)");
        assert_eq!(
            load(&mut m, &c.id).unwrap().scenario.levers,
            plan("safety_valve").scenario.levers
        );
        delete(&mut m, &b.id);
        let names: Vec<String> = list(&mut m).entries.into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["DBV, final", "Safety Valve (copy)"]);
        assert!(save(&mut m, "  ", &plan("dbv"), "", 4).is_err());
    }

    #[test]
    fn a_damaged_entry_is_set_aside_and_the_others_kept() {
        let mut m = Mem::default();
        let a = save(&mut m, "A", &plan("dbv"), "", 1).unwrap();
        let b = save(&mut m, "B", &plan("unmitigated"), "", 2).unwrap();
        m.0.insert(
            format!("{ENTRY_PREFIX}{}", a.id),
            "{\"schema\":1,\"hor".into(),
        );
        let e = load(&mut m, &a.id).unwrap_err();
        assert!(
            e.contains("\"A\" could not be read") && e.contains("kept aside"),
            "{e}"
        );
        assert!(m
            .0
            .contains_key(&format!("{ENTRY_PREFIX}{}.unreadable", a.id)));
        assert_eq!(list(&mut m).entries, vec![b.clone()]);
        assert!(load(&mut m, &b.id).is_ok());
    }

    #[test]
    fn a_damaged_index_is_rebuilt_from_the_entries() {
        let mut m = Mem::default();
        save(&mut m, "A", &plan("dbv"), "", 1).unwrap();
        save(&mut m, "B", &plan("unmitigated"), "", 2).unwrap();
        m.0.insert(INDEX_KEY.into(), "not json".into());
        let l = list(&mut m);
        assert_eq!(l.entries.len(), 2);
        assert!(l.notices[0].contains("rebuilt"), "{:?}", l.notices);
        let mut names: Vec<String> = l.entries.into_iter().map(|e| e.name).collect();
        names.sort();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn an_older_layout_is_migrated() {
        let mut m = Mem::default();
        let scenario = to_json(&plan("dbv"), true)
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        m.0.insert(
            OLD_KEY.into(),
            format!(
                "[{{\"title\":\"Old plan\",\"saved\":\"1 May 2026\",\"scenario\":\"{scenario}\"}}]"
            ),
        );
        let l = list(&mut m);
        assert_eq!(l.entries.len(), 1);
        assert_eq!(l.entries[0].name, "Old plan");
        assert!(l.notices[0].contains("moved to the new list"));
        assert!(!m.0.contains_key(OLD_KEY));
        assert_eq!(
            load(&mut m, &l.entries[0].id).unwrap().scenario.levers,
            plan("dbv").scenario.levers
        );
    }

    #[test]
    fn export_and_import_all() {
        let mut m = Mem::default();
        save(&mut m, "A <b>", &plan("dbv"), "1 May", 1).unwrap();
        save(&mut m, "B", &plan("safety_valve"), "2 May", 2).unwrap();
        let file = export_all(&mut m);
        let mut other = Mem::default();
        assert_eq!(import_all(&mut other, &file, 9).unwrap(), 2);
        let l = list(&mut other).entries;
        assert_eq!(
            l.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
            ["A <b>", "B"]
        );
        assert_eq!(
            load(&mut other, &l[1].id).unwrap().scenario.levers,
            plan("safety_valve").scenario.levers
        );
        // All or nothing.
        let bad = file.replacen("\"horizon\":", "\"horizon\":\"x\",\"h2\":", 1);
        let mut third = Mem::default();
        assert!(import_all(&mut third, &bad, 9).is_err());
        assert!(list(&mut third).entries.is_empty());
        assert!(
            import_all(&mut third, "{\"a\":1}", 9).unwrap_err()[0].contains("not a library export")
        );
    }
}
