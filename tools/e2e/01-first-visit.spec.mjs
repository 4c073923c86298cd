// End-to-end, part 1: First visit.
import { test, figures, settled } from "./fixtures.mjs";

test("First visit", async ({ app, browser, check }) => {
  const { page } = app;
  // 1. First visit: the example with a typical plan (not a blank one),
  // every chart drawn.
  const base = await figures(page);
  const levers = await page.$$eval(".levers input[type=range]", (rs) => rs.filter((r) => +r.value !== +r.min && !/start|ramp/.test(r.id)).length);
  check("first visit shows a plan: the example with the typical DBV plan's levers and deficit", Math.abs(base["deficit-horizon"] - 184.7e6) < 0.1e6 && levers >= 4, `${base["deficit-horizon"]}, ${levers} levers set`);
  await settled(page);
  const canvases = await page.$$eval("canvas", (cs) => cs.filter((c) => !["compare", "backcast"].includes(c.closest("[data-chart]").dataset.chart)).map((c) => c.width > 0 && c.height > 0));
  check("seven charts drawn on canvases (four, two fans, the tornado)", canvases.length === 7 && canvases.every(Boolean), JSON.stringify(canvases));
  // The tables are built when "Show data" is opened, not on every move.
  const closed = await page.$$eval("details.data table", (ts) => ts.length);
  await page.$$eval("details.data", (ds) => ds.forEach((d) => { d.open = true; }));
  await page.waitForFunction(() => document.querySelectorAll("details.data table").length >= 7);
  const tables = await page.$$eval("details.data table", (ts) => ts.map((t) => t.rows.length));
  check("each chart has a data table, built when it is opened", closed === 0 && tables.length === 7 && tables.every((n) => n > 2), `${closed} closed; ${JSON.stringify(tables)}`);
  await page.$$eval("details.data", (ds) => ds.forEach((d) => { d.open = false; }));
  // The answer before the app loads: the page as served already holds the
  // verdict the app shows, its lead chart and the plan; with JavaScript
  // off it stays, and says why the levers do not move.
  const verdict = await page.textContent("[data-testid=verdict]");
  const nojs = await browser.newContext({ viewport: { width: 412, height: 915 }, javaScriptEnabled: false });
  const still = await nojs.newPage();
  await still.goto(page.url().split("#")[0]);
  const shown = await still.evaluate(() => ({
    verdict: document.querySelector(".prerendered .verdict")?.textContent || "",
    chart: !!document.querySelector(".prerendered img[src^='data:image/svg+xml']")?.naturalWidth,
    plan: document.querySelector(".prerendered .plan-summary")?.textContent || "",
    why: document.querySelector(".prerendered noscript")?.textContent || "",
  }));
  await nojs.close();
  check("with JavaScript off, the page shows the app's own verdict, the lead chart and the plan, and says why the levers do not move",
    shown.verdict.replace(/\s+/g, " ").trim() === verdict.replace(/\s+/g, " ").trim() && shown.chart && /This plan sets 5 levers/.test(shown.plan) && /JavaScript and WebAssembly/.test(shown.why), JSON.stringify(shown) + " vs " + verdict);
  const left = await page.evaluate(() => ({
    hidden: getComputedStyle(document.querySelector(".prerendered")).visibility === "hidden",
    titles: [...document.querySelectorAll("h1")].filter((h) => h.checkVisibility({ visibilityProperty: true })).length,
  }));
  check("once the app runs, the written-ahead screen is hidden (one title on show)", left.hidden && left.titles === 1, JSON.stringify(left));
});
