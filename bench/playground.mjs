import init, * as hne from "./pkg/high_needs_explorer.js";

const m = (v) => (v / 1e6).toFixed(1);
function render() {
  const sc = hne.example(document.getElementById("authority").value);
  sc.levers = hne.preset(document.getElementById("preset").value);
  const run = hne.project(sc);
  const s = run.scenario.metrics;
  document.getElementById("summary").textContent =
    `${run.authority}: cumulative deficit £${m(s.deficit_at_horizon_pounds)}m by ${s.final_year}` +
    ` (unmitigated £${m(run.baseline.metrics.deficit_at_horizon_pounds)}m); in-year balance ` +
    (s.sustained_balance_year ? `from ${s.sustained_balance_year}.` : "not reached within the horizon.");
  document.getElementById("rows").replaceChildren(...run.scenario.years.map((y, i) => {
    const tr = document.createElement("tr");
    for (const v of [y.year, Math.round(y.ehcps).toLocaleString("en-GB"), m(y.spend_pounds), m(y.income_pounds),
                     m(y.balance_pounds), m(y.deficit_pounds), m(run.baseline.years[i].deficit_pounds)]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  }));
}
await init();
document.getElementById("controls").addEventListener("change", render);
render();
