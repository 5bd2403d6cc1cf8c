// Writes the benchmark corpus (bench/corpus.mjs) to files, for the native per-stage timing in
// examples/stage_speed.rs: <dir>/<class>/<nnn>-<form>-<event name>.json, each the delivery's
// body as UTF-8. Deterministic, like the corpus.
//   node bench/dump-corpus.mjs [dir]   (default target/bench-corpus)

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate, CLASSES } from "./corpus.mjs";

const dir = process.argv[2] ?? new URL("../target/bench-corpus", import.meta.url).pathname;
const COUNT = { S: 200, M: 60, L: 20 };
for (const cls of CLASSES) {
  const out = join(dir, cls.id);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const deliveries = generate({ cls, count: COUNT[cls.id], forms: ["webhook", "amqp"], asBytes: true, seed: 77 + cls.min });
  deliveries.forEach((d, i) => {
    const file = `${String(i).padStart(3, "0")}-${d.form}-${d.name}.json`;
    writeFileSync(join(out, file), d.delivery.body);
  });
  console.log(`${cls.id}: ${deliveries.length} deliveries in ${out}`);
}
