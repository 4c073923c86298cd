// End-to-end, part 6: A tampered link.
import { test, figures, axeRun, open, changeAndKeep } from "./fixtures.mjs";

test("A tampered link", async ({ app, check }) => {
  const { ctx, page } = app;
  // 6. A tampered link: a notice, and the saved scenario opens untouched.
  await changeAndKeep(page);
  const state = await figures(page);
  const href = page.url();
  const tampered = href.replace(/s=(.{30})(.)/, (m, a, c) => `s=${a}${c === "A" ? "B" : "A"}`);
  const page3 = await open(ctx, tampered);
  const notice = await page3.textContent('[data-testid="notice"]').catch(() => "");
  check("a tampered link shows a notice", /damaged or has been changed/.test(notice), notice);
  const noticeAxe = await axeRun(page3);
  check("axe: no problem with the damaged-link notice showing", noticeAxe.length === 0, noticeAxe.join("; "));
  check("after a tampered link the saved scenario opens", JSON.stringify(await figures(page3)) === JSON.stringify(state));
  await page3.close();
});
