// ConnectorClient against a scripted server: typed errors (400/401/403/404/500, network
// failure, answers that are not the Connector's), retries and timeouts on an injected clock,
// AbortSignal, correlation ids, headers and bodies on the wire, refused arguments.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "../js/package.mjs";
import { PORTS, startScripted, connectorError, fakeClock } from "./servers.mjs";

const { ConnectorClient, ConnectorError } = pkg;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ok = (result, status = 200) => ({ status, body: { result } });

let server;
before(async () => {
  server = await startScripted(PORTS.scripted);
});
after(() => server?.stop());

const client = (options = {}) => new ConnectorClient({ baseUrl: server.url, apiKey: "secret", ...options });
const rejectsWith = async (promise, expected) => {
  const error = await promise.then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );
  assert.ok(error instanceof ConnectorError, `a ConnectorError, not ${error}`);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(error[key], value, key);
  return error;
};

for (const [status, code] of [
  [400, "error.connector.validation.invalidPropertyValue"],
  [401, "error.connector.unauthorized"],
  [403, "error.connector.forbidden"],
  [404, "error.connector.recordNotFound"],
]) {
  test(`HTTP ${status} with the Connector's envelope is a typed error with its code, not retried`, async () => {
    server.answer({ status, body: connectorError(code, "what went wrong") });
    const error = await rejectsWith(client().message("MSGabcdefghij0123456", { correlationId: "corr-4xx" }), {
      code,
      status,
      attempts: 1,
      correlationId: "corr-4xx",
      message: `the connector answered HTTP ${status} ${code}: what went wrong`,
    });
    assert.deepEqual(error.connectorError, connectorError(code, "what went wrong").error);
    assert.equal(error.name, "ConnectorError");
    assert.equal(server.requests.length, 1);
  });
}

test("HTTP 500 is retried up to maxAttempts with backoff, then a typed error with the last answer", async () => {
  const clock = fakeClock();
  server.answer({ status: 500, body: connectorError("error.runtime.unknown") });
  const call = client({ clock, random: () => 0, retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } }).messages();
  // Timeout sleeps (30 000) run beside each attempt; the retry waits are 50 and 100 (random 0).
  await clock.sleepsAsked(2);
  assert.deepEqual(clock.sleeps, [30_000, 50]);
  clock.advance(50);
  await clock.sleepsAsked(4);
  assert.deepEqual(clock.sleeps, [30_000, 50, 30_000, 100]);
  clock.advance(100);
  await rejectsWith(call, { code: "error.runtime.unknown", status: 500, attempts: 3 });
  assert.equal(server.requests.length, 3);
  clock.release();
});

test("a 503 then a 200: the retry waits what Retry-After asks and the call succeeds", async () => {
  const clock = fakeClock();
  server.answer({ status: 503, headers: { "retry-after": "2" }, body: "<html>busy</html>" }, ok([{ id: "MSG1" }]));
  const call = client({ clock, random: () => 0.5 }).messages();
  await clock.sleepsAsked(2);
  assert.deepEqual(clock.sleeps, [30_000, 2_000]);
  clock.advance(2_000);
  assert.deepEqual(await call, [{ id: "MSG1" }]);
  assert.equal(server.requests.length, 2);
  clock.release();
});

test("a Retry-After longer than maxDelayMs ends the retries at once", async () => {
  const clock = fakeClock();
  const retryAt = new Date(clock.now() + 60_000).toUTCString();
  server.answer({ status: 503, headers: { "retry-after": retryAt }, body: connectorError("error.busy") });
  await rejectsWith(client({ clock }).syncInfo(), { code: "error.busy", status: 503, attempts: 1 });
  assert.equal(server.requests.length, 1);
  clock.release();
});

test("writes are never retried: sendMessage and createOutgoingRequest on a 500", async () => {
  server.answer({ status: 500, body: connectorError("error.runtime.unknown") });
  await rejectsWith(client().sendMessage({ recipients: ["did:e:a"], content: { "@type": "Mail" } }), { status: 500, attempts: 1 });
  await rejectsWith(client().createOutgoingRequest({ content: { items: [] }, peer: "did:e:a" }), { status: 500, attempts: 1 });
  assert.equal(server.requests.length, 2);
});

