//! Each step of the yearly algorithm and the money, against cases computed by
//! hand (the arithmetic is in the comments).

mod common;

use common::*;
use hne_model::schema::*;
use hne_model::{LeverId, Model, Phase, Trace};

const MAIN: usize = 0;
const SPEC: usize = 1;
const INDEP: usize = 2;
const POST16: usize = 3;

fn run(sc: &Scenario) -> (Model, Trace) {
    let m = Model::new(sc).expect("valid test scenario");
    let tr = m.run(LeverId::ALL_MASK);
    (m, tr)
}

fn e(tr: &Trace, t: usize, phase: Phase, s: usize) -> f64 {
    tr.ehcps_at(t, phase.index(), s)
}

#[test]
fn step1_cease_with_and_without_the_ceasing_lever() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::U5, 100.0);
    sc.authority.cease_rate.u5 = 0.1;
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 90.0); // 100 x (1 - 0.1)

    sc.levers.ceasing = Lever::at(1.0);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 80.0); // c' = 0.1 x (1 + 1) = 0.2

    sc.authority.cease_rate.u5 = 0.5;
    sc.levers.ceasing = Lever::at(2.0);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 0.0); // c' = min(1, 0.5 x 3) = 1
}

#[test]
fn step1_plans_ending_against_the_projection_add_to_the_cease_rate() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::U5, 100.0);
    sc.authority.cease_rate.u5 = 0.1;
    // Central 0 is the projection, however wide the range.
    sc.assumptions.leaving = Range::new(-0.1, 0.0, 0.1);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 90.0);
    // Two more in a hundred end: 100 x (1 - 0.12).
    sc.assumptions.leaving = Range::point(0.02);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 88.0);
    // Below minus the cease rate, plans arrive: 100 x (1 + 0.05).
    sc.assumptions.leaving = Range::point(-0.15);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 105.0);
    // It adds to the ceasing lever's rate: 0.1 x 2 + 0.02.
    sc.assumptions.leaving = Range::point(0.02);
    sc.levers.ceasing = Lever::at(1.0);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::U5, MAIN), 78.0);
}

/// The uncertain assumptions a scenario draws, in the order drawn.
fn ids(sc: &Scenario) -> Vec<String> {
    hne_model::uncertainty::knobs(sc)
        .into_iter()
        .map(|k| k.id)
        .collect()
}

#[test]
fn a_certain_plans_ending_draws_nothing_so_old_fans_are_unchanged() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    assert!(!ids(&sc).contains(&"leaving".to_string()));
    sc.assumptions.leaving = Range::new(-0.05, 0.0, 0.05);
    let with = ids(&sc);
    // After the growths, before delivery (the order of the draws).
    let at = with.iter().position(|k| k == "leaving").unwrap();
    assert_eq!(with[at + 1], "delivery");
    assert_eq!(with[at - 1], "schools_block_growth");
}

