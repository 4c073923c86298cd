// End-to-end, part 8: Authority switcher.
import { test, painted } from "./fixtures.mjs";

test("Authority switcher", async ({ app, check }) => {
  const { page } = app;
  // 8. Authority switcher.
  await page.selectOption("#authority", "england");
  await painted(page);
  const who = await page.textContent(".who");
  check("the authority switcher opens England", /England/.test(who), who);
});
