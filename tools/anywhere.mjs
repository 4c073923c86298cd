// End-to-end checks that the app runs anywhere (issue 5), in headless Chromium:
//   node tools/anywhere.mjs DIST SINGLE_HTML
// - dist/ served under a sub-path with the strict CSP as a header;
// - embed.html writes a snippet; the snippet in a host page on another port
//   loads the app, which reacts and resizes its frame; Tab passes through;
// - the service worker: load once, go offline, reload, it works;
// - the single file from file:// with the network off;
// - every request any page makes stays on its own origin.
// Prints each check and "N passed, N failed"; exits non-zero on a failure.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile, cp, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync, mkdtempSync } from "node:fs";

const jsqrSource = readFileSync(new URL("./node_modules/jsqr/dist/jsQR.js", import.meta.url), "utf8");
const axeSource = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
async function axe(frame) {
  await frame.evaluate(axeSource);
  return frame.evaluate(async () => (await window.axe.run(document, {
    runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
  })).violations.map((v) => `${v.id} x${v.nodes.length}: ${v.nodes[0].target.join(" ")}`));
}

const [distDir, singleFile] = process.argv.slice(2);
// The template workbook downloads (the Excel module loaded on first use):
// its name and the first bytes of a zip.
async function excelTemplate(page) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("text=Download the template (Excel)")]);
  const path = await dl.path();
  const head = readFileSync(path).subarray(0, 4);
  return dl.suggestedFilename() === "high-needs-template.xlsx" && head.equals(Buffer.from("PK\x03\x04", "latin1"));
}

let root = distDir; // what the app's server serves (a "new version" later)
const SUB = "/councils/send/high-needs/";
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors *";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json" };

