// End-to-end, part 2: Levers by keyboard, undo and redo.
import { test, deficit, press, painted } from "./fixtures.mjs";

test("Levers by keyboard, undo and redo", async ({ app, check }) => {
  const { page } = app;
  // 2. Each lever by keyboard moves the deficit the expected way, and no
  // other lever's value; undo restores it.
  const values = () => page.$$eval(".levers input[type=range], .levers select", (es) => Object.fromEntries(es.map((e) => [e.id, e.value])));
  const levers = [
    ["inclusion", "ArrowRight", -1], ["stepdown", "ArrowRight", -1],
    ["places", "ArrowRight", -1], ["demand", "ArrowRight", -1], ["ceasing", "ArrowRight", -1],
    ["banding", "ArrowLeft", -1], ["banding", "ArrowRight", +1], ["transfer", "ArrowRight", -1],
    ["start", "ArrowRight", 0], ["ramp", "ArrowRight", 0],
    // Fewer independent places saves only with room in state special
    // schools (full in the example): with the 10 places of the step before.
    ["places", "ArrowRight", -1, "keep"], ["independent", "ArrowRight", -1],
  ];
  const others = [];
  for (const [id, key, sign, keep] of levers) {
    const before = await deficit(page);
    const was = await values();
    await press(page, id, key);
    const after = await deficit(page);
    const now = await values();
    // New places carry their opening year: it may come on with them.
    const moved = Object.keys(now).filter((k) => now[k] !== was[k] && !k.startsWith(id) && !(id === "places" && k === "places-year"));
    if (moved.length) others.push(`${id} moved ${moved.join(", ")}`);
    if (sign !== 0) check(`${id} (${key}) moves the deficit ${sign < 0 ? "down" : "up"}`, sign * (after - before) > 1, `${before} -> ${after}`);
    if (keep) continue;
    await page.keyboard.press("Control+z");
    await painted(page);
    check(`undo after ${id} restores the deficit`, Math.abs((await deficit(page)) - before) < 1, await deficit(page));
  }
  check("moving each lever never changes another lever's value", others.length === 0, others.join("; "));
  await page.keyboard.press("Control+z");
  await painted(page);
  // The timetable moves a plan: later start or slower ramp costs more.
  await page.click("text=Typical DBV plan");
  await painted(page);
  const dbv = await deficit(page);
  check("the DBV preset gives its deficit", Math.abs(dbv - 184.7e6) < 0.1e6, dbv);
  for (const id of ["start", "ramp"]) {
    const before = await deficit(page);
    await press(page, id, "ArrowRight");
    check(`${id} later raises the deficit`, (await deficit(page)) > before + 1, `${before} -> ${await deficit(page)}`);
  }
  // Redo after undo.
  const moved = await deficit(page);
  await page.keyboard.press("Control+z");
  await painted(page);
  await page.keyboard.press("Control+Shift+z");
  await painted(page);
  check("redo brings the change back", Math.abs((await deficit(page)) - moved) < 1);
});
