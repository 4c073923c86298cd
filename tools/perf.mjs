// Measures the built app (dist/) in headless Chromium and prints JSON:
//   cold load: navigation start to every chart drawn, from localhost, no cache;
//   repaint: a lever's input event to the last chart repainted, over 200 moves
//   by keyboard across the levers (p50, p95, max), and to the next frame.
// Usage: node tools/perf.mjs http://127.0.0.1:PORT/
import { chromium } from "playwright-core";

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const round = (x) => Math.round(x * 100) / 100;
const out = {};
try {
  // Cold loads: a fresh browser context each time (empty cache and storage).
  const loads = [];
  for (let i = 0; i < 7; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__hnePainted && Object.keys(window.__hnePainted).length >= 4);
    loads.push(await page.evaluate(() => Math.max(...Object.values(window.__hnePainted))));
    await ctx.close();
  }
  out.cold_load_ms = { median: round(pct(loads, 50)), max: round(Math.max(...loads)), runs: loads.map(round) };

  // 200 lever moves by keyboard.
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__hnePainted && Object.keys(window.__hnePainted).length >= 4);
  await page.click("text=Typical DBV plan");
  await page.evaluate(() => {
    document.addEventListener("input", (e) => {
      window.__t0 = e.timeStamp;
      requestAnimationFrame(() => { window.__frame = performance.now(); });
    }, true);
  });
  const levers = ["inclusion", "demand", "ceasing", "banding", "transfer", "places", "stepdown", "independent"];
  const paint = [], frame = [];
  for (let i = 0; i < 200; i++) {
    const id = levers[i % levers.length];
    const key = Math.floor(i / levers.length) % 2 === 0 ? "ArrowRight" : "ArrowLeft";
    await page.focus(`#${id}-range`);
    await page.evaluate(() => { window.__t0 = null; window.__frame = null; });
    await page.keyboard.press(key);
    const r = await page.evaluate(() => new Promise((resolve) => {
      const done = () => {
        if (window.__frame == null) return requestAnimationFrame(done);
        const t1 = Math.max(...Object.values(window.__hnePainted));
        resolve({ t0: window.__t0, t1, frame: window.__frame });
      };
      requestAnimationFrame(() => requestAnimationFrame(done));
    }));
    if (r.t0 == null) continue; // the key did nothing (a slider at its end)
    paint.push(r.t1 - r.t0);
    frame.push(r.frame - r.t0);
  }
  out.repaint_ms = { moves: paint.length, p50: round(pct(paint, 50)), p95: round(pct(paint, 95)), max: round(Math.max(...paint)) };
  out.next_frame_ms = { p50: round(pct(frame, 50)), p95: round(pct(frame, 95)) };
} finally {
  await browser.close();
}
console.log(JSON.stringify(out, null, 2));
