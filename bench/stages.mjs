// The per-byte stages of a dispatch inside the package's wasm, per size class, in GB/s of the
// bytes each reads (the native side of the same table is examples/stage_speed.rs). The wasm stages
// are differences of `parseDelivery` runs over the same corpus, so the per-event fixed cost
// (boundary, event object) cancels out:
//   copy, encodeInto, TextDecoder, JSON.parse   the JS steps, for scale
//   scan        AMQP string body of an unknown event (UTF-8 + syntax), minus a `{}` body and
//               minus encodeInto
//   validate    the same with the real event name (UTF-8 + syntax + shape tables)
//   locate      a webhook body of an unknown event minus its data as an AMQP body (the
//               envelope around the data: locating it, UTF-8 of the envelope)
//   node bench/stages.mjs [package entry]   (default pkg/node.mjs; build it first)

import { join } from "node:path";
import { loadavg } from "node:os";
import { generate, CLASSES } from "./corpus.mjs";

const entry = process.argv[2] ?? join(new URL("..", import.meta.url).pathname, "pkg/node.mjs");
const pkg = await import(entry);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const UNKNOWN = "bench.unknownEvent";
const gb = (bytes, seconds) => (seconds > 0 ? (bytes / seconds / 1e9).toFixed(2) : "-").padStart(8);
console.log(`load average ${loadavg()[0].toFixed(2)}; GB/s per stage in wasm (${entry}); µs per event in brackets`);
console.log("class  mean B    copy  encodeInto  TextDecoder  JSON.parse    scan  validate  locate");
for (const cls of CLASSES) {
  const count = { S: 200, M: 60, L: 12 }[cls.id];
  const made = generate({ cls, count, forms: ["webhook"], asBytes: false, seed: 77 + cls.min });
  const rows = made.map((d) => {
    const data = JSON.stringify(JSON.parse(d.delivery.body).data);
    const envelope = JSON.stringify({ data: JSON.parse(data), trigger: UNKNOWN });
    return { name: d.name, data, envelope, dataBytes: encoder.encode(data) };
  });
  const dataBytes = rows.reduce((s, r) => s + r.dataBytes.length, 0);
  const buffer = new Uint8Array(cls.max * 4);
  const amqp = (routingKey, body) => pkg.parseDelivery({ kind: "amqp", routingKey, body });
  // String bodies: the event's data is then the caller's own string (no TextDecoder), so what
  // is left after encodeInto and the `{}` dispatch is the wasm's per-byte work.
  const steps = {
    jsonParse: () => rows.forEach((r) => JSON.parse(r.data)),
    decode: () => rows.forEach((r) => decoder.decode(r.dataBytes)),
    copy: () => rows.forEach((r) => buffer.set(r.dataBytes, 0)),
    encodeInto: () => rows.forEach((r) => encoder.encodeInto(r.data, buffer)),
    empty: () => rows.forEach(() => amqp(UNKNOWN, "{}")),
    scan: () => rows.forEach((r) => amqp(UNKNOWN, r.data)),
    validate: () => rows.forEach((r) => amqp(r.name, r.data)),
    webhook: () => rows.forEach((r) => pkg.parseDelivery({ kind: "webhook", body: r.envelope })),
  };
  const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let rep = 0; rep < 40; rep++) {
    for (const [name, step] of Object.entries(steps)) {
      const t0 = process.hrtime.bigint();
      step();
      if (rep >= 5) times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  const t = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const perByte = (s) => s - t.empty - t.encodeInto;
  const cell = (seconds) => `${gb(dataBytes, seconds)} (${((seconds * 1e6) / rows.length).toFixed(1)})`;
  console.log(
    [cls.id.padStart(5), String(Math.round(dataBytes / rows.length)).padStart(6), cell(t.copy), cell(t.encodeInto), cell(t.decode), cell(t.jsonParse), cell(perByte(t.scan)), cell(perByte(t.validate)), cell(t.webhook - t.scan)].join("  "),
  );
}
