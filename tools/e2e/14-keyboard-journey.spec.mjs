// End-to-end, part 14: The keyboard journey.
import { test, figures, deficit, painted, open } from "./fixtures.mjs";

test("The keyboard journey", async ({ browser, check }) => {
  // 14. The whole journey by keyboard alone: Tab from the top of the page to
  // each lever's number field in turn (never backwards, never stuck), type a
  // value, Enter; every focused control shows a focus ring of at least 2 px,
  // whole: no box around it that clips what it paints (a section drawn only
  // when near the screen, a scrolling box) cuts the ring's sides off; at
  // the end the figures are read.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await open(c);
    await p.click("text=No plan");
    await painted(p);
    const base = await deficit(p);
    await p.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    await p.keyboard.press("Tab"); // from the document to the first control
    const plan = [["inclusion-number", "45"], ["independent-number", "4"], ["stepdown-number", "5"], ["places-number", "120"],
      ["places-year", null], ["demand-number", "15"], ["ceasing-number", "20"], ["banding-number", "-5"],
      ["transfer-number", "0.5"], ["start-year", null], ["ramp-number", "2"]];
    let tabs = 0, lost = [], unringed = [], clipped = [];
    for (const [id, value] of plan) {
      let at = "";
      for (let i = 0; i < 80; i++) {
        at = await p.evaluate(() => document.activeElement && document.activeElement.id);
        if (at === id) break;
        const ring = await p.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return { shown: true, whole: true };
          const st = getComputedStyle(e);
          // The ring reaches its outline's offset and width, and the
          // shadow drawn around it, beyond the control's sides.
          const reach = Math.max(parseFloat(st.outlineOffset) + parseFloat(st.outlineWidth),
            ...(st.boxShadow.match(/(-?[\d.]+)px/g) || []).map((v) => Math.abs(parseFloat(v))));
          const r = e.getBoundingClientRect();
          let whole = true;
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (s.contentVisibility !== "auto" && !/paint|strict|content/.test(s.contain) && s.overflowX === "visible") continue;
            const b = a.getBoundingClientRect();
            const left = b.left + parseFloat(s.borderLeftWidth), right = b.right - parseFloat(s.borderRightWidth);
            if (r.left - reach < left - 0.5 || r.right + reach > right + 0.5) whole = false;
          }
          return { shown: st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 2, whole };
        });
        if (!ring.shown) unringed.push(at);
        if (!ring.whole) clipped.push(at || "(no id)");
        await p.keyboard.press("Tab");
        tabs++;
      }
      if (at !== id) { lost.push(id); continue; }
      if (value === null) {
        await p.keyboard.press("ArrowDown"); // a later year
      } else {
        await p.keyboard.press("Control+A");
        await p.keyboard.type(value);
        await p.keyboard.press("Enter");
      }
      await painted(p);
    }
    const after = await figures(p);
    check("keyboard alone reaches and sets every lever in page order", lost.length === 0, `not reached: ${lost}`);
    check("every control focused on the way shows a focus ring of 2 px or more", unringed.length === 0, [...new Set(unringed)].join(", "));
    check("no focus ring on the way is cut off at its sides by the box around it", clipped.length === 0, [...new Set(clipped)].join(", "));
    check("after the keyboard journey the figures show the plan", after["deficit-horizon"] < base - 1e6,
      `${base} -> ${after["deficit-horizon"]} in ${tabs} tabs`);
    const typed = await p.inputValue("#demand-number");
    check("the typed values are kept", typed === "15", typed);
    await c.close();
  }
});
