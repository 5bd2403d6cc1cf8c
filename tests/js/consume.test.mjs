// consume.js with a fake transport (no broker): ack after success, retry with backoff, dead
// letters, poison, concurrency, the guard, ordering, graceful shutdown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { consumeModule, makeRouter, fakeTransport, amqpDelivery, gate, tick } from "./consume-helpers.mjs";

const { consume, MemoryGuardStore, KvGuardStore, backoffDelay, isPoison, ConsumerClosedError } = consumeModule;

const mail = (id) => ({
  id, isOwn: false, content: { "@type": "ArbitraryMessageContent", value: { n: id } },
  createdBy: "did:e:a:dids:2", createdByDevice: "DVCexample0000000002",
  recipients: [{ address: "did:e:a:dids:1", relationshipId: "RELexample0000000001" }],
  createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
});
const received = (id) => amqpDelivery("transport.messageReceived", mail(id));
// No jitter and deterministic: backoff doubles exactly.
const steady = { random: () => 1 };

test("acks only after every matched handler succeeded", async () => {
  const router = makeRouter();
  const slow = gate();
  const ran = [];
  router.on("transport.messageReceived", async (event) => {
    await slow.opened;
    ran.push(`a:${event.data.id}`);
  });
  router.on("transport.*", (event) => ran.push(`b:${event.data.id}`));
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  const { outcome } = transport.deliver(received("MSG1"));
  let settled = false;
  outcome.then(() => (settled = true));
  await tick();
  await tick();
  assert.equal(settled, false, "no ack while a handler is still running");
  slow.open();
  assert.deepEqual(await outcome, { action: "ack", args: [] });
  assert.deepEqual(ran.sort(), ["a:MSG1", "b:MSG1"]);
  assert.deepEqual(consumer.stats(), { received: 1, acked: 1, retried: 0, deadLettered: 0, duplicates: 0, inFlight: 0 });
  await consumer.close();
  assert.deepEqual(transport.calls, ["start", "stopTaking", "close"]);
});

test("a failing handler is retried with exponential backoff, then acked", async () => {
  const router = makeRouter();
  let calls = 0;
  router.on("transport.messageReceived", () => {
    calls++;
    if (calls < 3) throw new Error(`boom ${calls}`);
  });
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady, retry: { baseDelayMs: 100 } });
  await consumer.ready;
  const history = await transport.deliverUntilSettled(received("MSG2"));
  assert.deepEqual(history.map((h) => h.action), ["retry", "retry", "ack"]);
  assert.deepEqual(history.slice(0, 2).map((h) => h.args[0]), [100, 200]);
  assert.equal(history[0].args[1].name, "HandlerError");
  assert.match(history[0].args[1].message, /boom 1/);
  assert.equal(history[0].args[2].sameAttempt, false);
  assert.equal(consumer.stats().retried, 2);
  await consumer.close();
});

test("after maxAttempts the message is dead-lettered with the error", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {
    throw new Error("always");
  });
  const transport = fakeTransport();
  const dead = [];
  const consumer = consume(router, transport, { clock: steady, retry: { maxAttempts: 3 }, onDeadLetter: (info) => dead.push(info) });
  await consumer.ready;
  const history = await transport.deliverUntilSettled(received("MSG3"));
  assert.deepEqual(history.map((h) => h.action), ["retry", "retry", "deadLetter"]);
  const error = history[2].args[0];
  assert.equal(error.name, "HandlerError");
  assert.equal(error.code, "handler_failed");
  assert.match(error.message, /always/);
  assert.equal(dead.length, 1);
  assert.equal(dead[0].attempt, 3);
  assert.equal(dead[0].event.name, "transport.messageReceived");
  assert.equal(consumer.stats().deadLettered, 1);
  await consumer.close();
});

test("a poison message goes to the dead letters at once, without running or retrying", async () => {
  const router = makeRouter();
  let ran = 0;
  router.onAny(() => ran++);
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  const { outcome } = transport.deliver({ kind: "amqp", routingKey: "transport.messageReceived", body: new TextEncoder().encode("{not json") });
  const result = await outcome;
  assert.equal(result.action, "deadLetter");
  assert.equal(result.args[0].name, "EventParseError");
  assert.equal(isPoison(result.args[0]), true);
  assert.equal(ran, 0);
  assert.deepEqual(consumer.stats(), { received: 1, acked: 0, retried: 0, deadLettered: 1, duplicates: 0, inFlight: 0 });
  await consumer.close();
});

