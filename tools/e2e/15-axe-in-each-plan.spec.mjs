// End-to-end, part 15: axe in each plan's state.
import { test, settled, axeRun, open } from "./fixtures.mjs";

test("axe in each plan's state", async ({ browser, check }) => {
  // 15. axe in each plan's state (the first visit is unmitigated), and with
  // forced colours and reduced motion asked for.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await open(c);
    for (const plan of ["No plan", "Typical DBV plan", "Safety Valve style"]) {
      await p.click(`text=${plan}`);
      await settled(p);
      const found = await axeRun(p);
      check(`axe: no problem on the ${plan} state`, found.length === 0, found.join("; "));
    }
    await p.emulateMedia({ forcedColors: "active", reducedMotion: "reduce" });
    const motion = await p.evaluate(() => getComputedStyle(document.querySelector('[data-testid="probability"]')).transitionDuration);
    const found = await axeRun(p);
    check("with forced colours and reduced motion: no transition, and axe finds nothing", motion === "0s" && found.length === 0, `${motion}; ${found.join("; ")}`);
    await c.close();
  }
});
