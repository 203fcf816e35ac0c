// Drives the desk's register filters in headless Chromium at one width and prints what a
// reader sees as JSON: the rows shown with no filter, by an owner, by a status, whether
// the page scrolls sideways, and the count line.
// Usage: node tests/tools/desk-filter.mjs INDEX.html WIDTH OWNER STATUS [CHROMIUM]
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./browser.mjs";

const [file, width, owner, status, executable = "/usr/bin/chromium"] = process.argv.slice(2);
if (!file || !width) {
  console.error("usage: desk-filter.mjs INDEX.html WIDTH OWNER STATUS [CHROMIUM]");
  process.exit(2);
}
const browser = await launch(executable);
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  const visible = () =>
    page.$$eval("table.register tbody tr", (rows) =>
      rows.filter((r) => r.offsetParent !== null).map((r) => r.querySelector("th").textContent.trim()));
  const result = {
    filtersShown: await page.isVisible("[data-filters]"),
    all: await visible(),
    sideways: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
  };
  await page.selectOption("#filter-owner", owner);
  result.byOwner = await visible();
  result.count = await page.textContent("#filter-count");
  await page.selectOption("#filter-owner", "");
  await page.selectOption("#filter-status", status);
  result.byStatus = await visible();
  result.address = new URL(page.url()).search;
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
}