test("backoffDelay: doubles, caps, and jitters within the upper half", () => {
  const retry = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000, jitter: false };
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, retry)), [200, 400, 800, 1000, 1000]);
  const jittered = { ...retry, jitter: true };
  assert.equal(backoffDelay(3, jittered, () => 0), 400);
  assert.equal(backoffDelay(3, jittered, () => 0.999999), 800);
});

test("no more handlers run at once than the concurrency limit", async () => {
  const router = makeRouter();
  let running = 0;
  let most = 0;
  const release = gate();
  router.on("transport.messageReceived", async () => {
    running++;
    most = Math.max(most, running);
    await release.opened;
    running--;
  });
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady, concurrency: 3 });
  await consumer.ready;
  const outcomes = Array.from({ length: 10 }, (_, i) => transport.deliver(received(`MSGc${i}`)).outcome);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(running, 3);
  assert.equal(consumer.stats().inFlight, 10);
  release.open();
  const results = await Promise.all(outcomes);
  assert.ok(results.every((r) => r.action === "ack"));
  assert.equal(most, 3);
  await consumer.close();
});

test("a redelivered event is acked as a duplicate without running again", async () => {
  const router = makeRouter();
  let ran = 0;
  router.on("transport.messageReceived", () => ran++);
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  assert.equal((await transport.deliver(received("MSGd")).outcome).action, "ack");
  assert.equal((await transport.deliver(received("MSGd"), { redelivered: true }).outcome).action, "ack");
  assert.equal(ran, 1);
  assert.equal(consumer.stats().duplicates, 1);
  await consumer.close();
});

test("an event another consumer holds is retried without using up an attempt", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  const guard = new MemoryGuardStore();
  const event = router.parse(received("MSGb"));
  assert.equal(await guard.claim(event.key, 60_000), "claimed");
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady, guard, guardLeaseMs: 4000 });
  await consumer.ready;
  const result = await transport.deliver(received("MSGb"), { attempt: 5 }).outcome;
  assert.equal(result.action, "retry", "busy is not a failure: even at the last attempt it is not dead-lettered");
  assert.equal(result.args[1].code, "guard_busy");
  assert.equal(result.args[2].sameAttempt, true);
  assert.equal(result.args[0], 1000, "busy waits a quarter of the lease");
  await consumer.close();
});

test("a failed handler releases its claim, so the retry runs it", async () => {
  const router = makeRouter();
  let calls = 0;
  router.on("transport.messageReceived", () => {
    if (++calls === 1) throw new Error("once");
  });
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  const history = await transport.deliverUntilSettled(received("MSGr"));
  assert.deepEqual(history.map((h) => h.action), ["retry", "ack"]);
  assert.equal(calls, 2);
  await consumer.close();
});

test("an event nobody handles is acked and leaves no guard record", async () => {
  const router = makeRouter();
  router.on("consumption.*", () => {});
  const guard = new MemoryGuardStore();
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady, guard });
  await consumer.ready;
  assert.equal((await transport.deliver(received("MSGu")).outcome).action, "ack");
  assert.equal(guard.size, 0);
  await consumer.close();
});

