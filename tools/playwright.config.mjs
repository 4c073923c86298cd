// The end-to-end specs (tools/e2e/*.spec.mjs) under Playwright Test, on
// Debian's Chromium (no browser download):
//   E2E_URL=http://127.0.0.1:PORT/ tools/node_modules/.bin/playwright test -c tools/playwright.config.mjs
//   … --grep "tampered link"     one part by its title (its named checks run together)
//   … tools/e2e/16-your-own-data.spec.mjs   one feature
// scripts/test.sh serves dist/ and runs them all: the "behaviour" project
// two at a time, then the "measured" one (long tasks while dragging, the
// largest paint) with --workers 1, so those two measure with the machine
// to themselves.
import { defineConfig } from "@playwright/test";
import { chromiumArgs, executablePath } from "./e2e/fixtures.mjs";

// The specs whose checks are timings.
const MEASURED = [/12-drag-while-monte-carlo\.spec\.mjs$/, /27-found-in-landed-build\.spec\.mjs$/];

export default defineConfig({
  testDir: "./e2e",
  testMatch: /\.spec\.mjs$/,
  workers: 2,
  fullyParallel: false,
  // A behaviour part that fails runs once more, and passes only if every
  // check passes then; the list says "flaky" for it, and its first failure
  // is printed in full with the page as it stood (fixtures.mjs, leftOpen),
  // so a part that fails now and then is seen without one such failure
  // in 25 parts turning the whole run red. (One in five full runs here
  // failed a part after a 30 s wait that did not fail alone or in 8
  // repeats under load; CI once failed another the same way.) The
  // measured parts never run twice: a timing is taken once.
  projects: [
    { name: "behaviour", testIgnore: MEASURED, retries: 1 },
    { name: "measured", testMatch: MEASURED, retries: 0 },
  ],
  // A part that stops (a timeout, a missing element) fails on its own and
  // the next runs.
  timeout: 240_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: process.env.E2E_OUT || "/tmp/hne-e2e-results",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath, args: chromiumArgs },
    // An action or a wait with no timeout of its own gives up after 30 s
    // (as playwright-core's default did), so a missing element is a named
    // failure and the checks after it still run.
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: "off",
    screenshot: "off",
  },
});
