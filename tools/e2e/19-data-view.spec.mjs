// End-to-end, part 19: The data view.
import { test, figures, deficit, axeRun, painted, open } from "./fixtures.mjs";

test("The data view", async ({ browser, check }) => {
  // 19. The data view: a wrong value is marked with what is allowed and
  // changes nothing; a right one changes the figures; Tab carries on to the
  // next field (the table is not rebuilt under the user).
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await open(c);
    await p.click("text=Edit every figure here");
    await p.waitForSelector(".data-view table.key-figures label");
    // The key figures come first, each named in words, none by its field.
    const key = await p.$$eval(".data-view table.key-figures label", (ls) => ls.map((l) => l.textContent));
    const all = await p.$$eval(".data-view label", (ls) => ls.map((l) => l.textContent));
    check("the data view leads with the key figures in words; no field's internal name is shown",
      key[0] === "Authority" && key.some((k) => /^High Needs Block allocation/.test(k)) && key.length >= 10
        && all.every((l) => !/authority\.|_pounds|placement_mix/.test(l) || /^Add or change rows/.test(l)), JSON.stringify(key));
    const id = await p.$eval(".data-view label:text-is('EHCPs in State special schools (January census)')", (l) => l.htmlFor);
    const before = await figures(p);
    await p.fill(`#${id}`, "-5");
    await p.press(`#${id}`, "Tab");
    const err = await p.textContent(`#${id}-error`);
    check("the data view marks a wrong value with what is allowed, and changes nothing",
      err.length > 5 && (await p.getAttribute(`#${id}`, "aria-invalid")) === "true" && JSON.stringify(await figures(p)) === JSON.stringify(before), err);
    await p.fill(`#${id}`, "1,600");
    await p.press(`#${id}`, "Tab");
    await painted(p);
    const after = await figures(p);
    // Focus moved on (to the next field or the next group), not lost.
    const focused = await p.evaluate(() => !!document.activeElement && document.activeElement !== document.body && !!document.activeElement.closest(".data-view"));
    check("a right value changes the figures, and Tab carries on to the next field",
      after["deficit-horizon"] > before["deficit-horizon"] && (await p.textContent(`#${id}-error`)) === "" && focused, `${before["deficit-horizon"]} -> ${after["deficit-horizon"]}, focused ${focused}`);
    // A setting's total split into its phases by the default shares: the
    // projection is the same; five phase rows appear.
    const d1 = await deficit(p);
    await p.click('button[data-split="mainstream"]');
    await p.waitForSelector('button[data-join="mainstream"]');
    await painted(p);
    const phaseRows = await p.$$eval("details.data-group label", (ls) => ls.filter((l) => /^EHCPs in Mainstream schools, aged /.test(l.textContent)).length);
    check("a setting's total splits into five phase counts, and the projection is unchanged", phaseRows === 5 && Math.abs((await deficit(p)) - d1) < 1, `${phaseRows} rows; ${d1} -> ${await deficit(p)}`);
    // Rows added together: a Safety Valve payment lowers the deficit.
    await p.fill("#add-rows", "authority.deficit.safety_valve.2027-28,20000000");
    await p.click("text=Add these rows");
    await painted(p);
    check("rows typed in add a Safety Valve payment, and the deficit falls by it", Math.abs((d1 - (await deficit(p))) - 20e6) < 1, `${d1} -> ${await deficit(p)}`);
    await p.fill("#add-rows", "authority.deficit.safety_valve.2027,1");
    await p.click("text=Add these rows");
    const refused = await p.textContent('[data-testid="dataview-note"]');
    check("a wrong added row is refused with what is allowed", /Nothing was changed/.test(refused) && /2027-28/.test(refused), refused);
    // A value that reads but looks wrong waits, named, and changes nothing.
    const d2 = await deficit(p);
    const id2 = await p.$eval(".data-view label:text-is('EHCPs in State special schools (January census)')", (l) => l.htmlFor);
    await p.fill(`#${id2}`, "9,000");
    await p.press(`#${id2}`, "Tab");
    await p.waitForFunction(() => document.querySelector('[data-testid="pending-edit"]').textContent.length > 0);
    const warned = await p.textContent('[data-testid="pending-edit"]');
    check("the warning for an edit names the value that looks wrong, in plain words",
      warned.startsWith('Check before it is used: the new value of "EHCPs in State special schools (January census)" looks wrong.'), warned.slice(0, 160));
    check("an edit that makes special schools far over capacity is named and waits", /9,000 EHCPs in 1,520 places/.test(warned) && Math.abs((await deficit(p)) - d2) < 1, warned.slice(0, 160));
    const dvAxe = await axeRun(p);
    check("axe: no problem with the data view open", dvAxe.length === 0, dvAxe.join("; "));
    await p.click("text=Cancel: keep what I had");
    await c.close();
  }
});
