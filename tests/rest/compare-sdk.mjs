// Compares the package's ConnectorClient with the official TypeScript SDK (@nmshd/connector-sdk,
// pinned in tests/rest/package.json) for BENCHMARKS.md: bundle size of a tiny app using each
// (esbuild, minified, gzip -9), Node cold start (in-process import, interleaved runs, medians),
// and whether one call works in Node, Bun, Deno, workerd and Chromium, against Prism serving the
// Connector's spec (v7 for ours, v6 for the SDK 6.7.0, which only speaks /api/v2).
// Usage: node tests/rest/compare-sdk.mjs   (needs pkg/ built and tools/ installed)
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer } from "node:http";
import { once } from "node:events";
import { startPrism } from "./servers.mjs";

const here = new URL(".", import.meta.url).pathname;
const root = resolve(here, "../..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
const sdkDir = join(here, "node_modules/@nmshd/connector-sdk");
const bin = join(root, "tools/node_modules/.bin");
const tools = createRequire(join(root, "tools/package.json"));
const esbuild = tools("esbuild");
const PRISM_V7 = 24010, PRISM_V6 = 24011, PAGE = 24014;
const v7 = `http://127.0.0.1:${PRISM_V7}`, v6 = `http://127.0.0.1:${PRISM_V6}`;

const work = mkdtempSync(join(tmpdir(), "compare-sdk-"));
// The client is made in run(): a browser page must `await init()` the package first.
const ours = (url) => `import { ConnectorClient } from "enmeshed-events";
export async function run() { const client = new ConnectorClient({ baseUrl: "${url}", apiKey: "secret" }); const messages = await client.messages(); return messages[0].id; }`;
const sdk = (url) => `import { ConnectorClient } from "@nmshd/connector-sdk";
export async function run() { const client = ConnectorClient.create({ baseUrl: "${url}", apiKey: "secret" }); const response = await client.messages.getMessages({}); if (!response.isSuccess) throw new Error(JSON.stringify(response.error)); return response.result[0].id; }`;

async function bundle(source, platform, extra = {}) {
  const entry = join(work, `entry-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(entry, source);
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, minify: true, format: "esm", platform, write: false, logLevel: "silent",
    nodePaths: [join(here, "node_modules")], alias: { "enmeshed-events": join(pkgDir, "index.js") },
    // The package's browser entry fetches its .wasm beside itself; bundlers keep it as a file.
    loader: { ".wasm": "file" }, outdir: join(work, "out"), ...extra,
  });
  return result.outputFiles.find((f) => f.path.endsWith(".js")).contents;
}

const sizes = {};
for (const [name, source] of [["enmeshed-events ConnectorClient", ours(v7)], ["@nmshd/connector-sdk 6.7.0", sdk(v6)]]) {
  for (const platform of ["browser", "node"]) {
    try {
      const js = await bundle(source, platform);
      sizes[`${name} (${platform})`] = { js: js.length, jsGzip: gzipSync(js, { level: 9 }).length };
    } catch (error) {
      sizes[`${name} (${platform})`] = { error: String(error.message).split("\n")[0] };
    }
  }
}
const wasm = readFileSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm"));
const wasmSize = { bytes: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };

// Cold start: a fresh Node process per run; the import alone, and import + client + first call.
function coldStart(importLine, callLine, runs = 21) {
  const importMs = [], firstCallMs = [];
  for (let i = 0; i < runs; i++) {
    const script = `const t0 = performance.now(); ${importLine}; const t1 = performance.now(); ${callLine}; const t2 = performance.now(); console.log(t1 - t0, t2 - t1);`;
    const out = execFileSync("node", ["--input-type=module", "-e", script], { cwd: here, encoding: "utf8" }).trim().split(" ").map(Number);
    importMs.push(out[0]);
    firstCallMs.push(out[1]);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { importMs: median(importMs), firstCallMs: median(firstCallMs) };
}

const [prism7, prism6] = await Promise.all([startPrism(PRISM_V7, "connector-openapi.yml"), startPrism(PRISM_V6, "connector-openapi-v6.yml")]);
const results = { sizes, wasmSize, cold: {}, runtimes: {} };
try {
  const ourImport = `const { ConnectorClient } = await import(${JSON.stringify(join(pkgDir, "node.mjs"))})`;
  const ourCall = `const c = new ConnectorClient({ baseUrl: "${v7}", apiKey: "k" }); await c.messages();`;
  const sdkImport = `const { ConnectorClient } = await import("@nmshd/connector-sdk")`;
  const sdkCall = `const c = ConnectorClient.create({ baseUrl: "${v6}", apiKey: "k" }); const r = await c.messages.getMessages({}); if (!r.isSuccess) throw new Error("failed");`;
  // Interleaved so both see the same machine load.
  const a = [], b = [];
  for (let round = 0; round < 3; round++) {
    a.push(coldStart(ourImport, ourCall, 7));
    b.push(coldStart(sdkImport, sdkCall, 7));
  }
  const med = (xs, key) => xs.map((x) => x[key]).sort((p, q) => p - q)[1];
  results.cold["enmeshed-events"] = { importMs: med(a, "importMs"), firstCallMs: med(a, "firstCallMs") };
  results.cold["@nmshd/connector-sdk"] = { importMs: med(b, "importMs"), firstCallMs: med(b, "firstCallMs") };
  // Node loads its fetch (undici) on first use: the part of our first call that is Node's.
  results.cold["node's first fetch alone"] = coldStart("", `await (await fetch("${v7}/api/core/v1/Messages", { headers: { "x-api-key": "k" } })).text();`, 11);

  // Runtimes: one call each. Apps import by name through a node_modules folder with both packages.
  const app = join(work, "app");
  mkdirSync(join(app, "node_modules/@nmshd"), { recursive: true });
  symlinkSync(pkgDir, join(app, "node_modules/enmeshed-events"));
  for (const dep of ["@nmshd/connector-sdk", "@nmshd/content", "axios", "form-data", "qs"]) {
    try {
      symlinkSync(join(here, "node_modules", dep), join(app, "node_modules", dep));
    } catch {}
  }
  // Everything else the SDK needs resolves from tests/rest/node_modules.
  writeFileSync(join(app, "package.json"), '{ "private": true, "type": "module" }');
  const cli = (source) => `${source}\ntry { console.log("OK " + await run()); } catch (e) { console.log("FAILED " + (e?.message ?? e)); }`;
  writeFileSync(join(app, "ours.mjs"), cli(ours(v7)));
  writeFileSync(join(app, "sdk.mjs"), cli(sdk(v6)));
  const attempt = (file, args, cwd = app) => {
    const r = spawnSync(file, args, { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_PATH: join(here, "node_modules"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    const out = `${r.stdout}${r.stderr}`;
    const line = out.split("\n").find((l) => l.startsWith("OK ") || l.startsWith("FAILED "));
    return line ?? `FAILED ${out.trim().split("\n").slice(-3).join(" | ").slice(0, 300)}`;
  };
  // The SDK bundled (esbuild) for runtimes that cannot resolve its CommonJS tree by themselves.
  const bundled = async (source, platform, name) => {
    const js = await bundle(cli(source).replace("try {", "export async function main() { try {").concat(" }"), platform);
    writeFileSync(join(app, name), Buffer.from(js));
    return name;
  };
  for (const [name, file] of [["enmeshed-events", "ours.mjs"], ["@nmshd/connector-sdk", "sdk.mjs"]]) {
    results.runtimes[name] = {
      node: attempt("node", [file]),
      bun: attempt(join(bin, "bun"), [file]),
      deno: attempt(join(bin, "deno"), ["run", "--quiet", "--no-lock", "--node-modules-dir=manual", "-A", file]),
    };
  }
  // workerd: each app bundled for the browser platform into one worker module (ours keeps the
  // .wasm as a compiled module, as wrangler does).
  for (const [name, source] of [["enmeshed-events", ours(v7)], ["@nmshd/connector-sdk", sdk(v6)]]) {
    const dir = join(work, `workerd-${name.replace(/\W/g, "")}`);
    mkdirSync(dir, { recursive: true });
    let worker;
    try {
      const entry = `${source}\nexport default { async test() { console.log("OK " + await run()); } };`;
      const js = await bundle(entry, "browser", {
        alias: { "enmeshed-events": join(pkgDir, "workerd.js") }, external: ["*.wasm"], conditions: ["workerd", "worker", "browser"],
      });
      worker = Buffer.from(js).toString().replace(/"\.\/wasm\/enmeshed_events_bg\.wasm"/g, '"enmeshed_events_bg.wasm"');
    } catch (error) {
      results.runtimes[name].workerd = `FAILED bundling: ${String(error.message).split("\n")[0]}`;
      continue;
    }
    writeFileSync(join(dir, "worker.mjs"), worker);
    cpSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm"), join(dir, "enmeshed_events_bg.wasm"));
    const config = (flags) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "local"])) ] );
const worker :Workerd.Worker = ( globalOutbound = "loopback", compatibilityDate = "2025-01-01", compatibilityFlags = [${flags}],
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs"), (name = "enmeshed_events_bg.wasm", wasm = embed "enmeshed_events_bg.wasm") ] );`;
    writeFileSync(join(dir, "config.capnp"), config(""));
    results.runtimes[name].workerd = attempt(join(bin, "workerd"), ["test", "config.capnp"], dir);
    writeFileSync(join(dir, "config.capnp"), config('"nodejs_compat"'));
    results.runtimes[name]["workerd (nodejs_compat)"] = attempt(join(bin, "workerd"), ["test", "config.capnp"], dir);
  }
  // Chromium: each app bundled for the browser, on a page of another origin.
  const { chromium } = tools("playwright-core");
  const pages = {};
  for (const [name, source] of [["enmeshed-events", ours(v7).replace('from "enmeshed-events"', 'from "enmeshed-events"; import init from "enmeshed-events"')], ["@nmshd/connector-sdk", sdk(v6)]]) {
    try {
      const js = Buffer.from(await bundle(`${source}\nexport { init };`.replace("export { init };", name === "enmeshed-events" ? "export { init };" : "export const init = async () => {};"), "browser", { loader: { ".wasm": "file" }, publicPath: "/" })).toString();
      pages[name] = js;
    } catch (error) {
      pages[name] = null;
      results.runtimes[name].chromium = `FAILED bundling: ${String(error.message).split("\n")[0]}`;
    }
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path.endsWith(".wasm")) return res.writeHead(200, { "content-type": "application/wasm" }).end(wasm);
    const name = decodeURIComponent(path.slice(1, -3));
    if (pages[name]) return res.writeHead(200, { "content-type": "text/javascript" }).end(pages[name]);
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><script type="module">
      const m = await import("/" + encodeURIComponent(new URL(location).searchParams.get("app")) + ".js");
      try { await m.init(); window.__out = "OK " + await m.run(); } catch (e) { window.__out = "FAILED " + (e?.message ?? e); }
    </script>`);
  });
  server.listen(PAGE, "127.0.0.1");
  await once(server, "listening");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    for (const name of Object.keys(pages)) {
      if (!pages[name]) continue;
      const tab = await browser.newPage();
      const errors = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${PAGE}/?app=${encodeURIComponent(name)}`);
      try {
        await tab.waitForFunction(() => window.__out !== undefined, null, { timeout: 20_000 });
        results.runtimes[name].chromium = await tab.evaluate(() => window.__out);
      } catch {
        results.runtimes[name].chromium = `FAILED ${errors.join(" | ") || "no result"}`;
      }
      await tab.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  await Promise.all([prism7.stop(), prism6.stop()]);
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
