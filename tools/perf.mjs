// Measures the built app (dist/) in headless Chromium and prints JSON:
//   cold load: navigation start to every chart drawn, from localhost, no cache,
//   and again as a phone on slow 4G (network and processor throttled);
//   repaint: a lever's input event to the last chart repainted, over 200 moves
//   by keyboard across the levers (p50, p95, max), and to the next frame,
//   with the Monte Carlo restarting on every move and running in between;
//   2,000 Monte Carlo runs in the page: time in slices and start to fan.
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
// The charts every lever move repaints at once; the fans follow the Monte
// Carlo, which runs in slices after the move.
const MAIN = ["spend", "deficit", "ehcps", "waterfall", "tornado"];
const drawn = () => window.__hnePainted && ["spend", "deficit", "ehcps", "waterfall", "tornado"].every((k) => k in window.__hnePainted);
try {
  // Cold loads: a fresh browser context each time (empty cache and storage),
  // from navigation start to the main charts drawn; `throttle` as a phone.
  async function coldLoads(runs, viewport, throttle) {
    const got = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Network.enable");
      if (throttle) {
        await cdp.send("Network.emulateNetworkConditions", throttle.network);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpu });
      }
      let bytes = 0;
      cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
      await page.goto(url);
      await page.waitForFunction(drawn, null, { timeout: 60000 });
      got.push({ ms: await page.evaluate((main) => Math.max(...main.map((k) => window.__hnePainted[k])), MAIN), bytes });
      await ctx.close();
    }
    const ms = got.map((g) => g.ms);
    return { median: round(pct(ms, 50)), max: round(Math.max(...ms)), runs: ms.map(round), wire_bytes: got.map((g) => g.bytes) };
  }
  out.cold_load_ms = await coldLoads(7, { width: 1440, height: 900 });
  // As a phone on a slow mobile network: Lighthouse's mobile profile ("slow
  // 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, and the
  // processor slowed 4 times). The bytes on the wire are those the server
  // sends, so serve dist/ gzipped (tools/gzserve.py) as a host would.
  out.cold_load_slow4g_ms = await coldLoads(3, { width: 412, height: 823 }, {
    network: { offline: false, latency: 150, downloadThroughput: 1638.4 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 },
    cpu: 4,
  });

  // 200 lever moves by keyboard.
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(drawn);
  await page.click("text=Typical DBV plan");
  await page.evaluate(() => {
    document.addEventListener("input", (e) => {
      window.__t0 = e.timeStamp;
      requestAnimationFrame(() => { window.__frame = performance.now(); });
    }, true);
  });
  const levers = ["inclusion", "demand", "ceasing", "banding", "transfer", "places", "stepdown", "independent"];
  const paint = [], frame = [];
  let busyAfter = 0;
  const longTasks = [];
  await page.exposeFunction("__long", (d) => longTasks.push(d));
  await page.evaluate(() => new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long(e.duration))).observe({ type: "longtask" }));
  for (let i = 0; i < 200; i++) {
    const id = levers[i % levers.length];
    const key = Math.floor(i / levers.length) % 2 === 0 ? "ArrowRight" : "ArrowLeft";
    await page.focus(`#${id}-range`);
    await page.evaluate(() => { window.__t0 = null; window.__frame = null; });
    await page.keyboard.press(key);
    const r = await page.evaluate((main) => new Promise((resolve) => {
      const done = () => {
        if (window.__frame == null) return requestAnimationFrame(done);
        const t1 = Math.max(...main.map((k) => window.__hnePainted[k]));
        resolve({ t0: window.__t0, t1, frame: window.__frame, mc: document.querySelector('[data-testid="mc-progress"]').textContent });
      };
      requestAnimationFrame(() => requestAnimationFrame(done));
    }), MAIN);
    if (/Updating/.test(r.mc)) busyAfter++;
    if (r.t0 == null) continue; // the key did nothing (a slider at its end)
    paint.push(r.t1 - r.t0);
    frame.push(r.frame - r.t0);
  }
  out.repaint_ms = { moves: paint.length, p50: round(pct(paint, 50)), p95: round(pct(paint, 95)), max: round(Math.max(...paint)) };
  out.next_frame_ms = { p50: round(pct(frame, 50)), p95: round(pct(frame, 95)) };
  // Each move restarts the Monte Carlo: how many moves found it still running
  // two frames later, and any task over 50 ms during the moves.
  out.monte_carlo_running_after_move = busyAfter;
  out.long_tasks_ms = longTasks.map(round);

  // 2,000 Monte Carlo runs in the page: a preset click starts a fresh one;
  // busy = time in its slices, elapsed = from start to fan.
  const mcs = [];
  for (let i = 0; i < 7; i++) {
    await page.evaluate(() => { window.__hneMonteCarlo = null; });
    await page.click(i % 2 ? "text=Typical DBV plan" : "text=Safety Valve style");
    await page.waitForFunction(() => window.__hneMonteCarlo);
    mcs.push(await page.evaluate(() => window.__hneMonteCarlo));
  }
  out.monte_carlo = {
    runs: mcs[0].runs,
    busy_ms: { median: round(pct(mcs.map((m) => m.busyMs), 50)), max: round(Math.max(...mcs.map((m) => m.busyMs))) },
    elapsed_ms: { median: round(pct(mcs.map((m) => m.elapsedMs), 50)), max: round(Math.max(...mcs.map((m) => m.elapsedMs))) },
    slices: { median: pct(mcs.map((m) => m.slices), 50) },
  };

  // Move to next paint, as the web measures it (Event Timing, what
  // Interaction to Next Paint is built on): 120 keyboard moves across every
  // slider, each an interaction of its own, at full speed and with the
  // processor slowed 4 times (a mid-range phone); then a mouse drag across
  // a slider, whose input events are timed the same way. The browser
  // reports only events of 16 ms or more: a move it does not report took
  // less, and is counted as 16 ms (so the figures are upper bounds).
  async function eventTiming(cpu, target = url, ready = drawn, viewport = { width: 1440, height: 900 }) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await page.goto(target);
    await page.waitForFunction(ready, null, { timeout: 60000 });
    await page.waitForTimeout(1500);
    if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    await page.evaluate(() => {
      window.__ev = [];
      window.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__ev.push({ name: e.name, id: e.interactionId, d: e.duration }))).observe({ type: "event", durationThreshold: 16 });
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: "longtask" });
    });
    const all = ["inclusion", "independent", "stepdown", "places", "demand", "ceasing", "banding", "transfer", "start", "ramp"];
    const ids = [];
    for (const id of all) if (await page.$(`#${id}-range`)) ids.push(id);
    const moves = 120;
    for (let i = 0; i < moves; i++) {
      const id = ids[i % ids.length];
      const key = Math.floor(i / ids.length) % 2 === 0 ? "ArrowRight" : "ArrowLeft";
      await page.focus(`#${id}-range`);
      await page.keyboard.press(key);
      await page.waitForTimeout(cpu > 1 ? 300 : 150);
    }
    await page.waitForTimeout(500);
    const keys = await page.evaluate(() => { const e = window.__ev; window.__ev = []; window.__long = []; return e; });
    // One interaction per move: the longest of its key events.
    const byId = new Map();
    for (const e of keys) if (e.id) byId.set(e.id, Math.max(byId.get(e.id) || 0, e.d));
    const durations = [...byId.values()];
    while (durations.length < moves) durations.push(16);
    // A drag: 60 steps across the inclusion slider and back.
    await page.locator("#inclusion-range").scrollIntoViewIfNeeded();
    const b = await page.locator("#inclusion-range").boundingBox();
    await page.mouse.move(b.x + 4, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width - 4, b.y + b.height / 2, { steps: 30 });
    await page.mouse.move(b.x + b.width / 3, b.y + b.height / 2, { steps: 30 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    const drag = await page.evaluate(() => ({ ev: window.__ev.filter((e) => e.name === "input").map((e) => e.d), long: window.__long }));
    if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await ctx.close();
    return {
      cpu,
      moves,
      reported: byId.size,
      p50: round(pct(durations, 50)),
      p95: round(pct(durations, 95)),
      max: round(Math.max(...durations)),
      drag: { input_events_over_16ms: drag.ev.length, max_ms: drag.ev.length ? round(Math.max(...drag.ev)) : 0, long_tasks_ms: drag.long.map(round) },
    };
  }
  out.event_timing = [await eventTiming(1), await eventTiming(4)];
  // The first Excel action, as a phone on slow 4G (the module fetched then)
  // and from localhost: the click's time to the next paint (Event Timing:
  // the page must answer at once, saying it is writing), and the click to
  // the workbook's download.
  async function firstExcel(throttle) {
    // No service worker: its own fetches are not throttled, and a first
    // use is what is measured.
    const ctx = await browser.newContext({ viewport: { width: 412, height: 915 }, acceptDownloads: true, serviceWorkers: "block" });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(drawn);
    await page.waitForSelector("footer.foot");
    const cdp = await ctx.newCDPSession(page);
    if (throttle) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", throttle.network);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpu });
    }
    await page.evaluate(() => {
      window.__excelEvents = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "click") window.__excelEvents.push(e.duration); })
        .observe({ type: "event", durationThreshold: 16, buffered: false });
    });
    const button = page.locator("text=Download the template (Excel)");
    await button.scrollIntoViewIfNeeded();
    const t0 = Date.now();
    const [dl] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const download = Date.now() - t0;
    await dl.path();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    const events = await page.evaluate(() => window.__excelEvents);
    await ctx.close();
    return { click_to_download_ms: download, click_to_next_paint_ms: events.length ? Math.max(...events) : 16 };
  }
  out.first_excel = {
    localhost: await firstExcel(null),
    slow4g: await firstExcel({
      network: { offline: false, latency: 150, downloadThroughput: 1638.4 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 },
      cpu: 4,
    }),
  };
  // The compact embed, as a phone shows it, and the single file (its URL
  // the second argument), processor slowed 4 times.
  const leadDrawn = () => window.__hnePainted && Object.keys(window.__hnePainted).length > 0;
  out.event_timing_embed = await eventTiming(4, url + "?embed", leadDrawn, { width: 412, height: 915 });
  if (process.argv[3]) out.event_timing_single = await eventTiming(4, process.argv[3], drawn);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out, null, 2));
