// Data text out of wasm memory, today's UTF-8 decode against the UTF-16 path (js/text.js),
// per size class and on short cuts of the text, all interleaved in one run:
//   utf8       TextDecoder().decode of the bytes in the input buffer (the old dataText)
//   dataString js/text.js: transcode in wasm + TextDecoder("utf-16le"), UTF-8 for ASCII
//   (+parse)   the same followed by JSON.parse (a one-byte string parses faster)
// `ascii` rows are the same JSON with every non-ASCII character \u-escaped.
//   node bench/text.mjs          (build pkg/ first)

import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { generate, CLASSES } from "./corpus.mjs";

const pkgDir = new URL("../pkg/", import.meta.url);
const instance = await import(new URL("instance.js", pkgDir));
const text = await import(new URL("text.js", pkgDir));
instance.initSync(readFileSync(new URL("wasm/enmeshed_events_bg.wasm", pkgDir)));
const { raw, wasmMemory, guarded } = instance;
const encoder = new TextEncoder();
const utf8 = new TextDecoder();

const escapeAll = (s) => s.replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
// The longest prefix of at most `bytes` UTF-8 bytes that ends on a character.
function cut(s, bytes) {
  const b = encoder.encode(s).subarray(0, bytes);
  return utf8.decode(b).replace(/\ufffd$/, "");
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Bodies written one after another (at odd offsets too) into the input buffer. */
function place(strings) {
  const bytes = strings.map((s) => encoder.encode(s));
  const total = bytes.reduce((n, b) => n + b.length + 1, 0);
  const ptr = raw.inputBuffer(total);
  const view = new Uint8Array(wasmMemory().buffer, ptr, total);
  let at = 0;
  return bytes.map((b) => {
    view.set(b, at);
    const item = { address: ptr + at, length: b.length };
    at += b.length + 1;
    return item;
  });
}

const sets = [];
for (const cls of CLASSES) {
  const count = { S: 200, M: 60, L: 12 }[cls.id];
  const bodies = generate({ cls, count, forms: ["amqp"], asBytes: false, seed: 5 }).map((d) => d.delivery.body);
  sets.push({ label: `${cls.id} non-ASCII`, strings: bodies });
  sets.push({ label: `${cls.id} ascii`, strings: bodies.map(escapeAll) });
  if (cls.id === "M") {
    for (const n of [16, 32, 64, 128, 256, 512]) sets.push({ label: `${n} B cut`, strings: bodies.map((b) => cut(b.slice(200), n)), noParse: true });
  }
}

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; µs per text (median of 25 rounds), node ${process.version}`);
console.log("set               mean B     utf8  dataString   ratio   utf8+parse  ours+parse");
for (const set of sets) {
  const items = guarded(() => place(set.strings));
  const mean = items.reduce((n, i) => n + i.length, 0) / items.length;
  // Same strings through both paths.
  for (const i of items) {
    const a = utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length));
    const b = guarded(() => text.dataString(i.address, i.length));
    if (a !== b) throw new Error(`${set.label}: the paths differ`);
  }
  const steps = {
    utf8: () => { for (const i of items) utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length)); },
    ours: () => { for (const i of items) text.dataString(i.address, i.length); },
    utf8Parse: () => { for (const i of items) JSON.parse(utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length))); },
    oursParse: () => { for (const i of items) JSON.parse(text.dataString(i.address, i.length)); },
  };
  if (set.noParse) { delete steps.utf8Parse; delete steps.oursParse; }
  const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  const reps = Math.max(30, Math.min(400, Math.round(3e6 / (mean * items.length))));
  for (let round = 0; round < 30; round++) {
    for (const [name, step] of Object.entries(steps)) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps / 10; r++) step();
      if (round >= 5) times[name].push(Number(process.hrtime.bigint() - t0) / 1e3 / (Math.ceil(reps / 10) * items.length));
    }
  }
  const us = (k) => (times[k] ? median(times[k]).toFixed(2) : "-").padStart(10);
  console.log(`${set.label.padEnd(16)} ${mean.toFixed(0).padStart(7)} ${us("utf8")} ${us("ours")} ${(median(times.utf8) / median(times.ours)).toFixed(2).padStart(7)}x ${us("utf8Parse")} ${us("oursParse")}`);
}
