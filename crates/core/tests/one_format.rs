//! The scenario format has one definition (the serde derives in
//! `hne_model::schema`), and every way a scenario enters or leaves derives
//! from it: the JSON file, the CSV template, the data view's rows, the share
//! link, local storage and the saved library.
//!
//! The proof needs no list of fields. The fixture is a scenario in which
//! every value the format can hold is set and differs from its type's default
//! (no zero, no false, no empty text or list, no null), which the test checks
//! by walking serde's own output. A codec that dropped or defaulted any field
//! would then give back a different scenario. A field added to the schema is
//! covered the moment it exists: if the fixture leaves it at its default,
//! the walk names it and the test fails until the fixture sets it.

use hne_core::library;
use hne_core::published::Loaded;
use hne_core::state::saved::{self, Saved};
use hne_core::store::Mem;
use hne_model::schema::{HistoryRow, Lever, Opening, Range, Scenario, Source, SpendLine};
use hne_model::{examples, json, presets, template};
use serde_json::Value;

/// Every value set, none at its default.
fn fixture() -> Scenario {
    let mut sc = examples::by_name("example").unwrap();
    sc.name = "Every field set".into();
    sc.levers = presets::levers("dbv").unwrap();
    let lever = |l: &mut Lever| {
        l.start = Some(2);
        l.ramp_years = Some(2);
        l.annual_cost_pounds = 125_000.0;
        if l.value == 0.0 {
            l.value = 0.01;
        }
    };
    let l = &mut sc.levers;
    for x in [
        &mut l.inclusion,
        &mut l.independent,
        &mut l.banding,
        &mut l.transfer,
        &mut l.demand,
        &mut l.ceasing,
        &mut l.stepdown,
    ] {
        lever(x);
    }
    l.places.openings = vec![Opening {
        year: 2,
        places: 40.0,
    }];
    l.places.annual_cost_pounds = 50_000.0;
    let a = &mut sc.authority;
    a.special_capacity = Some(1500.0);
    for s in &mut a.settings {
        s.banded = Some(true);
    }
    a.other_spend.push(SpendLine {
        name: "Outreach".into(),
        amount_pounds: 1_000_000.0,
        inflation: Range::new(0.01, 0.02, 0.03),
    });
    let y = |k: i32| hne_model::schema::year_label(sc.authority.base_year + k);
    let (y1, y2) = (y(1), y(2));
    let a = &mut sc.authority;
    a.funding
        .allocation_overrides
        .insert(y1.clone(), 60_000_000.0);
    a.funding.other_income.insert(y2.clone(), 250_000.0);
    a.deficit.safety_valve.insert(y1.clone(), 2_000_000.0);
    a.deficit.contributions.insert(y2.clone(), 300_000.0);
    a.deficit.other_dsg_adjustments.insert(y1.clone(), 10_000.0);
    a.funding.schools_block_overrides.insert(y1, 300_000_000.0);
    a.deficit.closing_pounds = Some(-1_250_000.5);
    a.deficit.stability_grant = hne_model::schema::StabilityGrant {
        plan_approved: true,
        share: 0.85,
        eligible_pounds: Some(30_000_000.0),
    };
    a.history = vec![HistoryRow {
        year: a.base_year - 1,
        ehcps: 2400.0,
        expenditure_pounds: 55_000_000.0,
        funding_pounds: 50_000_000.0,
        cumulative_deficit_pounds: Some(12_000_000.0),
    }];
    // Short texts: the fixture is for every field, and its link must fit
    // in one (`MAX_LINK_CHARS`) with the whole authority in it.
    for s in &mut a.sources {
        s.estimated = true;
        s.text = s.text.chars().take(60).collect();
    }
    a.sources.push(Source {
        field: "authority.history".into(),
        text: "Council papers".into(),
        estimated: true,
    });
    let ids: Vec<String> = a.settings.iter().map(|s| s.id.clone()).collect();
    for m in [
        &mut a.transitions.u5,
        &mut a.transitions.p,
        &mut a.transitions.s,
        &mut a.transitions.f,
    ] {
        if m.is_empty() {
            let mut row = hne_model::map::Map::new();
            row.insert(ids[0].clone(), 1.0);
            m.insert(ids[0].clone(), row);
        }
    }
    let first = ids[0].clone();
    sc.assumptions
        .cost_inflation_by_setting
        .insert(first, Range::new(0.02, 0.04, 0.06));
    // A zero anywhere else (a share, a rate) becomes a small positive one:
    // still valid, no longer the default.
    let mut v = serde_json::to_value(&sc).unwrap();
    nudge_zeros(&mut v);
    let sc: Scenario = serde_json::from_value(v).unwrap();
    sc.validate().expect("the fixture is a valid scenario");
    sc
}

