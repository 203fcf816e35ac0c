// Lays one HTML file out in headless Chromium at each given width and prints, as JSON, what
// a reader would notice: the page wider than the screen, boxes outside it (not counting
// those inside a box that scrolls), the smallest text, and how the timeline is shown.
// Usage: node tests/tools/layout-check.mjs FILE.html CHROMIUM WIDTH... [--shots DIR]
// Debian's chromium is driven through playwright-core; no browser is downloaded.
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";


const args = process.argv.slice(2);
const shotsAt = args.indexOf("--shots");
const shots = shotsAt >= 0 ? args.splice(shotsAt, 2)[1] : null;
const [file, executable, ...widths] = args;
if (!file || !executable || widths.length === 0) {
  console.error("usage: layout-check.mjs FILE.html CHROMIUM WIDTH... [--shots DIR]");
  process.exit(2);
}
const browser = await launch(executable);

// Runs in the page: everything measured there.
function measure() {
  const viewport = document.documentElement.clientWidth;
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== "hidden";
  };
  const scrolls = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const name = (el) =>
    el.tagName.toLowerCase() + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el) || scrolls(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.left < -0.5 || box.right > viewport + 0.5) {
      outside.push({
        element: name(el),
        left: Math.round(box.left),
        right: Math.round(box.right),
        text: (el.textContent || "").trim().slice(0, 60),
      });
    }
  }
  // The smallest text a reader sees; SVG text is as small as the picture is scaled down.
  let smallest = { size: Infinity, element: "", text: "" };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || !shown(el)) continue;
    if (el.closest("thead") && getComputedStyle(el.closest("thead")).position === "absolute") {
      continue; // a header row kept only for screen readers
    }
    if (["title", "desc"].includes(el.tagName)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < smallest.size) {
      smallest = { size: Math.round(size * 10) / 10, element: name(el), text: node.textContent.trim().slice(0, 40) };
    }
  }
  const timelineShown = (selector) => {
    const el = document.querySelector(selector);
    return Boolean(el && shown(el));
  };
  const cards = [...document.querySelectorAll(".tracker tbody tr")].map(
    (row) => getComputedStyle(row).display,
  );
  return {
    viewport,
    scrollWidth: document.documentElement.scrollWidth,
    outside: outside.slice(0, 20),
    smallest,
    timeline: { picture: timelineShown(".timeline-svg"), list: timelineShown(".timeline-list") },
    trackerRows: cards,
  };
}

try {
  const results = {};
  for (const width of widths.map(Number)) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    results[width] = await page.evaluate(measure);
    if (shots) await page.screenshot({ path: join(shots, `${width}.png`), fullPage: true });
    await page.close();
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
}
