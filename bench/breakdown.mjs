// Where one dispatch of ours spends its time, per size class (µs per event, medians of
// interleaved repetitions over the same corpus as bench.mjs). Called by bench.mjs; the
// numbers go into BENCHMARKS.md ("boundary").
//
//   JSON.parse                     the floor's only real work (string body)
//   TextDecoder.decode             what a byte body adds to the floor
//   encodeInto (reused buffer)     a UTF-8 copy into a preallocated buffer: the cheapest way in
//   ours dispatch, unhandled       copy + name + UTF-8 check + event object + report + promise
//                                  (for bytes the copy is a memcpy: the rest is the UTF-8 check)
//   ours parseDelivery             copy + locate + full validation + event object (no JSON.parse)
//   ours dispatch, handled         the "all handled" work: + routing + 1 handler reading data

import { generate, CLASSES } from "./corpus.mjs";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function breakdown(pkg, { quick = false } = {}) {
  const rows = [];
  for (const cls of CLASSES) {
    const count = { S: 400, M: 120, L: 20 }[cls.id];
    const deliveries = generate({ cls, count, forms: ["amqp"], asBytes: false, seed: 77 + cls.min });
    const byteDeliveries = deliveries.map((d) => ({ ...d.delivery, body: encoder.encode(d.delivery.body) }));
    const strings = deliveries.map((d) => d.delivery);
    const bytes = deliveries.reduce((s, d) => s + d.bytes, 0);
    const buffer = new Uint8Array(cls.max * 3 + 1024);
    const unhandled = new pkg.EventRouter();
    unhandled.on("nobody.listens", () => {});
    const handled = new pkg.EventRouter();
    handled.on("**", (event) => event.data);

    const steps = {
      "JSON.parse (string)": () => {
        for (const d of strings) JSON.parse(d.body);
      },
      "TextDecoder.decode (bytes)": () => {
        for (const d of byteDeliveries) decoder.decode(d.body);
      },
      "encodeInto, reused buffer": () => {
        for (const d of strings) encoder.encodeInto(d.body, buffer);
      },
      "ours dispatch, unhandled (string)": async () => {
        for (const d of strings) await unhandled.dispatch(d);
      },
      "ours dispatch, unhandled (bytes)": async () => {
        for (const d of byteDeliveries) await unhandled.dispatch(d);
      },
      "ours parseDelivery, validated (string)": () => {
        for (const d of strings) pkg.parseDelivery(d);
      },
      "ours parseDelivery, validated (bytes)": () => {
        for (const d of byteDeliveries) pkg.parseDelivery(d);
      },
      "ours dispatch, handled (string)": async () => {
        for (const d of strings) await handled.dispatch(d);
      },
    };
    const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
    const reps = quick ? 5 : 25;
    for (let rep = 0; rep < reps + 2; rep++) {
      for (const [name, step] of Object.entries(steps)) {
        const t0 = process.hrtime.bigint();
        await step();
        const ns = Number(process.hrtime.bigint() - t0);
        if (rep >= 2) times[name].push(ns / deliveries.length / 1000);
      }
    }
    const row = { class: cls.id, meanBytes: Math.round(bytes / deliveries.length), us: {} };
    for (const name of Object.keys(steps)) row.us[name] = median(times[name]);
    rows.push(row);
  }
  return rows;
}
