// End-to-end, part 17: Saved scenarios.
import { mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, deficit, axeRun, painted, open, download } from "./fixtures.mjs";

test("Saved scenarios", async ({ browser, check }) => {
  // 17. Saved scenarios: save (a name with HTML in it shows as text),
  // rename, duplicate, delete, compare two, a damaged entry set aside with
  // the others kept, and export / import of all of them.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const p = await open(c);
    const saveAs = async (name) => {
      await p.fill("#save-name", name);
      await p.click("text=Save this scenario");
      await p.waitForFunction((n) => document.querySelector('[data-testid="library-note"]').textContent.includes(n), name);
    };
    await p.click("text=Typical DBV plan");
    await saveAs("DBV <b>draft</b>");
    await p.click("text=Safety Valve style");
    await saveAs("Safety Valve");
    const names = () => p.$$eval('[data-testid="library"] input[data-rename]', (is) => is.map((i) => i.value));
    const bold = await p.$$eval('[data-testid="library"] b', (b) => b.length);
    check("saved scenarios are listed, a name with HTML shown as text", JSON.stringify(await names()) === JSON.stringify(["DBV <b>draft</b>", "Safety Valve"]) && bold === 0, JSON.stringify(await names()));
    const first = await p.getAttribute('[data-testid="library"] input[data-rename]', "data-rename");
    await p.fill(`[data-rename="${first}"]`, "DBV final");
    await p.click(`button[data-action="rename"][data-id="${first}"]`);
    await p.waitForFunction(() => document.querySelector('[data-testid="library-note"]').textContent.includes("Renamed"));
    const second = (await p.$$eval('[data-testid="library"] input[data-rename]', (is) => is.map((i) => i.dataset.rename)))[1];
    await p.click(`button[data-action="duplicate"][data-id="${second}"]`);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="library"] input[data-rename]').length === 3);
    const copy = (await p.$$eval('[data-testid="library"] input[data-rename]', (is) => is.map((i) => i.dataset.rename)))[2];
    await p.click(`button[data-action="delete"][data-id="${copy}"]`);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="library"] input[data-rename]').length === 2);
    check("rename, duplicate and delete", JSON.stringify(await names()) === JSON.stringify(["DBV final", "Safety Valve"]), JSON.stringify(await names()));
    await p.click("text=No plan");
    await painted(p);
    await p.click(`button[data-action="open"][data-id="${first}"]`);
    await painted(p);
    check("opening a saved scenario brings back its figures", Math.abs((await deficit(p)) - 184.7e6) < 0.1e6, await deficit(p));
    await p.check(`input[data-action="compare"][data-id="${first}"]`);
    await p.check(`input[data-action="compare"][data-id="${second}"]`);
    await p.waitForFunction(() => window.__hnePainted && "compare" in window.__hnePainted);
    const heads = await p.$$eval('[data-testid="compare-table"] thead th', (th) => th.map((t) => t.textContent));
    const legend = await p.textContent('[data-chart="compare"] .legend');
    check("two saved scenarios compared: a table and an overlaid deficit chart", heads.length === 3 && heads[1] === "DBV final" && /Safety Valve/.test(legend), JSON.stringify(heads));
    const compareAxe = await axeRun(p);
    check("axe: no problem with two scenarios compared", compareAxe.length === 0, compareAxe.join("; "));
    const dl = await download(p, "text=Export all (one file)");
    const dir = mkdtempSync(join(tmpdir(), "hne-lib-"));
    const dx = await download(p, "text=Download the comparison (Excel)");
    const xpath = join(dir, "comparison.xlsx");
    await dx.saveAs(xpath);
    const cmp = JSON.parse(execFileSync("python3", ["tools/xlsx.py", "cells", xpath], { encoding: "utf8" }));
    const shownDeficits = await p.$$eval('[data-testid="compare-table"] tbody tr:nth-child(2) td', (td) => td.map((t) => t.textContent.trim()));
    const inWords = (v) => "£" + (v / 1e6).toFixed(1) + "m";
    check("the comparison downloads as a workbook: a column a scenario, the deficits as the table shows them, and a sheet year by year",
      cmp.Compared.B1 === "DBV final" && /Deficit carried at the end/.test(cmp.Compared.A3)
        && shownDeficits[0].startsWith(inWords(cmp.Compared.B3)) && shownDeficits[1].startsWith(inWords(cmp.Compared.C3))
        && Object.keys(cmp["Deficit year by year"]).length > 10,
      JSON.stringify([cmp.Compared.B1, cmp.Compared.B3, cmp.Compared.C3, shownDeficits]));
    const file = join(dir, "library.json");
    await dl.saveAs(file);
    // Damage one entry: it is set aside when opened, the other opens.
    await p.evaluate((id) => localStorage.setItem("hne.saved.v1." + id, "{\"schema\":1,\"hor"), second);
    await p.click(`button[data-action="open"][data-id="${second}"]`);
    const damaged = await p.textContent('[data-testid="library-note"]');
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="library"] input[data-rename]').length === 1);
    const kept = await p.evaluate((id) => localStorage.getItem("hne.saved.v1." + id + ".unreadable"), second);
    check("a damaged saved scenario is named, set aside, and the other kept", /could not be read/.test(damaged) && kept !== null && JSON.stringify(await names()) === JSON.stringify(["DBV final"]), damaged);
    await c.close();
    const c2 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p2 = await open(c2);
    await p2.setInputFiles("#import-library", file);
    await p2.waitForFunction(() => document.querySelectorAll('[data-testid="library"] input[data-rename]').length === 2);
    const imported = await p2.$$eval('[data-testid="library"] input[data-rename]', (is) => is.map((i) => i.value));
    check("export all, then import all in a fresh browser", JSON.stringify(imported) === JSON.stringify(["DBV final", "Safety Valve"]), JSON.stringify(imported));
    const libAxe = await axeRun(p2);
    check("axe: no problem with saved scenarios listed", libAxe.length === 0, libAxe.join("; "));
    await c2.close();
  }
});