test("ordered: one key in arrival order, other keys concurrently, a failure retried in place", async () => {
  const router = makeRouter();
  const log = [];
  const slowFirst = gate();
  let failOnce = true;
  router.on("transport.messageReceived", async (event) => {
    const { n, key } = event.data.content.value;
    log.push(`start ${key}${n}`);
    if (key === "A" && n === 1) await slowFirst.opened;
    if (key === "A" && n === 2 && failOnce) {
      failOnce = false;
      throw new Error("fail A2 once");
    }
    log.push(`end ${key}${n}`);
  });
  const message = (key, n) => {
    const m = mail(`MSG${key}${n}`);
    m.content.value = { key, n };
    return amqpDelivery("transport.messageReceived", m);
  };
  const transport = fakeTransport();
  const consumer = consume(router, transport, {
    clock: steady, ordered: true, retry: { baseDelayMs: 5 },
    orderBy: (event) => event.data.content.value.key,
  });
  await consumer.ready;
  const outcomes = [message("A", 1), message("A", 2), message("B", 1), message("A", 3), message("B", 2)].map(
    (d) => transport.deliver(d).outcome,
  );
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(log, ["start A1", "start B1", "end B1", "start B2", "end B2"], "B runs while A1 holds A");
  slowFirst.open();
  const results = await Promise.all(outcomes);
  assert.ok(results.every((r) => r.action === "ack"), "the failure was retried in place, not handed back");
  assert.deepEqual(log.filter((l) => l.includes("A")), ["start A1", "end A1", "start A2", "start A2", "end A2", "start A3", "end A3"]);
  assert.equal(consumer.stats().retried, 1);
  await consumer.close();
});

test("close: stops taking, lets in-flight handlers finish, then closes the transport", async () => {
  const router = makeRouter();
  const release = gate();
  router.on("transport.messageReceived", () => release.opened);
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  const { outcome } = transport.deliver(received("MSGs"));
  await tick();
  const closing = consumer.close({ deadlineMs: 5000 });
  await tick();
  assert.deepEqual(transport.calls, ["start", "stopTaking"], "the transport stays open while a handler runs");
  release.open();
  assert.deepEqual(await closing, { finished: 1, abandoned: 0 });
  assert.equal((await outcome).action, "ack");
  assert.deepEqual(transport.calls, ["start", "stopTaking", "close"]);
  await consumer.closed;
});

test("close: a handler past the deadline is abandoned (the broker redelivers it)", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => new Promise(() => {}));
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady });
  await consumer.ready;
  transport.deliver(received("MSGh"));
  await tick();
  const started = Date.now();
  assert.deepEqual(await consumer.close({ deadlineMs: 50 }), { finished: 0, abandoned: 1 });
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(transport.calls, ["start", "stopTaking", "close"]);
});

test("a transport that fails to start rejects ready and closed", async () => {
  const router = makeRouter();
  const transport = fakeTransport();
  transport.start = async () => {
    throw new Error("no broker");
  };
  const consumer = consume(router, transport);
  await assert.rejects(consumer.ready, /no broker/);
  await assert.rejects(consumer.closed, /no broker/);
});

test("ack, retry and deadLetter failures are reported, never thrown", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  const errors = [];
  const transport = fakeTransport();
  const consumer = consume(router, transport, { onError: (error, context) => errors.push([error.message, context.stage]) });
  await consumer.ready;
  const message = { delivery: received("MSGx"), ack: () => Promise.reject(new Error("channel closed")), retry() {}, deadLetter() {} };
  await transport.onMessage(message);
  assert.deepEqual(errors, [["channel closed", "ack"]]);
  await consumer.close();
});

test("options are checked", () => {
  const router = makeRouter();
  const transport = fakeTransport();
  assert.throws(() => consume(router, transport, { concurrency: 0 }), /concurrency must be a positive integer, found 0/);
  assert.throws(() => consume(router, transport, { retry: { maxAttempts: 1.5 } }), /retry.maxAttempts must be a positive integer/);
  assert.throws(() => consume(router, transport, { guard: {} }), /guard must be a GuardStore/);
  assert.throws(() => consume({}, transport), /expected an EventRouter/);
});

test("close with a bad deadline rejects (it does not throw) and leaves the consumer running", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  const transport = fakeTransport();
  const consumer = consume(router, transport);
  await consumer.ready;
  await assert.rejects(consumer.close({ deadlineMs: -1 }), /consume: deadlineMs must be a number of milliseconds from 0 to 2147483647, or Infinity, found -1/);
  assert.equal((await transport.deliver(received("MSGdl")).outcome).action, "ack");
  assert.deepEqual(await consumer.close(), { finished: 0, abandoned: 0 });
});

