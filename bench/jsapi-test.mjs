// Browser checks of the JS API, run by scripts/test.sh in headless Chromium.
// The expected final deficit comes from the native command-line tool (?native=).
import init, * as hne from "./pkg/high_needs_explorer.js";

const checks = [];
function check(name, ok, detail = "") { checks.push({ name, ok: !!ok, detail: String(detail) }); }
function throws(fn) { try { fn(); return null; } catch (e) { return e; } }

async function main() {
  await init();
  const native = Number(new URLSearchParams(location.search).get("native"));
  const sc = hne.example("example");
  sc.levers = hne.preset("dbv");
  const run = hne.project(sc);
  const d = run.scenario.metrics.deficit_at_horizon_pounds;
  check("project matches the native CLI", Math.abs(d - native) <= 1e-6 * Math.abs(native), `${d} vs ${native}`);
  check("baseline differs from a DBV plan", run.baseline.metrics.deficit_at_horizon_pounds > d);
  check("years are plain objects", run.scenario.years[0].year === "2026-27" && Array.isArray(run.scenario.years[0].settings));

  const at = hne.attribute(sc);
  const sum = at.levers.reduce((s, l) => s + l.deficit_pounds, 0);
  check("Shapley values sum to the total effect",
    Math.abs(sum - (at.scenario_deficit_pounds - at.baseline_deficit_pounds)) < 1e-6 * Math.abs(at.baseline_deficit_pounds));

  // The published authorities: the list, and one fetched by name.
  const list = hne.authorities();
  check("authorities() lists every English authority", list.authorities.length >= 150 && list.authorities.some((a) => a.name === "Kent" && a.code === "886"), list.authorities.length);
  const kent = await hne.authority("Kent", "data/authorities/");
  kent.levers = hne.preset("dbv");
  const kentNative = Number(new URLSearchParams(location.search).get("kent"));
  const kd = hne.project(kent).scenario.metrics.deficit_at_horizon_pounds;
  check("authority(\"Kent\") fetches its published scenario, which projects as the native CLI's", Math.abs(kd - kentNative) <= 1e-6 * Math.abs(kentNative), `${kd} vs ${kentNative}`);
  let nope = null;
  try { await hne.authority("cam"); } catch (e) { nope = e; }
  check("an unclear name is refused with the candidates", nope && /Cambridgeshire \(873\)/.test(nope.message), nope && nope.message);

  const u1 = hne.uncertainty(sc, { runs: 300, seed: 5 });
  const u2 = hne.uncertainty(sc, { runs: 300, seed: 5 });
  check("same seed, same fan", JSON.stringify(u1) === JSON.stringify(u2));
  check("P10 <= P50 <= P90", u1.years.every((y) => y.deficit_pounds.p10 <= y.deficit_pounds.p50 && y.deficit_pounds.p50 <= y.deficit_pounds.p90));

  const t = hne.solveTargets(sc, { mainstream_share: 0.99 });
  check("out-of-reach target says so", t.inclusion.status === "out_of_reach" && t.inclusion.value === 1, JSON.stringify(t.inclusion));
  check("tornado is ordered", hne.tornado(sc).bars.every((b, i, a) => i === 0 || a[i - 1].swing_pounds >= b.swing_pounds));

  const neg = structuredClone(sc);
  neg.authority.caseload.special = -3;
  const e1 = throws(() => hne.project(neg));
  check("negative count is rejected with its path", e1 && e1.problems && e1.problems[0].path === "authority.caseload.special", e1 && e1.message);
  const nan = structuredClone(sc);
  nan.authority.funding.hnb_allocation_pounds = NaN;
  const e2 = throws(() => hne.project(nan));
  check("NaN is rejected", e2 && /hnb_allocation_pounds/.test(e2.message), e2 && e2.message);
  const unknown = structuredClone(sc);
  unknown.levers.inclusoin = { value: 1 };
  const e3 = throws(() => hne.project(unknown));
  check("unknown field is rejected", e3 && /inclusoin/.test(e3.message), e3 && e3.message);
  check("garbage is rejected, not a crash", throws(() => hne.project("nonsense")) !== null);
  check("validate lists problems", hne.validate(neg).length === 1 && hne.validate(sc).length === 0);
  check("unknown example throws", throws(() => hne.example("atlantis")) !== null);
  // After all the errors the module still works (no panic poisoned it).
  check("still works after errors", hne.project(sc).scenario.metrics.deficit_at_horizon_pounds === d);
  window.testResults = checks;
}
main().catch((e) => { window.testResults = [{ name: "load", ok: false, detail: String(e) }]; });
