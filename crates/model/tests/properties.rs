//! The invariants of spec section 10, on random valid scenarios.

mod common;

use hne_model::map::Map;

use common::*;
use hne_model::attribution::attribute;
use hne_model::schema::*;
use hne_model::{LeverId, Model, Phase, Trace};
use proptest::prelude::*;

/// Normalise weights to shares (all zero -> first entry 1).
fn shares(ids: &[&str], w: &[f64]) -> Map<f64> {
    let sum: f64 = w.iter().sum();
    ids.iter()
        .zip(w)
        .filter(|(_, v)| **v > 0.0)
        .map(|(id, v)| (id.to_string(), v / sum))
        .collect::<Map<_>>()
        .into_iter()
        .chain((sum == 0.0).then(|| (ids[0].to_string(), 1.0)))
        .collect()
}

const IDS: [&str; 7] = ["main", "res", "spec", "indep", "post16", "ap", "other"];
const KINDS: [Kind; 7] = Kind::ALL;

prop_compose! {
    fn weights()(w in prop::collection::vec(prop_oneof![Just(0.0), 0.0..1.0f64], 7)) -> Vec<f64> { w }
}

prop_compose! {
    fn unit_rate()(v in prop_oneof![Just(0.0), 0.0..0.3f64, Just(1.0)]) -> f64 { v }
}

prop_compose! {
    fn levers()(
        on in prop::collection::vec(any::<bool>(), 8),
        v in prop::collection::vec(0.0..1.0f64, 8),
        starts in prop::collection::vec(1usize..5, 8),
        ramps in prop::collection::vec(1usize..5, 8),
        own in prop::collection::vec(any::<bool>(), 8),
        cost in 0.0..1e6f64,
        opening_year in 1usize..6,
        opening_places in 0.0..500.0f64,
    ) -> Levers {
        let lv = |i: usize, hi: f64, lo: f64| Lever {
            value: if on[i] { lo + v[i] * (hi - lo) } else { 0.0 },
            start: own[i].then_some(starts[i]),
            ramp_years: own[i].then_some(ramps[i]),
            annual_cost_pounds: if i.is_multiple_of(3) { cost } else { 0.0 },
        };
        Levers {
            inclusion: lv(0, 1.0, 0.0),
            independent: lv(1, 1.0, 0.0),
            banding: lv(2, 0.3, -0.3),
            transfer: lv(3, 0.03, 0.0),
            demand: lv(4, 0.5, 0.0),
            ceasing: lv(5, 2.0, 0.0),
            places: PlacesLever {
                openings: if on[6] { vec![Opening { year: opening_year, places: opening_places }] } else { vec![] },
                annual_cost_pounds: cost / 2.0,
            },
            stepdown: lv(7, 0.2, 0.0),
        }
    }
}

