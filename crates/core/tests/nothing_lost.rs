//! Nothing a user had is lost (issue 19): the current scenario, shared
//! links, the saved library and its import, with the browser's storage
//! refusing a write at every step of each operation.

use hne_core::library;
use hne_core::published::Loaded;
use hne_core::state::saved::{self, Saved};
use hne_core::state::{self, BEFORE_LINK_KEY, STORAGE_KEY, UNREADABLE_KEY};
use hne_core::store::{Failing, Mem, Store};
use hne_model::presets;

fn own() -> Saved {
    let mut s = Saved::example("example").unwrap();
    s.scenario.name = "My own plan".into();
    s.scenario.levers = presets::levers("dbv").unwrap();
    s
}

fn link(preset: &str) -> (Saved, String) {
    let mut s = Saved::example("cambridgeshire").unwrap();
    s.scenario.levers = presets::levers(preset).unwrap();
    let fragment = saved::to_link(&s, &Loaded::default()).fragment;
    (s, fragment)
}

fn json(s: &Saved) -> String {
    saved::to_json(s)
}

fn changed(s: &Saved, by: f64) -> Saved {
    let mut c = s.clone();
    c.scenario.levers.transfer.value = by;
    c
}

/// Every value held, wherever it is.
fn holds(store: &impl Store, text: &str) -> bool {
    store
        .keys()
        .iter()
        .any(|k| store.get(k).as_deref() == Some(text))
}

fn with_own() -> Mem {
    let mut m = Mem::default();
    m.set(STORAGE_KEY, &json(&own())).unwrap();
    m
}

#[test]
fn a_link_never_displaces_the_users_own_scenario() {
    let mut store = with_own();
    let (link1, f1) = link("dbv");
    let (start, mut keeper) = state::open(&mut store, &f1, &Loaded::default());
    assert_eq!(start.saved, link1);
    assert!(start.notices[0]
        .text
        .contains("still saved in this browser"));
    assert!(start.notices[0].offer_restore);
    // Opened, not changed: nothing is written, the own copy stays put.
    assert_eq!(keeper.persist(&mut store, &json(&link1)).unwrap(), None);
    assert_eq!(store.get(STORAGE_KEY), Some(json(&own())));
    assert_eq!(
        keeper.own(&store).map(|(_, t)| t),
        Some(json(&own())),
        "Bring back my scenario finds it"
    );
    // Changed: the own copy is kept aside (and said so) before it is replaced.
    let mine = changed(&link1, 0.01);
    let note = keeper.persist(&mut store, &json(&mine)).unwrap().unwrap();
    assert!(note.offer_restore && note.text.contains("kept aside"));
    assert_eq!(store.get(BEFORE_LINK_KEY), Some(json(&own())));
    assert_eq!(store.get(STORAGE_KEY), Some(json(&mine)));
    assert_eq!(keeper.own(&store).map(|(_, t)| t), Some(json(&own())));
}

#[test]
fn two_links_in_two_tabs_keep_the_users_own_scenario() {
    // Was: link 2 kept link 1's scenario as "before-link" and the user's
    // own was gone.
    let mut store = with_own();
    let (l1, f1) = link("dbv");
    let (l2, f2) = link("safety_valve");
    let (_, mut tab1) = state::open(&mut store, &f1, &Loaded::default());
    let (_, mut tab2) = state::open(&mut store, &f2, &Loaded::default());
    tab1.persist(&mut store, &json(&l1)).unwrap();
    tab2.persist(&mut store, &json(&l2)).unwrap();
    assert_eq!(
        store.get(STORAGE_KEY),
        Some(json(&own())),
        "links alone write nothing"
    );
    let c1 = changed(&l1, 0.01);
    let c2 = changed(&l2, 0.02);
    tab1.persist(&mut store, &json(&c1)).unwrap();
    tab2.persist(&mut store, &json(&c2)).unwrap();
    for s in [own(), c1, c2] {
        assert!(holds(&store, &json(&s)), "{} lost", s.scenario.name);
    }
}

#[test]
fn with_storage_full_at_any_step_the_users_scenario_survives_and_no_notice_lies() {
    let (l1, f1) = link("dbv");
    let steps = |store: &mut Failing| -> Vec<String> {
        let (start, mut keeper) = state::open(store, &f1, &Loaded::default());
        let mut said: Vec<String> = start.notices.iter().map(|n| n.text.clone()).collect();
        for s in [l1.clone(), changed(&l1, 0.01), changed(&l1, 0.02)] {
            match keeper.persist(store, &json(&s)) {
                Ok(Some(n)) => said.push(n.text),
                Ok(None) => {}
                Err(why) => said.push(why),
            }
        }
        said
    };
    // How many writes the whole story makes with room to spare.
    let mut roomy = Failing::new(with_own(), usize::MAX);
    steps(&mut roomy);
    assert!(roomy.writes >= 2);
    for k in 1..=roomy.writes + 1 {
        let mut store = Failing::new(with_own(), k);
        let said = steps(&mut store);
        assert!(
            holds(&store, &json(&own())),
            "write {k} failing lost the user's scenario"
        );
        if said.iter().any(|t| t.contains("is kept aside")) {
            assert!(
                store.get(BEFORE_LINK_KEY).is_some(),
                "write {k}: said kept, was not"
            );
        }
    }
}

