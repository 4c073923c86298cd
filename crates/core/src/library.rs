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

pub use crate::store::Store;

/// A copy kept in storage carries its authority's figures whole: reading
/// it needs none of the published data ([`Loaded`]'s default, empty).
use crate::published::Loaded;
use crate::store::{set_aside, write_checked, Snapshot};

/// One saved scenario in the index.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

/// An id as the index holds it: text, or a number written by another tool.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() && !s.contains('.') => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    }
}

fn write_index(store: &mut impl Store, entries: &[Entry]) -> Result<(), String> {
    #[derive(serde::Serialize)]
    struct Index<'a> {
        version: u32,
        entries: &'a [Entry],
    }
    let index = serde_json::to_string(&Index {
        version: VERSION,
        entries,
    })
    .expect("an index always serialises");
    write_checked(store, INDEX_KEY, &index)
}

/// The ids that have an entry in storage, whatever the index says.
fn stored_ids(store: &impl Store) -> Vec<String> {
    let mut ids: Vec<String> = store
        .keys()
        .into_iter()
        .filter_map(|k| k.strip_prefix(ENTRY_PREFIX).map(str::to_string))
        .filter(|id| !id.is_empty() && !id.contains('.'))
        .collect();
    ids.sort();
    ids
}

/// The list rebuilt from the entries in storage.
fn rebuilt(store: &impl Store) -> Vec<Entry> {
    stored_ids(store)
        .into_iter()
        .map(|id| {
            let name = store
                .get(&format!("{ENTRY_PREFIX}{id}"))
                .and_then(|t| from_json(&t, &Loaded::default()).ok())
                .map_or_else(|| format!("Saved scenario {id}"), |s| s.scenario.name);
            Entry {
                id,
                name,
                saved: String::new(),
            }
        })
        .collect()
}

/// Read the index, migrating an older layout and mending a damaged or
/// missing one (rebuilt from the entries in storage). Nothing is removed or
/// overwritten unless a copy of it was first kept and read back.
pub fn list(store: &mut impl Store) -> Listing {
    let mut out = Listing::default();
    if store.get(INDEX_KEY).is_none() {
        if let Some(old) = store.get(OLD_KEY) {
            migrate_v0(store, &old, &mut out);
        }
    }
    let Some(raw) = store.get(INDEX_KEY) else {
        // No list: rebuild it from the entries, if there are any.
        let found = rebuilt(store);
        if !found.is_empty() {
            let kept = write_index(store, &found).is_ok();
            out.notices.push(format!(
                "The list of saved scenarios was missing; it was rebuilt from the {} scenario{} found{}.",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                if kept { "" } else { " (the browser's storage is full, so the rebuilt list is not saved)" }
            ));
            out.entries = found;
        }
        return out;
    };
    let entries = match read_index(store) {
        Index::Read(e) => Some(e),
        _ => None,
    };
    match entries {
        Some(e) => out.entries = e,
        None => {
            // Keep the damaged list aside (checked), then rebuild it from
            // the entries; if it cannot be kept, it stays where it is.
            out.entries = rebuilt(store);
            match set_aside(store, &format!("{INDEX_KEY}.unreadable-index"), &raw) {
                Ok(aside) => {
                    let saved = write_index(store, &out.entries).is_ok();
                    out.notices.push(format!(
                        "The list of saved scenarios could not be read; it was rebuilt from the {} scenario(s) found{}, and the damaged list is kept aside under {aside}.",
                        out.entries.len(),
                        if saved { "" } else { " (not saved: the browser's storage is full)" }
                    ));
                }
                Err(_) => out.notices.push(format!(
                    "The list of saved scenarios could not be read. It is shown rebuilt from the {} scenario(s) found, but the browser's storage is full, so the damaged list is left as it is.",
                    out.entries.len()
                )),
            }
        }
    }
    out
}