prop_compose! {
    fn scenario()(
        horizon in 1usize..=15,
        case in prop::collection::vec(prop_oneof![Just(0.0), 0.0..5000.0f64], 35),
        new in prop::collection::vec(0.0..800.0f64, 5),
        mixes in prop::collection::vec(weights(), 5),
        trans in prop::collection::vec(weights(), 28),
        cease in prop::collection::vec(unit_rate(), 5),
        ageing in prop::collection::vec(unit_rate(), 5),
        esc in prop::collection::vec(unit_rate(), 5),
        escx in prop::collection::vec(0.0..1.0f64, 5),
        units in prop::collection::vec((0.0..20000.0f64, 0.0..80000.0f64), 7),
        capacity in prop_oneof![Just(None), (0.0..20000.0f64).prop_map(Some)],
        growth in (-0.1..0.2f64, -0.05..0.1f64, -0.05..0.1f64, -0.05..0.1f64),
        money in (0.0..2e8f64, 0.0..5e8f64, -5e7..5e7f64),
        levers in levers(),
        timetable in (1usize..5, 1usize..5),
        delivery in 0.3..1.0f64,
    ) -> Scenario {
        let mut sc = tiny();
        sc.horizon = horizon;
        sc.authority.settings = (0..7).map(|i| setting(IDS[i], KINDS[i], units[i].0, units[i].1)).collect();
        sc.authority.caseload = (0..7)
            .map(|s| (IDS[s].to_string(), Caseload::ByPhase(PerPhase::from_fn(|ph| case[ph.index() * 7 + s]))))
            .collect();
        for ph in Phase::ALL {
            let a = ph.index();
            *sc.authority.new_plans.get_mut(ph) = new[a];
            *sc.authority.placement_mix.get_mut(ph) = shares(&IDS, &mixes[a]);
            *sc.authority.cease_rate.get_mut(ph) = cease[a];
            *sc.authority.ageing.get_mut(ph) = ageing[a];
            *sc.authority.escalation.get_mut(ph) = esc[a];
            *sc.authority.escalation_to_independent.get_mut(ph) = escx[a];
        }
        for (pi, ph) in [Phase::U5, Phase::P, Phase::S, Phase::F].iter().enumerate() {
            let rows = match ph {
                Phase::U5 => &mut sc.authority.transitions.u5,
                Phase::P => &mut sc.authority.transitions.p,
                Phase::S => &mut sc.authority.transitions.s,
                _ => &mut sc.authority.transitions.f,
            };
            for s in 0..7 {
                // Some rows left out: those stay in their setting.
                if (pi + s) % 3 != 0 {
                    rows.insert(IDS[s].to_string(), shares(&IDS, &trans[pi * 7 + s]));
                }
            }
        }
        sc.authority.special_capacity = capacity;
        sc.authority.other_spend = vec![SpendLine { name: "Central".into(), amount_pounds: 1e6, inflation: Range::point(growth.3) }];
        sc.authority.funding.hnb_allocation_pounds = money.0;
        sc.authority.funding.schools_block_pounds = money.1;
        sc.authority.deficit.opening_pounds = money.2;
        sc.assumptions.new_plan_growth = Range::point(growth.0);
        sc.assumptions.cost_inflation = Range::point(growth.1);
        sc.assumptions.funding_growth = Range::point(growth.2);
        sc.assumptions.schools_block_growth = Range::point(growth.3);
        sc.assumptions.delivery = Range::new(delivery, delivery, 1.0);
        sc.levers = levers;
        sc.timetable = Timetable { start: timetable.0, ramp_years: timetable.1 };
        sc
    }
}

fn model(sc: &Scenario) -> Model {
    Model::new(sc).unwrap_or_else(|p| panic!("generated scenario invalid: {p}"))
}

/// The expected change in the total: new plans - ceased - leaving at 25.
fn expected_total(sc: &Scenario, m: &Model, tr: &Trace, t: usize) -> f64 {
    let a = &sc.authority;
    let d = m.central.delivery;
    let strength = |id: LeverId, v: f64| v * m.ramp(id, t) * d;
    let kappa = strength(LeverId::Ceasing, sc.levers.ceasing.value);
    let delta = strength(LeverId::Demand, sc.levers.demand.value);
    let mut total = 0.0;
    for ph in Phase::ALL {
        let i = ph.index();
        let prev: f64 = (0..m.ns).map(|s| tr.ehcps_at(t - 1, i, s)).sum();
        let c = (a.cease_rate.get(ph) * (1.0 + kappa)).min(1.0);
        let stay = prev * (1.0 - c);
        let leave = if ph == Phase::A {
            stay * a.ageing.a
        } else {
            0.0
        };
        let new =
            a.new_plans.get(ph) * (1.0 + m.central.new_plan_growth).powi(t as i32) * (1.0 - delta);
        total += stay - leave + new;
    }
    total
}

