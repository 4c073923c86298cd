// End-to-end, part 26: Excel in and out.
import { writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, figures, money, painted, url, watch, deficitTable, download } from "./fixtures.mjs";

test("Excel in and out", async ({ browser, check }) => {
  // A finance officer's round trip: the template as a workbook, filled in
  // (tools/xlsx.py changes cells as a person would), imported back; a bad
  // cell named by sheet and cell, changing nothing; the projection as a
  // workbook whose cells match the page's table. The Excel module is not
  // fetched until the first Excel action.
  const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const p = await c.newPage();
  const fetched = [];
  p.on("request", (r) => fetched.push(r.url()));
  watch(p);
  await p.goto(url);
  await p.waitForSelector("footer.foot");
  await painted(p);
  check("the Excel module is not fetched with the page", !fetched.some((u) => /excel-/.test(u)), fetched.filter((u) => /excel/.test(u)).join(", "));
  const dir = mkdtempSync(join(tmpdir(), "hne-xlsx-"));
  const xlsx = (...args) => JSON.parse(execFileSync("python3", ["tools/xlsx.py", ...args], { encoding: "utf8" }) || "null");
  const dl = await download(p, "text=Download the template (Excel)");
  const tpath = join(dir, dl.suggestedFilename());
  await dl.saveAs(tpath);
  check("choosing an Excel action fetches the Excel module, once", fetched.filter((u) => /excel-[0-9a-f]+_bg\.wasm/.test(u)).length === 1, fetched.filter((u) => /excel/.test(u)).join(", "));
  const book = xlsx("cells", tpath);
  const key = book["Key figures"];
  const rowOf = (field) => Object.keys(key).find((r) => r.startsWith("D") && key[r] === field)?.slice(1);
  check("the template workbook leads with the key figures, in words, with the field names beside them",
    dl.suggestedFilename() === "high-needs-template.xlsx" && Object.keys(book).join("|") === "Key figures|All other figures|About"
      && key.A1 === "Figure" && key.B1 === "Value" && key.D2 === "authority.name" && /Authority/.test(key.A2) && rowOf("authority.funding.hnb_allocation_pounds"),
    JSON.stringify(Object.keys(book)) + " " + JSON.stringify([key.A1, key.B1, key.D2, key.A2]));
  const before = await figures(p);
  const alloc = rowOf("authority.funding.hnb_allocation_pounds");
  const filled = join(dir, "filled.xlsx");
  xlsx("set", tpath, filled, "Key figures!B2=text:Workbookshire Council", `Key figures!B${alloc}=${Math.round(key["B" + alloc] * 0.9)}`);
  await p.setInputFiles("#import-file", filled);
  await p.waitForFunction(() => /Workbookshire/.test(document.querySelector(".who").textContent));
  await painted(p);
  const after = await figures(p);
  const said = await p.$$eval("[data-testid=notice]", (els) => els.map((e) => e.textContent).join(" "));
  check("a filled-in workbook imports: the name and a larger deficit show (10% less High Needs Block), and the notice names the sheets read",
    after["deficit-horizon"] > before["deficit-horizon"] + 1e6 && /Imported filled\.xlsx \(from the sheets "Key figures" and "All other figures"; "About" left out/.test(said),
    `${before["deficit-horizon"]} -> ${after["deficit-horizon"]} ${said}`);
  const bad = join(dir, "bad.xlsx");
  xlsx("set", filled, bad, `Key figures!B${rowOf("authority.base_year")}=text:soon`);
  await p.setInputFiles("#import-file", bad);
  await p.waitForFunction(() => document.querySelector('[data-testid="import-problems"]').textContent.length > 0);
  const listed = await p.textContent('[data-testid="import-problems"]');
  check("a bad cell changes nothing and is named by its sheet and cell",
    /Nothing was changed/.test(listed) && new RegExp(`Sheet "Key figures", cell B${rowOf("authority.base_year")} \\(authority\\.base_year\\)`).test(listed)
      && JSON.stringify(await figures(p)) === JSON.stringify(after), listed.slice(0, 300));
  const notBook = join(dir, "photo.xlsx");
  writeFileSync(notBook, "not a workbook at all");
  await p.setInputFiles("#import-file", notBook);
  await p.waitForFunction(() => /photo\.xlsx/.test(document.querySelector('[data-testid="import-problems"]').textContent));
  check("a file called .xlsx that is not one says so", /photo\.xlsx is not a workbook/.test(await p.textContent('[data-testid="import-problems"]')));
  const dp = await download(p, "text=Download the projection, year by year (Excel)");
  const ppath = join(dir, "projection.xlsx");
  await dp.saveAs(ppath);
  const proj = xlsx("cells", ppath).Projection;
  const shown = await deficitTable(p);
  const off = [];
  for (const [year, cells] of shown) {
    const r = Object.keys(proj).find((k) => /^A\d+$/.test(k) && proj[k] === year)?.slice(1);
    if (!r) { off.push(`${year} missing`); continue; }
    const inTable = cells.map(money).filter((v) => !Number.isNaN(v));
    for (const col of ["B", "C", "I"]) if (!inTable.some((t) => Math.abs(t - proj[col + r]) <= 0.051e6)) off.push(`${year} ${col}: ${proj[col + r]} not in ${cells}`);
  }
  const lastRow = Math.max(...Object.keys(proj).map((k) => +k.match(/\d+$/)[0]));
  check("the projection workbook's cells match the page's table, year by year, and its headline",
    dp.suggestedFilename() === "high-needs-projection.xlsx" && /Deficit the council carries/.test(proj.B1) && off.length === 0 && shown.length === lastRow - 1
      && Math.abs(proj["B" + lastRow] - (await figures(p))["deficit-horizon"]) < 1,
    `${off.slice(0, 3).join("; ")} rows ${lastRow} table ${shown.length}`);
  await c.close();
});