test("MemoryGuardStore: claim, busy, done, expiry, release, LRU bound", async () => {
  let now = 1000;
  const guard = new MemoryGuardStore({ max: 3, now: () => now });
  assert.equal(await guard.claim("a", 100), "claimed");
  assert.equal(await guard.claim("a", 100), "busy");
  now += 101;
  assert.equal(await guard.claim("a", 100), "claimed", "an expired lease can be claimed again");
  await guard.complete("a", 1000);
  assert.equal(await guard.claim("a", 100), "done");
  assert.equal(await guard.claim("b", 100), "claimed");
  await guard.release("b");
  assert.equal(await guard.claim("b", 100), "claimed");
  await guard.complete("b", 1000);
  await guard.complete("c", 1000);
  await guard.claim("a", 100); // touch: a is now the most recent
  await guard.complete("d", 1000);
  assert.equal(guard.size, 3);
  assert.equal(await guard.claim("b", 100), "claimed", "b was least recently used, so it was dropped");
});

test("KvGuardStore over a Workers-KV-shaped map", async () => {
  const map = new Map();
  const puts = [];
  const kv = {
    get: async (k) => map.get(k) ?? null,
    put: async (k, v, options) => {
      puts.push(options.expirationTtl);
      map.set(k, v);
    },
    delete: async (k) => void map.delete(k),
  };
  const guard = new KvGuardStore(kv, { prefix: "g:" });
  assert.equal(await guard.claim("e", 5000), "claimed");
  assert.equal(await guard.claim("e", 5000), "busy");
  await guard.release("e");
  assert.equal(await guard.claim("e", 5000), "claimed");
  await guard.complete("e", 3_600_000);
  assert.equal(await guard.claim("e", 5000), "done");
  assert.deepEqual(puts, [60, 60, 3600], "KV's minimum TTL of 60 s is respected");
  assert.ok([...map.keys()].every((k) => k.startsWith("g:")));
});

test("KvGuardStore.release never deletes another consumer's claim or done record", async () => {
  const map = new Map();
  const kv = { get: async (k) => map.get(k) ?? null, put: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
  const slow = new KvGuardStore(kv);
  const other = new KvGuardStore(kv);
  assert.equal(await slow.claim("e", 60_000), "claimed");
  map.clear(); // the slow consumer's lease ran out
  assert.equal(await other.claim("e", 60_000), "claimed");
  await slow.release("e"); // the slow consumer's handler failed, late
  assert.equal(await slow.claim("e", 60_000), "busy", "the other consumer's claim stands");
  await other.complete("e", 3_600_000);
  await slow.release("e");
  assert.equal(await slow.claim("e", 60_000), "done", "a done record is never released");
});

test("close: messages still queued at the deadline, and deliveries after it, never run their handlers", async () => {
  const router = makeRouter();
  const release = gate();
  const ran = [];
  router.on("transport.messageReceived", async (event) => {
    ran.push(event.data.id);
    await release.opened;
  });
  const transport = fakeTransport();
  const consumer = consume(router, transport, { concurrency: 1, clock: steady });
  await consumer.ready;
  const first = transport.deliver(received("MSGq1"));
  const second = transport.deliver(received("MSGq2"));
  await tick();
  assert.deepEqual(await consumer.close({ deadlineMs: 50 }), { finished: 0, abandoned: 2 });
  // The queued one goes back to the broker at once, unrun, without using up an attempt.
  const back = await second.outcome;
  assert.equal(back.action, "retry");
  assert.equal(back.args[0], 0);
  assert.ok(back.args[1] instanceof ConsumerClosedError);
  assert.deepEqual(back.args[2], { sameAttempt: true });
  const late = transport.deliver(received("MSGq3"));
  assert.equal((await late.outcome).action, "retry");
  release.open();
  await first.outcome;
  await tick();
  assert.deepEqual(ran, ["MSGq1"], "only the message that was running when close came ran");
});

test("close({ deadlineMs: Infinity }) waits for the handlers; Infinity or huge retry delays are refused", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => new Promise((resolve) => setTimeout(resolve, 60)));
  const transport = fakeTransport();
  const consumer = consume(router, transport, { clock: steady, shutdownDeadlineMs: Infinity });
  await consumer.ready;
  const { outcome } = transport.deliver(received("MSGinf"));
  await tick();
  assert.deepEqual(await consumer.close({ deadlineMs: Infinity }), { finished: 1, abandoned: 0 });
  assert.equal((await outcome).action, "ack");
  assert.throws(() => consume(router, fakeTransport(), { retry: { baseDelayMs: Infinity } }), /retry.baseDelayMs must be a number of milliseconds from 0 to 2147483647/);
  assert.throws(() => consume(router, fakeTransport(), { retry: { maxDelayMs: 2 ** 31 } }), /retry.maxDelayMs/);
  assert.throws(() => consume(router, fakeTransport(), { shutdownDeadlineMs: 2 ** 40 }), /shutdownDeadlineMs/);
});

