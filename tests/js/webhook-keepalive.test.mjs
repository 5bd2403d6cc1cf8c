// Issue 8, item 18: a refused request must not cost the next delivery its connection. The
// Connector sends each delivery once (axios, keep-alive agent, no retry): a follow-up delivery
// that meets a reset socket is lost. This sends refused requests (wrong key, wrong content type,
// 405, 413 by content-length and by stream, 400) each followed by a good delivery on the same
// agent, to the Worker example under miniflare and to the Node server example, and counts the
// follow-ups lost: it must be 0.
//
// Needs the built package, `npm ci --prefix tools` (miniflare) and
// `npm ci --prefix tests/js/webhook-keepalive` (axios, as the Connector uses it); skips without.
// ROUNDS=n changes the number of refused/good pairs per target (default 240).

import { test } from "node:test";
import assert from "node:assert/strict";
import { available, run, startMiniflare, startNodeServer } from "./webhook-keepalive/repro.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 240);
const skip = available() ? false : "needs npm ci --prefix tools and --prefix tests/js/webhook-keepalive";

const EXPECTED = { "wrong key": 401, "wrong content type": 415, method: 405, "413 by content-length": 413, "413 by stream": 413, 400: 400 };

for (const [target, start] of [["miniflare", startMiniflare], ["node-server", startNodeServer]]) {
  test(`${target}: no delivery after a refused one is lost`, { skip, timeout: 300_000 }, async () => {
    const server = await start();
    let result;
    try {
      result = await run(server.url, ROUNDS);
    } finally {
      await server.stop();
    }
    assert.deepEqual(result.lostDetails, [], JSON.stringify(result));
    assert.equal(result.total, 0);
    // Every refused request got its refusal.
    for (const [kind, outcomes] of Object.entries(result.refused)) {
      assert.deepEqual(Object.keys(outcomes), [String(EXPECTED[kind])], `${kind}: ${JSON.stringify(outcomes)}`);
    }
  });
}
