// End-to-end, part 23: The answer first.
import { test, figures, axeRun, painted, open, url } from "./fixtures.mjs";

test("The answer first", async ({ browser, check }) => {
  for (const [w, h] of [[1366, 768], [412, 915], [320, 640]]) {
    const c = await browser.newContext({ viewport: { width: w, height: h } });
    const p = await open(c);
    await p.click("text=Typical DBV plan");
    await painted(p);
    const pos = await p.evaluate(() => {
      const v = document.querySelector('[data-testid="verdict"]').getBoundingClientRect();
      const k = document.querySelector(".lead canvas").getBoundingClientRect();
      const c = document.querySelector(".lead > .carries").getBoundingClientRect();
      const d = document.querySelector(".lead > .data-line").getBoundingClientRect();
      return { verdict: [v.top, v.bottom], chart: [k.top, k.bottom], carries: [c.top, c.bottom], data: [d.top, d.bottom], h: innerHeight };
    });
    check(`at ${w}x${h} the verdict and the lead chart are on the first screen`, pos.verdict[1] <= pos.h && pos.chart[1] <= pos.h, JSON.stringify(pos));
    if (w === 1366) {
      check("at 1366x768 what the council carries at 31 March 2028 and the line naming the figures are on the first screen too", pos.carries[1] <= pos.h && pos.data[1] <= pos.h, JSON.stringify(pos));
    }
    if (w === 1366) {
      const verdict = await p.textContent('[data-testid="verdict"]');
      const balance = (await figures(p))["final-balance"];
      const short = `£${(Math.abs(balance) / 1e6).toFixed(1)}m`;
      check("the DBV plan's verdict says in words that it does not balance, and by how much", /Not yet\./.test(verdict) && /does not balance/.test(verdict) && verdict.includes(short), `${verdict} / ${short}`);
      const before = await p.textContent('[data-testid="take"]');
      await p.selectOption("#goal-year", { index: 1 });
      await p.waitForFunction((b) => document.querySelector('[data-testid="take"]').textContent !== b, before);
      const after = await p.textContent('[data-testid="take"]');
      check("choosing an earlier goal year changes what it would take", /every year from/.test(after), after.slice(0, 200));
      const axe = await axeRun(p);
      check("axe: no problem with the answer first", axe.length === 0, axe.join("; "));
    }
    await c.close();
  }
  // The embed's answer before the app loads: written at build time for
  // each authority, plan and chart, fetched by pre.js. With the app's
  // WebAssembly blocked it is all there is; with it, the app's own verdict
  // is the same words, and the written-ahead screen gives way.
  {
    const addr = url + "?embed&authority=886&preset=dbv&chart=waterfall";
    const c = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const p = await c.newPage();
    await p.route(/\.wasm$/, (r) => r.abort());
    await p.goto(addr);
    await p.waitForSelector(".prerendered .verdict", { timeout: 10000 }).catch(() => {});
    await p.waitForFunction(() => /could not start/.test(document.querySelector(".prerendered .pre-note[role=status]")?.textContent || ""), null, { timeout: 10000 }).catch(() => {});
    const pre = await p.evaluate(() => ({
      title: document.querySelector(".prerendered h1")?.textContent || "",
      verdict: document.querySelector(".prerendered .verdict")?.textContent || "",
      chart: document.querySelector(".prerendered figure h3")?.textContent || "",
      drawn: !!document.querySelector(".prerendered img[src^='data:image/svg+xml']")?.naturalWidth,
      top: document.querySelector(".prerendered .verdict")?.getBoundingClientRect().bottom || 1e9,
      note: document.querySelector(".prerendered .pre-note[role=status]")?.textContent || "",
    }));
    await c.close();
    const c2 = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const p2 = await c2.newPage();
    await p2.goto(addr);
    await p2.waitForSelector('[data-testid="verdict"]', { timeout: 20000 });
    const app = await p2.evaluate(() => ({
      verdict: document.querySelector('[data-testid="verdict"]').textContent,
      hidden: getComputedStyle(document.querySelector(".prerendered")).visibility === "hidden",
    }));
    await c2.close();
    check("an embed shows its authority's answer and chart before the app loads (WebAssembly blocked, where it says the levers could not start), in the app's own words, and gives way to the app",
      pre.title === "High Needs Explorer: Kent" && pre.drawn && /^From no plan to this plan/.test(pre.chart) && pre.top <= 915
        && /^The levers could not start in this browser/.test(pre.note)
        && pre.verdict.length > 20 && app.verdict.includes(pre.verdict.replace(/^(Not yet\.|Yes\.)\s*/, "")) && app.hidden,
      JSON.stringify({ pre, app }));
  }
});
