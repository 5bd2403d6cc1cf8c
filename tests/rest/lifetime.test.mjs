// The REST client across instance replacement, redirects and answer size (the review of issue
// 11): every scenario runs in its own process (tests/rest/lifetime-scenarios.mjs), since the
// bugs these guard against ended the process. Trap scenarios need the trap-hook build
// (TRAP_HOOK=1 PKG_DIR=target/pkg-trap scripts/build.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pkgDir } from "../js/package.mjs";

const trapDir = resolve(process.env.TRAP_PKG_DIR ?? new URL("../../target/pkg-trap", import.meta.url).pathname);
if (!existsSync(`${trapDir}/node.mjs`)) {
  throw new Error(`no trap-hook build at ${trapDir}: run TRAP_HOOK=1 PKG_DIR=target/pkg-trap bash scripts/build.sh`);
}
const script = new URL("./lifetime-scenarios.mjs", import.meta.url).pathname;

function run(scenario, dir = pkgDir) {
  const started = performance.now();
  return new Promise((done) => {
    execFile(process.execPath, [script, scenario, dir], { timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      // Nothing left behind keeps the process alive (a dead future's 30 s timeout did).
      const exitedAfterMs = performance.now() - started;
      assert.equal(error?.code ?? 0, 0, `${scenario} exited with ${error?.code ?? error?.signal}: ${stderr}`);
      const findings = JSON.parse(stdout.trim().split("\n").at(-1));
      assert.deepEqual(findings.problems, [], "no unhandled rejection or uncaught exception");
      done({ ...findings, exitedAfterMs });
    });
  });
}

test("a 20 MB answer, then a sync call right after the await: the process stays up, and memory is given back once the call is over", async () => {
  const found = await run("bigAnswerThenSyncCall");
  assert.equal(found.length, 20 * 1048576);
  assert.equal(found.parsed, "transport.messageReceived");
  assert.equal(found.afterwardsOk, true);
  assert.ok(found.compactions >= 1, `compacted (${found.compactions})`);
  assert.ok(found.memoryBytes < 16 * 1048576, `memory back under 16 MB (${found.memoryBytes})`);
});

test("a trap a few promise steps after a retry sleep resolved: the call rejects with internal, nothing escapes, the client works again", async () => {
  const found = await run("trapAfterRetrySleep", trapDir);
  for (const depth of [0, 1, 2, 3]) {
    assert.deepEqual(found.results.filter((r) => r.depth === depth), [
      { depth, trap: "internal", call: "internal" },
      { depth, next: "resolved" },
    ]);
  }
  assert.equal(found.traps, 4);
});

test("a panic inside the REST future (polled outside any guarded call) replaces the instance and settles every pending call", async () => {
  const found = await run("panicInsideTheFuture", trapDir);
  assert.equal(found.trapping.name, "ConnectorError");
  assert.equal(found.trapping.code, "internal");
  assert.equal(found.other.code, "internal", "the call waiting meanwhile rejects too");
  assert.equal(found.next, true, "the next call works on the new instance");
  assert.equal(found.traps, 1);
  assert.ok(found.exitedAfterMs < 10_000, `the process exits without waiting out the dead call's 30 s timeout (${Math.round(found.exitedAfterMs)} ms)`);
});

test("a client whose constructor compacted the instance works (no stale object from the old instance)", async () => {
  const found = await run("constructorCompacts");
  assert.equal(found.compacted, 1);
  assert.equal(found.first.name, "ConnectorError", JSON.stringify(found.first));
  assert.equal(found.first.status, 431, "the server's answer to the huge key, so the request was sent");
});

test("a redirect is refused (invalid_response, not retried), never followed: the key stays home and a write stays a write", async () => {
  const found = await run("redirect");
  for (const call of [found.send, found.list, found.bearer]) {
    assert.equal(call.code, "invalid_response", JSON.stringify(call));
    assert.equal(call.status, 302);
    assert.equal(call.attempts, 1);
    assert.match(call.message, /redirect/);
  }
  assert.equal(found.otherOriginSaw, 0);
  assert.equal(found.redirectorSaw, 3);
});

test("an answer over maxResponseBytes fails with too_large, declared or chunked, and is not retried", async () => {
  const found = await run("tooLarge");
  for (const call of [found.declared, found.chunked]) {
    assert.equal(call.code, "too_large", JSON.stringify(call));
    assert.equal(call.attempts, 1);
    assert.match(call.message, /maxResponseBytes \(1048576 bytes\)/);
  }
  assert.equal(found.fits, 2 * 1048576);
  assert.equal(found.requests, 3);
});
