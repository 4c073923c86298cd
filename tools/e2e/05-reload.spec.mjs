// End-to-end, part 5: Reload.
import { test, figures, painted, changeAndKeep, url } from "./fixtures.mjs";

test("Reload", async ({ app, check }) => {
  const { page } = app;
  // 5. A reload restores it (local storage), without the link.
  await changeAndKeep(page);
  const state = await figures(page);
  await page.goto(url.split("#")[0]);
  await page.waitForSelector('[data-testid="deficit-horizon"]');
  await painted(page);
  check("reload restores the scenario", JSON.stringify(await figures(page)) === JSON.stringify(state));
});
