// End-to-end, part 21: Nothing lost: shared links and a full storage.
import { test, deficit, press, painted, open } from "./fixtures.mjs";

test("Nothing lost: shared links and a full storage", async ({ browser, check }) => {
  const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await open(c);
  await p.click("text=Safety Valve style");
  await painted(p);
  const stored = () => p.evaluate(() => localStorage.getItem("hne.scenario.v1"));
  await p.waitForFunction(() => /Safety Valve/.test(localStorage.getItem("hne.scenario.v1") || ""));
  const own = await stored();
  const ownDeficit = await deficit(p);
  // Two links made elsewhere, opened in two tabs of this browser.
  const elsewhere = await browser.newContext();
  const q = await open(elsewhere);
  await q.click("text=Typical DBV plan");
  await painted(q);
  const link1 = q.url();
  await q.selectOption("#authority", "cambridgeshire");
  await painted(q);
  const link2 = q.url();
  await elsewhere.close();
  const t1 = await open(c, link1);
  const t2 = await open(c, link2);
  await t2.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  check("opening two shared links leaves your own scenario where it was", (await stored()) === own);
  for (const t of [t1, t2]) {
    await press(t, "transfer", "ArrowRight");
    await t.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  }
  const values = await p.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)));
  check("after changing both links' scenarios, your own is still kept in this browser", values.includes(own), JSON.stringify(await p.evaluate(() => Object.keys(localStorage))));
  await t1.click("text=Bring back my scenario");
  await painted(t1);
  check("\"Bring back my scenario\" brings it back", Math.abs((await deficit(t1)) - ownDeficit) < 1, `${await deficit(t1)} vs ${ownDeficit}`);
  await t1.close();
  await t2.close();
  // Storage full: a link opens, is changed, and your own is never overwritten.
  const c3 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const r = await open(c3);
  await r.click("text=Safety Valve style");
  await painted(r);
  await r.waitForFunction(() => /Safety Valve/.test(localStorage.getItem("hne.scenario.v1") || ""));
  const mine = await r.evaluate(() => localStorage.getItem("hne.scenario.v1"));
  const filled = await r.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 16; size >>= 1) {
      for (;;) {
        try { localStorage.setItem("fill." + n++, "x".repeat(size)); } catch (e) { break; }
      }
    }
    return n;
  });
  const s2 = await open(c3, link1);
  await press(s2, "transfer", "ArrowRight");
  await s2.evaluate(() => new Promise((res) => setTimeout(res, 300)));
  const after = await s2.evaluate(() => localStorage.getItem("hne.scenario.v1"));
  const notes = await s2.$$eval('[data-testid="notice"]', (ns) => ns.map((n) => n.textContent).join(" | "));
  check("with storage full, a changed link's scenario never replaces yours, and the page says so",
    filled > 10 && after === mine && /cannot be saved in this browser/.test(notes) && !/is kept aside/.test(notes), notes.slice(0, 300));
  await c3.close();
  await c.close();
});
