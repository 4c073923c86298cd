// End-to-end, part 11: The assumptions panel.
import { test, deficit, settled, painted } from "./fixtures.mjs";

test("The assumptions panel", async ({ app, check }) => {
  const { page } = app;
  // 11. The assumptions panel: refused text says why and changes nothing;
  // a new central value moves the figures; out of order is refused.
  await page.click("text=Assumptions: low, central and high");
  const fig0 = await deficit(page);
  await page.fill('input[data-key="funding_growth"][data-end="high"]', "lots");
  await page.keyboard.press("Tab");
  let an = await page.textContent('[data-testid="assumption-note"]');
  check("an assumption that is not a number is refused in words", /"lots" is not a number/.test(an) && (await deficit(page)) === fig0, an);
  const keptValue = await page.inputValue('input[data-key="funding_growth"][data-end="high"]');
  check("the refused field shows the value kept", /^[\d.]+$/.test(keptValue), keptValue);
  await page.fill('input[data-key="new_plan_growth"][data-end="high"]', "20");
  await page.keyboard.press("Tab");
  await page.fill('input[data-key="new_plan_growth"][data-end="central"]', "12");
  await page.keyboard.press("Tab");
  await painted(page);
  check("a higher central growth in new plans raises the deficit", (await deficit(page)) > fig0 + 1, `${fig0} -> ${await deficit(page)}`);
  await page.fill('input[data-key="new_plan_growth"][data-end="low"]', "15");
  await page.keyboard.press("Tab");
  an = await page.textContent('[data-testid="assumption-note"]');
  check("low above central is refused", /must be in order/.test(an), an);
  await settled(page);
});
