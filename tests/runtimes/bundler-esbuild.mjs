// Shim for a browser app bundled with esbuild (tools/node_modules/esbuild, pinned in tools/):
// `node bundler-esbuild.mjs PKG_DIR`. Bundles bundler-app.mjs as a user's main.js that imports
// "enmeshed-events" from node_modules, with the options of
//   esbuild main.js --bundle --format=esm --platform=browser --outdir=dist
// then serves dist/ on 127.0.0.1 and runs it in headless Chromium (bundler-harness.mjs).
//
// How the .wasm gets there: esbuild leaves `new URL("enmeshed_events_bg.wasm", import.meta.url)` in
// the wasm glue as it is (it rewrites no asset URLs), and with --format=esm `import.meta.url` is the
// URL of the bundle, dist/main.js. So, as a user of esbuild does, the build copies the package's
// wasm/enmeshed_events_bg.wasm next to the bundle (dist/enmeshed_events_bg.wasm), and
// `await init()` with no argument fetches it from there. The shim checks that this is the .wasm
// the page fetched, and that the bundle took the `browser` condition (index.js), not node.mjs / node:fs.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { INDEX_HTML, makeApp, requireTool, runInChromium } from "./bundler-harness.mjs";

const ROW = "bundler-esbuild";
const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "../../pkg"));

const app = makeApp(ROW, pkgDir);
const dist = join(app, "dist");
const buildChecks = [];
try {
  const esbuild = requireTool("esbuild");
  const result = await esbuild.build({
    absWorkingDir: app,
    entryPoints: ["main.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    outdir: "dist",
    metafile: true,
    logLevel: "silent",
  });
  if (result.warnings.length) {
    const text = await esbuild.formatMessages(result.warnings, { kind: "warning" });
    throw new Error(`esbuild warned:\n${text.join("")}`);
  }
  buildChecks.push([`esbuild ${esbuild.version} bundled main.js with --bundle --format=esm --platform=browser`, null]);

  // The `browser` condition was picked: index.js is in, node.mjs / node.cjs / node:* are not.
  let conditionError = null;
  try {
    const inputs = Object.keys(result.metafile.inputs);
    const ours = inputs.filter((path) => path.startsWith("node_modules/enmeshed-events/")).map((path) => path.slice("node_modules/enmeshed-events/".length));
    if (!ours.includes("index.js")) throw new Error(`index.js is not in the bundle; package files bundled: ${ours.join(", ")}`);
    const nodeFiles = ours.filter((path) => /^node\.(mjs|cjs)$/.test(path));
    if (nodeFiles.length) throw new Error(`the bundle includes ${nodeFiles.join(", ")}`);
    const nodeImports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)).filter((path) => path.startsWith("node:"));
    if (nodeImports.length) throw new Error(`the bundle imports ${[...new Set(nodeImports)].join(", ")}`);
    const bundle = readFileSync(join(dist, "main.js"), "utf8");
    for (const needle of ["node:fs", "readFileSync"]) if (bundle.includes(needle)) throw new Error(`dist/main.js contains ${needle}`);
    if (!bundle.includes("import.meta.url")) throw new Error("dist/main.js lost import.meta.url (the wasm glue's URL of the .wasm)");
  } catch (error) {
    conditionError = error;
  }
  buildChecks.push(["the bundle took the browser condition (index.js), without node.mjs or node:fs", conditionError]);

  // What a user of esbuild does: ship the .wasm next to the bundle, where import.meta.url points.
  copyFileSync(join(app, "node_modules/enmeshed-events/wasm/enmeshed_events_bg.wasm"), join(dist, "enmeshed_events_bg.wasm"));
  writeFileSync(join(dist, "index.html"), INDEX_HTML("./main.js"));
} catch (error) {
  // No bundle, nothing to open: report what passed so far and the failure.
  const ok = buildChecks.filter(([, e]) => !e);
  for (const [name, e] of buildChecks) console.log(e ? `  FAIL  ${ROW} | ${name}: ${e?.message ?? e}` : `  ok    ${ROW} | ${name}`);
  console.log(`  FAIL  ${ROW} | esbuild bundled the app: ${error?.stack ?? error}`);
  console.log(`${ROW}: ${ok.length} passed, ${buildChecks.length - ok.length + 1} failed`);
  process.exit(1);
}

const checks = [
  ["init() fetched dist/enmeshed_events_bg.wasm, next to the bundle", ({ wasm, origin }) => {
    const expected = `${origin}/enmeshed_events_bg.wasm`;
    if (wasm.length !== 1 || wasm[0] !== expected) throw new Error(`expected the page to fetch ${expected}, it fetched ${JSON.stringify(wasm)}`);
  }],
];
process.exit(await runInChromium(ROW, dist, { checks, buildChecks }));
