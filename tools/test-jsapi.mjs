// Runs bench/jsapi-test.mjs in headless Chromium; prints each check and a
// closing "N passed, N failed" line; exits non-zero on any failure or console error.
import { chromium } from "playwright-core";

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0, passed = 0;
try {
  const page = await browser.newPage();
  const errors = [];
  const foreign = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const origin = new URL(url).origin;
  page.on("request", (r) => { if (!r.url().startsWith(origin)) foreign.push(r.url()); });
  await page.goto(url);
  await page.waitForFunction(() => window.testResults, null, { timeout: 120000 });
  const results = await page.evaluate(() => window.testResults);
  results.push({ name: "no uncaught errors in the page", ok: errors.length === 0, detail: errors.join("; ") });
  results.push({ name: "no request leaves the origin", ok: foreign.length === 0, detail: foreign.join(", ") });
  for (const r of results) {
    console.log(`${r.ok ? "ok  " : "FAIL"} jsapi: ${r.name}${r.ok ? "" : "  (" + r.detail + ")"}`);
    r.ok ? passed++ : failed++;
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
