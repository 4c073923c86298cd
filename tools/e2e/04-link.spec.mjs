// End-to-end, part 4: The link.
import { test, figures, open, changeAndKeep } from "./fixtures.mjs";

test("The link", async ({ app, browser, check }) => {
  const { page } = app;
  // 4. The link reproduces the scenario exactly, in a browser with nothing saved.
  await changeAndKeep(page);
  const state = await figures(page);
  const href = page.url();
  check("the scenario is in the link", /#s=[A-Za-z0-9_-]+\.[0-9a-f]{8}$/.test(href), href.slice(0, 80));
  const other = await browser.newContext();
  const page2 = await open(other, href);
  check("the link round-trips: every headline figure equal", JSON.stringify(await figures(page2)) === JSON.stringify(state),
    JSON.stringify(await figures(page2)));
  await other.close();
});
