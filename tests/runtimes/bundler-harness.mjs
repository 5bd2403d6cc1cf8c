// Shared by the bundler rows (bundler-esbuild.mjs, bundler-vite.mjs): makes a throwaway app the
// way a user's project looks after `npm install enmeshed-events`, opens a bundled build of it in
// headless Chromium (Debian's /usr/bin/chromium driven by playwright-core from tools/, the launch
// flags of chromium.mjs) and prints the scenario lines and `<row>: N passed, M failed`.
import { createRequire } from "node:module";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, CHROMIUM_ARGS } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
/** require() for the pinned tools in tools/node_modules. */
export const requireTool = createRequire(join(here, "../../tools/package.json"));

/**
 * A temp folder `app/` holding package.json, main.js (bundler-app.mjs), scenarios.mjs and
 * node_modules/enmeshed-events (a copy of the built package, as npm would install it). The folder
 * is removed on exit, also when the process is interrupted or killed with SIGTERM (run.sh's timeout).
 */
export function makeApp(row, pkgDir) {
  const root = mkdtempSync(join(tmpdir(), `${row}-`));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  process.once("exit", cleanup);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => process.exit(1)); // "exit" cleans up
  const app = join(root, "app");
  mkdirSync(join(app, "node_modules"), { recursive: true });
  cpSync(resolve(pkgDir), join(app, "node_modules", "enmeshed-events"), { recursive: true, dereference: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ private: true, type: "module", dependencies: { "enmeshed-events": "*" } }, null, 2));
  cpSync(join(here, "bundler-app.mjs"), join(app, "main.js"));
  cpSync(join(here, "scenarios.mjs"), join(app, "scenarios.mjs"));
  return app;
}

/** The page each bundler builds: one module script, main.js. */
export const INDEX_HTML = (src) => `<!doctype html><meta charset="utf-8"><title>bundler matrix</title><script type="module" src="${src}"></script>\n`;

/**
 * Serves `dir` on 127.0.0.1, opens `/index.html?row=ROW` in Chromium and waits for the page's
 * window.__result. `checks` are [name, (result) => void | throws] run against it (e.g. which .wasm
 * the page fetched); `buildChecks` are [name, error | null] from the build. Prints every line and
 * the summary; resolves to the process exit code.
 */
export async function runInChromium(row, dir, { checks = [], buildChecks = [] } = {}) {
  let passed = 0, failed = 0;
  const record = (name, error) => {
    if (error) {
      failed++;
      console.log(`  FAIL  ${row} | ${name}: ${error?.message ?? error}`);
    } else {
      passed++;
      console.log(`  ok    ${row} | ${name}`);
    }
  };
  for (const [name, error] of buildChecks) record(name, error);
  let server, browser;
  try {
    const { chromium } = requireTool("playwright-core");
    server = await serve({ "/": dir });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(`console: ${message.text()}`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400 && !response.url().endsWith("/favicon.ico")) pageErrors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    await page.goto(`${server.url}/index.html?row=${encodeURIComponent(row)}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20000 });
    const result = await page.evaluate(() => window.__result);
    for (const line of result.lines) console.log(line);
    passed += result.passed;
    failed += result.failed;
    for (const message of pageErrors) console.log(`  page error: ${message}`);
    for (const [name, check] of checks) {
      let error = null;
      try {
        check({ ...result, origin: server.url });
      } catch (caught) {
        error = caught;
      }
      record(name, error);
    }
  } catch (error) {
    record("the bundled app ran in chromium", error?.stack ?? error);
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
  console.log(`${row}: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
