// The Node entry (node.mjs) as CommonJS code and CommonJS bundlers meet it: its module graph
// must stay synchronous (no top-level await), or `require()` of the package's ESM subpaths
// (require(esm), Node 20.19+/22.12+) and CommonJS bundles of the entry fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pkgDir } from "./package.mjs";

// An app folder with the built package installed by name.
function app(files) {
  const dir = mkdtempSync(join(tmpdir(), "node-entry-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules", "enmeshed-events"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "private": true }');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("require() of the broker subpaths works where Node can require ESM (no top-level await in the Node entry)", { skip: !process.features.require_module && "this Node cannot require ESM" }, () => {
  const dir = app({
    "main.cjs": `
      const { parseDelivery } = require("enmeshed-events");
      const subpaths = ["consume", "amqp", "mqtt", "redis", "pubsub"].map((name) => Object.keys(require("enmeshed-events/" + name)).length > 0);
      const event = parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: "{}" });
      console.log(JSON.stringify({ subpaths, name: event.name }));
    `,
  });
  try {
    const out = execFileSync(process.execPath, ["main.cjs"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.deepEqual(JSON.parse(out), { subpaths: [true, true, true, true, true], name: "transport.messageReceived" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the Node entry has no top-level await: a CommonJS bundle of it (rollup) builds and runs", async (t) => {
  let rollup;
  try {
    ({ rollup } = await import(new URL("../../tools/node_modules/rollup/dist/es/rollup.js", import.meta.url).href));
  } catch {
    t.skip("rollup is not installed (npm ci --prefix tools)");
    return;
  }
  const bundle = await rollup({ input: join(pkgDir, "node.mjs"), logLevel: "silent" });
  try {
    // Beside the package's files, so `./wasm/…` resolves as it does for node.mjs itself.
    const file = join(pkgDir, `.rollup-${process.pid}.cjs`);
    await bundle.write({ file, format: "cjs" });
    try {
      const out = execFileSync(
        process.execPath,
        ["-e", `console.log(require(${JSON.stringify(file)}).parseDelivery({ kind: "amqp", routingKey: "runtime.modulesStarted", body: "{}" }).name)`],
        { encoding: "utf8" },
      );
      assert.equal(out.trim(), "runtime.modulesStarted");
    } finally {
      rmSync(file, { force: true });
    }
  } finally {
    await bundle.close();
  }
});