#[test]
fn moves_between_settings_against_the_projection() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::S, 100.0);
    put(&mut sc, "post16", Phase::S, 20.0);
    put(&mut sc, "spec", Phase::S, 60.0);
    put(&mut sc, "indep", Phase::S, 20.0);
    // Central 0 is the projection, however wide the ranges.
    sc.assumptions.specialist_drift = Range::new(-0.2, 0.0, 0.2);
    sc.assumptions.independent_drift = Range::new(-0.3, 0.0, 0.3);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::S, MAIN), 100.0);
    assert_close!(e(&tr, 1, Phase::S, INDEP), 20.0);
    // A tenth of mainstream moves to the other settings: 100 x 0.1.
    sc.assumptions.specialist_drift = Range::point(0.1);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::S, MAIN), 90.0);
    assert_close!(e(&tr, 1, Phase::S, POST16), 30.0);
    assert_close!(e(&tr, 1, Phase::S, SPEC), 60.0);
    // Back, never more than the other side holds: min(100 x 0.5, 20).
    sc.assumptions.specialist_drift = Range::point(-0.5);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::S, MAIN), 120.0);
    assert_close!(e(&tr, 1, Phase::S, POST16), 0.0);
    // Independent schools grow by a quarter of themselves, from special.
    sc.assumptions.specialist_drift = Range::point(0.0);
    sc.assumptions.independent_drift = Range::point(0.25);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::S, INDEP), 25.0);
    assert_close!(e(&tr, 1, Phase::S, SPEC), 55.0);
    // And shrink into special schools.
    sc.assumptions.independent_drift = Range::point(-0.5);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::S, INDEP), 10.0);
    assert_close!(e(&tr, 1, Phase::S, SPEC), 70.0);
    // Where the other side holds nobody in the phase, nothing moves.
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    sc.assumptions.specialist_drift = Range::point(0.1);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::P, MAIN), 100.0);
    // Nothing is lost or made: the total is the same.
    let mut sc = tiny();
    put(&mut sc, "main", Phase::S, 100.0);
    put(&mut sc, "post16", Phase::S, 20.0);
    put(&mut sc, "spec", Phase::S, 60.0);
    put(&mut sc, "indep", Phase::S, 20.0);
    sc.assumptions.specialist_drift = Range::point(0.3);
    sc.assumptions.independent_drift = Range::point(2.0);
    assert!(sc.validate().is_err(), "a move of 200% a year is refused");
    sc.assumptions.independent_drift = Range::point(0.5);
    let (_, tr) = run(&sc);
    assert_close!(tr.ehcps[1], 200.0);
}

#[test]
fn uncertain_moves_between_settings_are_drawn_and_certain_ones_are_not() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    assert!(!ids(&sc).iter().any(|k| k.ends_with("drift")));
    sc.assumptions.specialist_drift = Range::new(-0.05, 0.0, 0.05);
    sc.assumptions.independent_drift = Range::new(-0.05, 0.0, 0.05);
    let with = ids(&sc);
    let at = with.iter().position(|k| k == "specialist_drift").unwrap();
    assert_eq!(with[at + 1], "independent_drift");
    assert_eq!(with[at + 2], "delivery");
}

#[test]
fn step2_and_3_age_and_transition_and_leave_at_25() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    put(&mut sc, "post16", Phase::A, 100.0);
    sc.authority.ageing.p = 0.5;
    sc.authority.ageing.a = 0.25;
    sc.authority
        .transitions
        .p
        .insert("main".into(), mix(&[("main", 0.8), ("spec", 0.2)]));
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::P, MAIN), 50.0); // half stay
    assert_close!(e(&tr, 1, Phase::S, MAIN), 40.0); // 50 x 0.8
    assert_close!(e(&tr, 1, Phase::S, SPEC), 10.0); // 50 x 0.2
    assert_close!(e(&tr, 1, Phase::A, POST16), 75.0); // a quarter leave at 25
    assert_close!(tr.ehcps[1], 175.0);
}

#[test]
fn step3_transition_rows_follow_the_redirection_rule() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    put(&mut sc, "spec", Phase::P, 100.0);
    sc.authority.ageing.p = 1.0;
    let t = &mut sc.authority.transitions.p;
    t.insert("main".into(), mix(&[("main", 0.8), ("spec", 0.2)]));
    t.insert("spec".into(), mix(&[("spec", 0.5), ("indep", 0.5)]));
    sc.levers.inclusion = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // From mainstream (not specialist): m = 0.2, half moves to the inclusive
    // entries: spec 0.1, main 0.8 + 0.1 = 0.9.
    assert_close!(e(&tr, 1, Phase::S, MAIN), 90.0);
    // From special (specialist): no inclusion redirection.
    assert_close!(e(&tr, 1, Phase::S, SPEC), 10.0 + 50.0);
    assert_close!(e(&tr, 1, Phase::S, INDEP), 50.0);

    sc.levers.inclusion = Lever::at(0.0);
    sc.levers.independent = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // The independent-to-special move applies to every row: 0.5 x 0.5 = 0.25.
    assert_close!(e(&tr, 1, Phase::S, INDEP), 25.0);
    assert_close!(e(&tr, 1, Phase::S, SPEC), 20.0 + 75.0);
    assert_close!(e(&tr, 1, Phase::S, MAIN), 80.0);
}