test("network failure: nothing listening is network_error after every attempt", async () => {
  const clock = fakeClock();
  const call = new ConnectorClient({ baseUrl: `http://127.0.0.1:${PORTS.nothing}`, apiKey: "k", clock, random: () => 0 }).files();
  await clock.sleepsAsked(2);
  clock.advance(125);
  await clock.sleepsAsked(4);
  clock.advance(250);
  const error = await rejectsWith(call, { code: "network_error", status: 0, attempts: 3, connectorError: undefined });
  assert.match(error.message, /^the connector could not be reached: /);
  clock.release();
});

test("a dropped connection is network_error and retried", async () => {
  const clock = fakeClock();
  server.answer("drop", ok({ id: "FIL1" }));
  const call = client({ clock, random: () => 0 }).file("FIL1");
  await clock.sleepsAsked(2);
  clock.advance(125);
  assert.deepEqual(await call, { id: "FIL1" });
  assert.equal(server.requests.length, 2);
  clock.release();
});

test("timeout: the injected clock ends each attempt, the fetch is aborted, then it fails as timeout", async () => {
  const clock = fakeClock();
  server.answer("hang");
  const call = client({ clock, random: () => 0, timeoutMs: 5_000, retry: { maxAttempts: 2 } }).relationships();
  await clock.sleepsAsked(1);
  await server.received(1);
  clock.advance(5_000);
  await clock.sleepsAsked(2);
  assert.deepEqual(clock.sleeps, [5_000, 125]);
  clock.advance(125);
  await clock.sleepsAsked(3);
  assert.deepEqual(clock.sleeps, [5_000, 125, 5_000]);
  await server.received(2);
  clock.advance(5_000);
  const error = await rejectsWith(call, { code: "timeout", status: 0, attempts: 2 });
  assert.equal(error.message, "no answer within 5000 ms");
  assert.equal(server.requests.length, 2);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(server.requests.every((r) => r.aborted), "both fetches were aborted");
  clock.release();
});

test("a per-call timeoutMs overrides the client's, with the real clock", async () => {
  server.answer("hang");
  const started = Date.now();
  await rejectsWith(client({ retry: { maxAttempts: 1 } }).attributes(undefined, { timeoutMs: 150 }), { code: "timeout", attempts: 1 });
  const took = Date.now() - started;
  assert.ok(took >= 140 && took < 2_000, `took ${took} ms`);
});

test("AbortSignal: aborting mid-request, before the call, and during a retry wait", async () => {
  server.answer("hang");
  const controller = new AbortController();
  const call = client().incomingRequests(undefined, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort();
  await rejectsWith(call, { code: "aborted", status: 0, attempts: 1, message: "the call was aborted" });

  server.answer(ok([]));
  await rejectsWith(client().incomingRequests(undefined, { signal: AbortSignal.abort() }), { code: "aborted", attempts: 1 });

  const clock = fakeClock();
  server.answer({ status: 502, body: "bad gateway" });
  const waiting = new AbortController();
  const retrying = client({ clock }).outgoingRequests(undefined, { signal: waiting.signal });
  await clock.sleepsAsked(2);
  waiting.abort();
  await rejectsWith(retrying, { code: "aborted", status: 0, attempts: 1 });
  clock.release();
});

test("headers on the wire: API key (configurable header), bearer token, correlation id, JSON content type", async () => {
  server.answer({ status: 204, body: "" });
  assert.equal(await client({ apiKeyHeader: "X-Connector-Key" }).sync({ correlationId: "corr-1" }), undefined);
  let [request] = server.requests;
  assert.equal(request.method, "POST");
  assert.equal(request.url, "/api/core/v1/Account/Sync");
  assert.equal(request.headers["x-connector-key"], "secret");
  assert.equal(request.headers["x-api-key"], undefined);
  assert.equal(request.headers["x-correlation-id"], "corr-1");
  assert.equal(request.headers.accept, "application/json");

  server.answer(ok({ id: "MSG1" }, 201));
  const bearer = new ConnectorClient({ baseUrl: `${server.url}/connector/`, bearerToken: "tok", apiVersion: "v6" });
  await bearer.sendMessage({ recipients: ["did:e:a"], content: { "@type": "Mail", subject: "ü" }, attachments: ["FIL1"] });
  [request] = server.requests;
  assert.equal(request.url, "/connector/api/v2/Messages");
  assert.equal(request.headers.authorization, "Bearer tok");
  assert.equal(request.headers["content-type"], "application/json");
  assert.match(request.headers["x-correlation-id"], UUID_V4);
  assert.deepEqual(JSON.parse(request.body), { recipients: ["did:e:a"], content: { "@type": "Mail", subject: "ü" }, attachments: ["FIL1"] });

  server.answer(ok([]));
  await client().messages();
  await client().messages();
  const [first, second] = server.requests.map((r) => r.headers["x-correlation-id"]);
  assert.match(first, UUID_V4);
  assert.notEqual(first, second);
});

test("a retried call keeps its correlation id on every attempt", async () => {
  const clock = fakeClock();
  server.answer({ status: 500, body: "" }, ok([]));
  const call = client({ clock }).relationships();
  await clock.sleepsAsked(2);
  clock.advance(clock.sleeps[1]);
  await call;
  const ids = server.requests.map((r) => r.headers["x-correlation-id"]);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1]);
  clock.release();
});

