// bench/text-core.mjs in Node, Deno or Bun, on pkg/ (build it first):
//   node bench/text-runtimes.mjs | deno run -A bench/text-runtimes.mjs | bun bench/text-runtimes.mjs
import { readFileSync } from "node:fs";
import { generate, CLASSES } from "./corpus.mjs";
import { compareDecoders, decoderSets, formatRows } from "./text-core.mjs";

const pkgDir = new URL("../pkg/", import.meta.url);
const instance = await import(new URL("instance.js", pkgDir).href);
const { dataString, utf16String } = await import(new URL("text.js", pkgDir).href);
instance.initSync(readFileSync(new URL("wasm/enmeshed_events_bg.wasm", pkgDir)));
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
console.log(`${runtime} (ours = forced UTF-16 where the one-time check chose that path, = utf8 where not)`);
console.log(formatRows(compareDecoders({ ...instance, dataString, utf16String }, decoderSets(generate, CLASSES), () => performance.now())));
