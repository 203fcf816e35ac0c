// Runs axe-core on one HTML file in headless Chromium and prints the violations as JSON.
// Usage: node tests/tools/axe-check.mjs FILE.html [CHROMIUM] [WIDTH]  (WIDTH: the viewport's, in px)
// Debian's chromium is driven through playwright-core; no browser is downloaded.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

const [file, executable = "/usr/bin/chromium", width] = process.argv.slice(2);
if (!file) {
  console.error("usage: axe-check.mjs FILE.html [CHROMIUM] [WIDTH]");
  process.exit(2);
}
const browser = await launch(executable);
try {
  // bypassCSP: the pages allow no injected script, and axe has to be injected.
  const viewport = width ? { viewport: { width: Number(width), height: 900 } } : {};
  const page = await browser.newPage({ bypassCSP: true, ...viewport });
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async () => {
    // Every rule axe ships, WCAG 2.x A and AA and best practices alike.
    const outcome = await window.axe.run(document, { resultTypes: ["violations"] });
    return {
      engine: outcome.testEngine.version,
      violations: outcome.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      })),
      passes: outcome.passes.length,
    };
  });
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
}