test("queries: names and values encoded, arrays repeat the name, undefined skipped", async () => {
  server.answer(ok([]));
  await client().messages({ createdAt: ">2026-01-01T00:00:00.000Z", "content.@type": ["Mail", "Request"], isOwn: true, skipped: undefined, n: 3 });
  assert.equal(
    server.requests[0].url,
    "/api/core/v1/Messages?createdAt=%3E2026-01-01T00%3A00%3A00.000Z&content.%40type=Mail&content.%40type=Request&isOwn=true&n=3",
  );
  await client().file("FIL 1/../x");
  assert.equal(server.requests[1].url, "/api/core/v1/Files/FIL%201%2F..%2Fx");
});

test("answers that are not the Connector's are invalid_response; a 2xx one is not retried", async () => {
  server.answer({ status: 200, body: "<html>portal login</html>" });
  const error = await rejectsWith(client().messages(), { code: "invalid_response", status: 200, attempts: 1 });
  assert.equal(error.message, "the connector's answer (HTTP 200) is not a JSON object: unexpected character '<' at byte 0");
  server.answer({ status: 200, body: { results: [] } });
  await rejectsWith(client().messages(), { code: "invalid_response", message: "the connector's answer (HTTP 200) has no `result`" });
  server.answer({ status: 404, body: "not here" });
  await rejectsWith(client().message("x"), { code: "invalid_response", status: 404, attempts: 1, message: "HTTP 404 without the connector's error envelope" });
});

test("refused arguments are invalid_argument: synchronously for options, as a rejection for calls", async () => {
  server.answer(ok([]));
  const refused = (options, message) =>
    assert.throws(
      () => new ConnectorClient(options),
      (e) => e instanceof ConnectorError && e.code === "invalid_argument" && e.message === message,
    );
  refused({ baseUrl: "localhost:8080" }, 'baseUrl "localhost:8080" is not an absolute http(s) URL');
  refused({ baseUrl: "http://h", apiKey: "k\n" }, "apiKey must be a non-empty string of printable ASCII characters");
  refused({ baseUrl: "http://h", apiVersion: "v5" }, 'apiVersion "v5" is not "v7" or "v6"');
  refused({ baseUrl: "http://h", timeoutMs: "1" }, "timeoutMs must be a number");
  refused({ baseUrl: "http://h", retry: { maxAttempts: 0 } }, "retry.maxAttempts must be an integer from 1 to 100");
  refused({ baseUrl: "http://h", clock: {} }, "clock must be an object with now() and sleep(ms, signal) functions");
  refused(null, "options must be an object with at least baseUrl");
  const hostile = { get baseUrl() { throw new Error("boom"); } };
  refused(hostile, "options could not be read: boom");

  const c = client();
  await rejectsWith(c.message(), { code: "invalid_argument", message: "message needs the id of what to fetch", attempts: 0 });
  await rejectsWith(c.message(42), { code: "invalid_argument", message: "the id must be a string" });
  await rejectsWith(c.messages("createdAt=x"), { code: "invalid_argument", message: "query must be an object, Map or URLSearchParams of Connector query parameters" });
  await rejectsWith(c.messages({ a: { b: 1 } }), { code: "invalid_argument", message: 'query parameter "a" must be a string, finite number, boolean or an array of them' });
  await rejectsWith(c.messages(undefined, { signal: {} }), { code: "invalid_argument", message: "signal must be an AbortSignal" });
  await rejectsWith(c.sync({ correlationId: "a\nb" }), { code: "invalid_argument", message: "correlationId must be a non-empty string of printable ASCII characters" });
  const cyclic = {};
  cyclic.self = cyclic;
  await rejectsWith(c.sendMessage({ recipients: ["did:e:a"], content: cyclic }), { code: "invalid_argument" });
  await rejectsWith(c.sendMessage(null), { code: "invalid_argument", message: "sendMessage needs { recipients: non-empty string[], content: object }" });
  await rejectsWith(c.createOutgoingRequest({ peer: "did:e:a" }), { code: "invalid_argument", message: "createOutgoingRequest needs { content: object, peer: string }" });
  assert.equal(server.requests.length, 0, "nothing was sent");
});