/// Reorder unit costs so that inclusive < special < independent even with
/// banding at +/-30%: inclusive up to £15,000, special £30,000 to £40,000,
/// independent £60,000 to £100,000 (independent is not banded).
fn order_costs(mut sc: Scenario) -> Scenario {
    for st in &mut sc.authority.settings {
        let seed = (st.place_pounds + st.bands[0].value_pounds) / 100_000.0; // 0..1
        st.place_pounds = 0.0;
        st.bands[0].value_pounds = match st.kind {
            Kind::Special => 30_000.0 + 10_000.0 * seed,
            Kind::Independent => 60_000.0 + 40_000.0 * seed,
            _ => 15_000.0 * seed,
        };
    }
    sc
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// A fixed seed keeps CI deterministic; set HNE_PROPTEST_SEED to explore others.
fn config() -> ProptestConfig {
    let seed = std::env::var("HNE_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_122);
    ProptestConfig {
        cases: 300,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The condition under which the lever-monotonicity invariants hold (see
/// docs/model.md, "Invariants"): where a child goes at the next phase does not
/// depend on their current setting, and no capacity limit reshuffles phases.
/// Without it, moving a child from independent to special can raise cost when
/// special pupils stay on in special and independent ones move to mainstream.
fn same_onward_paths(mut sc: Scenario) -> Scenario {
    let t = &mut sc.authority.transitions;
    for rows in [&mut t.u5, &mut t.p, &mut t.s, &mut t.f] {
        let first = rows.values().next().cloned();
        if let Some(row) = first {
            for id in IDS {
                rows.insert(id.to_string(), row.clone());
            }
        }
    }
    sc.authority.special_capacity = None;
    sc
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn conservation_of_ehcps(sc in scenario()) {
        let m = model(&sc);
        let tr = m.run(LeverId::ALL_MASK);
        for t in 1..=m.horizon {
            let want = expected_total(&sc, &m, &tr, t);
            prop_assert!(rel_close(tr.ehcps[t], want, 1e-12), "year {t}: {} vs {}", tr.ehcps[t], want);
        }
    }

    #[test]
    fn no_negative_no_nan(sc in scenario()) {
        let m = model(&sc);
        let tr = m.run(LeverId::ALL_MASK);
        for v in tr.caseload.iter().chain(&tr.placement).chain(&tr.unit).chain(&tr.spend).chain(&tr.lines) {
            prop_assert!(v.is_finite() && *v >= 0.0, "bad value {v}");
        }
        for v in tr.balance.iter().chain(&tr.deficit).chain(&tr.income) {
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn neutral_levers_equal_baseline_bit_for_bit(sc in scenario()) {
        let mut neutral = sc.clone();
        // Zero every value but keep starts, ramps and costs.
        for l in [&mut neutral.levers.inclusion, &mut neutral.levers.independent, &mut neutral.levers.banding,
                  &mut neutral.levers.transfer, &mut neutral.levers.demand, &mut neutral.levers.ceasing,
                  &mut neutral.levers.stepdown] {
            l.value = 0.0;
        }
        neutral.levers.places.openings.clear();
        let run = hne_model::project(&neutral).unwrap();
        prop_assert_eq!(&run.scenario, &run.baseline);
        let base = hne_model::project(&sc).unwrap().baseline;
        prop_assert_eq!(&run.scenario, &base);
    }

    #[test]
    fn deficit_falls_with_demand_ceasing_and_transfer(sc in scenario(), a in 0.0..1.0f64, b in 0.0..1.0f64) {
        let (lo, hi) = (a.min(b), a.max(b));
        for (set, range) in [
            (0usize, hne_model::validate::DEMAND_RANGE),
            (1, hne_model::validate::CEASING_RANGE),
            (2, hne_model::validate::TRANSFER_RANGE),
        ] {
            let d = |v: f64| {
                let mut s = sc.clone();
                let lever = match set { 0 => &mut s.levers.demand, 1 => &mut s.levers.ceasing, _ => &mut s.levers.transfer };
                lever.value = range.0 + v * (range.1 - range.0);
                model(&s).run(LeverId::ALL_MASK).final_deficit()
            };
            let (d_lo, d_hi) = (d(lo), d(hi));
            prop_assert!(d_hi <= d_lo + 1e-9 * d_lo.abs().max(1.0), "lever {set}: {d_hi} > {d_lo}");
        }
    }

    #[test]
    fn deficit_falls_with_inclusion_when_specialist_costs_more(sc in scenario(), a in 0.0..1.0f64, b in 0.0..1.0f64) {
        let sc = same_onward_paths(order_costs(sc));
        let m = model(&sc);
        // The invariant's condition, on the unit costs the scenario uses
        // (banding moves them), in every year: every specialist unit cost at
        // least every inclusive one, and independent at least special.
        let tr = m.run(LeverId::ALL_MASK);
        let ns = m.ns;
        let ok = (0..=m.horizon).all(|t| {
            let u = |s: usize| tr.unit[t * ns + s];
            let min_spec = (0..ns).filter(|&s| m.kinds[s].is_specialist()).map(u).fold(f64::INFINITY, f64::min);
            let max_incl = (0..ns).filter(|&s| m.kinds[s].is_inclusive()).map(u).fold(0.0, f64::max);
            min_spec >= max_incl && u(3) >= u(2)
        });
        prop_assert!(ok, "order_costs should always meet the condition");
        let (lo, hi) = (a.min(b), a.max(b));
        let d = |v: f64| { let mut s = sc.clone(); s.levers.inclusion.value = v; model(&s).run(LeverId::ALL_MASK).final_deficit() };
        let (d_lo, d_hi) = (d(lo), d(hi));
        prop_assert!(d_hi <= d_lo + 1e-9 * d_lo.abs().max(1.0), "{d_hi} > {d_lo}");
    }

    #[test]
    fn deficit_falls_with_independent_lever_when_independent_costs_more(sc in scenario(), a in 0.0..1.0f64, b in 0.0..1.0f64) {
        let sc = same_onward_paths(order_costs(sc));
        let m = model(&sc);
        let tr = m.run(LeverId::ALL_MASK);
        let ns = m.ns;
        prop_assert!((0..=m.horizon).all(|t| tr.unit[t * ns + 3] >= tr.unit[t * ns + 2]));
        let (lo, hi) = (a.min(b), a.max(b));
        let d = |v: f64| { let mut s = sc.clone(); s.levers.independent.value = v; model(&s).run(LeverId::ALL_MASK).final_deficit() };
        let (d_lo, d_hi) = (d(lo), d(hi));
        prop_assert!(d_hi <= d_lo + 1e-9 * d_lo.abs().max(1.0), "{d_hi} > {d_lo}");
    }

    #[test]
    fn shapley_values_sum_to_the_total_effect(sc in scenario()) {
        let m = model(&sc);
        let at = attribute(&m);
        let sum_d: f64 = at.levers.iter().map(|l| l.deficit_pounds).sum();
        let sum_s: f64 = at.levers.iter().map(|l| l.cumulative_spend_pounds).sum();
        let total_d = at.scenario_deficit_pounds - at.baseline_deficit_pounds;
        let total_s = at.scenario_cumulative_spend_pounds - at.baseline_cumulative_spend_pounds;
        let scale_d = at.baseline_deficit_pounds.abs().max(at.scenario_deficit_pounds.abs()).max(1.0);
        let scale_s = at.baseline_cumulative_spend_pounds.abs().max(1.0);
        prop_assert!((sum_d - total_d).abs() <= 1e-9 * scale_d, "{sum_d} vs {total_d}");
        prop_assert!((sum_s - total_s).abs() <= 1e-9 * scale_s, "{sum_s} vs {total_s}");
        prop_assert_eq!(at.projections, 1usize << at.levers.len());
    }

    #[test]
    fn shorter_horizon_agrees_with_longer(sc in scenario(), cut in 1usize..15) {
        prop_assume!(cut < sc.horizon);
        let mut short = sc.clone();
        short.horizon = cut;
        let long = model(&sc).run(LeverId::ALL_MASK);
        let short_tr = model(&short).run(LeverId::ALL_MASK);
        for t in 0..=cut {
            prop_assert_eq!(long.deficit[t], short_tr.deficit[t]);
            prop_assert_eq!(long.spend[t], short_tr.spend[t]);
            prop_assert_eq!(long.ehcps[t], short_tr.ehcps[t]);
        }
    }

    #[test]
    fn json_round_trip_is_identical(sc in scenario()) {
        let text = sc.to_json_pretty();
        let back = Scenario::from_json(&text).unwrap();
        prop_assert_eq!(back, sc);
    }
}
