// The shared fixture of the end-to-end specs (tools/e2e/*.spec.mjs): the
// app's address, a page opened on it as a user would, and each named check.
//
// A spec's test asks for what it uses:
//   test("…", async ({ app, browser, check }) => { … });
// - `app` is { ctx, page }: a new browser context at 1280x900 and the page
//   opened on the app, painted and mounted to its footer; closed after.
// - `check(name, ok, detail)` reports one behaviour by name ("ok  e2e: …" or
//   "FAIL e2e: …") and, as a soft expectation, fails the test without
//   stopping the checks after it.
// - `browser` is Playwright's, launched on Debian's Chromium (the config).
// Every page opened through `open` (or passed to `watch`) is watched: a
// console error or a request that leaves the app's origin fails the test
// it happened in. Every context a test opens is closed when it ends.
import { test as base, expect } from "@playwright/test";
import { readFileSync } from "node:fs";

export { expect };

/** The app under test (dist/, served), from E2E_URL; scripts/serve.sh
 * serves it at the default. */
export const url = process.env.E2E_URL || "http://127.0.0.1:8080/";
const origin = new URL(url).origin;

/** Chromium's arguments: headless as root, on a closed network (no
 * background requests that would flood it). */
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

export const axeSource = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

// What the pages of the running test did wrong; emptied before each test.
const errors = [], foreign = [];

/** Open the app (or `href`) in `context`, watched, and wait until its
 * charts have painted and its last part (the footer; the embed has none)
 * has mounted. */
export async function open(context, href = url) {
  const page = watch(await context.newPage());
  await page.goto(href);
  await page.waitForSelector('[data-testid="deficit-horizon"]');
  await painted(page);
  await page.waitForSelector("footer.foot, .embed-intro");
  return page;
}

/** Watch `page`: its console errors and any request that leaves the
 * origin fail the running test. */
export function watch(page) {
  page.on("pageerror", (e) => { errors.push(String(e)); if (process.env.E2E_DEBUG) console.log("PAGEERROR", page.url(), String(e)); });
  page.on("console", (m) => { if (m.type() === "error") { errors.push(m.text()); if (process.env.E2E_DEBUG) console.log("CONSOLEERROR", page.url(), m.text()); } });
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url()); });
  return page;
}

// If the test failed, print each page of `contexts`: its address and what
// was on it (the accessibility tree, cut short).
async function leftOpen(contexts, testInfo) {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const pg of contexts.flatMap((c) => c.pages())) {
    const tree = await pg.locator("body").ariaSnapshot({ timeout: 5000 }).catch((e) => `(not read: ${String(e.message).split("\n")[0]})`);
    console.log(`-- open at the failure: ${pg.url().slice(0, 120)}\n${tree.slice(0, 4000)}${tree.length > 4000 ? "\n…" : ""}`);
  }
}

export const test = base.extend({
  check: async ({}, use) => {
    await use((name, ok, detail = "") => {
      const pass = !!ok;
      console.log(`${pass ? "ok  " : "FAIL"} e2e: ${name}${pass ? "" : "  (" + detail + ")"}`);
      expect.soft(pass, `${name}  (${detail})`).toBe(true);
    });
  },
  app: async ({ browser }, use, testInfo) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(ctx);
    await use({ ctx, page });
    await leftOpen([ctx], testInfo);
    await ctx.close();
  },
  // Each test starts with nothing recorded and ends with nothing wrong.
  // A context a test opened and did not close (it failed or stopped before
  // its end) is closed with it, so nothing of it runs on into the next.
  // A test that failed prints each page it left open (leftOpen), so that
  // a failure in CI is read from its log alone.
  watched: [async ({ browser }, use, testInfo) => {
    errors.length = 0;
    foreign.length = 0;
    const before = new Set(browser.contexts());
    await use();
    const opened = browser.contexts().filter((c) => !before.has(c));
    await leftOpen(opened, testInfo);
    for (const c of opened) await c.close().catch(() => {});
    expect.soft(errors, "no console errors").toEqual([]);
    expect.soft(foreign, "no request leaves the origin").toEqual([]);
  }, { auto: true }],
});