// Review of issue 11, 4a: what used to be accepted silently (and sent something else).
test("arguments that used to be ignored or sent as something else are refused or taken as meant", async () => {
  server.answer(ok([]));
  const refused = (options, message) =>
    assert.throws(
      () => new ConnectorClient({ baseUrl: "http://h", ...options }),
      (e) => e instanceof ConnectorError && e.code === "invalid_argument" && e.message === message,
    );
  refused({ retry: 5 }, "retry must be an object { maxAttempts, baseDelayMs, maxDelayMs }");
  refused({ retry: { maxDelayMs: Infinity } }, "retry.maxDelayMs must be a finite number of at least 0");
  refused({ timeoutMs: Infinity }, "timeoutMs must be a finite number above 0");
  refused({ maxResponseBytes: 0 }, "maxResponseBytes must be a finite number above 0");
  refused({ apiKey: "k", bearerToken: "t" }, "give apiKey or bearerToken, not both");

  const c = client();
  for (const timeoutMs of [0, -1, Infinity]) {
    await rejectsWith(c.messages(undefined, { timeoutMs }), { code: "invalid_argument", message: "timeoutMs must be a finite number above 0" });
  }
  for (const value of [NaN, Infinity]) {
    await rejectsWith(c.messages({ limit: value }), { code: "invalid_argument", message: 'query parameter "limit" must be a string, finite number, boolean or an array of them' });
  }
  await rejectsWith(c.sendMessage({ recipients: ["did:e:a"], content: () => 1 }), { code: "invalid_argument", message: "sendMessage needs { recipients: non-empty string[], content: object }" });
  await rejectsWith(c.sendMessage({ recipients: [42], content: {} }), { code: "invalid_argument" });
  await rejectsWith(c.sendMessage({ recipients: ["did:e:a"], content: {}, attachments: "FIL1" }), { code: "invalid_argument", message: "sendMessage's attachments must be a string[] of file ids" });
  await rejectsWith(c.createOutgoingRequest({ content: { items: [] } }), { code: "invalid_argument", message: "createOutgoingRequest needs { content: object, peer: string }" });
  for (const id of [".", ".."]) {
    await rejectsWith(c.message(id), { code: "invalid_argument", message: `message needs the id of what to fetch, not ${JSON.stringify(id)}` });
  }
  // Called on something else: a rejection, not a synchronous TypeError.
  await rejectsWith(ConnectorClient.prototype.messages.call({}), { code: "invalid_argument" });
  await rejectsWith(ConnectorClient.prototype.sendMessage.call(undefined, {}), { code: "invalid_argument" });
  assert.equal(server.requests.length, 0, "nothing was sent");

  // A Map and URLSearchParams are queries like an object.
  await c.messages(new Map([["createdAt", ">2026"], ["limit", 2]]));
  await c.messages(new URLSearchParams([["createdAt", ">2026"], ["createdAt", "<2027"]]));
  assert.deepEqual(
    server.requests.map((r) => r.url),
    ["/api/core/v1/Messages?createdAt=%3E2026&limit=2", "/api/core/v1/Messages?createdAt=%3E2026&createdAt=%3C2027"],
  );
});

// Review of issue 11, 2d.
test("a write that failed without an answer says it may have been sent; one with an answer does not", async () => {
  server.answer("drop");
  const dropped = await rejectsWith(client().sendMessage({ recipients: ["did:e:a"], content: { "@type": "Mail" } }), { code: "network_error", attempts: 1, maybeSent: true });
  assert.match(dropped.message, /may have reached the Connector/);
  server.answer("hang");
  await rejectsWith(client().createOutgoingRequest({ content: { items: [] }, peer: "did:e:a" }, { timeoutMs: 50 }), { code: "timeout", maybeSent: true });
  server.answer({ status: 500, body: connectorError("error.runtime.unknown") });
  await rejectsWith(client().sendMessage({ recipients: ["did:e:a"], content: {} }), { status: 500, maybeSent: undefined });
  server.answer("drop");
  await rejectsWith(client({ retry: { maxAttempts: 1 } }).messages(), { code: "network_error", maybeSent: undefined });
});