test("a transport that cannot redeliver: the engine waits out the retry itself, counted in flight", async () => {
  const router = makeRouter();
  let calls = 0;
  router.on("transport.messageReceived", () => {
    if (++calls === 1) throw new Error("flaky");
  });
  const transport = fakeTransport({ broker: "redis", redelivers: false });
  const consumer = consume(router, transport, { retry: { baseDelayMs: 30, jitter: false } });
  await consumer.ready;
  const { outcome } = transport.deliver(received("MSGr1"));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(consumer.stats().inFlight, 1, "a retry waiting in this process is in flight");
  assert.equal((await outcome).action, "ack", "never handed to the transport's retry");
  assert.equal(calls, 2);
  assert.equal(consumer.stats().retried, 1);
  await consumer.close();
});

test("a transport that cannot redeliver: a retry waiting at the deadline is reported lost and abandoned", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {
    throw new Error("always");
  });
  const errors = [];
  const transport = fakeTransport({ broker: "redis", redelivers: false });
  const consumer = consume(router, transport, { retry: { baseDelayMs: 60_000, jitter: false }, onError: (error, context) => errors.push([error, context]) });
  await consumer.ready;
  const { returned } = transport.deliver(received("MSGr2"));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(consumer.stats().inFlight, 1);
  assert.deepEqual(await consumer.close({ deadlineMs: 30 }), { finished: 0, abandoned: 1 });
  await returned; // the engine's promise for the message settles
  const shutdown = errors.filter(([, context]) => context.stage === "shutdown");
  assert.equal(shutdown.length, 1);
  assert.ok(shutdown[0][0] instanceof ConsumerClosedError);
  assert.equal(shutdown[0][0].cause.name, "HandlerError");
  assert.match(shutdown[0][0].cause.message, /always/);
  assert.equal(shutdown[0][1].event.data.id, "MSGr2");
  assert.equal(shutdown[0][1].attempt, 2);
});

test("a transport that cannot redeliver: a retry due within the shutdown deadline still runs", async () => {
  const router = makeRouter();
  let calls = 0;
  const failed = gate();
  router.on("transport.messageReceived", () => {
    if (++calls === 1) {
      failed.open();
      throw new Error("once");
    }
  });
  const transport = fakeTransport({ broker: "redis", redelivers: false });
  const consumer = consume(router, transport, { retry: { baseDelayMs: 40, jitter: false } });
  await consumer.ready;
  const { outcome } = transport.deliver(received("MSGr3"));
  await failed.opened;
  assert.deepEqual(await consumer.close({ deadlineMs: 5000 }), { finished: 1, abandoned: 0 });
  assert.equal((await outcome).action, "ack");
});

test("a key that is a hash of the data is remembered only for hashKeyTtlMs", async () => {
  const router = makeRouter();
  let started = 0;
  router.on("runtime.modulesStarted", () => void started++);
  router.on("transport.messageReceived", () => {});
  let now = 1_000_000;
  const guard = new MemoryGuardStore({ now: () => now });
  const completes = [];
  const complete = guard.complete.bind(guard);
  guard.complete = (key, ttlMs) => (completes.push([key, ttlMs]), complete(key, ttlMs));
  const transport = fakeTransport();
  const consumer = consume(router, transport, { guard });
  await consumer.ready;
  const restart = () => amqpDelivery("runtime.modulesStarted", {});
  assert.equal((await transport.deliver(restart()).outcome).action, "ack");
  assert.equal((await transport.deliver(restart()).outcome).action, "ack");
  assert.equal(started, 1, "a redelivery within the window is a duplicate");
  now += 11 * 60_000; // the next Connector restart, 11 minutes later
  assert.equal((await transport.deliver(restart()).outcome).action, "ack");
  assert.equal(started, 2, "a later event with the same data runs");
  await transport.deliver(received("MSGk")).outcome;
  assert.deepEqual(completes.map(([, ttl]) => ttl), [600_000, 600_000, 7 * 24 * 3_600_000]);
  await consumer.close();
});

