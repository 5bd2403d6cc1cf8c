// Shim for headless Chromium (Debian's /usr/bin/chromium driven by playwright-core from tools/):
// `node chromium.mjs PKG_DIR`. Serves the package, this folder, and the sample sequence of
// www/inspector as NDJSON, one JSON file per delivery and an SSE stream, on 127.0.0.1.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, CHROMIUM_ARGS } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "../../pkg"));
const { chromium } = createRequire(join(here, "../../tools/package.json"))("playwright-core");

const { deliveries } = JSON.parse(readFileSync(join(here, "../../www/inspector/sample-sequence.json"), "utf8"));
const lines = deliveries.map(({ url, correlationId, body }) => JSON.stringify({ url, correlationId, body: JSON.stringify(body) }));
const expected = deliveries.map(({ correlationId, body }) => [body.trigger, correlationId ?? null, 0]);

const routes = {
  "/page.html": (_, res) => res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><meta charset="utf-8"><title>matrix</title><script type="module" src="/t/browser-page.mjs"></script>'),
  "/deliveries.ndjson": (_, res) => res.writeHead(200, { "content-type": "application/x-ndjson" }).end(lines.join("\n") + "\n"),
  "/deliveries/1.json": (_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(deliveries[1].body)),
  "/expected.json": (_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(expected)),
  "/events": (_, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    for (const line of lines) res.write(`event: delivery\ndata: ${line}\n\n`);
    res.end("event: end\ndata: {}\n\n");
  },
};

let failed = 1;
let server, browser;
try {
  server = await serve({ "/pkg/": pkgDir, "/t/": here }, routes);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/page.html`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20000 });
  const result = await page.evaluate(() => window.__result);
  for (const line of result.lines) console.log(line);
  for (const message of pageErrors) console.log(`  page error: ${message}`);
  failed = result.failed;
} catch (error) {
  console.log(`  FAIL  chromium | ${error?.stack ?? error}`);
  console.log("chromium: 0 passed, 1 failed");
} finally {
  await browser?.close();
  await server?.close();
}
process.exit(failed === 0 ? 0 : 1);
