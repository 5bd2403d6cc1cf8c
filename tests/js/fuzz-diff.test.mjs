// The short, deterministic run of the differential fuzz (tests/js/fuzz-diff.mjs); the long one:
//   node tests/js/fuzz-diff.mjs --seconds 600 --seed 42
import { test } from "node:test";
import { run } from "./fuzz-diff.mjs";

test("differential fuzz against JSON.parse, and dispatch settling (seed 20261201, 10000 cases)", async (t) => {
  const result = await run({ seed: 20261201, cases: 10000 });
  t.diagnostic(JSON.stringify(result.counts));
});
