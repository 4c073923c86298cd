// Times the JS API in the browser on the same scenario as the native
// criterion benches (crates/model/benches/model.rs): the example authority
// with an eighth setting, 15 years and all 8 levers set.
import init, * as hne from "./pkg/high_needs_explorer.js";

function benchScenario() {
  const sc = hne.example("example");
  sc.horizon = 15;
  const extra = structuredClone(sc.authority.settings[1]);
  extra.id = "resourced2";
  extra.name = "Second resourced provision";
  sc.authority.settings.push(extra);
  sc.authority.caseload.resourced2 = 60;
  sc.levers = hne.preset("safety_valve");
  sc.levers.banding.value = 0.05;
  sc.levers.stepdown.value = 0.1;
  return sc;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Median milliseconds per call over `reps` samples of `inner` calls each.
function time(fn, reps, inner = 1) {
  fn(); // warm up
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    samples.push((performance.now() - t0) / inner);
  }
  return median(samples);
}

async function main() {
  await init();
  const sc = benchScenario();
  const results = {
    model_version: hne.modelVersion(),
    // The bare engine: 2,000 projections per sample, no conversion to JS.
    projection_8x5x15_ms: time(() => hne.benchProjections(sc, 2000), 15) / 2000,
    project_with_js_objects_ms: time(() => hne.project(sc), 30, 5),
    shapley_8_levers_ms: time(() => hne.attribute(sc), 20),
    monte_carlo_2000_ms: time(() => hne.uncertainty(sc, { runs: 2000, seed: 7, target_year: 15 }), 10),
  };
  // A check that the numbers are real: the same deficit as the native run.
  results.final_deficit_pounds = hne.project(sc).scenario.metrics.deficit_at_horizon_pounds;
  let badInput = null;
  try { hne.project({ ...sc, horizon: 99 }); } catch (e) { badInput = e.problems; }
  results.bad_input_problems = badInput;
  window.benchResults = results;
  document.getElementById("status").textContent = JSON.stringify(results, null, 2);
}

main().catch((e) => { window.benchError = String(e); });
