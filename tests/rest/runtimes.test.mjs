// The ConnectorClient outside Node: the same scenarios (runtime-scenarios.mjs) in workerd,
// Deno, Bun, Vercel's edge-runtime and headless Chromium, against Prism (validating, the v7 spec) and the scripted
// server. Each runtime reports "NAME: N passed, M failed". Needs the built package (PKG_DIR,
// default pkg) and the tools (tools/node_modules).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { once } from "node:events";
import { pkgDir } from "../js/package.mjs";
import { PORTS, startPrism, startScripted } from "./servers.mjs";

const here = new URL(".", import.meta.url).pathname;
const root = resolve(here, "../..");
const bin = join(root, "tools/node_modules/.bin");
const urls = { prism: `http://127.0.0.1:${PORTS.runtimesPrism}`, hang: `http://127.0.0.1:${PORTS.runtimesScripted}`, dead: `http://127.0.0.1:${PORTS.nothing}` };

let prism, hang, work;
before(async () => {
  [prism, hang] = await Promise.all([startPrism(PORTS.runtimesPrism, "connector-openapi.yml"), startScripted(PORTS.runtimesScripted)]);
  hang.answer("hang");
  work = mkdtempSync(join(tmpdir(), "rest-runtimes-"));
  // Deno and Bun import "enmeshed-events" by name through a node_modules link, as an app would.
  mkdirSync(join(work, "app/node_modules"), { recursive: true });
  symlinkSync(pkgDir, join(work, "app/node_modules/enmeshed-events"));
  writeFileSync(join(work, "app/package.json"), '{ "private": true, "type": "module", "dependencies": { "enmeshed-events": "*" } }');
  cpSync(join(here, "rest-cli.mjs"), join(work, "app/rest-cli.mjs"));
  cpSync(join(here, "runtime-scenarios.mjs"), join(work, "app/rest-scenarios.mjs"));
});
after(async () => {
  await Promise.all([prism?.stop(), hang?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(file, args, options = {}) {
  return new Promise((resolvePromise) => {
    execFile(file, args, { timeout: 90_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }, ...options }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function expectReport(name, { code, output }) {
  const report = output.match(new RegExp(`^${name}: (\\d+) passed, (\\d+) failed$`, "m"));
  assert.ok(report, `${name} did not report:\n${output}`);
  assert.equal(Number(report[2]), 0, output);
  assert.equal(Number(report[1]), 8, output);
  assert.equal(code, 0, output);
}

test("workerd (a network service allowing local addresses, so the worker reaches 127.0.0.1)", async () => {
  const dir = join(work, "workerd");
  const bindings = Object.entries({ PRISM: urls.prism, HANG: urls.hang, DEAD: urls.dead })
    .map(([name, value]) => `(name = "${name}", text = "${value}")`)
    .join(", ");
  const config = await run("bash", [join(root, "tests/runtimes/workerd-config.sh"), pkgDir, dir, join(here, "rest-worker.mjs")], {
    env: { ...process.env, WORKERD_BINDINGS: bindings },
  });
  assert.equal(config.code, 0, config.output);
  cpSync(join(here, "runtime-scenarios.mjs"), join(dir, "rest-scenarios.mjs"));
  let capnp = readFileSync(join(dir, "config.capnp"), "utf8");
  capnp = capnp
    .replace('(name = "scenarios.mjs", esModule = embed "scenarios.mjs")', '(name = "rest-scenarios.mjs", esModule = embed "rest-scenarios.mjs")')
    .replace('services = [ (name = "main", worker = .worker) ]', 'services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "local"])) ]')
    .replace("compatibilityDate =", 'globalOutbound = "loopback",\n  compatibilityDate =');
  assert.match(capnp, /rest-scenarios\.mjs/);
  assert.match(capnp, /globalOutbound = "loopback"/);
  writeFileSync(join(dir, "config.capnp"), capnp);
  expectReport("workerd", await run(join(bin, "workerd"), ["test", "config.capnp"], { cwd: dir }));
});

test("Deno", async () => {
  const args = ["run", "--quiet", "--no-lock", "--node-modules-dir=manual", "--allow-read", "--allow-env", "--allow-net=127.0.0.1", "rest-cli.mjs", "deno", urls.prism, urls.hang, urls.dead];
  expectReport("deno", await run(join(bin, "deno"), args, { cwd: join(work, "app") }));
});

test("Bun", async () => {
  expectReport("bun", await run(join(bin, "bun"), ["rest-cli.mjs", "bun", urls.prism, urls.hang, urls.dead], { cwd: join(work, "app") }));
});

test("Vercel edge-runtime (bundled by esbuild, the .wasm compiled from bytes as the VM forbids eval)", async () => {
  const tools = createRequire(join(root, "tools/package.json"));
  const esbuild = tools("esbuild");
  const { EdgeRuntime } = tools("edge-runtime");
  const entry = join(work, "edge-entry.mjs");
  writeFileSync(entry, `import * as pkg from "enmeshed-events";
import { restScenarios } from ${JSON.stringify(join(here, "runtime-scenarios.mjs"))};
pkg.initSync(new WebAssembly.Module(WASM_BYTES));
addEventListener("fetch", (event) => event.respondWith(restScenarios(pkg, ${JSON.stringify(urls)}).then((result) => Response.json(result))));`);
  const bundle = await esbuild.build({
    entryPoints: [entry], bundle: true, format: "iife", write: false, logLevel: "error",
    alias: { "enmeshed-events": join(pkgDir, "index.js") }, define: { "import.meta.url": '"file:///edge/index.js"' },
  });
  const runtime = new EdgeRuntime({
    initialCode: bundle.outputFiles[0].text,
    extend: (context) => Object.assign(context, { WASM_BYTES: new Uint8Array(readFileSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm"))) }),
  });
  const result = await (await runtime.dispatchFetch("http://127.0.0.1/run")).json();
  expectReport("edge-runtime", { code: 0, output: [...result.lines, `edge-runtime: ${result.passed} passed, ${result.failed} failed`].join("\n") });
});

test("headless Chromium (a page on another origin: Prism and the scripted server answer CORS)", async () => {
  const { chromium } = createRequire(join(root, "tools/package.json"))("playwright-core");
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    import init, * as pkg from "/pkg/index.js";
    import { restScenarios } from "/t/runtime-scenarios.mjs";
    await init();
    window.__result = await restScenarios(pkg, ${JSON.stringify(urls)});
  </script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/page.html") return res.writeHead(200, { "content-type": "text/html" }).end(page);
    const [prefix, dir] = path.startsWith("/pkg/") ? ["/pkg/", pkgDir] : path === "/t/runtime-scenarios.mjs" ? ["/t/", here] : [];
    if (!prefix || path.includes("..")) return res.writeHead(404).end();
    try {
      const file = join(dir, path.slice(prefix.length));
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(PORTS.browserPage, "127.0.0.1");
  await once(server, "listening");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    // The page's origin (port 24014) differs from the Connector's (24016): a real cross-origin setup.
    await tab.goto(`http://127.0.0.1:${PORTS.browserPage}/page.html`);
    await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await tab.evaluate(() => window.__result);
    expectReport("chromium", { code: 0, output: [...result.lines, ...errors, `chromium: ${result.passed} passed, ${result.failed} failed`].join("\n") });
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
});
