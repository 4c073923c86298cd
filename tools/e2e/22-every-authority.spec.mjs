// End-to-end, part 22: Every English authority.
import { spawnSync } from "node:child_process";
import { test, deficit, axeRun, painted, open } from "./fixtures.mjs";

test("Every English authority", async ({ browser, check }) => {
  // The native projection of an authority's published figures, to compare
  // with the page's: the same code, the same figures.
  const hne = process.env.HNE_BIN || "target/release/hne";
  const native = (name, preset) => {
    const sc = spawnSync(hne, ["example", name], { encoding: "utf8" }).stdout;
    const run = JSON.parse(spawnSync(hne, ["project", "-", ...(preset ? ["--preset", preset] : [])], { input: sc, encoding: "utf8" }).stdout);
    return run.scenario.metrics.deficit_at_horizon_pounds;
  };
  const c = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const p = await open(c);
  // From no plan, so an authority opens as the native tool projects it.
  await p.click("text=No plan");
  await painted(p);
  // Every authority in the list has its figures served.
  const served = await p.evaluate(async () => {
    const ids = [...document.querySelectorAll("#authority option")].map((o) => o.value).filter((v) => v.startsWith("la/"));
    const bad = [];
    for (const id of ids) {
      const [, code, version] = id.match(/^la\/(\d{3})@(.+)$/);
      const r = await fetch(`data/authorities/${version}/${code}.json`);
      if (!r.ok) bad.push(id);
    }
    return { n: ids.length, bad };
  });
  check("the list holds every English authority, grouped by region, each with its figures served",
    served.n >= 150 && served.bad.length === 0 && (await p.$$eval("#authority optgroup", (g) => g.length)) === 10, JSON.stringify(served));
  // Typing part of a name that fits several says which.
  await p.fill("#find-authority", "cam");
  await p.press("#find-authority", "Enter");
  await p.waitForFunction(() => /matches \d+ authorities/.test(document.querySelector(".notices").textContent));
  const said = await p.textContent(".notices");
  check("\"cam\" in Find your council names Cambridgeshire and Camden", /Cambridgeshire/.test(said) && /Camden/.test(said), said.slice(0, 200));
  // A whole name opens it, on its own figures, as the native tool projects them.
  await p.fill("#find-authority", "Kent");
  await p.press("#find-authority", "Enter");
  await p.waitForFunction(() => document.querySelector("#authority").value.startsWith("la/886@"));
  await painted(p);
  const plain = await deficit(p);
  check("Kent opens on its published figures: the page's deficit is the native tool's", Math.abs(plain - native("Kent")) < 1, `${plain} vs ${native("Kent")}`);
  await p.click("text=Typical DBV plan");
  await painted(p);
  const kent = await deficit(p);
  check("a plan on Kent projects as the native tool does", Math.abs(kent - native("Kent", "dbv")) < 1, `${kent} vs ${native("Kent", "dbv")}`);
  check("its sources are in the page, with the licence", await p.evaluate(() => /Open Government Licence/.test(document.body.textContent) && /SEN2/.test(document.body.textContent)));
  // The link names the authority and the data version instead of carrying them.
  const link = p.url();
  const body = JSON.parse(Buffer.from(link.split("#s=")[1].split(".")[0], "base64url").toString());
  check("the link names la/886 and the data version, without the figures", /^la\/886@\d{4}\.\d+$/.test(body.base) && !("authority" in body) && link.length < 2500, `${body.base} ${link.length}`);
  // Opened elsewhere, it fetches the figures first and shows the same plan.
  const c2 = await browser.newContext({ viewport: { width: 412, height: 900 } });
  const q = await open(c2, link);
  check("the link opens the same plan in a fresh browser", Math.abs((await deficit(q)) - kent) < 1, `${await deficit(q)} vs ${kent}`);
  check("the past forecasts are not fetched with the page", !(await q.evaluate(() => performance.getEntriesByType("resource").some((r) => r.name.includes("hindcast.json")))));
  await q.waitForSelector(".compare-authorities");
  const wide = await q.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  check("at 412 px, with the comparison, the page does not scroll sideways", wide[0] <= wide[1], JSON.stringify(wide));
  // Compared with similar authorities; the levers mark them.
  await p.waitForSelector(".compare-authorities");
  const cmp = await p.$$eval(".compare-authorities .similar-list button", (bs) => bs.map((b) => b.textContent));
  const marks = await p.evaluate(() => document.body.textContent.includes("Similar authorities"));
  check("Kent is compared with ten similar authorities, its region and England, and the levers mark them",
    cmp.length === 10 && marks && /South East/.test(await p.textContent(".compare-authorities")), cmp.join(", "));
  // How good were past forecasts: Kent's forecast from January 2019
  // against what happened, fetched when the panel comes near the screen.
  await p.locator("#past-title").scrollIntoViewIfNeeded();
  await p.waitForFunction(() => /^Had this model/.test(document.querySelector("[data-testid=hindcast-own]").textContent), null, { timeout: 15000 });
  const own = await p.textContent("[data-testid=hindcast-own]");
  const nat = await p.textContent("[data-testid=hindcast-national]");
  const newest = await p.textContent("[data-testid=hindcast-latest]");
  check("Kent's past forecast from January 2019 against the 21,742 EHCPs of January 2026, whether its likely range held, and how often it held across England",
    /^Had this model been used in January 2019, it would have forecast [\d,]+ EHCPs in Kent for January 2026 \(likely [\d,]+ to [\d,]+\)\. There were 21,742: (inside|below|above) the likely range/.test(own)
      && /^Across England's 153 authorities, forecasts made this way from each January from 2019 to 2025, each with its settings fitted without its own January, held the number of EHCPs inside their likely range [\d.]+% of the time/.test(nat), own + " | " + nat);
  check("the newest test: Kent's forecast of January 2026 made in January 2025 with only what was known then, its error, beside England's",
    /^The newest test: made in January 2025 with only what was known then, the forecast for January 2026 was [\d,]+ EHCPs in Kent \(likely [\d,]+ to [\d,]+\)\. There were 21,742, [\d.]+% (more|fewer) than forecast and (inside|below|above) its likely range\. Across England's \d+ authorities, the typical forecast was [\d.]+% out/.test(newest), newest);
  await p.waitForFunction(() => window.__hnePainted && "hindcast" in window.__hnePainted, null, { timeout: 15000 });
  const hc = await p.$eval('figure[data-chart="hindcast"]', (f) => [f.querySelector("canvas")?.getAttribute("aria-label") || f.querySelector("canvas")?.getAttribute("aria-labelledby") || "", f.textContent]);
  check("its chart is drawn, with what happened, the forecast and its likely range named", /What happened/.test(hc[1]) && /Forecast from January 2019/.test(hc[1]) && /Likely range/.test(hc[1]), hc[1].slice(0, 300));
  const axe = await axeRun(p);
  check("axe: no problem with a published authority and its comparison", axe.length === 0, axe.join("; "));
  // A similar authority opens from the comparison, keeping the plan (same
  // base year, so the same timetable): as the native tool projects it.
  await p.click(`.compare-authorities .similar-list button >> text=${cmp[0]}`);
  await p.waitForFunction((n) => document.querySelector("#authority").selectedOptions[0]?.textContent === n, cmp[0]);
  await painted(p);
  const other = await deficit(p);
  check(`${cmp[0]} opens from the comparison, with the plan kept`, Math.abs(other - native(cmp[0], "dbv")) < 1, `${other} vs ${native(cmp[0], "dbv")}`);
  await c2.close();
  await c.close();
});