#[test]
fn step4_escalation_and_its_levers() {
    let mut sc = tiny();
    put(&mut sc, "main", Phase::P, 100.0);
    sc.authority.escalation.p = 0.1;
    sc.authority.escalation_to_independent.p = 0.4;
    let (_, tr) = run(&sc);
    // X = 10: 4 to independent, 6 to special.
    assert_close!(e(&tr, 1, Phase::P, MAIN), 90.0);
    assert_close!(e(&tr, 1, Phase::P, INDEP), 4.0);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 6.0);

    sc.levers.inclusion = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // X = 100 x 0.1 x (1 - 0.5) = 5: 2 to independent, 3 to special.
    assert_close!(e(&tr, 1, Phase::P, MAIN), 95.0);
    assert_close!(e(&tr, 1, Phase::P, INDEP), 2.0);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 3.0);

    sc.levers.inclusion = Lever::at(0.0);
    sc.levers.independent = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // X = 10, share to independent 0.4 x (1 - 0.5) = 0.2: 2 and 8.
    assert_close!(e(&tr, 1, Phase::P, INDEP), 2.0);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 8.0);
}

#[test]
fn step5_new_plans_growth_demand_and_redirection() {
    let mut sc = tiny();
    sc.authority.new_plans.p = 100.0;
    sc.authority.placement_mix.p = mix(&[("main", 0.5), ("spec", 0.3), ("indep", 0.2)]);
    sc.assumptions.new_plan_growth = Range::point(0.1);
    let (_, tr) = run(&sc);
    // N = 100 x 1.1 = 110.
    assert_close!(e(&tr, 1, Phase::P, MAIN), 55.0);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 33.0);
    assert_close!(e(&tr, 1, Phase::P, INDEP), 22.0);

    sc.levers.demand = Lever::at(0.5);
    let (_, tr) = run(&sc);
    assert_close!(tr.ehcps[1], 55.0); // 110 x (1 - 0.5)

    sc.levers.demand = Lever::at(0.0);
    sc.levers.inclusion = Lever::at(0.5);
    sc.levers.independent = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // m = 0.5; 0.25 moves to main (0.75); spec 0.15, indep 0.1; then half of
    // indep (0.05) to spec: spec 0.2, indep 0.05.
    assert_close!(e(&tr, 1, Phase::P, MAIN), 110.0 * 0.75);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 110.0 * 0.2);
    assert_close!(e(&tr, 1, Phase::P, INDEP), 110.0 * 0.05);
}

#[test]
fn step5_fallback_when_no_inclusive_destination() {
    let mut sc = tiny();
    sc.authority.new_plans.f = 100.0;
    sc.authority.placement_mix.f = mix(&[("spec", 1.0)]);
    sc.authority.new_plans.p = 100.0;
    sc.authority.placement_mix.p = mix(&[("spec", 1.0)]);
    sc.levers.inclusion = Lever::at(0.5);
    let (_, tr) = run(&sc);
    // 16-19: to the first post-16 setting; 5-10: to the first mainstream one.
    assert_close!(e(&tr, 1, Phase::F, POST16), 50.0);
    assert_close!(e(&tr, 1, Phase::F, SPEC), 50.0);
    assert_close!(e(&tr, 1, Phase::P, MAIN), 50.0);
}

#[test]
fn step7_capacity_overflow_in_proportion_to_phases() {
    let mut sc = tiny();
    put(&mut sc, "spec", Phase::U5, 20.0);
    put(&mut sc, "spec", Phase::P, 40.0);
    sc.authority.special_capacity = Some(45.0);
    let (_, tr) = run(&sc);
    // Excess 15 of 60: a quarter of each phase moves to independent.
    assert_close!(e(&tr, 1, Phase::U5, SPEC), 15.0);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 30.0);
    assert_close!(e(&tr, 1, Phase::U5, INDEP), 5.0);
    assert_close!(e(&tr, 1, Phase::P, INDEP), 10.0);
    // Year 0 is the baseline itself: no overflow.
    assert_close!(e(&tr, 0, Phase::P, SPEC), 40.0);

    sc.levers.places.openings = vec![Opening {
        year: 1,
        places: 10.0,
    }];
    let (_, tr) = run(&sc);
    // K = 55: excess 5.
    assert_close!(
        e(&tr, 1, Phase::U5, INDEP) + e(&tr, 1, Phase::P, INDEP),
        5.0
    );
}

