// End-to-end, part 3: Typed numbers.
import { test, deficit, painted } from "./fixtures.mjs";

test("Typed numbers", async ({ app, check }) => {
  const { page } = app;
  const moved = await deficit(page);
    // 3. A number typed is taken; something that is not a number is refused with a message.
    await page.fill("#demand-number", "");
    await page.press("#demand-number", "Tab");
    const note = await page.textContent("#demand-note");
    check("an empty number field is refused in words", /not a number/.test(note) && Math.abs((await deficit(page)) - moved) < 1, note);
    await page.fill("#demand-number", "-5");
    await page.press("#demand-number", "Enter");
    await painted(page);
    const note2 = await page.textContent("#demand-note");
    check("a number out of range is brought within it and says so", /within range/.test(note2), note2);
    await page.fill("#demand-number", "35");
    await page.press("#demand-number", "Enter");
    await painted(page);
    check("a typed number moves the lever", (await deficit(page)) < moved - 1);
    await page.fill("#transfer-number", "1");
    await page.press("#transfer-number", "Enter");
    await painted(page);
    check("above 0.5% the transfer says it needs the Secretary of State",
      await page.isVisible("text=Needs the Secretary of State"));
    await page.click("#lever-inclusion .aim-box > summary");
    await page.fill("#inclusion-aim", "99%");
    await page.press("#inclusion-aim", "Enter");
    await painted(page);
    const reach = await page.textContent("#inclusion-note");
    check("an unreachable aim says so and gives the limit", /out of reach.*the most this lever can do is \d/.test(reach), reach);
});
