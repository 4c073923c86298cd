// End-to-end, part 18: Calibrating from history.
import { test, figures, deficit, painted, open } from "./fixtures.mjs";

test("Calibrating from history", async ({ browser, check }) => {
  // 18. Calibrating from history: Cambridgeshire's rows suggest its paper's
  // rates; accepting makes them the central assumptions; a bad row changes
  // nothing.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await open(c);
    await p.selectOption("#authority", "cambridgeshire");
    await painted(p);
    const before = await deficit(p);
    await p.click("text=Calibrate from your history");
    const rows = (await p.inputValue("#history-text")).trim().split("\n").length;
    await p.click("text=Suggest growth from this history");
    await p.waitForFunction(() => window.__hnePainted && "backcast" in window.__hnePainted);
    const table = await p.textContent('[data-testid="calibration"]');
    check("history suggests growth (EHCPs 12.2% a year, funding 6.3%) with a back-cast chart", rows >= 6 && /12\.2%/.test(table) && /6\.3%/.test(table), table);
    await p.click("text=Accept: use these as the central assumptions");
    await painted(p);
    const central = await p.inputValue('input[data-key="new_plan_growth"][data-end="central"]');
    check("accepting sets the central assumptions and moves the figures", central === "12.21" && (await deficit(p)) !== before, `${central}; ${before} -> ${await deficit(p)}`);
    const now = await figures(p);
    await p.fill("#history-text", "year,ehcps,expenditure_pounds,funding_pounds\n2019,4000,lots,5000000\n");
    await p.click("text=Suggest growth from this history");
    const bad = await p.textContent('[data-testid="history-problems"]');
    check("a bad history row is refused with its line, and nothing changes", /Nothing was changed/.test(bad) && /line 2/i.test(bad) && JSON.stringify(await figures(p)) === JSON.stringify(now), bad);
    await c.close();
  }
});
