// The dispatch's fast paths keep the router's semantics: the handlers an event name matches are
// remembered per name and follow every registration change; `once` handlers are used up before
// any handler runs; unhandled broker events keep their own bytes; the views of wasm memory
// follow its growth and the instance's replacement.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { EventRouter, instanceStats } = pkg;

const bytes = (text) => new TextEncoder().encode(text);
const decomposed = (id) => ({ kind: "amqp", routingKey: "transport.relationshipDecomposedBySelf", body: JSON.stringify({ relationshipId: id }) });
const messageSent = (id) => ({ kind: "amqp", routingKey: "transport.messageSent", body: JSON.stringify({ id }) });

test("the handlers remembered for a name follow on, off and once", async () => {
  const calls = [];
  const log = (tag) => (event) => calls.push(`${tag} ${event.data.relationshipId ?? event.data.id}`);
  const exact = log("exact");
  const router = new EventRouter().on("transport.*", log("star")).on("transport.relationshipDecomposedBySelf", exact);
  await router.dispatch(decomposed("R1"));
  router.once("**", log("once"));
  const report = await router.dispatch(decomposed("R2"));
  assert.deepEqual(
    report.ran.map((r) => r.pattern),
    ["transport.*", "transport.relationshipDecomposedBySelf", "**"],
  );
  router.off("transport.relationshipDecomposedBySelf", exact);
  await router.dispatch(decomposed("R3"));
  // Another name gets its own list; the used-up `once` is in neither.
  await router.dispatch(messageSent("M1"));
  router.on("transport.relationshipDecomposedBySelf", exact);
  await router.dispatch(decomposed("R4"));
  assert.deepEqual(calls, ["star R1", "exact R1", "star R2", "exact R2", "once R2", "star R3", "star M1", "star R4", "exact R4"]);
  assert.deepEqual(router.patterns(), ["transport.*", "transport.relationshipDecomposedBySelf"]);
});

test("a once handler is used up before any handler runs, even when a handler dispatches again", async () => {
  const calls = [];
  const router = new EventRouter();
  let nested;
  router.on("**", (event) => {
    calls.push(`any ${event.data.relationshipId}`);
    if (event.data.relationshipId === "outer") nested = router.dispatch(decomposed("inner"));
  });
  router.once("transport.*", (event) => calls.push(`once ${event.data.relationshipId}`));
  const outer = await router.dispatch(decomposed("outer"));
  const inner = await nested;
  assert.deepEqual(calls, ["any outer", "any inner", "once outer"]);
  assert.equal(outer.ran.length, 2);
  assert.equal(inner.ran.length, 1);
});

test("a handler registered or removed during a dispatch changes the next dispatch, not this one", async () => {
  const calls = [];
  const router = new EventRouter();
  const late = () => calls.push("late");
  const removed = () => calls.push("removed");
  router.on("**", () => {
    calls.push("first");
    router.on("transport.*", late);
    router.off("**", removed);
  });
  router.on("**", removed);
  await router.dispatch(decomposed("R1"));
  assert.deepEqual(calls, ["first", "removed"]);
  calls.length = 0;
  await router.dispatch(decomposed("R2"));
  assert.deepEqual(calls, ["first", "late"]);
});

test("a sequential router calls the remembered handlers one after another", async () => {
  const calls = [];
  const router = new EventRouter({ sequential: true });
  router.on("**", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    calls.push("slow");
  });
  router.once("transport.*", () => calls.push("once"));
  await router.dispatch(decomposed("R1"));
  await router.dispatch(decomposed("R2"));
  assert.deepEqual(calls, ["slow", "once", "slow"]);
});

test("unhandled broker events keep their own bytes, large or cut from a slab, until read", async () => {
  const router = new EventRouter().on("nobody.listens", () => {});
  const large = { id: "MSGlarge", text: "ü".repeat(6000) }; // 12 KB: its own copy
  const small = { id: "MSGsmall" };
  const kept = [];
  for (const data of [large, small]) {
    const body = bytes(JSON.stringify(data));
    const { event, unhandled } = await router.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body });
    assert.equal(unhandled, true);
    body.fill(0x20);
    kept.push([event, data]);
  }
  for (const [event, data] of kept) {
    // The key is read first: it checks the copy without needing the data parsed before.
    assert.equal(event.key, `transport.messageReceived:${data.id}`);
    assert.deepEqual(event.data, data);
    assert.equal(event.problems[0].code, "missing_field");
  }
  // Not JSON: found out when first read, from the copy.
  const broken = bytes("{]");
  const { event } = await router.dispatch({ kind: "mqtt", topic: "transport/messageReceived", body: broken });
  broken.set(bytes("{}"));
  assert.throws(() => event.data, { code: "invalid_json" });
});