let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} anywhere: ${name}${ok ? "" : "  (" + detail + ")"}`);
  ok ? passed++ : failed++;
}

// The app's server: dist/ at SUB only, with the CSP header.
function serveApp() {
  return createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(SUB)) { res.writeHead(404).end(); return; }
    let file = path.slice(SUB.length) || "index.html";
    file = normalize(file).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(root, file));
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "content-security-policy": CSP,
        "cache-control": "no-cache" });
      res.end(body);
    } catch { res.writeHead(404).end(); }
  });
}
// The council's server: one page, set per test.
let hostPage = "";
function serveHost() {
  return createServer((req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end(hostPage); });
}
const listen = (server) => new Promise((r) => server.listen(0, "127.0.0.1", () => r(server.address().port)));

const appServer = serveApp(), hostServer = serveHost();
const appPort = await listen(appServer), hostPort = await listen(hostServer);
const appOrigin = `http://127.0.0.1:${appPort}`, hostOrigin = `http://127.0.0.1:${hostPort}`;
const appUrl = appOrigin + SUB;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [], foreign = [];
function watch(page, allowed) {
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${m.text()} ${m.location().url || ""}`); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  page.on("request", (r) => {
    const u = r.url();
    if (!allowed.some((a) => u.startsWith(a)) && !u.startsWith("data:") && !u.startsWith("blob:") && u !== "about:blank") foreign.push(u);
  });
}
const deficitIn = (frame) => frame.$eval('[data-testid="deficit-horizon"]', (e) => +e.dataset.value);
async function drawn(frame, chart = "deficit") {
  await frame.waitForFunction((c) => window.__hnePainted && c in window.__hnePainted, chart, { timeout: 20000 });
}

try {
  // 1. A sub-path, the strict CSP as a header: the app loads and reacts.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await ctx.newPage();
  watch(page, [appOrigin]);
  await page.goto(appUrl);
  await drawn(page);
  const d0 = await deficitIn(page);
  await page.focus("#demand-range");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((d) => +document.querySelector('[data-testid="deficit-horizon"]').dataset.value < d - 1, d0);
  check(`runs at a sub-path (${SUB}) under the strict CSP header, and reacts`, true);

  // 2. The service worker: once it controls the page, go offline and reload.
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
    await drawn(page);
  }
  check("a service worker controls the page", await page.evaluate(() => !!navigator.serviceWorker.controller));
  // Seen once online, the past forecasts (fetched when their panel comes
  // near) are kept for use offline, as an authority's figures are.
  await page.evaluate(() => document.querySelector("#past-title").scrollIntoView());
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("hindcast.json") && e.responseEnd > 0));
  await page.waitForTimeout(200);
  // The Excel module is not among the files the service worker fetches at
  // install; used once online, it is kept.
  const precached = await page.evaluate(async () => {
    const names = await caches.keys();
    const c = await caches.open(names.find((n) => n.startsWith("hne-")));
    return (await c.keys()).map((r) => r.url);
  });
  check("the service worker does not fetch the Excel module at install", precached.length > 5 && !precached.some((u) => /excel-/.test(u)), precached.filter((u) => /excel/.test(u)).join(", "));
  check("online, the first Excel action writes the template workbook", await excelTemplate(page));
  await page.waitForTimeout(300);
  await ctx.setOffline(true);
  await page.reload();
  await drawn(page);
  const offline = await deficitIn(page);
  await page.focus("#demand-range");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((d) => +document.querySelector('[data-testid="deficit-horizon"]').dataset.value < d - 1, offline);
  check("offline, a reload still opens the app and it reacts", true);
  check("offline, the Excel module, kept since its first use, writes the template workbook", await excelTemplate(page));
  const manifest = await page.evaluate(() => fetch(document.querySelector("link[rel=manifest]").href).then((r) => r.json()));
  check("the web app manifest is served (offline too)", manifest.name === "High Needs Explorer" && manifest.start_url === "./", JSON.stringify(manifest));
  await ctx.setOffline(false);

  // 2b. A new version replaces the old cleanly: serve a copy of dist/ whose
  // service worker has a new cache name and whose page is marked, reload,
  // and the new worker takes over, the old cache is gone, the page is new.
  const v2 = await mkdtemp(join(tmpdir(), "hne-v2-"));
  await cp(distDir, v2, { recursive: true });
  const sw = (await readFile(join(v2, "sw.js"), "utf8")).replace(/const CACHE = "hne-[0-9a-f]+";/, 'const CACHE = "hne-v2test";');
  await writeFile(join(v2, "sw.js"), sw);
  const index = (await readFile(join(v2, "index.html"), "utf8")).replace("<title>", "<meta name=hne-version content=v2><title>");
  await writeFile(join(v2, "index.html"), index);
  const before = await page.evaluate(() => caches.keys());
  root = v2;
  await page.reload();
  await drawn(page);
  // The browser looks for a new worker on the navigation (the reload).
  let after = [];
  for (let i = 0; i < 75; i++) { // up to 15 s
    after = await page.evaluate(() => caches.keys());
    if (after.join() === "hne-v2test") break;
    await page.waitForTimeout(200);
  }
  const marked = await page.evaluate(() => !!document.querySelector("meta[name=hne-version]"));
  check("a new version takes over: new cache only, old one deleted, new page shown",
    before.length === 1 && before[0] !== "hne-v2test" && after.join() === "hne-v2test" && marked, `${before} -> ${after}, marked ${marked}`);
  await ctx.setOffline(true);
  await page.reload();
  await drawn(page);
  check("offline after the update, the new version opens", await page.evaluate(() => !!document.querySelector("meta[name=hne-version]")));
  await ctx.setOffline(false);
  root = distDir;

  // 3. embed.html writes the snippet; a bad address is refused in words.
  page = await ctx.newPage();
  watch(page, [appOrigin]);
  await page.goto(appUrl + "embed.html");
  await page.fill("#host", "www.council.gov.uk/send");
  const problem = await page.textContent("#host-problem");
  check("the embed page refuses an address that is not an origin", /is not a site's address/.test(problem) && (await page.inputValue("#snippet")) === "", problem);
  await page.selectOption("#authority", "cambridgeshire");
  await page.selectOption("#chart", "spend");
  await page.fill("#host", hostOrigin);
  const snippet = await page.inputValue("#snippet");
  const embedAxe = await axe(page.mainFrame());
  check("axe finds no accessibility problem on the embed page", embedAxe.length === 0, embedAxe.join("; "));
  check("the embed page writes a titled iframe and an origin-checked listener",
    snippet.includes(`<iframe id="hne-embed" src="${appUrl}?embed&amp;authority=cambridgeshire&amp;preset=dbv&amp;chart=spend&amp;host=${encodeURIComponent(hostOrigin)}"`)
      && snippet.includes('title="High Needs Explorer: Cambridgeshire 2021/22, typical DBV plan"')
      && snippet.includes(`e.origin !== "${appOrigin}"`), snippet.slice(0, 300));
  await page.close();

  // 4. The snippet in a council's page on another port.
  hostPage = `<!doctype html><html lang="en"><head><title>Council page</title></head><body>
    <h1>Our High Needs plan</h1><p><a id="before" href="#a">Before the explorer</a></p>
    ${snippet}
    <p><a id="after" href="#b">After the explorer</a></p></body></html>`;
  const hctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await hctx.newPage();
  watch(page, [appOrigin, hostOrigin]);
  await page.goto(hostOrigin + "/");
  const frame = await (await page.waitForSelector("#hne-embed")).contentFrame();
  await drawn(frame, "spend");
  const who = await frame.textContent(".who");
  check("embedded: the app opens the authority and plan asked for, compact", /Cambridgeshire/.test(who)
    && (await frame.$$("canvas")).length === 1 && (await frame.$(".toolbar")) === null, who);
  await page.waitForFunction(() => document.getElementById("hne-embed").style.height !== "");
  const sizes = await page.evaluate(() => ({ h: parseFloat(document.getElementById("hne-embed").style.height) }));
  const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
  check("embedded: the frame's height follows its content (postMessage)", Math.abs(sizes.h - inner) <= 2 && sizes.h !== 900, `${sizes.h} vs ${inner}`);
  const e0 = await deficitIn(frame);
  await frame.focus("#transfer-range");
  await page.keyboard.press("ArrowRight");
  await frame.waitForFunction((d) => +document.querySelector('[data-testid="deficit-horizon"]').dataset.value < d - 1, e0);
  check("embedded: a lever moves the figures", true);
  const frameAxe = await axe(frame);
  check("axe finds no accessibility problem in the embedded app", frameAxe.length === 0, frameAxe.join("; "));
  // Open every folded part, so the frame grows, and see the host follow.
  await frame.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  await page.waitForFunction((h) => parseFloat(document.getElementById("hne-embed").style.height) > h + 50, sizes.h);
  check("embedded: when the content grows the frame grows", true);
  // Focus is never trapped: Tab from before the frame reaches after it.
  await page.focus("#before");
  let out = false, inside = false;
  for (let i = 0; i < 400 && !out; i++) {
    await page.keyboard.press("Tab");
    const where = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
    if (where === "hne-embed" || where === "IFRAME") inside = true;
    if (where === "after") out = true;
  }
  check("embedded: Tab goes into the frame and out again (no trap)", inside && out, `inside ${inside}, out ${out}`);
  // A message from another origin cannot set the height (the host's check).
  await page.evaluate(() => window.postMessage({ type: "hne:height", height: 5 }, "*"));
  await page.waitForTimeout(100);
  check("the host ignores height messages from elsewhere", parseFloat(await page.evaluate(() => document.getElementById("hne-embed").style.height)) > 50);
  await hctx.close();
  await ctx.close();

  // 5. The single file, from file://, with the network off.
  const sctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  await sctx.route((u) => !u.href.startsWith("file:") && !u.href.startsWith("data:") && !u.href.startsWith("blob:"), (r) => r.abort());
  page = await sctx.newPage();
  watch(page, ["file:"]);
  await page.goto(pathToFileURL(singleFile).href);
  await drawn(page);
  const s0 = await deficitIn(page);
  await page.focus("#demand-range");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((d) => +document.querySelector('[data-testid="deficit-horizon"]').dataset.value < d - 1, s0);
  check("the single file runs from file:// with the network off, and reacts", true);
  check("the single file writes the template workbook from the Excel module inside it, offline", await excelTemplate(page));
  // Any English authority opens from inside the file, with its comparison.
  await page.selectOption("#authority", { label: "Westmorland and Furness" });
  await page.waitForFunction(() => document.querySelector("#authority").value.startsWith("la/943@"));
  await page.waitForSelector(".compare-authorities");
  check("the single file opens any English authority, and its comparison, with the network off",
    /Westmorland and Furness/.test(await page.textContent(".who")));
  await sctx.close();

  // 6. A workshop in the single file, offline: the facilitator's room and
  // two participants, each on their own copy of the file; the session code
  // typed, the participants' QR codes read back by another decoder (jsQR)
  // and by the room from pictures of their screens.
  const wctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  await wctx.route((u) => !u.href.startsWith("file:") && !u.href.startsWith("data:") && !u.href.startsWith("blob:"), (r) => r.abort());
  const fac = await wctx.newPage();
  watch(fac, ["file:"]);
  await fac.goto(pathToFileURL(singleFile).href);
  await drawn(fac);
  await fac.click("text=Run a workshop");
  const session = (await fac.textContent("[data-testid=session-code]")).trim();
  const shots = [], owners = {};
  let qrOk = true;
  for (const [name, pct] of [["Ana", "5"], ["Sam", "25"]]) {
    const p = await wctx.newPage();
    watch(p, ["file:"]);
    await p.goto(pathToFileURL(singleFile).href);
    await drawn(p);
    await p.click("text=Join a workshop");
    await p.fill("#session-code", session);
    await p.press("#session-code", "Enter");
    await p.waitForSelector("[data-testid=joined]");
    await p.fill("#participant-name", name);
    await p.fill("#demand-number", pct);
    await p.press("#demand-number", "Enter");
    await p.waitForFunction((v) => document.querySelector("#demand-number").value === v, pct);
    await p.click("text=Show my code to the facilitator");
    await p.waitForTimeout(100);
    const code = (await p.textContent('[data-testid="workshop-code"]')).trim();
    await p.evaluate(jsqrSource + ";window.jsQR = jsQR;");
    const decoded = await p.evaluate(async () => {
      const svg = document.querySelector("#my-code svg.qr").outerHTML;
      const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      const img = new Image();
      await new Promise((ok, no) => { img.onload = ok; img.onerror = no; img.src = url; });
      const c = document.createElement("canvas");
      c.width = c.height = 520;
      const g = c.getContext("2d");
      g.imageSmoothingEnabled = false;
      g.drawImage(img, 0, 0, 520, 520);
      const found = window.jsQR(g.getImageData(0, 0, 520, 520).data, 520, 520);
      return found && found.data;
    });
    if (decoded !== `${name}: ${code}`) qrOk = false;
    await p.locator("#my-code svg.qr").scrollIntoViewIfNeeded();
    const shot = join(mkdtempSync(join(tmpdir(), "hne-ws-")), `${name}.png`);
    await p.screenshot({ path: shot });
    shots.push(shot);
    owners[name] = await deficitIn(p);
  }
  check("offline, each participant's QR code carries their name and code (read back by jsQR)", qrOk);
  await fac.setInputFiles("#room-files", shots);
  await fac.waitForFunction(() => /2 codes read/.test(document.querySelector("[data-testid=collect-status]").textContent), null, { timeout: 20000 });
  const rows = await fac.$$eval("[data-testid=workshop-ranked] tbody tr", (rs) => rs.map((r) => [r.querySelector("th").textContent, +r.querySelector("[data-value]").dataset.value]));
  check("offline, the room reads both plans from pictures of the screens, ranked, each with its owner's deficit",
    rows.length === 2 && rows[0][0] === "Sam" && rows.every(([n, d]) => owners[n] === d), JSON.stringify(rows) + JSON.stringify(owners));
  const workshopAxe = await axe(fac.mainFrame());
  check("axe finds no accessibility problem in the room", workshopAxe.length === 0, workshopAxe.join("; "));
  await wctx.close();

  check("no errors in any page (CSP violations included)", errors.length === 0, errors.join(" | "));
  check("every request stayed on its own origin", foreign.length === 0, foreign.join(", "));
} catch (e) {
  check("anywhere run", false, e.stack || String(e));
} finally {
  await browser.close();
  appServer.close();
  hostServer.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
