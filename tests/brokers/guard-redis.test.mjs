// RedisGuardStore against a real Redis: SET NX PX leases, "done" records, owner-only release,
// and the completion command committed in the handler's own MULTI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { consumeModule, REDIS_URL } from "./amqp-helpers.mjs";

const { RedisGuardStore } = consumeModule;
const skip = REDIS_URL ? false : "REDIS_URL is not set: run bash scripts/test-brokers.sh (it starts Redis)";
if (skip) console.log(`# redis guard tests skipped: ${skip}`);

async function client(t) {
  const { createClient } = await import("redis");
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  t.after(() => redis.quit().catch(() => {}));
  return redis;
}

test("claim, busy, done, lease expiry and release", { skip }, async (t) => {
  const redis = await client(t);
  const prefix = `test:guard:${process.pid}:${Date.now()}:`;
  const a = new RedisGuardStore(redis, { prefix });
  const b = new RedisGuardStore(redis, { prefix });
  assert.equal(await a.claim("e1", 200), "claimed");
  assert.equal(await b.claim("e1", 200), "busy");
  assert.match(await redis.get(`${prefix}e1`), /^busy:/);
  const pttl = await redis.pTTL(`${prefix}e1`);
  assert.ok(pttl > 0 && pttl <= 200, `the lease has its TTL (${pttl} ms)`);
  await b.release("e1"); // b does not own the lease: nothing happens
  assert.equal(await b.claim("e1", 200), "busy");
  await a.release("e1");
  assert.equal(await b.claim("e1", 200), "claimed");
  await b.complete("e1", 60_000);
  assert.equal(await redis.get(`${prefix}e1`), "done");
  assert.equal(await a.claim("e1", 200), "done");
  assert.equal(await a.claim("e2", 50), "claimed");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(await b.claim("e2", 50), "claimed", "an expired lease (a consumer that died) can be claimed");
});

test("completionCommand commits the done record with the handler's side effect in one MULTI", { skip }, async (t) => {
  const redis = await client(t);
  const prefix = `test:guard:${process.pid}:${Date.now()}:`;
  const guard = new RedisGuardStore(redis, { prefix });
  assert.equal(await guard.claim("e3", 5000), "claimed");
  const effects = `${prefix}effects`;
  const replies = await redis.multi().hIncrBy(effects, "e3", 1).addCommand(guard.completionCommand("e3", 60_000)).exec();
  assert.deepEqual(replies, [1, "OK"]);
  assert.equal(await redis.get(`${prefix}e3`), "done");
  assert.equal(await guard.claim("e3", 5000), "done");
  assert.throws(() => guard.completionCommand("e3", 0), /ttlMs must be a positive finite number, found 0/);
});
