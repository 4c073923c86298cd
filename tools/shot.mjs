// Screenshot the built app: node tools/shot.mjs URL OUT.png [width] [height]
import { chromium } from "playwright-core";
const [url, out, w = "1440", h = "1100"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: +w, height: +h }, deviceScaleFactor: +(process.env.DPR || 1) });
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", String(e)));
await page.goto(url);
await page.waitForFunction(() => window.__hnePainted && Object.keys(window.__hnePainted).length >= 4, null, { timeout: 20000 }).catch(e => console.log("no paint", e.message));
if (process.env.PRESET) {
  await page.click(`text=${process.env.PRESET}`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}
await page.screenshot({ path: out, fullPage: process.env.FULL === "1" });
await browser.close();
