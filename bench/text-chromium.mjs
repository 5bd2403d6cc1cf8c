// bench/text-core.mjs in headless Chromium (Debian's /usr/bin/chromium via playwright-core from
// tools/), on pkg/: `node bench/text-chromium.mjs [port]` (default 25251). Served cross-origin
// isolated (performance.now() at 5 µs instead of 100 µs) unless BENCH_NOT_ISOLATED=1, which
// shows what the one-time check decides on an ordinary page.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, CLASSES } from "./corpus.mjs";
import { decoderSets, formatRows } from "./text-core.mjs";

const root = join(fileURLToPath(new URL("..", import.meta.url)));
const { chromium } = createRequire(join(root, "tools/package.json"))("playwright-core");
const port = Number(process.argv[2] ?? 25251);
const isolated = process.env.BENCH_NOT_ISOLATED !== "1";
const sets = JSON.stringify(decoderSets(generate, CLASSES));
const page = `<!doctype html><meta charset="utf-8"><script type="module">
import init, * as instance from "/pkg/instance.js";
import { dataString, utf16String } from "/pkg/text.js";
import { compareDecoders } from "/bench/text-core.mjs";
await init();
const sets = await (await fetch("/sets.json")).json();
window.__result = { isolated: self.crossOriginIsolated, rows: compareDecoders({ ...instance, dataString, utf16String }, sets, () => performance.now()) };
</script>`;
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((request, response) => {
  const path = new URL(request.url, "http://x").pathname;
  const headers = isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
  try {
    if (path === "/") return response.writeHead(200, { ...headers, "content-type": "text/html" }).end(page);
    if (path === "/sets.json") return response.writeHead(200, { ...headers, "content-type": "application/json" }).end(sets);
    if (!/^\/(pkg|bench)\/[\w./-]+$/.test(path) || path.includes("..")) throw new Error("refused");
    const body = readFileSync(join(root, path));
    response.writeHead(200, { ...headers, "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
try {
  const tab = await browser.newPage();
  tab.on("pageerror", (e) => console.error("page error:", e.message));
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 120000 });
  const { isolated: iso, rows } = await tab.evaluate(() => window.__result);
  console.log(`chromium ${browser.version()} (crossOriginIsolated ${iso})`);
  console.log(formatRows(rows));
} finally {
  await browser.close();
  server.close();
}
