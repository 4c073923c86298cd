// End-to-end, part 9: Uncertainty for every built-in authority.
import { test, settled } from "./fixtures.mjs";

test("Uncertainty for every built-in authority", async ({ app, check }) => {
  const { page } = app;
  // 9. Uncertainty, for every built-in example and a few published
  // authorities that test the edges (the largest, a small one, one with no
  // finance data, one formed from another): the probability in words and
  // figures, a range on each headline figure, the fans and the tornado.
  // (Every published authority is opened natively and in part 22.)
  const sample = ["886", "383", "201", "942"];
  const names = await page.$$eval("#authority option", (os, sample) => os.map((o) => o.value)
    .filter((v) => v && (!v.startsWith("la/") || sample.includes(v.slice(3, 6)))), sample);
  for (const name of names) {
    await page.selectOption("#authority", name);
    await page.click("text=Typical DBV plan");
    await settled(page);
    const prob = await page.textContent('[data-testid="probability"]');
    check(`${name}: the chance of balance in words and figures`, /^(Very unlikely|Unlikely|About as likely as not|Likely|Very likely): in [\d,]+ of 2,000 runs, spend is within income in \d{4}-\d{2} \([\d.]+% chance\)\.$/.test(prob), prob);
    const ranges = await page.$$eval(".figure .range", (rs) => rs.map((r) => r.textContent));
    check(`${name}: the money figures have their likely range`, ranges.length >= 3 && ranges.every((r) => /^Likely .+ to .+$/.test(r)), JSON.stringify(ranges));
    const fans = await page.$$eval('[data-chart^="fan-"] .summary', (ss) => ss.map((s) => s.textContent));
    check(`${name}: both fans drawn with their likely range`, fans.length === 2 && fans.every((t) => /^Across 2,000 runs.*the likely range \(the middle 8 in 10\) puts /.test(t)), JSON.stringify(fans));
    await page.$eval('[data-chart="tornado"] details.data', (d) => { d.open = true; });
    await page.waitForSelector('[data-chart="tornado"] table tr');
    const swings = await page.$$eval('[data-chart="tornado"] table tr', (rs) => rs.slice(1).map((r) => Math.abs(parseFloat(r.lastElementChild.textContent.replace("−", "-")))));
    check(`${name}: the tornado's bars largest first`, swings.length >= 5 && swings.every((v, i) => i === 0 || swings[i - 1] >= v), JSON.stringify(swings));
    await page.$eval('[data-chart="tornado"] details.data', (d) => { d.open = false; });
  }
});
