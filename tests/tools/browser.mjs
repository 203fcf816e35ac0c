// Debian's chromium, headless, driven through playwright-core (no browser is downloaded):
// the one launch every browser script of the tests uses.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

export const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch(executable) {
  return chromium.launch({ executablePath: executable, headless: true, args: FLAGS });
}
