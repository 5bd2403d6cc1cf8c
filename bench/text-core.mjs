// The measurement of bench/text-runtimes.mjs, runtime-neutral (no Node APIs): today's UTF-8
// decode of data in the input buffer against js/text.js's dataString, interleaved, per class.
// `pkg` is { raw, wasmMemory, guarded, dataString, utf16String }; `now()` a millisecond clock.
// `forced` is the UTF-16 path whatever the runtime's one-time check chose (UTF-8 for ASCII).

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `sets` is [{ label, strings }]; returns rows { label, bytes, utf8, ours } in µs per text. */
export function compareDecoders(pkg, sets, now) {
  const { raw, wasmMemory, guarded, dataString, utf16String } = pkg;
  return sets.map(({ label, strings }) =>
    guarded(() => {
      const bytes = strings.map((s) => encoder.encode(s));
      const total = bytes.reduce((n, b) => n + b.length + 1, 0);
      const ptr = raw.inputBuffer(total);
      let at = 0;
      const items = bytes.map((b) => {
        new Uint8Array(wasmMemory().buffer, ptr, total).set(b, at);
        const item = { address: ptr + at, length: b.length };
        at += b.length + 1;
        return item;
      });
      for (const i of items) {
        if (dataString(i.address, i.length) !== utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length))) throw new Error(`${label}: the paths differ`);
      }
      const steps = {
        utf8: () => { for (const i of items) utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length)); },
        ours: () => { for (const i of items) dataString(i.address, i.length); },
        forced: () => { for (const i of items) utf16String(i.address, i.length) ?? utf8.decode(new Uint8Array(wasmMemory().buffer, i.address, i.length)); },
      };
      const mean = total / items.length;
      const reps = Math.max(2, Math.round(2e5 / total));
      const times = { utf8: [], ours: [], forced: [] };
      for (let round = 0; round < 25; round++) {
        for (const [name, step] of Object.entries(steps)) {
          const t0 = now();
          for (let r = 0; r < reps; r++) step();
          if (round >= 5) times[name].push(((now() - t0) * 1000) / (reps * items.length));
        }
      }
      return { label, bytes: Math.round(mean), utf8: median(times.utf8), ours: median(times.ours), forced: median(times.forced) };
    }),
  );
}

/** The sets: each class's AMQP bodies, non-ASCII as generated and with it all \u-escaped. */
export function decoderSets(generate, CLASSES) {
  const escapeAll = (s) => s.replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  return CLASSES.flatMap((cls) => {
    const count = { S: 100, M: 30, L: 6 }[cls.id];
    const bodies = generate({ cls, count, forms: ["amqp"], asBytes: false, seed: 5 }).map((d) => d.delivery.body);
    return [
      { label: `${cls.id} non-ASCII`, strings: bodies },
      { label: `${cls.id} ascii`, strings: bodies.map(escapeAll) },
    ];
  });
}

export function formatRows(rows) {
  return rows
    .map((r) => `${r.label.padEnd(12)} ${String(r.bytes).padStart(7)} B  utf8 ${r.utf8.toFixed(2).padStart(8)} µs  ours ${r.ours.toFixed(2).padStart(8)} µs  ${(r.utf8 / r.ours).toFixed(2)}x  forced UTF-16 ${r.forced.toFixed(2).padStart(8)} µs  ${(r.utf8 / r.forced).toFixed(2)}x`)
    .join("\n");
}
