// End-to-end, part 24: Plain English.
import { test, settled, renderAll, open } from "./fixtures.mjs";

test("Plain English", async ({ browser, check }) => {
  // 24. The rendered page, every folded section open, on the example with a
  // plan and on a published authority: each abbreviation is spelled out at
  // its first use in the page's content (or beside it, as the glossary
  // does); "Safety Valve" and "statutory override" are explained where they
  // first appear; internal words (unmitigated, horizon, seed, P10 to P90)
  // appear nowhere, not even in the controls.
  const ABBR = [["EHCP", "education, health and care plan"], ["DSG", "dedicated schools grant"], ["DBV", "delivering better value"],
    ["INMSS", /independent (and|or) non-maintained special school/], ["EOTAS", "education otherwise than at school"], ["PRU", "pupil referral unit"],
    ["SEND", "special educational needs and disabilities"], ["SEN", "special educational needs"], ["DfE", "department for education"],
    ["FE", "further education"], ["AP", "alternative provision"], ["CIPFA", "chartered institute of public finance"],
    ["CCN", "county councils network"], ["HNB", "high needs block"], ["ESFA", "education and skills funding agency"]];
  const c = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const p = await open(c);
  for (const which of ["the example with the DBV plan", "Kent"]) {
    if (which === "Kent") {
      await p.selectOption("#authority", { label: "Kent" });
      await p.waitForFunction(() => /Kent/.test(document.querySelector(".who").textContent));
    } else {
      await p.click("text=Typical DBV plan");
    }
    await settled(p);
    await p.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    await settled(p);
    await renderAll(p, true);
    const [content, all] = await p.evaluate(() => [
      [...document.querySelectorAll("main, footer")].map((e) => e.innerText).join("\n").replace(/\s+/g, " "),
      document.body.innerText.replace(/\s+/g, " ")]);
    const problems = [];
    for (const [a, long] of ABBR) {
      const m = new RegExp(`\\b${a}s?\\b`).exec(content);
      if (!m) continue;
      const near = (content.slice(Math.max(0, m.index - 140), m.index) + " | " + content.slice(m.index, m.index + 60)).toLowerCase();
      if (!(typeof long === "string" ? near.includes(long) : long.test(near))) problems.push(`${a}: …${content.slice(Math.max(0, m.index - 60), m.index + 30)}`);
    }
    for (const [term, after] of [["Safety Valve", /^\s*(agreements?\s*)?\(/], ["statutory override", /^\s*\(/]]) {
      const i = content.indexOf(term);
      if (i >= 0 && !after.test(content.slice(i + term.length))) problems.push(`${term}: ${content.slice(i, i + 80)}`);
    }
    for (const word of [/\bunmitigated\b/i, /\bhorizon\b/i, /\bseeds?\b/i, /\bP(10|50|90)\b/]) {
      const m = word.exec(all);
      if (m) problems.push(`${word}: …${all.slice(Math.max(0, m.index - 50), m.index + 30)}`);
    }
    check(`on ${which}, every abbreviation is spelled out at first use and no internal word is shown`, problems.length === 0, problems.join(" || "));
  }
  await c.close();
});