// Wait until the charts have painted and the app is idle for a frame.
export async function painted(page) {
  await explained(page, "the charts to paint", page.waitForFunction(() => window.__hnePainted && ["spend", "deficit", "ehcps", "waterfall", "tornado"].every((k) => k in window.__hnePainted)));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}
// A wait that, if it gives up, says what it waited for, how the page stood
// (standing) and any page errors (a failure in CI is read from its log
// alone).
async function explained(page, what, wait) {
  try {
    return await wait;
  } catch (e) {
    const s = await standing(page);
    throw new Error(`waiting for ${what}: ${String(e.message).split("\n")[0]}; Monte Carlo: ${s.progress}; painted: ${s.painted}; the page said: ${s.said}; page errors: ${errors.join(" | ") || "none"}`);
  }
}
// How the page stands, for a failure's message: the Monte Carlo's progress
// line, the charts painted so far, and what the status and alert regions on
// the screen say.
const standing = (page) => page.evaluate(() => ({
  progress: document.querySelector('[data-testid="mc-progress"]')?.textContent.trim() ?? "(none)",
  painted: Object.keys(window.__hnePainted || {}).join(", ") || "none",
  said: [...document.querySelectorAll("[role=status], [role=alert]")].filter((el) => el.checkVisibility())
    .map((el) => el.textContent.trim()).filter(Boolean).join(" | ") || "nothing",
})).catch(() => ({ progress: "?", painted: "?", said: "(the page could not be read)" }));
// Click `selector` and wait for the download it starts. A failure says
// which step failed: the click (with Playwright's reason, e.g. another
// element in the way), or no download after it, with how the page stood
// and any page errors, so that a failure in CI names its cause.
export async function download(page, selector) {
  const started = page.waitForEvent("download");
  started.catch(() => {});
  try {
    await page.click(selector);
  } catch (e) {
    throw new Error(`clicking ${selector} failed: ${String(e.message).split("\n")[0]}`);
  }
  try {
    return await started;
  } catch (e) {
    const s = await standing(page);
    throw new Error(`no download after clicking ${selector} (${String(e.message).split("\n")[0]}); the page said: ${s.said}; page errors: ${errors.join(" | ") || "none"}`);
  }
}
export const figures = (page) => page.$$eval("[data-testid]", (els) =>
  Object.fromEntries(els.filter((e) => e.dataset.value !== undefined).map((e) => [e.dataset.testid, +e.dataset.value])));
export const deficit = async (page) => (await figures(page))["deficit-horizon"];
// An amount as a chart's data table shows it: "£218.9m", "−£4.0m", or a
// bare figure under a "(£m)" heading.
export const money = (t) => {
  const m = t.replace(/,/g, "").match(/^(−|-)?£?([\d.]+)\s*(m|bn|billion|k)?$/);
  if (!m) return NaN;
  const scale = { m: 1e6, bn: 1e9, billion: 1e9, k: 1e3 }[m[3]] || 1e6;
  return (m[1] ? -1 : 1) * +m[2] * scale;
};
// Wait until the Monte Carlo for the current scenario has finished and its
// fans have painted.
export async function settled(page) {
  await explained(page, "the Monte Carlo to finish and its fans to paint", page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="mc-progress"]');
    return p && !/Updating/.test(p.textContent) && window.__hneMonteCarlo
      && window.__hnePainted && "fan-deficit" in window.__hnePainted && "fan-balance" in window.__hnePainted;
  }));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}