#[test]
fn step8_stepdown_within_free_places() {
    let mut sc = tiny();
    put(&mut sc, "indep", Phase::P, 100.0);
    sc.levers.stepdown = Lever::at(0.1);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 10.0); // no capacity limit

    put(&mut sc, "spec", Phase::P, 50.0);
    sc.authority.special_capacity = Some(54.0);
    let (_, tr) = run(&sc);
    assert_close!(e(&tr, 1, Phase::P, SPEC), 54.0); // only 4 free places
    assert_close!(e(&tr, 1, Phase::P, INDEP), 96.0);
}

#[test]
fn money_unit_costs_banding_inflation_transfer_and_deficit() {
    let mut sc = tiny();
    put(&mut sc, "spec", Phase::P, 10.0);
    put(&mut sc, "indep", Phase::P, 1.0);
    sc.assumptions.cost_inflation = Range::point(0.05);
    sc.levers.banding = Lever::at(0.1);
    sc.levers.transfer = Lever::at(0.01);
    sc.authority.funding.schools_block_pounds = 100_000_000.0;
    sc.assumptions.schools_block_growth = Range::point(0.02);
    sc.authority.funding.hnb_allocation_pounds = 200_000.0;
    sc.assumptions.funding_growth = Range::point(0.1);
    sc.authority.deficit.opening_pounds = 1_000.0;
    sc.authority
        .deficit
        .safety_valve
        .insert("2027-28".into(), 500.0);
    sc.authority
        .deficit
        .contributions
        .insert("2027-28".into(), 100.0);
    sc.authority
        .deficit
        .other_dsg_adjustments
        .insert("2027-28".into(), 50.0);
    let (_, tr) = run(&sc);
    // Year 0: no lever, no inflation. 10 x 20,000 + 50,000 = 250,000.
    assert_close!(tr.spend[0], 250_000.0);
    assert_close!(tr.transfer[0], 0.0);
    assert_close!(tr.balance[0], -50_000.0);
    // The base year is 2026-27: its opening is the deficit at 31 March 2026,
    // of which the High Needs Stability Grant pays 90% in this year.
    assert_close!(tr.grant[0], 900.0);
    assert_close!(tr.deficit_before_grant[0], 51_000.0);
    assert_close!(tr.deficit[0], 50_100.0);
    // Year 1: special (10,000 + 10,000 x 1.1) x 1.05 = 22,050; independent is
    // not banded: 50,000 x 1.05 = 52,500. Spend 273,000.
    assert_close!(tr.unit[tr.ns + SPEC], 22_050.0);
    assert_close!(tr.unit[tr.ns + INDEP], 52_500.0);
    assert_close!(tr.spend[1], 273_000.0);
    // Transfer 1% of 102m = 1.02m; allocation 220,000.
    assert_close!(tr.transfer[1], 1_020_000.0);
    assert_close!(tr.income[1], 1_240_000.0);
    // D1 = 51,000 - 967,000 - 500 - 100 + 50; the grant stays paid.
    assert_close!(tr.deficit_before_grant[1], 51_000.0 - 967_000.0 - 550.0);
    assert_close!(tr.deficit[1], 51_000.0 - 967_000.0 - 550.0 - 900.0);
    assert_close!(tr.grant[1], 0.0);
}