#[test]
fn an_unreadable_copy_is_kept_aside_only_when_it_really_is() {
    let damaged = "{\"schema\":1,\"horizon\":";
    // Room: kept aside, checked, and said so.
    let mut store = Mem::default();
    store.set(STORAGE_KEY, damaged).unwrap();
    let (start, _) = state::open(&mut store, "", &Loaded::default());
    assert!(start.notices[0]
        .text
        .contains("kept aside in this browser under hne.scenario.v1.unreadable"));
    assert_eq!(store.get(UNREADABLE_KEY).as_deref(), Some(damaged));
    // A second damaged copy does not overwrite the first.
    store.set(STORAGE_KEY, "{\"schema\":1,\"hor").unwrap();
    let (start, _) = state::open(&mut store, "", &Loaded::default());
    assert!(
        start.notices[0].text.contains("unreadable-2"),
        "{}",
        start.notices[0].text
    );
    assert_eq!(store.get(UNREADABLE_KEY).as_deref(), Some(damaged));
    // Full: left where it is, said so, and never overwritten.
    let mut full = Failing::new(Mem::default(), 1);
    full.inner.set(STORAGE_KEY, damaged).unwrap();
    let (start, mut keeper) = state::open(&mut full, "", &Loaded::default());
    assert!(
        start.notices[0].text.contains("could not be kept aside"),
        "{}",
        start.notices[0].text
    );
    assert!(keeper.persist(&mut full, &json(&own())).is_err());
    assert_eq!(full.get(STORAGE_KEY).as_deref(), Some(damaged));
}

fn library_with_two() -> (Mem, Vec<String>) {
    let mut m = Mem::default();
    let a = library::save(&mut m, "First", &own(), "1 December 2026", 1).unwrap();
    let b = library::save(&mut m, "Second", &link("dbv").0, "1 December 2026", 2).unwrap();
    (m, vec![a.id, b.id])
}

#[test]
fn a_damaged_saved_scenario_is_never_removed_unless_kept() {
    let (base, ids) = library_with_two();
    let key = format!("hne.saved.v1.{}", ids[1]);
    let damaged = "{\"schema\":1,\"hor";
    for k in 1..=4 {
        let mut store = Failing::new(base.clone(), k);
        store.inner.set(&key, damaged).unwrap();
        let said = library::load(&mut store, &ids[1]).unwrap_err();
        assert!(
            said.starts_with("The saved scenario \"Second\" could not be read. It is damaged"),
            "{said}"
        );
        assert!(
            holds(&store, damaged),
            "write {k} failing lost the damaged copy"
        );
        if said.contains("kept aside under") {
            assert_eq!(
                store.get(&format!("{key}.unreadable")).as_deref(),
                Some(damaged)
            );
        }
    }
    // Two damaged copies of one entry over time: both kept.
    let mut store = base.clone();
    store.set(&key, damaged).unwrap();
    library::load(&mut store, &ids[1]).unwrap_err();
    store.set(&key, "{\"other\":").unwrap();
    let e = library::save(&mut store, "Again", &own(), "", 3).unwrap();
    let key2 = format!("hne.saved.v1.{}", e.id);
    store.set(&key2, "{\"other\":").unwrap();
    library::load(&mut store, &e.id).unwrap_err();
    assert!(holds(&store, damaged) && holds(&store, "{\"other\":"));
}

#[test]
fn a_missing_or_damaged_list_is_rebuilt_from_the_entries() {
    let (mut store, ids) = library_with_two();
    // Missing: was not rebuilt, the scenarios vanished with no notice.
    store.remove("hne.saved.v1");
    let l = library::list(&mut store);
    assert_eq!(l.entries.len(), 2, "{l:?}");
    assert!(l.notices[0].contains("rebuilt"), "{l:?}");
    // An id written as a number by another tool is kept, not dropped.
    let raw = serde_json::json!({"version": 1, "entries": [
        {"id": ids[0], "name": "First", "saved": ""},
        {"id": 12345, "name": "Numbered", "saved": ""}
    ]});
    store.set("hne.saved.v1", &raw.to_string()).unwrap();
    store.set("hne.saved.v1.12345", &json(&own())).unwrap();
    let l = library::list(&mut store);
    assert!(
        l.entries
            .iter()
            .any(|e| e.id == "12345" && e.name == "Numbered"),
        "{l:?}"
    );
    assert!(library::load(&mut store, "12345").is_ok());
    // Damaged, and the storage full: the damaged list is left as it is.
    let mut full = Failing::new(store.clone(), 1);
    full.inner.set("hne.saved.v1", "{not json").unwrap();
    let l = library::list(&mut full);
    assert_eq!(full.get("hne.saved.v1").as_deref(), Some("{not json"));
    assert!(l.notices[0].contains("left as it is"), "{l:?}");
}

