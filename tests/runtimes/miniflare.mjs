// Shim for miniflare (its own workerd build): `node miniflare.mjs DIR`, where DIR was written by
// workerd-config.sh. Loads the same modules through miniflare's API and fetches the scenarios.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.argv[2]);
const { Miniflare } = createRequire(join(here, "../../tools/package.json"))("miniflare");

// The module list of the generated config.capnp: (name = "...", esModule|wasm = embed "...").
const config = readFileSync(join(dir, "config.capnp"), "utf8");
const modules = [...config.matchAll(/\(name = "([^"]+)", (esModule|wasm) = embed "([^"]+)"\)/g)].map(([, name, kind, file]) => ({
  type: kind === "wasm" ? "CompiledWasm" : "ESModule",
  path: join(dir, name),
  contents: readFileSync(join(dir, file)),
}));

let failed = 1;
let mf;
try {
  mf = new Miniflare({ modules, compatibilityDate: "2025-01-01", modulesRoot: dir });
  const response = await mf.dispatchFetch("http://127.0.0.1/?runtime=miniflare");
  const result = await response.json();
  for (const line of result.lines) console.log(line);
  failed = result.failed;
} catch (error) {
  console.log(`  FAIL  miniflare | ${error?.stack ?? error}`);
  console.log("miniflare: 0 passed, 1 failed");
} finally {
  await mf?.dispose();
}
process.exit(failed === 0 ? 0 : 1);