test("byte bodies are read right after wasm memory grows and after the instance is replaced", async () => {
  const seen = [];
  const router = new EventRouter({ maxBodyBytes: 32 * 1024 * 1024 }).on("**", (event) => seen.push(event.data.relationshipId ?? event.data.id.length));
  // Grows the input buffer (and wasm memory) past the compaction size: the instance is then
  // replaced, and the next dispatches write and read through new views.
  const before = instanceStats().compactions;
  const huge = bytes(JSON.stringify({ id: "x".repeat(17 * 1024 * 1024) }));
  await router.dispatch({ kind: "amqp", routingKey: "transport.messageSent", body: huge });
  await router.dispatch({ kind: "amqp", routingKey: "transport.relationshipDecomposedBySelf", body: bytes('{"relationshipId":"RELafter"}') });
  const medium = bytes(JSON.stringify({ id: "y".repeat(3 * 1024 * 1024) }));
  await router.dispatch({ kind: "amqp", routingKey: "transport.messageSent", body: medium });
  await router.dispatch({ kind: "amqp", routingKey: "transport.relationshipDecomposedBySelf", body: bytes('{"relationshipId":"RELlast"}') });
  assert.deepEqual(seen, [17 * 1024 * 1024, "RELafter", 3 * 1024 * 1024, "RELlast"]);
  assert.ok(instanceStats().compactions > before);
});

test("byte bodies decode from wasm memory exactly as TextDecoder would, whatever the text", async () => {
  const texts = ["ASCII only", "Grüße, привет, 你好, こんにちは, 안녕, مرحبا, שלום, γειά", "emoji 😀👍🏽 and \u2028 \u0000 escapes \\u00e9 \" \\", "x".repeat(20000)];
  const seen = [];
  const router = new EventRouter().on("**", (event) => seen.push(event.data));
  for (const text of texts) {
    const data = { id: "MSGx", text };
    await router.dispatch({ kind: "amqp", routingKey: "transport.messageSent", body: bytes(JSON.stringify(data)) });
    // The envelope's data, a slice in the middle of the body.
    await router.dispatch({ kind: "webhook", body: bytes(`\uFEFF${JSON.stringify({ trigger: "transport.messageSent", data })}`) });
  }
  assert.deepEqual(
    seen,
    texts.flatMap((text) => [{ id: "MSGx", text }, { id: "MSGx", text }]),
  );
});

test("a promise with its own throwing `then` or species fails its handler like any rejection", async () => {
  // A real Promise whose `then` was replaced: awaited as it was, its throw escaped the
  // dispatch's bookkeeping (a bare Error, no HandlerError, onError never told).
  const throwing = () => {
    const promise = Promise.resolve();
    promise.then = () => {
      throw new Error("own then");
    };
    return promise;
  };
  const badSpecies = () => {
    const promise = Promise.resolve();
    promise.constructor = {
      get [Symbol.species]() {
        throw new Error("species");
      },
    };
    return promise;
  };
  for (const sequential of [false, true]) {
    for (const [make, message] of [[throwing, "own then"], [badSpecies, "species"]]) {
      const seen = [];
      const router = new EventRouter({ sequential }).onError((error) => seen.push(error));
      router.on("transport.*", make).on("transport.*", () => "fine");
      const error = await router.dispatch(messageSent("M1")).then(
        () => assert.fail("resolved"),
        (e) => e,
      );
      assert.equal(error.code, "handler_failed", String(error));
      assert.deepEqual(error.report.ran.map((r) => r.ok), [false, true]);
      assert.equal(error.report.failed[0].error.message, message);
      assert.deepEqual(seen, [error]);
    }
  }
});

test("a sequential router's handler dispatching the event that runs it meets the nesting limit", async () => {
  // Its handlers were called outside any guarded call, so the nesting limit never counted
  // them: the recursion ran the stack out and Node exited with a RangeError.
  for (const sequential of [false, true]) {
    let depth = 0;
    let deepest = 0;
    const router = new EventRouter({ sequential });
    router.on("transport.messageSent", () => {
      deepest = Math.max(deepest, ++depth);
      const inner = router.dispatch(messageSent("M1"));
      depth--;
      return inner;
    });
    const error = await router.dispatch(messageSent("M1")).then(
      () => assert.fail("resolved"),
      (e) => e,
    );
    assert.equal(error.code, "handler_failed", String(error));
    assert.ok(deepest <= 64, `${deepest} deep`);
    let innermost = error;
    while (innermost.code === "handler_failed") innermost = innermost.report.failed[0].error;
    assert.equal(innermost.code, "recursion_limit");
  }
});

test("non-ASCII data decodes exactly across a compaction (the UTF-16 output buffer of the old instance is not reused)", async () => {
  const seen = [];
  const router = new EventRouter({ maxBodyBytes: 32 * 1024 * 1024 }).on("**", (event) => seen.push(event.data.id));
  const text = (n) => "Grüße Здравствуйте 👋🏽 ".repeat(n);
  const before = instanceStats().compactions;
  for (const n of [10, 600_000, 10, 3, 5_000]) {
    await router.dispatch({ kind: "amqp", routingKey: "transport.messageSent", body: bytes(JSON.stringify({ id: text(n) })) });
  }
  assert.ok(instanceStats().compactions > before);
  assert.deepEqual(seen, [10, 600_000, 10, 3, 5_000].map(text));
});