#[test]
fn the_old_layout_is_kept_unless_every_scenario_moved() {
    // Was deleted when it could not be migrated.
    let wrong_types = r#"[{"title": 5, "scenario": {"not": "text"}}]"#;
    for k in 1..=3 {
        let mut store = Failing::new(Mem::default(), k);
        store.inner.set("hne.saved", wrong_types).unwrap();
        library::list(&mut store);
        assert!(
            holds(&store, wrong_types),
            "write {k} failing lost the old list"
        );
    }
    let good =
        serde_json::json!([{"title": "Old", "saved": "", "scenario": json(&own())}]).to_string();
    for k in 1..=3 {
        let mut store = Failing::new(Mem::default(), k);
        store.inner.set("hne.saved", &good).unwrap();
        library::list(&mut store);
        let moved = library::list(&mut store)
            .entries
            .iter()
            .any(|e| e.name == "Old");
        assert!(
            moved || holds(&store, &good),
            "write {k} failing lost the old list"
        );
    }
}

fn export_of(names: &[&str]) -> String {
    let mut m = Mem::default();
    for (i, n) in names.iter().enumerate() {
        library::save(&mut m, n, &own(), "", i as u64 + 10).unwrap();
    }
    library::export_all(&mut m)
}

#[test]
fn an_import_is_checked_whole_before_anything_is_written() {
    let (base, _) = library_with_two();
    // A blank or 121-character second name: was "Nothing was imported"
    // while the first had been saved.
    let file = export_of(&["Good", "Fine"]);
    for bad in [String::new(), "x".repeat(121)] {
        let edited = file.replacen("\"name\":\"Fine\"", &format!("\"name\":\"{bad}\""), 1);
        let mut store = base.clone();
        let err = library::import_all(&mut store, &edited, 5).unwrap_err();
        assert!(err[0].contains("Scenario 2"), "{err:?}");
        assert_eq!(store, base, "nothing written");
    }
    // Storage full part way, at every write: byte for byte as it was.
    let mut roomy = Failing::new(base.clone(), usize::MAX);
    assert_eq!(library::import_all(&mut roomy, &file, 5), Ok(2));
    for k in 1..=roomy.writes {
        let mut store = Failing::new(base.clone(), k);
        let err = library::import_all(&mut store, &file, 5).unwrap_err();
        assert!(err[0].contains("as they were"), "{err:?}");
        assert_eq!(store.inner, base, "write {k} failing changed the library");
    }
}

#[test]
fn the_scenario_opened_from_storage_is_saved_over_without_a_copy() {
    // The stored text may be written differently from ours (another
    // version, pretty-printed): it is still the scenario that opened, so
    // saving it again keeps no copy and says nothing.
    let mut store = Mem::default();
    store
        .set(
            STORAGE_KEY,
            &serde_json::to_string_pretty(
                &serde_json::from_str::<serde_json::Value>(&json(&own())).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
    let (start, mut keeper) = state::open(&mut store, "", &Loaded::default());
    assert_eq!(start.saved, own());
    assert!(start.notices.is_empty());
    assert_eq!(
        keeper
            .persist(&mut store, &json(&changed(&own(), 0.01)))
            .unwrap(),
        None
    );
    assert_eq!(store.keys(), vec![STORAGE_KEY.to_string()]);
    // Another tab then writes its own: this tab keeps that aside first.
    store
        .set(STORAGE_KEY, &json(&changed(&own(), 0.02)))
        .unwrap();
    let note = keeper
        .persist(&mut store, &json(&changed(&own(), 0.03)))
        .unwrap();
    assert!(note.is_some_and(|n| n.text.contains("kept aside")));
    assert!(holds(&store, &json(&changed(&own(), 0.02))));
}

#[test]
fn links_and_stored_copies_over_their_limits_are_refused_unread() {
    let long_link = format!("s={}.00000000", "A".repeat(saved::MAX_LINK_READ));
    let err = saved::from_link(&long_link, &Loaded::default()).unwrap_err();
    assert!(err.message("the link").contains("far longer than any link"));
    let big = format!(
        "{{\"schema\":1,\"name\":\"{}\"}}",
        "x".repeat(saved::MAX_JSON_BYTES)
    );
    let err = saved::from_json(&big, &Loaded::default()).unwrap_err();
    assert!(err
        .message("the copy saved in this browser")
        .contains("the limit is 1 MB"));
}
