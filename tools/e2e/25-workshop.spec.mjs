// End-to-end, part 25: A workshop in a real room.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { test, deficit, axeRun, painted, open, url, executablePath, chromiumArgs, download } from "./fixtures.mjs";

test("A workshop in a real room", async ({ browser, check }) => {
  // 25. The facilitator, on a projector (1920 px), sets up a workshop on
  // Kent from the first screen: the goal and the levers in play. Five
  // participants join on their own pages (one types the session code, four
  // open its link), each sets a plan and shows their QR code; the
  // facilitator reads the codes from pictures of their screens, sees the
  // room's chart, ranking and levers, and opens one plan: the figures its
  // owner saw, to the penny.
  const fc = await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  const f = await open(fc);
  await f.selectOption("#authority", { label: "Kent" });
  await f.waitForFunction(() => document.querySelector("#authority").value.startsWith("la/886@"));
  await painted(f);
  await f.click("text=Run a workshop");
  await f.waitForSelector("[data-testid=room]");
  const goal = await f.$eval("#room-goal", (s) => s.options[3].value);
  const goalYear = await f.$eval("#room-goal", (s) => s.options[3].textContent);
  await f.selectOption("#room-goal", goal);
  await f.uncheck("#play-banding");
  await f.uncheck("#play-transfer");
  const session = (await f.textContent("[data-testid=session-code]")).trim();
  check("the room's session code is short", /^S1-[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(session), session);
  const dir = mkdtempSync(join(tmpdir(), "hne-room-"));
  const people = [["Ana", "10", 412], ["Ben", "20", 412], ["Cy", "30", 1366], ["Dee", "40", 412], ["Eve", "50", 412]];
  const seen = {}, shots = [];
  for (const [i, [name, demand, width]] of people.entries()) {
    const pc = await browser.newContext({ viewport: { width, height: 915 } });
    let p;
    if (i === 0) {
      p = await open(pc);
      // On a phone the way in is the header's "Workshop".
      await p.click(".top .workshop-link button");
      await p.fill("#session-code", session.toLowerCase());
      await p.press("#session-code", "Enter");
    } else {
      p = await open(pc, `${url}?workshop=${session}`);
    }
    await p.waitForSelector("[data-testid=joined]");
    await p.waitForFunction(() => /Kent/.test(document.querySelector(".who")?.textContent || ""));
    const joined = await p.textContent("[data-testid=joined]");
    const inPlay = await p.evaluate(() => [!!document.querySelector("#banding-range"), !!document.querySelector("#transfer-range"), !!document.querySelector("#demand-range")]);
    if (i === 0) {
      check("a participant joins by typing the session code: Kent, the goal's year, and only the levers in play",
        joined.includes(`from ${goalYear}`) && JSON.stringify(inPlay) === "[false,false,true]", joined + JSON.stringify(inPlay));
    }
    await p.fill("#participant-name", name);
    await p.fill("#demand-number", demand);
    await p.press("#demand-number", "Enter");
    if (name === "Eve") {
      await p.fill("#places-number", "120");
      await p.press("#places-number", "Enter");
    }
    await painted(p);
    await p.click("text=Show my code to the facilitator");
    if (i === 0) {
      const phoneAxe = await axeRun(p);
      check("axe: no problem on a participant's phone with the code shown", phoneAxe.length === 0, phoneAxe.join("; "));
    }
    await p.locator("#my-code svg.qr").scrollIntoViewIfNeeded();
    const shot = join(dir, `screen-${name}.png`);
    await p.screenshot({ path: shot });
    shots.push(shot);
    seen[name] = { deficit: await deficit(p), verdict: (await p.textContent('[data-testid="verdict"], .verdict')).trim(), page: p };
  }
  // The codes come back as pictures of the participants' screens.
  await f.setInputFiles("#room-files", shots);
  await f.waitForFunction(() => /5 codes read/.test(document.querySelector("[data-testid=collect-status]").textContent), null, { timeout: 20000 });
  const rows = await f.$$eval("[data-testid=workshop-ranked] tbody tr", (rs) => rs.map((r) => ({
    who: r.querySelector("th").textContent, standing: r.children[2].textContent, deficit: +r.querySelector("[data-value]").dataset.value })));
  check("all five plans are read from pictures of their screens, each with its owner's deficit to the penny",
    rows.length === 5 && rows.every((r) => seen[r.who] && r.deficit === seen[r.who].deficit), JSON.stringify(rows) + JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.deficit]))));
  check("the plans are ranked by how close they come to the goal", rows.map((r) => r.who).join() === "Eve,Dee,Cy,Ben,Ana" && rows.every((r) => /short in|Meets the goal/.test(r.standing)), JSON.stringify(rows));
  // A reload loses nothing: the facilitator's room and its plans, and a
  // participant's session, name and plan.
  await f.reload();
  await f.waitForSelector("[data-testid=workshop-ranked]", { timeout: 30000 });
  const again = await f.$$eval("[data-testid=workshop-ranked] tbody tr", (rs) => rs.map((r) => r.querySelector("th").textContent).join());
  const ana = seen.Ana.page;
  await ana.reload();
  await ana.waitForSelector("[data-testid=joined]", { timeout: 30000 });
  await ana.waitForFunction(() => document.querySelector("#demand-number")?.value === "10");
  const anaAgain = [await ana.inputValue("#participant-name"), await deficit(ana)];
  check("a reload loses nothing: the room keeps its plans, a participant their session, name and plan",
    again === "Eve,Dee,Cy,Ben,Ana" && anaAgain[0] === "Ana" && anaAgain[1] === seen.Ana.deficit, `${again} ${JSON.stringify(anaAgain)}`);
  await f.waitForFunction(() => window.__hnePainted && "room" in window.__hnePainted);
  const fig = await f.textContent('figure[data-chart="room"]');
  check("the room's chart has every plan against no plan and the goal", ["No plan", "1. Eve", "5. Ana", `Goal: balance from ${goalYear}`].every((t) => fig.includes(t)) || (["No plan", "1. Eve", "5. Ana"].every((t) => fig.includes(t)) && fig.includes(goalYear)), fig.slice(0, 400));
  const strips = await f.textContent("[data-testid=workshop-levers]");
  check("each lever in play is a strip of dots with its spread in words (and the levers out of play are not)",
    /Early support: fewer new EHCPs: lowest 10% fewer, median 30% fewer, highest 50% fewer; 5 of 5 moved it/.test(strips) && !/Top-up banding/.test(strips)
      && (await f.$$eval("[data-testid=workshop-levers] svg.strip", (s) => s.length)) === 6, strips.slice(0, 300));
  // The results as a spreadsheet for the meeting's record.
  const csvDl = await download(f, "text=Download the results (CSV)");
  const csvPath = join(dir, "results.csv");
  await csvDl.saveAs(csvPath);
  const csvRows = readFileSync(csvPath, "utf8").trim().split(/\r\n/);
  check("the results download as a spreadsheet: a row per plan in rank order, each with its code",
    csvRows.length === 6 && /^Rank,Participant,Meets the goal/.test(csvRows[0]) && /^1,Eve,no,/.test(csvRows[1]) && /,W4-[0-9A-Z-]+$/.test(csvRows[5]), csvRows.slice(0, 2).join(" | "));
  const xDl = await download(f, "text=Download the results (Excel)");
  const xPath = join(dir, "results.xlsx");
  await xDl.saveAs(xPath);
  const res = JSON.parse(execFileSync("python3", ["tools/xlsx.py", "cells", xPath], { encoding: "utf8" })).Results;
  const csvFirst = csvRows[1].split(",");
  check("the results download as a workbook too: the same columns, a row per plan, deficits as numbers",
    res.A1 === "Rank" && res.B2 === "Eve" && res.A6 === 5 && res.F2 === +csvFirst[5] && typeof res.F2 === "number",
    JSON.stringify([res.A1, res.B2, res.A6, res.F2, csvFirst[5]]));
  // A code that cannot be used names its participant.
  await f.fill("#workshop-codes", "Zoe: W4-0000\nAna: " + "W1-00000-00000-00000-00000-000000");
  await f.click("text=Read the pasted codes");
  const problems = await f.textContent(".room .problems");
  check("problems name the participant", /Zoe \(line 1\): it has/.test(problems) && /Ana \(line 2\): it was made by an earlier version/.test(problems), problems);
  const axeRoom = await axeRun(f);
  check("axe: no problem in the room on a projector", axeRoom.length === 0, axeRoom.join("; "));
  // Keyboard only: the plan closest to the goal opens from its button.
  await f.focus("text=Open Dee's plan");
  await f.keyboard.press("Enter");
  await f.waitForSelector("[data-testid=room]", { state: "detached" });
  await painted(f);
  const opened = await deficit(f);
  const verdict = (await f.textContent('[data-testid="verdict"], .verdict')).trim();
  check("Dee's plan opens with the figures Dee saw, to the penny", opened === seen.Dee.deficit && verdict === seen.Dee.verdict, `${opened} vs ${seen.Dee.deficit}; ${verdict} | ${seen.Dee.verdict}`);
  // The camera: a browser whose camera sees Eve's screen (Chromium's fake
  // camera, fed a picture of it) reads her plan in the room.
  const eveQr = await seen.Eve.page.locator("#my-code svg.qr").screenshot({ type: "jpeg", quality: 90 });
  const fp = await (await browser.newContext({ viewport: { width: 640, height: 480 } })).newPage();
  await fp.setContent(`<body style="margin:0;background:#777;display:grid;place-items:center;height:480px"><img src="data:image/jpeg;base64,${eveQr.toString("base64")}" width="320"></body>`);
  const frame = await fp.screenshot({ type: "jpeg", quality: 90 });
  await fp.context().close();
  const mjpeg = join(dir, "camera.mjpeg");
  writeFileSync(mjpeg, Buffer.concat([frame, frame]));
  const cam = await chromium.launch({
    executablePath,
    args: [...chromiumArgs,
           "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${mjpeg}`],
  });
  try {
    const cc = await cam.newContext({ viewport: { width: 1366, height: 768 } });
    await cc.grantPermissions(["camera"]);
    const r = await open(cc);
    await r.click("text=Run a workshop");
    await r.click("text=Scan codes with the camera");
    await r.waitForFunction(() => /Eve's plan was read/.test(document.querySelector("[data-testid=collect-status]").textContent), null, { timeout: 20000 });
    await r.waitForSelector("[data-testid=workshop-ranked]", { timeout: 20000 }).catch(() => {});
    const status = await r.textContent("[data-testid=collect-status]");
    const report = await r.textContent("[data-testid=workshop-report]");
    // The room is on the example; Eve's plan is on Kent, so it is named.
    check("the camera reads a participant's QR code, and a plan on other figures than the session's is named",
      /Eve's plan was read/.test(status) && /Eve \(camera\): this plan is on Kent, not on this session's figures/.test(report), status + " | " + report.slice(0, 300));
  } finally {
    await cam.close();
  }
  await fc.close();
  for (const v of Object.values(seen)) await v.page.context().close();

  // A workshop on a council's own figures: the facilitator gives out the
  // session's file of figures; a participant opens it, joins with the code,
  // and their plan reads back against those figures.
  const own = JSON.parse(execFileSync(process.env.HNE_BIN || "target/release/hne", ["example", "example"], { encoding: "utf8" }));
  own.authority.name = "Testshire County Council";
  own.authority.funding.hnb_allocation_pounds *= 1.05;
  const ownFile = join(dir, "testshire.json");
  writeFileSync(ownFile, JSON.stringify(own));
  const oc = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const o = await open(oc);
  await o.setInputFiles("#import-file", ownFile);
  await o.waitForFunction(() => /Testshire/.test(document.querySelector(".who").textContent));
  await o.click("text=Run a workshop");
  const ownSession = (await o.textContent("[data-testid=session-code]")).trim();
  const dl = await download(o, "text=Download the session's figures");
  const figuresFile = join(dir, "session-figures.json");
  await dl.saveAs(figuresFile);
  const pc = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const pat = await open(pc);
  await pat.setInputFiles("#import-file", figuresFile);
  await pat.waitForFunction(() => /Testshire/.test(document.querySelector(".who").textContent));
  await pat.click(".top .workshop-link button");
  await pat.fill("#session-code", ownSession);
  await pat.press("#session-code", "Enter");
  await pat.waitForSelector("[data-testid=joined]");
  await pat.fill("#participant-name", "Pat");
  await pat.fill("#demand-number", "25");
  await pat.press("#demand-number", "Enter");
  await painted(pat);
  await pat.click("text=Show my code to the facilitator");
  const patCode = (await pat.textContent("[data-testid=workshop-code]")).trim();
  await pat.locator("#my-code svg.qr").scrollIntoViewIfNeeded();
  const patShot = join(dir, "pat.png");
  await pat.screenshot({ path: patShot });
  await o.setInputFiles("#room-files", patShot);
  await o.waitForSelector("[data-testid=workshop-ranked]");
  const patRow = await o.$eval("[data-testid=workshop-ranked] tbody tr", (r) => [r.querySelector("th").textContent, +r.querySelector("[data-value]").dataset.value]);
  check("on the council's own figures: the session's file and code bring a participant onto them, and their W5 code reads back to the penny",
    /^W5-/.test(patCode) && patRow[0] === "Pat" && patRow[1] === await deficit(pat), `${patCode} ${JSON.stringify(patRow)} ${await deficit(pat)}`);
  await oc.close();
  await pc.close();
});
