// End-to-end, part 7: Corrupt local storage.
import { test, axeRun, painted, url } from "./fixtures.mjs";

test("Corrupt local storage", async ({ app, check }) => {
  const { page } = app;
  // 7. Corrupt local storage: a notice, the example opens, the copy is kept.
  await page.evaluate(() => localStorage.setItem("hne.scenario.v1", "{\"schema\":1,\"horizon\":"));
  await page.goto(url.split("#")[0]);
  await page.waitForSelector('[data-testid="deficit-horizon"]');
  await painted(page);
  const n2 = await page.textContent('[data-testid="notice"]').catch(() => "");
  const kept = await page.evaluate(() => localStorage.getItem("hne.scenario.v1.unreadable"));
  check("corrupt storage is named and set aside", /kept aside/.test(n2) && kept === "{\"schema\":1,\"horizon\":", n2);
  const storageAxe = await axeRun(page);
  check("axe: no problem with the unreadable-storage notice showing", storageAxe.length === 0, storageAxe.join("; "));
});
