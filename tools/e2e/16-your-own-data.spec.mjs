// End-to-end, part 16: Your own data: template, import, downloads.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, figures, money, axeRun, pixels, painted, open, deficitTable, download } from "./fixtures.mjs";

test("Your own data: template, import, downloads", async ({ browser, check }) => {
  // 16. Your own data: download the template, edit it as a user would in a
  // spreadsheet, import it, see the figures change; a bad file changes
  // nothing and lists its problems by line.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const p = await open(c);
    const before = await figures(p);
    const dl = await download(p, "text=Download the CSV template");
    const dir = mkdtempSync(join(tmpdir(), "hne-csv-"));
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    const template = readFileSync(path, "utf8");
    // The template speaks people's words: the key figures first, counts
    // with separators, money in pounds, shares as percentages.
    const cells = (line) => line.match(/^([^,]*),("[^"]*"|[^,]*),(.*)$/).slice(1);
    const caseload = template.split("\n").filter((l) => l.startsWith("authority.caseload."));
    const firstRows = template.split("\n").slice(3, 6).map((l) => cells(l)[0]);
    const mix = template.split("\n").find((l) => l.startsWith("authority.placement_mix.p.mainstream,"));
    check("the template leads with the key figures, in words, and writes shares as percentages",
      firstRows[0] === "authority.name" && firstRows[1] === "authority.base_year" && /%$/.test(cells(mix)[1])
        && /EHCPs in .* \(January census\)/.test(caseload[0]) && !template.split("\n").some((l) => /,.*authority\.sources\[/.test(l.slice(l.indexOf(",")))),
      `${firstRows}; ${mix}`);
    let edited = template.replace(/^authority\.name,[^\n]*/m, "authority.name,Testshire County Council,");
    for (const line of caseload) { // 30% more children with plans in every setting, typed with separators
      const [f, v, rest] = cells(line);
      const n = +v.replace(/[",]/g, "");
      edited = edited.replace(line, [f, `"${Math.round(n * 1.3).toLocaleString("en-GB")}"`, rest].join(","));
    }
    // Money as a council paper writes it.
    edited = edited.replace(/^authority\.funding\.hnb_allocation_pounds,("[^"]*"|[^,]*),/m, "authority.funding.hnb_allocation_pounds,£74m,");
    const good = join(dir, "testshire.csv");
    writeFileSync(good, edited.replace(/\n/g, "\r\n"));
    await p.setInputFiles("#import-file", good);
    await p.waitForFunction(() => /Testshire/.test(document.querySelector(".who").textContent));
    await painted(p);
    const after = await figures(p);
    check("an edited template imports: the authority's name and a larger deficit show",
      caseload.length >= 5 && after["deficit-horizon"] > before["deficit-horizon"] * 1.1, `${before["deficit-horizon"]} -> ${after["deficit-horizon"]}`);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, edited.replace(caseload[0].split(",")[0] + ",", caseload[0].split(",")[0] + ",-40,").replace("authority.base_year,", "authority.base_year,soon,"));
    await p.setInputFiles("#import-file", bad);
    await p.waitForFunction(() => document.querySelector('[data-testid="import-problems"]').textContent.length > 0);
    const listed = await p.textContent('[data-testid="import-problems"]');
    const still = await figures(p);
    const importAxe = await axeRun(p);
    check("axe: no problem with an import's problems listed", importAxe.length === 0, importAxe.join("; "));
    check("a bad file changes nothing and lists its problems by line", /Nothing was changed/.test(listed) && /Line \d+, column 2 \(authority\.base_year\)/.test(listed)
      && JSON.stringify(still) === JSON.stringify(after), listed.slice(0, 300));
    const dj = await download(p, "text=Download the scenario (JSON)");
    const jpath = join(dir, "s.json");
    await dj.saveAs(jpath);
    const json = readFileSync(jpath, "utf8");
    check("the scenario downloads as JSON with the imported data (£74m read as 74,000,000)", /Testshire/.test(json) && /"hnb_allocation_pounds":\s*74000000(\.0)?\b/.test(json), json.match(/"hnb_allocation_pounds":[^,]*/));
    // A file whose figures read but look wrong: special schools four times
    // over their places. It waits, named, until the user says to use it.
    const partial = join(dir, "partial.csv");
    writeFileSync(partial, edited.replace(/^authority\.caseload\.special,("[^"]*"|[^,]*),/m, 'authority.caseload.special,"6,000",'));
    const held = await figures(p);
    await p.setInputFiles("#import-file", partial);
    await p.waitForFunction(() => document.querySelector('[data-testid="pending-import"]').textContent.length > 0);
    const warned = await p.textContent('[data-testid="pending-import"]');
    check("the warning says which file and how many figures look wrong, in plain words",
      warned.startsWith("Check before these are used: a figure in partial.csv looks wrong."), warned.slice(0, 120));
    check("an import that makes a figure implausible waits with a warning that names it, changing nothing",
      /6,000 EHCPs in 1,520 places/.test(warned) && /over capacity/.test(warned) && JSON.stringify(await figures(p)) === JSON.stringify(held), warned.slice(0, 200));
    const warnAxe = await axeRun(p);
    check("axe: no problem with an import's warning shown", warnAxe.length === 0, warnAxe.join("; "));
    await p.click("text=Use them anyway");
    await painted(p);
    check("'use them anyway' takes the figures", (await figures(p))["deficit-horizon"] > held["deficit-horizon"] + 1e6);
    await p.keyboard.press("Control+z");
    await painted(p);
    const dp = await download(p, "text=Download the projection, year by year (CSV)");
    const ppath = join(dir, "p.csv");
    await dp.saveAs(ppath);
    // The projection CSV, parsed, against the page's own projection: the
    // deficit chart's data table year by year, and the headline deficit.
    const rows = readFileSync(ppath, "utf8").trim().split("\n").map((l) => l.split(","));
    const [head, ...years] = rows;
    const col = (name) => head.indexOf(name);
    const shownTable = await deficitTable(p);
    const off = [];
    for (const [year, cells] of shownTable) {
      const row = years.find((r) => r[col("year")] === year);
      if (!row) { off.push(`${year} missing from the CSV`); continue; }
      // The chart and its table show what the council carries (after the
      // High Needs Stability Grant), and the deficit before it dotted.
      const csvDeficit = +row[col("deficit_after_grant_pounds")], csvBase = +row[col("baseline_deficit_after_grant_pounds")];
      const csvBefore = +row[col("deficit_pounds")];
      const inTable = cells.map(money).filter((v) => !Number.isNaN(v));
      // The table rounds to £0.1m: each CSV figure is one of the row's.
      for (const v of [csvDeficit, csvBase, csvBefore]) if (!inTable.some((t) => Math.abs(t - v) <= 0.051e6)) off.push(`${year}: ${v} not in ${cells}`);
    }
    const last = years[years.length - 1];
    const headline = (await figures(p))["deficit-horizon"];
    check("the projection CSV parses, one row a year, and matches the page's projection",
      head[0] === "year" && col("deficit_pounds") > 0 && years.length === shownTable.length && years.every((r) => r.length === head.length)
        && off.length === 0 && Math.abs(+last[col("deficit_after_grant_pounds")] - headline) < 1
        && years.some((r) => +r[col("stability_grant_pounds")] > 0),
      `${years.length} rows, table ${shownTable.length}; ${off.slice(0, 3).join("; ")}; last ${last && last[col("deficit_after_grant_pounds")]} vs ${headline}`);
    const dpng = await download(p, '[data-chart="deficit"] >> text=Download chart (PNG)');
    const pngPath = join(dir, "deficit.png");
    await dpng.saveAs(pngPath);
    const png = readFileSync(pngPath);
    const signature = png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // Decoded by the browser: how many colours, and how much is not background.
    const img = await pixels(p, png.toString("base64"));
    const seen = new Set();
    let inkedPx = 0;
    for (let i = 0; i < img.px.length; i += 4) {
      const [r, g, b, a] = img.px.subarray(i, i + 4);
      seen.add((r << 16) | (g << 8) | b);
      if (a > 0 && (r < 200 || g < 200 || b < 200)) inkedPx++;
    }
    const [colours, inked] = [seen.size, inkedPx / (img.px.length / 4)];
    check("a chart downloads as a PNG of the chart's size, with a drawing on it",
      dpng.suggestedFilename() === "deficit.png" && signature && w >= 300 && h >= 150 && colours > 8 && inked > 0.01,
      `${dpng.suggestedFilename()}, ${w}x${h}, ${colours} colours, ${(inked * 100).toFixed(1)}% inked`);
    await c.close();
  }
});
