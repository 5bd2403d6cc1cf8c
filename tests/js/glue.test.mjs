// The patched wasm-bindgen glue (scripts/patch-glue.mjs) as V8 sees it at instantiation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { pkgDir } from "./package.mjs";

/** Each imported function's parameter count, from the module's type and import sections. */
function importParameterCounts(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  const name = () => {
    const length = leb();
    at += length;
    return Buffer.from(bytes.subarray(at - length, at)).toString();
  };
  const types = [];
  const counts = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        at++; // 0x60, a function type
        const params = leb();
        at += params;
        const results = leb();
        at += results;
        types.push(params);
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name();
        const field = name();
        const kind = bytes[at++];
        if (kind === 0) counts.push({ module, field, params: types[leb()] });
        else if (kind === 1) (at++, bytes[at++] & 1 ? (leb(), leb()) : leb());
        else if (kind === 2) (bytes[at++] & 1 ? (leb(), leb()) : leb());
        else at += 2;
      }
    }
    at = end;
  }
  return counts;
}

test("every imported function declares the parameters wasm passes (no arity-adapting wrappers)", async () => {
  const bytes = readFileSync(`${pkgDir}/wasm/enmeshed_events_bg.wasm`);
  // A private instance of the glue; its imports object is caught on the way into wasm.
  const glue = await import(`${pathToFileURL(`${pkgDir}/wasm/enmeshed_events.js`).href}?arity`);
  const Instance = WebAssembly.Instance;
  let imports;
  WebAssembly.Instance = function (module, given) {
    imports = given;
    return new Instance(module, given);
  };
  try {
    glue.initSync({ module: bytes });
  } finally {
    WebAssembly.Instance = Instance;
  }
  const counts = importParameterCounts(bytes);
  assert.ok(counts.length > 50, `read ${counts.length} function imports`);
  const mismatched = counts
    .filter(({ module, field, params }) => imports[module][field].length !== params)
    .map(({ module, field, params }) => `${field}: wasm passes ${params}, JS declares ${imports[module][field].length}`);
  assert.deepEqual(mismatched, []);
});
