// End-to-end, part 13: The story, the live region and the print report.
import { writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, figures, settled, open } from "./fixtures.mjs";

test("The story, the live region and the print report", async ({ browser, check }) => {
  // 13. The story, the live region and the print report.
  {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await open(c);
    await p.click("text=Typical DBV plan");
    await settled(p);
    const story = await p.textContent('[data-testid="story"]');
    check("the story tells the plan in words, with the headline figures", /With this plan, High Needs spend goes from £84\.2m in 2026-27 to £131\.2m in 2032-33/.test(story)
      && /£184\.7m: £139\.1m less than the £323\.8m/.test(story) && /High Needs Stability Grant pays £34\.2m/.test(story) && /The largest saving comes from early support/.test(story), story.slice(0, 200));
    check("the live region is quiet at start", (await p.textContent('[data-testid="announce"]')) === "");
    await p.focus("#demand-range");
    for (let i = 0; i < 3; i++) await p.keyboard.press("ArrowRight");
    const early = await p.textContent('[data-testid="announce"]');
    await p.waitForFunction(() => document.querySelector('[data-testid="announce"]').textContent !== "", null, { timeout: 3000 });
    const spoken = await p.textContent('[data-testid="announce"]');
    // Other live regions (notices, a lever's note) say other things.
    const live = await p.$$eval('[aria-live], [role="status"], [role="alert"]', (els) => els.filter((e) => /Deficit carried at the end/.test(e.textContent)).length);
    check("one polite live region speaks the new deficit a moment after the moves, once",
      early === "" && /^Deficit carried at the end of 2032-33, after the grant: £[\d.]+m, £[\d.]+m lower than with no plan\. In-year balance in 2032-33: /.test(spoken) && live === 1, `${early} | ${spoken} | ${live}`);
    await p.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const dir = mkdtempSync(join(tmpdir(), "hne-pdf-"));
    const pdf = join(dir, "report.pdf");
    writeFileSync(pdf, await p.pdf({ format: "A4", printBackground: true }));
    const pages = +execFileSync("pdfinfo", [pdf]).toString().match(/Pages:\s+(\d+)/)[1];
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
    const figs = await figures(p);
    const shown = (v) => "£" + (Math.round(v / 1e5) / 10).toFixed(1) + "m";
    const wanted = [shown(figs["deficit-horizon"]), shown(figs["final-spend"]), "Model version", "The story", "The plan", "Assumptions", "Sources", "Printed "];
    const missing = wanted.filter((w) => !text.includes(w));
    check(`the print report is ${pages} A4 page(s), at most 2, with the headline figures, story, plan, charts and sources`,
      pages >= 1 && pages <= 2 && missing.length === 0 && (text.match(/High Needs spend against income/g) || []).length >= 1, `pages ${pages}, missing ${missing}`);
    await c.close();
  }
});
