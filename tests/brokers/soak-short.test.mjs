// A short run of the AMQP fault-injection soak (scripts/soak-brokers.mjs): 4,000 events into
// three consumer processes, 5 % transient handler failures, 0.1 % poison, the broker closing
// every connection three times, one consumer SIGKILLed and restarted; every side effect once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { AMQP_URL, REDIS_URL } from "./amqp-helpers.mjs";

const skip = AMQP_URL && REDIS_URL && process.env.BROKER_DIR ? false : "AMQP_URL, REDIS_URL or BROKER_DIR is not set: run bash scripts/test-brokers.sh";
if (skip) console.log(`# amqp soak skipped: ${skip}`);

test("soak: faults injected, every event's side effect recorded exactly once, every poison message dead-lettered", { skip, timeout: 240_000 }, async () => {
  const script = new URL("../../scripts/soak-brokers.mjs", import.meta.url).pathname;
  const args = [script, "--events", "4000", "--concurrency", "2", "--handler-ms", "10", "--timeout-s", "180", "--json"];
  const output = await new Promise((resolve, reject) =>
    execFile(process.execPath, args, { timeout: 230_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      error && !stdout ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
  const result = JSON.parse(output.trim().split("\n").at(-1));
  console.log(`# soak-short: ${JSON.stringify(result)}`);
  assert.equal(result.missing, 0, "no event lost");
  assert.equal(result.twice, 0, "no side effect twice");
  assert.equal(result.effects, 3996);
  assert.equal(result.poisonLetters, 4);
  assert.equal(result.otherLetters, 0);
  assert.equal(result.leftInQueue, 0);
  assert.deepEqual(result.faults.map((f) => f.fault), ["close_all_connections", "close_all_connections", "SIGKILL consumer 0", "close_all_connections"]);
  assert.ok(result.faults.every((f) => f.atProgress < 1), `every fault hit mid-stream: ${JSON.stringify(result.faults)}`);
  assert.ok(result.consumerErrors.transport >= 3, "the consumers saw their connections go");
  assert.equal(result.ok, true);
});