/// Version 0: one key (`hne.saved`) holding `[{title, saved, scenario}]`,
/// the scenario as JSON text. The old key is removed only when every
/// scenario in it was moved, or a copy of it was kept aside and read back.
fn migrate_v0(store: &mut impl Store, old: &str, out: &mut Listing) {
    let before = Snapshot::take(store, ENTRY_PREFIX);
    let mut entries = Vec::new();
    let mut missed = 0;
    match json::parse(old).map(|root| root.value) {
        Ok(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let moved = match &item.value {
                    Value::Object(f) => match (text(field(f, "title")), text(field(f, "scenario")))
                    {
                        (Some(title), Some(scenario)) => {
                            let id = format!("m{i}");
                            write_checked(store, &format!("{ENTRY_PREFIX}{id}"), &scenario)
                                .map(|()| Entry {
                                    id,
                                    name: title,
                                    saved: text(field(f, "saved")).unwrap_or_default(),
                                })
                                .ok()
                        }
                        _ => None,
                    },
                    _ => None,
                };
                match moved {
                    Some(e) => entries.push(e),
                    None => missed += 1,
                }
            }
        }
        _ => missed += 1,
    }
    if write_index(store, &entries).is_err() {
        // Nothing moved after all: the old key stays as it was.
        before.restore(store);
        store.remove(INDEX_KEY);
        out.notices.push("Scenarios saved by an older version could not be moved to the new list (the browser's storage is full); they are kept as they were.".into());
        return;
    }
    if missed == 0 {
        store.remove(OLD_KEY);
        out.notices.push(format!(
            "{} scenario(s) saved by an older version were moved to the new list.",
            entries.len()
        ));
        return;
    }
    match set_aside(store, &format!("{OLD_KEY}.unreadable"), old) {
        Ok(aside) => {
            store.remove(OLD_KEY);
            out.notices.push(format!(
                "{} scenario(s) saved by an older version were moved to the new list; {missed} could not be read and the old list is kept aside under {aside}.",
                entries.len()
            ));
        }
        Err(_) => out.notices.push(format!(
            "{} scenario(s) saved by an older version were moved to the new list; {missed} could not be read, so the old list is kept as it was.",
            entries.len()
        )),
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
    let key = format!("{ENTRY_PREFIX}{}", entry.id);
    write_checked(store, &key, &to_json(&copy)).map_err(full)?;
    entries.push(entry.clone());
    if let Err(e) = write_index(store, &entries) {
        store.remove(&key);
        return Err(full(e));
    }
    Ok(entry)
}

