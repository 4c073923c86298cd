// End-to-end, part 20: 320 px and 1920 px.
import { test, settled, renderAll, pixels, painted, open, axeSource } from "./fixtures.mjs";

test("320 px and 1920 px", async ({ browser, check }) => {
  // 20. 320 px and 1920 px: no sideways scroll; and an axe-core audit
  // (WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) with a plan set and
  // every folded section open finds nothing.
  for (const width of [320, 1920]) {
    const c = await browser.newContext({ viewport: { width, height: 900 } });
    const p = await open(c);
    const sw = await p.evaluate(() => document.documentElement.scrollWidth);
    check(`no sideways scroll at ${width} px`, sw <= width, sw);
    // A mark's tick sits where the thumb's centre is at that value: the
    // schools forum's limit, 0.5% of the schools block, read off the
    // slider's pixels.
    await p.fill("#transfer-number", "0.5");
    await p.press("#transfer-number", "Enter");
    await painted(p);
    const slider = await p.$("#transfer-range");
    const shot = (await slider.screenshot()).toString("base64");
    const box = await slider.evaluate((r) => ({ x: r.getBoundingClientRect().left }));
    // The thumb is the tallest run of the brand's blue; the filled track
    // beside it is thinner.
    const img = await pixels(p, shot);
    const tall = [];
    for (let x = 0; x < img.w; x++) {
      let n = 0;
      for (let y = 0; y < img.h; y++) {
        const i = (y * img.w + x) * 4;
        if (img.px[i] < 60 && img.px[i + 2] > 100) n++;
      }
      tall.push(n);
    }
    const most = Math.max(...tall);
    const cols = tall.map((n, x) => [n, x]).filter(([n]) => n >= most - 1).map(([, x]) => x);
    const thumb = box.x + (cols[0] + cols[cols.length - 1] + 1) / 2;
    const tick = await p.evaluate(() => {
      const r = document.querySelector("#transfer-range");
      const at = ((0.5 - +r.min) / (+r.max - +r.min) * 100).toFixed(2);
      const line = document.querySelector(`#transfer-scale line[x1="${at}"]`);
      const lb = line && line.getBoundingClientRect();
      return lb ? lb.left + lb.width / 2 : NaN;
    });
    check(`at ${width} px the 0.5% tick sits under the thumb set to 0.5%`, Math.abs(thumb - tick) <= 1.5, `thumb ${thumb}, tick ${tick}`);
    // The saved scenarios' list fits the screen: no sideways scroll in it.
    for (const name of ["DBV plan, March draft", "Safety Valve bid"]) {
      await p.fill("#save-name", name);
      await p.click("text=Save this scenario");
      await p.waitForFunction((n) => document.querySelector('[data-testid="library-note"]').textContent.includes(n), name);
    }
    const over = await p.$eval('[data-testid="library"]', (t) => { const w = t.closest(".table-wrap"); return [w.scrollWidth, w.clientWidth]; });
    check(`at ${width} px the saved scenarios fit without scrolling sideways`, over[0] <= over[1], JSON.stringify(over));
    await p.click("text=Typical DBV plan");
    await settled(p);
    await p.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    // Through DevTools: the page's CSP (rightly) refuses an injected inline script.
    await p.evaluate(axeSource);
    await renderAll(p, true);
    const found = await p.evaluate(async () => (await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    })).violations.map((v) => `${v.id} x${v.nodes.length}: ${v.nodes[0].target.join(" ")}`));
    check(`axe finds no accessibility problem at ${width} px`, found.length === 0, found.join("; "));
    await c.close();
  }
});
