// Shim for a browser app built with Vite (tools/node_modules/vite, pinned in tools/):
// `node bundler-vite.mjs PKG_DIR`. Runs `vite build` (through Vite's JS API, no config file) of an
// app whose index.html loads bundler-app.mjs as main.js, which imports "enmeshed-events" from
// node_modules; then serves dist/ on 127.0.0.1 and runs it in headless Chromium (bundler-harness.mjs).
//
// How the .wasm gets there: Vite handles `new URL("enmeshed_events_bg.wasm", import.meta.url)` in
// the package's wasm glue itself: it emits the file as a hashed asset, dist/assets/
// enmeshed_events_bg-HASH.wasm, and rewrites the URL to it, so `await init()` with no argument
// works with no configuration. The shim checks that the page fetched exactly that asset, and that
// the build took the `browser` condition (index.js), not node.mjs / node:fs.
// (Only `vite build` is tested: the dev server pre-bundles dependencies, which moves the glue away
// from its .wasm; there, `optimizeDeps: { exclude: ["enmeshed-events"] }` is the usual fix.)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { INDEX_HTML, makeApp, requireTool, runInChromium } from "./bundler-harness.mjs";

const ROW = "bundler-vite";
const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "../../pkg"));

const app = makeApp(ROW, pkgDir);
const dist = join(app, "dist");
writeFileSync(join(app, "index.html"), INDEX_HTML("/main.js"));
const buildChecks = [];
let wasmAsset;
let graph = [];
try {
  const vite = await import(pathToFileURL(requireTool.resolve("vite")).href);
  const warnings = [];
  const logger = vite.createLogger("warn");
  const warn = logger.warn;
  logger.warn = (message, options) => { warnings.push(message); warn(message, options); };
  const output = await vite.build({
    root: app,
    configFile: false,
    envFile: false,
    logLevel: "warn",
    customLogger: logger,
    build: { outDir: "dist", emptyOutDir: true },
    // Records the whole module graph (the chunks' moduleIds leave out index.js, which renders no code).
    plugins: [{ name: "record-module-graph", buildEnd() { graph = [...this.getModuleIds()]; } }],
  });
  if (warnings.length) throw new Error(`vite warned:\n${warnings.join("\n")}`);
  buildChecks.push([`vite ${vite.version} built the app (vite build)`, null]);

  const files = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  let conditionError = null;
  try {
    const pkgPrefix = join(app, "node_modules", "enmeshed-events") + sep;
    const ours = graph.filter((id) => id.startsWith(pkgPrefix)).map((id) => id.slice(pkgPrefix.length));
    if (!ours.includes("index.js")) throw new Error(`index.js is not in the bundle; package files bundled: ${ours.join(", ")}`);
    const nodeFiles = ours.filter((path) => /^node\.(mjs|cjs)$/.test(path));
    if (nodeFiles.length) throw new Error(`the bundle includes ${nodeFiles.join(", ")}`);
    // A node: import in a browser build becomes a "__vite-browser-external:node:fs" module.
    const nodeModules = graph.filter((id) => /(^|:)node:|__vite-browser-external/.test(id));
    if (nodeModules.length) throw new Error(`the module graph has ${nodeModules.join(", ")}`);
    for (const chunk of files.filter((f) => f.type === "chunk")) {
      const nodeImports = [...chunk.imports, ...chunk.dynamicImports].filter((path) => path.startsWith("node:"));
      if (nodeImports.length) throw new Error(`${chunk.fileName} imports ${nodeImports.join(", ")}`);
      const code = readFileSync(join(dist, chunk.fileName), "utf8");
      for (const needle of ["node:fs", "readFileSync"]) if (code.includes(needle)) throw new Error(`${chunk.fileName} contains ${needle}`);
    }
  } catch (error) {
    conditionError = error;
  }
  buildChecks.push(["the bundle took the browser condition (index.js), without node.mjs or node:fs", conditionError]);

  const wasmAssets = files.filter((f) => f.type === "asset" && f.fileName.endsWith(".wasm")).map((f) => f.fileName);
  const emitted = wasmAssets.length === 1 && /^assets\/enmeshed_events_bg-[\w-]+\.wasm$/.test(wasmAssets[0]);
  buildChecks.push(["vite emitted the .wasm as one hashed asset", emitted ? null : `expected assets/enmeshed_events_bg-HASH.wasm, found ${JSON.stringify(wasmAssets)}`]);
  if (emitted) wasmAsset = wasmAssets[0];
} catch (error) {
  // No build, nothing to open: report what passed so far and the failure.
  const ok = buildChecks.filter(([, e]) => !e);
  for (const [name, e] of buildChecks) console.log(e ? `  FAIL  ${ROW} | ${name}: ${e?.message ?? e}` : `  ok    ${ROW} | ${name}`);
  console.log(`  FAIL  ${ROW} | vite built the app: ${error?.stack ?? error}`);
  console.log(`${ROW}: ${ok.length} passed, ${buildChecks.length - ok.length + 1} failed`);
  process.exit(1);
}

const checks = [
  ["init() fetched the .wasm asset vite emitted", ({ wasm, origin }) => {
    const expected = wasmAsset && `${origin}/${wasmAsset}`;
    if (!expected || wasm.length !== 1 || wasm[0] !== expected) throw new Error(`expected the page to fetch ${expected}, it fetched ${JSON.stringify(wasm)}`);
  }],
];
process.exit(await runInChromium(ROW, dist, { checks, buildChecks }));