fn full(why: String) -> String {
    format!("It could not be saved: {why}. Nothing was changed; delete a saved scenario you no longer need and try again.")
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
    from_json(&raw, &Loaded::default()).map_err(|e| {
        // "It is damaged or has been changed (…)." and the like.
        let why = e.message("it");
        match set_aside(store, &format!("{key}.unreadable"), &raw) {
            Ok(aside) => {
                store.remove(&key);
                let rest: Vec<Entry> = entries.iter().filter(|x| x.id != id).cloned().collect();
                let _ = write_index(store, &rest);
                format!(
                    "The saved scenario \"{name}\" could not be read. {why} It is kept aside under {aside}; the others are untouched."
                )
            }
            Err(_) => format!(
                "The saved scenario \"{name}\" could not be read. {why} The browser's storage is full, so it could not be set aside: it stays in the list as it is."
            ),
        }
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

/// Delete a saved scenario: the list first, then its entry, so a list that
/// cannot be written leaves both as they were.
pub fn delete(store: &mut impl Store, id: &str) -> Result<(), String> {
    let entries: Vec<Entry> = list(store)
        .entries
        .into_iter()
        .filter(|e| e.id != id)
        .collect();
    write_index(store, &entries).map_err(|e| format!("It could not be deleted: {e}."))?;
    store.remove(&format!("{ENTRY_PREFIX}{id}"));
    Ok(())
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
            if from_json(&raw, &Loaded::default()).is_err() {
                continue;
            }
            #[derive(serde::Serialize)]
            struct Head<'a> {
                name: &'a str,
                saved: &'a str,
            }
            let head = serde_json::to_string(&Head {
                name: &e.name,
                saved: &e.saved,
            })
            .expect("text always serialises");
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

/// The largest export read: about 230 saved scenarios of a built-in
/// authority, or 100 with a council's own data. In the page a megabyte is
/// checked in about 110 ms and written in a second task (docs/benchmarks.md).
pub const MAX_EXPORT_BYTES: usize = 2_000_000;

/// One scenario of an export, checked and ready to write: (name, the day it
/// was saved, the scenario).
pub type Ready = (String, String, Saved);

/// Add every scenario of an exported file, all or nothing: the count added,
/// or every problem (the caller says nothing was imported). Everything is
/// checked ([`check_import`]) before anything is written
/// ([`write_import`]); if a write fails part way, the library is put back
/// exactly as it was. The app runs the two in separate tasks, so a large
/// file never holds the page in one.
pub fn import_all(store: &mut impl Store, file: &str, seed: u64) -> Result<usize, Vec<String>> {
    let ready = check_import(file)?;
    write_import(store, ready, seed)
}

/// Read and check an export whole, writing nothing.
pub fn check_import(file: &str) -> Result<Vec<Ready>, Vec<String>> {
    if file.len() > MAX_EXPORT_BYTES {
        return Err(vec![format!(
            "the file is {:.1} MB; an export of saved scenarios is at most a few megabytes (the limit is 2 MB)",
            file.len() as f64 / 1e6
        )]);
    }
    let file = file.strip_prefix('\u{feff}').unwrap_or(file);
    let not_export = |why: String| {
        vec![format!(
            "this is not an export of saved scenarios from High Needs Explorer: {why}"
        )]
    };
    let root = json::parse(file).map_err(|p| not_export(p.to_string()))?;
    let Value::Object(fields) = &root.value else {
        return Err(not_export("it is not a JSON object".into()));
    };
    if text_of(fields, "format").as_deref() != Some("high-needs-explorer library") {
        return Err(not_export(
            "it has no \"format\": \"high-needs-explorer library\"".into(),
        ));
    }
    let Some(Value::Array(items)) = field(fields, "scenarios") else {
        return Err(not_export("it has no \"scenarios\" list".into()));
    };
    let mut ready = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let label = format!("Scenario {} (line {})", i + 1, item.line);
        let Value::Object(f) = &item.value else {
            problems.push(format!("{label}: not an object"));
            continue;
        };
        let name = match field(f, "name") {
            None => format!("Imported {}", i + 1),
            Some(Value::String(n)) => match clean_name(n) {
                Ok(n) => n,
                Err(why) => {
                    problems.push(format!("{label}: {why}"));
                    continue;
                }
            },
            Some(_) => {
                problems.push(format!("{label}: its name is not text"));
                continue;
            }
        };
        let Some((_, sj)) = f.iter().find(|(k, _)| k == "scenario") else {
            problems.push(format!("{label}, \"{name}\": it has no scenario"));
            continue;
        };
        match crate::state::saved::from_tree(sj.clone(), &Loaded::default()) {
            Ok(s) => ready.push((name, text(field(f, "saved")).unwrap_or_default(), s)),
            Err(e) => problems.push(format!(
                "{label}, \"{name}\": {}",
                e.message("its scenario")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(crate::import::capped(problems));
    }
    Ok(ready)
}

/// Write checked scenarios: new entries first and the list last, and on a
/// failure remove what was written.
pub fn write_import(
    store: &mut impl Store,
    ready: Vec<Ready>,
    seed: u64,
) -> Result<usize, Vec<String>> {
    // Written new keys first and the list last, so that undoing a failure
    // needs only removals, which a full storage still allows: the library
    // is then byte for byte as it was.
    let (mut entries, damaged) = match read_index(store) {
        Index::Read(e) => (e, None),
        Index::Missing => (rebuilt(store), None),
        Index::Damaged(raw) => (rebuilt(store), Some(raw)),
    };
    let mut written: Vec<String> = Vec::new();
    let undo = |store: &mut _, written: &[String], why: String, name: &str| {
        for k in written {
            Store::remove(store, k);
        }
        vec![format!(
            "\"{name}\" could not be saved ({why}); the saved scenarios are as they were"
        )]
    };
    let n = ready.len();
    for (i, (name, date, s)) in ready.into_iter().enumerate() {
        let mut copy = s;
        copy.scenario.name = name.clone();
        let entry = Entry {
            id: new_id(&entries, seed.wrapping_add(i as u64 * 7919)),
            name: name.clone(),
            saved: date,
        };
        let key = format!("{ENTRY_PREFIX}{}", entry.id);
        if let Err(why) = write_checked(store, &key, &to_json(&copy)) {
            return Err(undo(store, &written, why, &name));
        }
        written.push(key);
        entries.push(entry);
    }
    if let Some(raw) = damaged {
        match set_aside(store, &format!("{INDEX_KEY}.unreadable-index"), &raw) {
            Ok(aside) => written.push(aside),
            Err(why) => return Err(undo(store, &written, why, "the list")),
        }
    }
    if let Err(why) = write_index(store, &entries) {
        return Err(undo(store, &written, why, "the list"));
    }
    Ok(n)
}

/// How many saved scenarios the list shows at a time ("Show 50 more" adds
/// as many again): a list of tens of thousands opens at once.
pub const PAGE: usize = 50;

/// What the list shows: the entries whose name holds `find` (any case),
/// the first `shown` of them, and how many there are.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub rows: Vec<Entry>,
    /// Entries whose name holds `find`.
    pub matching: usize,
    pub total: usize,
}

impl Page {
    /// How many more a "Show more" would add (none: every match is shown).
    pub fn more(&self) -> usize {
        (self.matching - self.rows.len()).min(PAGE)
    }

    /// The list's count in words, for the line above it.
    pub fn words(&self, find: &str) -> String {
        let total = crate::format::count(self.total as f64);
        let kept = if self.total == 1 {
            "saved scenario"
        } else {
            "saved scenarios"
        };
        let showing = match self.rows.len() {
            0 => String::new(),
            n if n == self.matching => String::new(),
            n => format!("; showing the first {}", crate::format::count(n as f64)),
        };
        if find.trim().is_empty() {
            format!("{total} {kept}{showing}.")
        } else {
            format!(
                "{} of {total} {kept} match \"{}\"{showing}.",
                crate::format::count(self.matching as f64),
                find.trim()
            )
        }
    }
}

/// The page of `entries` the list shows (see [`Page`]).
pub fn page(entries: &[Entry], find: &str, shown: usize) -> Page {
    let find = find.trim().to_lowercase();
    let hits = entries
        .iter()
        .filter(|e| find.is_empty() || e.name.to_lowercase().contains(&find));
    let mut rows = Vec::new();
    let mut matching = 0;
    for e in hits {
        if rows.len() < shown.max(1) {
            rows.push(e.clone());
        }
        matching += 1;
    }
    Page {
        rows,
        matching,
        total: entries.len(),
    }
}

/// What the index holds, read without mending anything.
enum Index {
    Read(Vec<Entry>),
    Missing,
    Damaged(String),
}

fn read_index(store: &impl Store) -> Index {
    let Some(raw) = store.get(INDEX_KEY) else {
        return Index::Missing;
    };
    let entries = json::parse(&raw).ok().and_then(|root| {
        let Value::Object(fields) = root.value else {
            return None;
        };
        if !matches!(field(&fields, "version"), Some(Value::Number(n)) if n == "1") {
            return None;
        }
        match field(&fields, "entries") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(|j| match &j.value {
                        Value::Object(f) => Some(Entry {
                            id: id_of(field(f, "id"))?,
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
        Some(e) => Index::Read(e),
        None => Index::Damaged(raw),
    }
}

fn text_of(fields: &[(String, Json)], name: &str) -> Option<String> {
    text(field(fields, name))
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::store::Mem;

    fn plan(preset: &str) -> Saved {
        let mut s = Saved::example("example").unwrap();
        crate::explorer::apply_preset(&mut s, preset);
        s
    }

    #[test]
    fn a_long_list_opens_a_page_at_a_time_and_is_found_by_name() {
        let mut store = Mem::default();
        let entries: Vec<Entry> = (0..50_000)
            .map(|i| Entry {
                id: format!("k{i}"),
                name: format!("Plan {i}"),
                saved: "1 December 2026".into(),
            })
            .collect();
        write_index(&mut store, &entries).unwrap();
        let listed = list(&mut store);
        assert_eq!(listed.entries.len(), 50_000);
        let first = page(&listed.entries, "", PAGE);
        assert_eq!(
            (first.rows.len(), first.matching, first.more()),
            (PAGE, 50_000, PAGE)
        );
        assert_eq!(
            first.words(""),
            "50,000 saved scenarios; showing the first 50."
        );
        let found = page(&listed.entries, " plan 4999", PAGE);
        assert_eq!(found.matching, 11);
        assert_eq!(found.rows[0].name, "Plan 4999");
        assert_eq!(found.more(), 0);
        assert_eq!(
            found.words(" plan 4999"),
            "11 of 50,000 saved scenarios match \"plan 4999\"."
        );
        let all = page(&listed.entries[..3], "", PAGE);
        assert_eq!((all.rows.len(), all.more()), (3, 0));
        assert_eq!(all.words(""), "3 saved scenarios.");
        assert_eq!(page(&[], "", PAGE).words(""), "0 saved scenarios.");
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
        delete(&mut m, &b.id).unwrap();
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
        let scenario = to_json(&plan("dbv"))
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
        assert!(import_all(&mut third, "{\"a\":1}", 9).unwrap_err()[0]
            .contains("not an export of saved scenarios"));
    }
}
