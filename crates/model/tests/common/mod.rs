//! A tiny scenario for hand-computed tests: every flow off unless a test
//! switches it on, so each step of the yearly algorithm can be checked alone.
#![allow(dead_code)]

use hne_model::map::Map;

use hne_model::schema::*;

pub fn setting(id: &str, kind: Kind, place: f64, topup: f64) -> Setting {
    Setting {
        id: id.into(),
        name: id.to_uppercase(),
        kind,
        place_pounds: place,
        bands: vec![Band {
            name: "Band".into(),
            value_pounds: topup,
            share: 1.0,
        }],
        banded: None,
    }
}

pub fn zero_phases() -> PerPhase<f64> {
    PerPhase::from_array([0.0; 5])
}

/// Settings: mainstream £5,000, special £10,000 + £10,000, independent
/// £50,000, post16 £6,000 + £4,000. No caseload, no flows, no money but what
/// a test puts in. Horizon 1, levers at full strength from year 1.
pub fn tiny() -> Scenario {
    let settings = vec![
        setting("main", Kind::Mainstream, 0.0, 5000.0),
        setting("spec", Kind::Special, 10000.0, 10000.0),
        setting("indep", Kind::Independent, 0.0, 50000.0),
        setting("post16", Kind::Post16, 6000.0, 4000.0),
    ];
    let caseload = settings
        .iter()
        .map(|s| (s.id.clone(), Caseload::ByPhase(zero_phases())))
        .collect();
    Scenario {
        schema: SCHEMA_VERSION,
        name: "tiny".into(),
        horizon: 1,
        authority: Authority {
            name: "Tiny".into(),
            base_year: 2026,
            settings,
            caseload,
            new_plans: zero_phases(),
            placement_mix: PerPhase::default(),
            cease_rate: zero_phases(),
            ageing: zero_phases(),
            transitions: Transitions::default(),
            escalation: zero_phases(),
            escalation_to_independent: zero_phases(),
            special_capacity: None,
            other_spend: vec![],
            funding: Funding {
                hnb_allocation_pounds: 0.0,
                allocation_overrides: Map::new(),
                schools_block_pounds: 0.0,
                other_income: Map::new(),
                ..Default::default()
            },
            deficit: Deficit {
                opening_pounds: 0.0,
                safety_valve: Map::new(),
                contributions: Map::new(),
                other_dsg_adjustments: Map::new(),
                ..Default::default()
            },
            history: vec![],
            sources: vec![],
        },
        assumptions: Assumptions {
            new_plan_growth: Range::point(0.0),
            cost_inflation: Range::point(0.0),
            cost_inflation_by_setting: Map::new(),
            funding_growth: Range::point(0.0),
            schools_block_growth: Range::point(0.0),
            leaving: Assumptions::default_leaving(),
            specialist_drift: Assumptions::default_leaving(),
            independent_drift: Assumptions::default_leaving(),
            delivery: Range::point(1.0),
        },
        levers: Levers::default(),
        timetable: Timetable {
            start: 1,
            ramp_years: 1,
        },
    }
}

/// Set the caseload of one setting in one phase.
pub fn put(sc: &mut Scenario, id: &str, phase: hne_model::Phase, n: f64) {
    match sc.authority.caseload.get_mut(id) {
        Some(Caseload::ByPhase(pp)) => *pp.get_mut(phase) = n,
        _ => panic!("tiny() uses by-phase caseloads"),
    }
}

pub fn mix(entries: &[(&str, f64)]) -> Map<f64> {
    entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[macro_export]
macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a as f64, $b as f64);
        assert!(
            common::close(a, b),
            "{} = {} but expected {}",
            stringify!($a),
            a,
            b
        );
    }};
}
