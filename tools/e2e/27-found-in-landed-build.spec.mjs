// End-to-end, part 27: Found in tests of the landed build.
import { test, settled, axeRun, open, url } from "./fixtures.mjs";

test("Found in tests of the landed build", async ({ browser, check }) => {
  // 27. As the page first loads, with nothing opened and nothing forced to
  // render (sections off the screen skip rendering until they come near),
  // axe finds nothing at any width: no button is covered by the skipped
  // content of a section above it.
  for (const [w, h] of [[1366, 900], [1366, 768], [1024, 768], [1920, 1080], [412, 915], [320, 640]]) {
    const c = await browser.newContext({ viewport: { width: w, height: h } });
    const p = await open(c);
    await settled(p);
    const found = await axeRun(p, { asLoaded: true });
    check(`axe at ${w}x${h} as the page first loads, nothing opened: no problem`, found.length === 0, found.join("; "));
    await c.close();
  }
  // The largest paint is the screen written ahead, and the app's download
  // starts only after it: a download begun before that paint is counted
  // into it by Lighthouse's simulated slow line (4.5 s in one run of six,
  // against 1.2 s). The swap to the app's screen paints nothing larger.
  for (const [w, h, slow, q] of [[1366, 768, 1, ""], [412, 823, 1, ""], [412, 823, 4, ""], [412, 823, 1, "?embed"]]) {
    const c = await browser.newContext({ viewport: { width: w, height: h } });
    await c.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lcp.push({ t: e.startTime, ahead: !!(e.element && e.element.isConnected && e.element.closest("#loading")), what: e.element ? e.element.tagName : "" })))
        .observe({ type: "largest-contentful-paint", buffered: true });
    });
    const p = await c.newPage();
    const cdp = await c.newCDPSession(p);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: slow });
    await p.goto(url + q);
    await p.waitForSelector('[data-testid="deficit-horizon"]');
    await p.waitForTimeout(1000);
    const { lcp, wasm } = await p.evaluate(() => ({ lcp: window.__lcp,
      wasm: performance.getEntriesByType("resource").filter((e) => /high-needs-explorer-[0-9a-f]+_bg\.wasm$/.test(e.name)).map((e) => e.startTime) }));
    const last = lcp[lcp.length - 1];
    check(`${w}x${h}${slow > 1 ? `, processor slowed ${slow} times` : ""}${q ? `, ${q}` : ""}: the largest paint is the screen written ahead, and the app's download starts after it`,
      // (An entry whose element has gone is the embed's loading line that
      // pre.js replaced with its screen: the app's swap only hides.)
      lcp.length > 0 && last.ahead && lcp.every((e) => e.ahead || !e.what) && wasm.length === 1 && wasm[0] > last.t, JSON.stringify({ lcp, wasm }));
    await c.close();
  }
  // A saved list of 50,000 entries (the index alone: local storage holds
  // no more) opens a page at a time, can be searched by name, and leaves
  // the page usable.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await c.addInitScript(() => {
      if (localStorage.getItem("hne.saved.v1")) return;
      const entries = Array.from({ length: 50000 }, (_, i) => ({ id: "k" + i, name: "Plan " + i, saved: "1 December 2026" }));
      localStorage.setItem("hne.saved.v1", JSON.stringify({ version: 1, entries }));
    });
    const p = await open(c);
    const rows = () => p.$$eval('[data-testid="library"] tbody tr', (r) => r.length);
    const count = await p.textContent('[data-testid="library-count"]').catch(() => "");
    const first = await rows();
    check("50,000 saved scenarios: the list shows one page of them and says how many there are",
      first <= 50 && first > 0 && /50,000/.test(count), `${first} rows; "${count}"`);
    await p.fill("#library-filter", "Plan 49999");
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="library"] tbody tr').length === 1);
    const found = await p.$$eval('[data-testid="library"] input[data-rename]', (is) => is.map((i) => i.value));
    check("the list is searched by name", JSON.stringify(found) === JSON.stringify(["Plan 49999"]), JSON.stringify(found));
    await p.fill("#library-filter", "");
    await p.click("text=Show 50 more");
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="library"] tbody tr').length === 100);
    check("'Show 50 more' shows the next 50", (await rows()) === 100);
    await c.close();
  }
});
