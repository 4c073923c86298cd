// Opens bench/jsapi.html in headless Chromium and prints its timings as JSON.
// Usage: node tools/bench-jsapi.mjs http://127.0.0.1:PORT/jsapi.html
import { chromium } from "playwright-core";

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.benchResults || window.benchError, null, { timeout: 120000 });
  const out = await page.evaluate(() => window.benchResults || { error: window.benchError });
  out.browser = browser.version();
  out.console_errors = errors;
  console.log(JSON.stringify(out, null, 2));
  if (out.error || errors.length) process.exit(1);
} finally {
  await browser.close();
}