test("many concurrent calls sharing one signal: no listener per call on it (no MaxListenersExceededWarning), and one abort ends them all", async () => {
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning.name);
  process.on("warning", onWarning);
  try {
    server.answer(ok([]));
    const shared = new AbortController();
    const c = client();
    assert.equal((await Promise.all(Array.from({ length: 30 }, () => c.messages(undefined, { signal: shared.signal })))).length, 30);
    server.answer("hang");
    const hanging = Array.from({ length: 15 }, () => c.messages(undefined, { signal: shared.signal }).catch((e) => e.code));
    await server.received(15);
    shared.abort();
    assert.deepEqual(await Promise.all(hanging), Array(15).fill("aborted"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(warnings, []);
  } finally {
    process.off("warning", onWarning);
  }
});

test("a clock whose functions throw does not break the call", async () => {
  server.answer({ status: 500, body: "" }, ok([]));
  const clock = { now() { throw new Error("now"); }, sleep() { throw new Error("sleep"); } };
  assert.deepEqual(await client({ clock, random: () => { throw new Error("random"); } }).files(), []);
  assert.equal(server.requests.length, 2);
});

test("many concurrent calls all settle, each with its own answer", async () => {
  server.answer(ok([{ id: "x" }]));
  const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => client().messages({ i })));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 200);
  // A keep-alive socket the server closed as a request went out is retried, so maybe more than 200.
  assert.equal(new Set(server.requests.map((r) => r.url)).size, 200);
});

test("no leak per call: the externref table and wasm memory stay flat over 3,000 calls (each timeout sleep ended early by the answer)", async () => {
  const { instanceStats } = pkg;
  server.answer(ok([{ id: "x" }]));
  const c = client();
  const batch = async (n) => {
    for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: 100 }, () => c.messages()));
  };
  await batch(500); // warm-up: the table and the memory reach their working size
  const before = instanceStats();
  await batch(3_000);
  const after = instanceStats();
  assert.equal(after.traps, before.traps);
  assert.ok(after.tableSlots <= before.tableSlots + 16, `table ${before.tableSlots} -> ${after.tableSlots}`);
  assert.equal(after.memoryBytes, before.memoryBytes, "wasm memory");
  console.log(`# after 500 calls: ${before.tableSlots} table slots, ${before.memoryBytes} B; after 3,500: ${after.tableSlots}, ${after.memoryBytes} B`);
});

test("a global fetch replaced by something odd: a throwing one is network_error, a non-Response is invalid_response, nothing throws into wasm", async () => {
  const realFetch = globalThis.fetch;
  try {
    globalThis.fetch = () => {
      throw new TypeError("fetch exploded");
    };
    await rejectsWith(client({ retry: { maxAttempts: 1 } }).messages(), { code: "network_error", message: "the connector could not be reached: fetch exploded" });
    globalThis.fetch = async () => ({ status: 200, text: async () => '{"result":1}' });
    await rejectsWith(client({ retry: { maxAttempts: 1 } }).messages(), { code: "invalid_response", message: "fetch resolved to something that is not a Response" });
    // A Response whose getters throw (review 1f): read around, nothing crosses into wasm.
    globalThis.fetch = async () => {
      const response = new Response('{"result":1}', { headers: { "content-type": "application/json" } });
      Object.defineProperty(response, "headers", { get: () => { throw new Error("no headers for you"); } });
      return response;
    };
    assert.equal(await client({ retry: { maxAttempts: 1 } }).messages(), 1);
    globalThis.fetch = async () => {
      const response = new Response('{"result":1}');
      Object.defineProperty(response, "body", { get: () => { throw new Error("no body for you"); } });
      return response;
    };
    await rejectsWith(client({ retry: { maxAttempts: 1 } }).messages(), { code: "network_error", message: "the connector could not be reached: no body for you" });
  } finally {
    globalThis.fetch = realFetch;
  }
  server.answer(ok([]));
  assert.deepEqual(await client().messages(), []);
  assert.equal(pkg.instanceStats().traps, 0);
});