fn nudge_zeros(v: &mut Value) {
    match v {
        Value::Number(n) if n.as_f64() == Some(0.0) && n.is_f64() => {
            *v = serde_json::json!(0.0001);
        }
        Value::Array(items) => items.iter_mut().for_each(nudge_zeros),
        Value::Object(fields) => fields.values_mut().for_each(nudge_zeros),
        _ => {}
    }
}

/// Every place where a value sits at its type's default.
fn defaults(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(format!("{path} is null")),
        Value::Bool(false) => out.push(format!("{path} is false")),
        Value::Number(n) if n.as_f64() == Some(0.0) => out.push(format!("{path} is 0")),
        Value::String(s) if s.is_empty() => out.push(format!("{path} is empty text")),
        Value::Array(a) if a.is_empty() => out.push(format!("{path} is an empty list")),
        Value::Object(o) if o.is_empty() => out.push(format!("{path} is an empty group")),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| defaults(x, &format!("{path}[{i}]"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| defaults(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

#[test]
fn the_fixture_sets_every_field_of_the_format() {
    let mut found = Vec::new();
    defaults(&serde_json::to_value(fixture()).unwrap(), "", &mut found);
    assert!(
        found.is_empty(),
        "set these in the fixture, so every codec is tested on them: {found:#?}"
    );
}

#[test]
fn every_field_goes_through_every_way_in_and_out() {
    let sc = fixture();
    // The JSON file, compact and pretty.
    assert_eq!(Scenario::from_json(&json::write_scenario(&sc)).unwrap(), sc);
    assert_eq!(Scenario::from_json(&sc.to_json_pretty()).unwrap(), sc);
    // The CSV template, and the data view's rows.
    assert_eq!(
        template::from_csv(template::to_csv(&sc).as_bytes()).unwrap(),
        sc
    );
    assert_eq!(template::from_rows(&template::rows(&sc)).unwrap(), sc);
    // The council's own data, and the same data on a built-in base.
    for base in [None, Some("example".to_string())] {
        let s = Saved {
            base: base.clone(),
            scenario: sc.clone(),
        };
        // The share link.
        let link = saved::to_link(&s, &Loaded::default());
        assert!(link.authority_included, "{base:?}: the fixture fits a link");
        assert_eq!(
            saved::from_link(&link.fragment, &Loaded::default()).unwrap(),
            Some(s.clone())
        );
        // Local storage.
        assert_eq!(
            saved::from_json(&saved::to_json(&s), &Loaded::default()).unwrap(),
            s
        );
        assert_eq!(
            saved::from_json(
                &saved::link_json(&s, &Loaded::default()),
                &Loaded::default()
            )
            .unwrap(),
            s
        );
        // The saved library, and its export read back into another browser.
        let mut store = Mem::default();
        let entry = library::save(&mut store, &sc.name, &s, "1 December 2026", 7).unwrap();
        assert_eq!(library::load(&mut store, &entry.id).unwrap(), s);
        let file = library::export_all(&mut store);
        let mut other = Mem::default();
        assert_eq!(library::import_all(&mut other, &file, 9), Ok(1));
        let id = library::list(&mut other).entries[0].id.clone();
        assert_eq!(library::load(&mut other, &id).unwrap(), s);
    }
}

#[test]
fn a_built_in_authority_left_out_of_a_link_comes_back_whole() {
    let mut s = Saved::example("cambridgeshire").unwrap();
    s.scenario.levers = presets::levers("safety_valve").unwrap();
    let short = saved::link_json(&s, &Loaded::default());
    assert!(!short.contains("\"authority\""), "{short}");
    assert_eq!(saved::from_json(&short, &Loaded::default()).unwrap(), s);
}
