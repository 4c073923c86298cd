//! Speed of the three hot paths (issue 2's targets, reported not asserted):
//! one projection of 8 settings x 5 phases x 15 years (<= 20 us), exact
//! Shapley over 8 levers (256 projections, <= 5 ms), 2,000 Monte Carlo runs
//! (<= 50 ms). `scripts/bench.sh` runs these and the same through the JS API.

use criterion::{criterion_group, criterion_main, Criterion};
use hne_model::schema::*;
use hne_model::uncertainty::{knobs, run_monte_carlo};
use hne_model::{attribution, examples, presets, LeverId, Model, Trace};
use std::hint::black_box;

/// The example authority with an eighth setting, 15 years and all 8 levers set.
pub fn bench_scenario() -> Scenario {
    let mut sc = examples::example_borough();
    sc.horizon = 15;
    let mut extra = sc.authority.settings[1].clone();
    extra.id = "resourced2".into();
    extra.name = "Second resourced provision".into();
    sc.authority.settings.push(extra);
    sc.authority
        .caseload
        .insert("resourced2".into(), Caseload::Total(60.0));
    sc.levers = presets::levers("safety_valve").unwrap();
    sc.levers.banding.value = 0.05;
    sc.levers.stepdown.value = 0.1;
    sc
}

fn benches(c: &mut Criterion) {
    let sc = bench_scenario();
    let model = Model::new(&sc).unwrap();
    assert_eq!(model.ns, 8);
    assert_eq!(model.set_mask, LeverId::ALL_MASK, "all 8 levers set");
    let mut trace = Trace::new(&model);
    c.bench_function("projection_8x5x15", |b| {
        b.iter(|| {
            model.simulate(LeverId::ALL_MASK, &model.central, &mut trace);
            black_box(trace.final_deficit())
        })
    });
    c.bench_function("shapley_8_levers", |b| {
        b.iter(|| black_box(attribution::attribute(&model)))
    });
    let k = knobs(&sc);
    c.bench_function("monte_carlo_2000", |b| {
        b.iter(|| black_box(run_monte_carlo(&model, &k, 2000, 7, 15)))
    });
    c.bench_function("compile_and_project_json_output", |b| {
        b.iter(|| black_box(hne_model::project(&sc).unwrap()))
    });
}

criterion_group!(benches_group, benches);
criterion_main!(benches_group);