export const chance = async (page) => {
  const t = await page.textContent('[data-testid="probability"]');
  const m = t.match(/in ([\d,]+) of 2,000 runs/);
  return m ? +m[1].replace(/,/g, "") : NaN;
};
// axe-core (WCAG 2.0 to 2.2 A and AA, and best practice) over the page as
// it is, with every folded section open; through DevTools, because the
// page's CSP rightly refuses an injected inline script.
// Sections off the screen skip rendering (content-visibility: auto) until
// they come into view; an audit or a reading of the rendered text needs them
// rendered, as they are for a user who scrolls to them. `on` true renders
// them all; false puts them back.
export async function renderAll(page, on) {
  await page.evaluate((on) => {
    if (on) {
      window.__skipped = [...document.querySelectorAll("*")].filter((e) => getComputedStyle(e).contentVisibility === "auto");
      window.__skipped.forEach((e) => { e.style.contentVisibility = "visible"; });
    } else {
      (window.__skipped || []).forEach((e) => { e.style.contentVisibility = ""; });
    }
  }, on);
}

export async function axeRun(page, { asLoaded = false } = {}) {
  // As the page first loads: nothing opened, nothing forced to render.
  if (asLoaded) {
    if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
    return page.evaluate(async () => (await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    })).violations.map((v) => `${v.id} x${v.nodes.length}: ${v.nodes.map((n) => n.html.slice(0, 80)).join(" | ")}`));
  }
  // Open every folded section for the audit, and fold back afterwards the
  // ones that were folded, so the page is left as the test had it.
  await renderAll(page, true);
  await page.evaluate(() => {
    window.__folded = [...document.querySelectorAll("details")].filter((d) => !d.open);
    window.__folded.forEach((d) => { d.open = true; });
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => (await axe.run(document, {
    runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
  })).violations.map((v) => `${v.id} x${v.nodes.length}: ${v.nodes[0].target.join(" ")}`));
  await page.evaluate(() => window.__folded.forEach((d) => { d.open = false; }));
  await renderAll(page, false);
  return found;
}
// A PNG decoded by the browser: its width, height and RGBA bytes, for a
// check to read in Node.
export async function pixels(page, png64) {
  const { w, h, data } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = "data:image/png;base64," + b64;
    await img.decode();
    const c = document.createElement("canvas");
    [c.width, c.height] = [img.width, img.height];
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let s = "";
    for (let i = 0; i < px.length; i += 0x8000) s += String.fromCharCode.apply(null, px.subarray(i, i + 0x8000));
    return { w: c.width, h: c.height, data: btoa(s) };
  }, png64);
  return { w, h, px: Buffer.from(data, "base64") };
}
export async function press(page, id, key) {
  await page.focus(`#${id}-range`);
  await page.keyboard.press(key);
  await painted(page);
}


// Change the plan as a user would (early support one step by keyboard, a
// 1% block transfer typed, an aim for inclusion) and wait until the change
// is kept: in the link and in this browser's storage.
export async function changeAndKeep(page) {
  const was = await page.evaluate(() => [location.hash, localStorage.getItem("hne.scenario.v1")]);
  await press(page, "demand", "ArrowRight");
  await page.fill("#transfer-number", "1");
  await page.press("#transfer-number", "Enter");
  await painted(page);
  await page.click("#lever-inclusion .aim-box > summary");
  await page.fill("#inclusion-aim", "40%");
  await page.press("#inclusion-aim", "Enter");
  await painted(page);
  await page.waitForFunction((was) => location.hash !== was[0] && localStorage.getItem("hne.scenario.v1") !== was[1], was);
}

// The deficit chart's data table, opened: each row's year and its cells'
// text, as a user reads them.
export async function deficitTable(page) {
  await page.$eval('[data-chart="deficit"] details.data', (d) => { d.open = true; });
  await page.waitForSelector('[data-chart="deficit"] table tbody tr');
  return page.$$eval('[data-chart="deficit"] table tbody tr', (trs) =>
    trs.map((tr) => [tr.cells[0].textContent.trim(), [...tr.cells].slice(1).map((td) => td.textContent.trim())]));
}