test("event.keyIsHash says whether the key is made from the data's hash", () => {
  const router = makeRouter();
  assert.equal(router.parse(amqpDelivery("runtime.modulesStarted", {})).keyIsHash, true);
  assert.equal(router.parse(received("MSGkh")).keyIsHash, false);
});

test("bad options and close arguments are TypeErrors naming the option; close(null) rejects", async () => {
  const router = makeRouter();
  const transport = fakeTransport();
  assert.throws(() => consume(router, transport, { onError: 5 }), { name: "TypeError", message: /onError must be a function, found 5/ });
  assert.throws(() => consume(router, transport, { onDeadLetter: "x" }), { name: "TypeError", message: /onDeadLetter must be a function/ });
  assert.throws(() => consume(router, transport, { guard: { claim() {} } }), { name: "TypeError", message: /guard must be a GuardStore \(with claim, complete and release/ });
  assert.throws(() => consume(router, transport, { retry: { jitter: "yes" } }), { name: "TypeError", message: /retry.jitter must be a boolean/ });
  assert.throws(() => consume(router, transport, { retry: 5 }), { name: "TypeError", message: /retry must be an object/ });
  assert.throws(() => consume(router, transport, { hashKeyTtlMs: 0 }), { name: "TypeError", message: /hashKeyTtlMs/ });
  const consumer = consume(router, transport);
  await consumer.ready;
  let closing;
  assert.doesNotThrow(() => (closing = consumer.close(null)));
  await assert.rejects(closing, { name: "TypeError", message: /close\(\) takes \{ deadlineMs \} or nothing, found null/ });
  assert.deepEqual(await consumer.close(), { finished: 0, abandoned: 0 });
});

test("a guard whose claim answers something else runs nothing: told, retried without using up an attempt", async () => {
  const router = makeRouter();
  let ran = 0;
  router.on("transport.messageReceived", () => void ran++);
  const errors = [];
  const guard = { claim: async () => "yes", complete: async () => {}, release: async () => {} };
  const transport = fakeTransport();
  const consumer = consume(router, transport, { guard, onError: (error, { stage }) => errors.push([stage, error.message]) });
  await consumer.ready;
  const result = await transport.deliver(received("MSGodd")).outcome;
  assert.equal(result.action, "retry");
  assert.deepEqual(result.args[2], { sameAttempt: true });
  assert.equal(ran, 0);
  assert.deepEqual(errors, [["guard", 'guard.claim answered "yes", not "claimed", "done" or "busy"']]);
  await consumer.close();
});

test("handlerTimeoutMs: a handler that never settles fails the message instead of holding its slot; its claim is kept", async () => {
  const router = makeRouter();
  router.on("transport.messageReceived", () => new Promise(() => {}));
  const guard = new MemoryGuardStore();
  const transport = fakeTransport();
  const consumer = consume(router, transport, { guard, handlerTimeoutMs: 30, retry: { maxAttempts: 1 } });
  await consumer.ready;
  const result = await transport.deliver(received("MSGstuck")).outcome;
  assert.equal(result.action, "deadLetter");
  assert.equal(result.args[0].name, "HandlerError");
  const key = router.parse(received("MSGstuck")).key;
  assert.equal(await guard.claim(key, 1000), "busy", "the handler may still run: its claim stays until the lease ends");
  assert.equal(consumer.stats().inFlight, 0);
  assert.throws(() => consume(router, transport, { handlerTimeoutMs: 0 }), { name: "TypeError", message: /handlerTimeoutMs/ });
  await consumer.close({ deadlineMs: 10 });
});