#[test]
fn allocation_overrides_and_other_income() {
    let mut sc = tiny();
    sc.horizon = 2;
    sc.authority.funding.hnb_allocation_pounds = 100.0;
    sc.assumptions.funding_growth = Range::point(0.1);
    sc.authority
        .funding
        .allocation_overrides
        .insert("2027-28".into(), 500.0);
    sc.authority
        .funding
        .other_income
        .insert("2028-29".into(), 7.0);
    let (_, tr) = run(&sc);
    assert_close!(tr.allocation[0], 100.0);
    assert_close!(tr.allocation[1], 500.0);
    // A known year sets the level later years grow from: 500 x 1.1.
    assert_close!(tr.allocation[2], 550.0);
    assert_close!(tr.income[2], 557.0);
    // With no override, the base year's: 100 x 1.1^2.
    sc.authority.funding.allocation_overrides.clear();
    let (_, tr) = run(&sc);
    assert_close!(tr.allocation[2], 121.0);
    // Flat cash in a known year, then growth from it.
    sc.authority
        .funding
        .allocation_overrides
        .insert("2027-28".into(), 100.0);
    let (_, tr) = run(&sc);
    assert_close!(tr.allocation[1], 100.0);
    assert_close!(tr.allocation[2], 110.0);
}

#[test]
fn ramp_and_per_lever_timetable() {
    let mut sc = tiny();
    sc.horizon = 4;
    sc.timetable = Timetable {
        start: 2,
        ramp_years: 2,
    };
    sc.levers.demand = Lever::at(0.5);
    sc.levers.ceasing = Lever {
        start: Some(4),
        ramp_years: Some(1),
        ..Lever::at(1.0)
    };
    let m = Model::new(&sc).unwrap();
    let r: Vec<f64> = (0..=4).map(|t| m.ramp(LeverId::Demand, t)).collect();
    assert_eq!(r, vec![0.0, 0.0, 0.5, 1.0, 1.0]);
    let r: Vec<f64> = (0..=4).map(|t| m.ramp(LeverId::Ceasing, t)).collect();
    assert_eq!(r, vec![0.0, 0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn implementation_costs_from_start_while_set() {
    let mut sc = tiny();
    sc.horizon = 3;
    sc.levers.demand = Lever {
        start: Some(2),
        annual_cost_pounds: 1000.0,
        ..Lever::at(0.1)
    };
    sc.levers.ceasing = Lever {
        annual_cost_pounds: 999.0,
        ..Lever::at(0.0)
    }; // neutral: no cost
    sc.levers.places = PlacesLever {
        openings: vec![Opening {
            year: 3,
            places: 5.0,
        }],
        annual_cost_pounds: 10.0,
    };
    let (_, tr) = run(&sc);
    assert_eq!(tr.implementation, vec![0.0, 0.0, 1000.0, 1010.0]);
    assert_close!(tr.spend[3], 1010.0);
}

#[test]
fn delivery_scales_lever_effects() {
    let mut sc = tiny();
    sc.authority.new_plans.p = 100.0;
    sc.authority.placement_mix.p = mix(&[("main", 1.0)]);
    sc.levers.demand = Lever::at(0.5);
    sc.assumptions.delivery = Range::new(0.5, 0.5, 1.0);
    let (_, tr) = run(&sc);
    assert_close!(tr.ehcps[1], 75.0); // half of the planned 50% reduction
}

#[test]
fn metrics_sustained_balance_and_march_2028() {
    let mut sc = tiny();
    sc.horizon = 4;
    sc.authority.base_year = 2025;
    put(&mut sc, "main", Phase::P, 100.0); // 500,000 a year
    sc.authority.funding.hnb_allocation_pounds = 400_000.0;
    for (y, v) in [
        ("2026-27", 600_000.0),
        ("2027-28", 450_000.0),
        ("2028-29", 500_000.0),
        ("2029-30", 501_000.0),
    ] {
        sc.authority
            .funding
            .allocation_overrides
            .insert(y.into(), v);
    }
    let run = hne_model::project(&sc).unwrap();
    let m = &run.scenario.metrics;
    // Balances: -100k, +100k, -50k, 0, +1k: balanced from 2028-29 on.
    assert_eq!(m.sustained_balance_year.as_deref(), Some("2028-29"));
    assert_eq!(m.sustained_balance_t, Some(3));
    // D: 100k, 0, 50k (end of 2027-28 = 31 March 2028), 50k, 49k; the grant
    // is 90% of the 100k at 31 March 2026, paid in 2026-27.
    assert_close!(m.deficit_march_2026_pounds.unwrap(), 100_000.0);
    assert_close!(m.stability_grant_pounds, 90_000.0);
    assert_close!(m.deficit_march_2028_pounds.unwrap(), 50_000.0 - 90_000.0);
    assert_close!(m.deficit_at_horizon_pounds, 49_000.0 - 90_000.0);
    let y = &run.scenario.years;
    assert_close!(y[2].deficit_pounds, 50_000.0);
    assert_close!(y[2].deficit_after_grant_pounds, -40_000.0);
    assert_close!(y[1].stability_grant_pounds, 90_000.0);
    assert_close!(m.cumulative_spend_pounds, 2_000_000.0);

    sc.authority.base_year = 2028;
    sc.authority.funding.allocation_overrides.clear();
    let run = hne_model::project(&sc).unwrap();
    assert_eq!(run.scenario.metrics.deficit_march_2028_pounds, None);
    assert_eq!(run.scenario.metrics.sustained_balance_year, None);
}

#[test]
fn totals_split_by_default_phase_shares_of_the_kind() {
    let mut sc = tiny();
    sc.authority
        .caseload
        .insert("post16".into(), Caseload::Total(100.0));
    let m = Model::new(&sc).unwrap();
    let tr = m.run(0);
    // Post-16 settings serve 16-19 and 20-25: 0.195 and 0.047 renormalised.
    assert_close!(
        tr.ehcps_at(0, Phase::F.index(), POST16),
        100.0 * 0.195 / 0.242
    );
    assert_close!(
        tr.ehcps_at(0, Phase::A.index(), POST16),
        100.0 * 0.047 / 0.242
    );
    assert_close!(tr.ehcps_at(0, Phase::P.index(), POST16), 0.0);
}

#[test]
fn savings_are_baseline_less_scenario() {
    let mut sc = hne_model::examples::example_borough();
    sc.levers = hne_model::presets::levers("dbv").unwrap();
    let run = hne_model::project(&sc).unwrap();
    let s = &run.savings;
    assert_close!(
        s.deficit_at_horizon_pounds,
        run.baseline.metrics.deficit_at_horizon_pounds
            - run.scenario.metrics.deficit_at_horizon_pounds
    );
    assert!(s.deficit_at_horizon_pounds > 0.0, "a DBV plan saves money");
    assert_eq!(
        run.levers_set,
        vec!["inclusion", "independent", "transfer", "demand", "ceasing"]
    );
}

#[test]
fn band_shares_near_one_are_rescaled_as_the_docs_say() {
    // docs/model.md: shares within 0.001 of 1 are accepted and rescaled to
    // sum exactly to 1. Example Borough's mainstream bands, nudged to 1.0009.
    let mut sc = hne_model::examples::by_name("example").unwrap();
    let i = sc
        .authority
        .settings
        .iter()
        .position(|s| s.kind == Kind::Mainstream)
        .unwrap();
    let exact = sc.authority.settings[i].unit_cost_pounds();
    sc.authority.settings[i].bands[0].share += 0.0009;
    let sum: f64 = sc.authority.settings[i].bands.iter().map(|b| b.share).sum();
    assert!((sum - 1.0009).abs() < 1e-12, "{sum}");
    sc.validate().expect("within 0.001 of 1 is accepted");
    let s = &sc.authority.settings[i];
    let as_given: f64 = s.bands.iter().map(|b| b.value_pounds * b.share).sum();
    let rescaled = as_given / sum;
    assert!((s.topup_pounds() - rescaled).abs() < 1e-9);
    assert!(
        (as_given - rescaled).abs() > 1.0,
        "the nudge must matter for this test to mean anything"
    );
    // The engine's base-year unit cost is the rescaled one.
    let run = hne_model::project(&sc).unwrap();
    let unit = run.scenario.years[0].settings[i].unit_cost_pounds;
    assert!(
        (unit - (s.place_pounds + rescaled)).abs() < 1e-6,
        "{unit} vs {}",
        s.place_pounds + rescaled
    );
    assert!((unit - exact).abs() > 0.5, "{unit} vs unnudged {exact}");
}

#[test]
fn stability_grant_known_deficits_and_schools_block() {
    let mut sc = tiny();
    sc.horizon = 3;
    sc.authority.base_year = 2024;
    put(&mut sc, "main", Phase::P, 100.0); // 500,000 a year
    sc.authority.funding.hnb_allocation_pounds = 400_000.0; // -100k a year
    sc.authority.deficit.opening_pounds = 1_000_000.0;
    // Other DSG blocks add 20k in 2025-26: not part of the high needs deficit.
    sc.authority
        .deficit
        .other_dsg_adjustments
        .insert("2025-26".into(), 20_000.0);
    let (_, tr) = run(&sc);
    // D before the grant: 1.1m (2024-25), 1.22m at 31 March 2026, 1.32m, 1.42m.
    assert_close!(tr.deficit_before_grant[1], 1_220_000.0);
    // Grant: 90% of 1.2m, paid in 2026-27 (t = 2).
    assert_eq!(tr.grant[1], 0.0);
    assert_close!(tr.grant[2], 1_080_000.0);
    assert_close!(tr.deficit[1], 1_220_000.0);
    assert_close!(tr.deficit[2], 1_320_000.0 - 1_080_000.0);
    assert_close!(tr.deficit[3], 1_420_000.0 - 1_080_000.0);

    // Not approved: no grant, the council carries it all.
    sc.authority.deficit.stability_grant.plan_approved = false;
    let (_, tr) = run(&sc);
    assert_eq!(tr.grant, vec![0.0; 4]);
    assert_eq!(tr.deficit, tr.deficit_before_grant);
    sc.authority.deficit.stability_grant.plan_approved = true;

    // The Department's eligible figure replaces the projection's.
    sc.authority.deficit.stability_grant.eligible_pounds = Some(500_000.0);
    let (_, tr) = run(&sc);
    assert_close!(tr.grant[2], 450_000.0);
    sc.authority.deficit.stability_grant.eligible_pounds = None;

    // A deficit the council has published for 31 March 2025 (the end of
    // the base year) is where the projection carries on from.
    sc.authority.deficit.closing_pounds = Some(2_000_000.0);
    let (_, tr) = run(&sc);
    assert_close!(tr.deficit_before_grant[0], 2_000_000.0);
    assert_close!(tr.deficit_before_grant[1], 2_120_000.0);
    assert_close!(tr.grant[2], 0.9 * 2_100_000.0);

    // A surplus at 31 March 2026 earns no grant.
    sc.authority.deficit.closing_pounds = None;
    sc.authority.deficit.opening_pounds = -5_000_000.0;
    let (_, tr) = run(&sc);
    assert_eq!(tr.grant, vec![0.0; 4]);

    // A base year after 2026-27: the grant is in the opening already.
    sc.authority.base_year = 2027;
    sc.authority.deficit.other_dsg_adjustments.clear();
    sc.authority.deficit.opening_pounds = 1_000_000.0;
    let (_, tr) = run(&sc);
    assert_eq!(tr.grant, vec![0.0; 4]);
}

#[test]
fn schools_block_grows_from_its_latest_known_year() {
    let mut sc = tiny();
    sc.horizon = 2;
    sc.authority.funding.schools_block_pounds = 100_000_000.0;
    sc.assumptions.schools_block_growth = Range::point(0.02);
    sc.authority
        .funding
        .schools_block_overrides
        .insert("2027-28".into(), 110_000_000.0);
    sc.levers.transfer = Lever::at(0.005);
    let (_, tr) = run(&sc);
    assert_close!(tr.schools_block[0], 100_000_000.0);
    assert_close!(tr.schools_block[1], 110_000_000.0);
    assert_close!(tr.schools_block[2], 112_200_000.0);
    assert_close!(tr.transfer[2], 0.005 * 112_200_000.0);
}
