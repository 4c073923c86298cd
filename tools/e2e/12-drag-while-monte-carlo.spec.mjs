// End-to-end, part 12: Dragging while the Monte Carlo runs.
import { test, settled } from "./fixtures.mjs";

test("Dragging while the Monte Carlo runs", async ({ app, check }) => {
  const { page } = app;
  // 12. Dragging a lever with the mouse while the Monte Carlo runs: no task
  // holds the page for 50 ms or more (the Long Tasks API), and the fans
  // catch up after. The observer is shown to work by a deliberate 80 ms task.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: "longtask" });
  });
  // The slider on the screen (scrolled to first, wherever the page was left), so
  // that the pointer lands on it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator("#inclusion-range").scrollIntoViewIfNeeded();
  const box = await page.locator("#inclusion-range").boundingBox();
  const valueBefore = await page.inputValue("#inclusion-range");
  // A chart far off the screen is not drawn at each step of a drag, but
  // once it ends.
  const drawnAt = () => page.evaluate(() => {
    const r = document.querySelector('[data-chart="deficit"]').getBoundingClientRect();
    return { at: window.__hnePainted.deficit, off: r.top > innerHeight + 300 || r.bottom < -300, now: performance.now() };
  });
  const before = await drawnAt();
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2, { steps: 40 });
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 40 });
  const during = await drawnAt();
  await page.mouse.up();
  await settled(page);
  const after = await drawnAt();
  const valueAfter = await page.inputValue("#inclusion-range");
  check("the drag moves the slider", valueAfter !== valueBefore, `${valueBefore} -> ${valueAfter}`);
  check("a chart off the screen is drawn once the drag ends, not at each of its steps",
    before.off && during.off && during.at === before.at && after.at > during.now, JSON.stringify({ before, during, after }));
  const longs = await page.evaluate(() => window.__long.slice());
  check("dragging a lever while the simulation runs: no task of 50 ms or more", longs.length === 0, JSON.stringify(longs));
  await page.evaluate(() => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 80) {} }, 0));
  await page.waitForFunction(() => window.__long.length > 0, null, { timeout: 3000 }).catch(() => {});
  check("the long-task observer catches a deliberate 80 ms task", (await page.evaluate(() => window.__long.length)) === 1);
  const fanAfter = await page.textContent('[data-chart="fan-deficit"] .summary');
  check("after the drag the fan catches up (2,000 runs)", /Across 2,000 runs/.test(fanAfter), fanAfter);
});
