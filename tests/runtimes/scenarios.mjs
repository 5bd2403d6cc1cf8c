// The end-to-end scenarios every runtime of the matrix runs (tests/runtimes/run.sh).
//
// Plain ESM with no runtime-specific API: a shim imports the package the way that runtime does,
// then calls `runScenarios(pkg, { runtime })` and prints `summaryLine(...)`. Requests are WHATWG
// `Request`s answered in-process by the package's `createWebhookHandler` / `handleWebhook`.

export const API_KEY = "test-key-9f3a2c71b0d84e56a1c7e2";
const OWN = "did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2";
const PEER = "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0";
export const SUBJECT = "Rückfrage zur Rechnung 2026-117 – Grüße aus Köln 👋";
const CORRELATION_ID = "0b6f3c2e-7d1a-4c59-9f0e-2a8d5b1c4e77";

/** Spec §4.1 W1 with a non-ASCII subject. */
export const MAIL_RECEIVED = {
  data: {
    id: "MSGexample0000000001",
    isOwn: false,
    content: { "@type": "Mail", to: [OWN], cc: [], subject: SUBJECT, body: "Hallo, könnten Sie die Rechnung erneut senden?", bodyFormat: "PlainText" },
    createdBy: PEER,
    createdByDevice: "DVCexample0000000002",
    recipients: [{ address: OWN, receivedAt: "2026-03-02T09:15:29.003Z", receivedByDevice: "DVCexample0000000001", relationshipId: "RELexample0000000001" }],
    createdAt: "2026-03-02T09:15:27.412Z",
    attachments: [],
  },
  trigger: "transport.messageReceived",
};

/** Spec §4.3 P1: a Pub/Sub push envelope (base64 data, `namespace` attribute). */
const PUBSUB_PUSH = {
  message: {
    attributes: { namespace: "consumption.shareCredentialOfferRequestItemProcessedByRecipient" },
    data: "eyJjcmVkZW50aWFsT2ZmZXJVcmwiOiJvcGVuaWQtY3JlZGVudGlhbC1vZmZlcjovLz9jcmVkZW50aWFsX29mZmVyX3VyaT1odHRwcyUzQSUyRiUyRmlzc3Vlci5leGFtcGxlLmNvbSUyRm9mZmVycyUyRjQ3MTEiLCJhY2NlcHRlZCI6dHJ1ZSwicGVlciI6ImRpZDplOnBpbG90LmVubWVzaGVkLmV1OmRpZHM6OGJlMWQwNGY3YTJjOTNlNWI2ZDFmMCJ9",
    messageId: "1234567890123456",
    publishTime: "2026-07-01T11:22:33.444Z",
  },
  subscription: "projects/acme-prod/subscriptions/enmeshed-erp",
};

/** Spec §4.3 P3 decoded: a FileDTO. */
const FILE_CLAIMED = {
  id: "FILexample0000000080", isOwn: true, filename: "contract.pdf", filesize: 48213, createdAt: "2026-03-08T08:00:00.000Z",
  createdBy: OWN, createdByDevice: "DVCexample0000000001", expiresAt: "2027-03-08T08:00:00.000Z", mimetype: "application/pdf",
  title: "Contract", reference: { truncated: "RklMZXhhbXBsZTAwMDAwMDAwODBAaHR0cHM6Ly9waWxvdC5lbm1lc2hlZC5ldXwzfGV4YW1wbGV8fA", url: "https://pilot.enmeshed.eu/r/FILexample0000000080#M3xleGFtcGxlfHw" },
  owner: PEER,
};

const HOOK_URL = "https://erp.example.com/enmeshed/hooks/";

/** A webhook POST as the Connector sends it (spec §2.1). */
export function webhookRequest(body, { key = API_KEY, trigger, headers = {}, method = "POST" } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const name = trigger ?? (typeof body === "object" ? body.trigger : "event");
  return new Request(HOOK_URL + name, {
    method,
    headers: { "content-type": "application/json", ...(key === null ? {} : { "x-api-key": key }), ...headers },
    body: method === "GET" || method === "HEAD" ? undefined : text,
  });
}

// ---- tiny assertion helpers (no node:assert: this runs in workers and pages too) ----

function fail(message) {
  throw new Error(message);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}
function ok(value, what) {
  if (!value) fail(what);
}

/** A fake `ExecutionContext` that collects `waitUntil` promises. */
export function fakeContext() {
  const promises = [];
  return { promises, waitUntil: (promise) => promises.push(promise), passThroughOnException() {} };
}

// The endpoint under test: the package's createWebhookHandler; handlers are `(request, ctx)`.
function endpoint(pkg) {
  return (router, options) => {
    if (typeof pkg.createWebhookHandler !== "function") fail("the package exports no createWebhookHandler (rebuild it: scripts/build.sh)");
    return pkg.createWebhookHandler(router, options);
  };
}

// ---- the scenarios ----

/** Each scenario: [name, async (pkg, make) => void]; `make(router, options)` builds the endpoint. */
export const SCENARIOS = [
  ["routes a webhook to exact and wildcard handlers with parsed data", async (pkg, make) => {
    const router = new pkg.EventRouter();
    const seen = [];
    router.on("transport.messageReceived", (e) => seen.push(["exact", e.name, e.data.content.subject, e.correlationId]));
    router.on("transport.*", (e) => seen.push(["one segment", e.name, e.source, e.known, e.problems.length]));
    router.on("**", (e) => seen.push(["any", e.name, e.dataType]));
    router.on("consumption.**", () => seen.push(["wrong"]));
    const handler = make(router, { apiKeys: [API_KEY] });
    const response = await handler(webhookRequest(MAIL_RECEIVED, { headers: { "x-correlation-id": CORRELATION_ID } }), fakeContext());
    eq(response.status, 200, "status");
    eq(await response.json(), { ok: true, event: "transport.messageReceived", handled: 3 }, "body");
    eq(seen, [
      ["exact", "transport.messageReceived", SUBJECT, CORRELATION_ID],
      ["one segment", "transport.messageReceived", "webhook", true, 0],
      ["any", "transport.messageReceived", "MessageDTO"],
    ], "what the handlers saw");
  }],
  ["rejects a wrong or missing API key with 401 and runs no handler", async (pkg, make) => {
    const router = new pkg.EventRouter();
    let ran = 0;
    router.onAny(() => ran++);
    const handler = make(router, { apiKeys: [API_KEY] });
    eq((await handler(webhookRequest(MAIL_RECEIVED, { key: "wrong-key" }), fakeContext())).status, 401, "wrong key");
    eq((await handler(webhookRequest(MAIL_RECEIVED, { key: null }), fakeContext())).status, 401, "no key");
    const custom = make(router, { apiKeys: [API_KEY], apiKeyHeader: "x-hook-secret" });
    eq((await custom(webhookRequest(MAIL_RECEIVED, { key: null, headers: { "x-hook-secret": API_KEY } }), fakeContext())).status, 200, "custom header");
    if (typeof pkg.handleWebhook !== "function") fail("the package exports no handleWebhook");
    const options = { apiKeys: ["rotated-key-000000000000000001", API_KEY] };
    eq((await pkg.handleWebhook(webhookRequest(MAIL_RECEIVED, { key: "wrong" }), router, options)).status, 401, "handleWebhook, wrong key");
    eq((await pkg.handleWebhook(webhookRequest(MAIL_RECEIVED), router, options)).status, 200, "handleWebhook, second key");
    eq(ran, 2, "handlers run");
  }],
  ["answers 400 with the error code for a broken body", async (pkg, make) => {
    const router = new pkg.EventRouter();
    router.onAny(() => fail("a handler ran for a broken body"));
    const handler = make(router, { apiKeys: [API_KEY] });
    const cases = [
      ['{"data":{"id":"MSGexample0000000001"', "invalid_json", "body"],
      ['{"data":{}}', "missing_event_name", undefined],
      ["[1,2,3]", "invalid_envelope", "body"],
    ];
    for (const [body, code, path] of cases) {
      const response = await handler(webhookRequest(body, { trigger: "" }), fakeContext());
      eq(response.status, 400, `status for ${body}`);
      const answer = await response.json();
      eq(answer.code, code, `code for ${body}`);
      if (path !== undefined) eq(answer.path, path, `path for ${body}`);
      ok(typeof answer.message === "string" && answer.message.length > 0, `a message for ${body}`);
    }
  }],
  ["answers 413 for an oversized body", async (pkg, make) => {
    const router = new pkg.EventRouter();
    router.onAny(() => fail("a handler ran for an oversized body"));
    const big = JSON.stringify({ ...MAIL_RECEIVED, data: { ...MAIL_RECEIVED.data, content: { ...MAIL_RECEIVED.data.content, body: "x".repeat(4096) } } });
    eq((await make(router, { apiKeys: [API_KEY], maxBodyBytes: 1024 })(webhookRequest(big), fakeContext())).status, 413, "over maxBodyBytes");
    const huge = JSON.stringify({ ...MAIL_RECEIVED, data: { ...MAIL_RECEIVED.data, content: { ...MAIL_RECEIVED.data.content, body: "y".repeat(1100000) } } });
    eq((await make(router, { apiKeys: [API_KEY] })(webhookRequest(huge), fakeContext())).status, 413, "over the 1 MiB default");
  }],
  ["answers 405 for GET and 415 for a non-JSON content type", async (pkg, make) => {
    const handler = make(new pkg.EventRouter(), { apiKeys: [API_KEY] });
    eq((await handler(webhookRequest(MAIL_RECEIVED, { method: "GET" }), fakeContext())).status, 405, "GET");
    eq((await handler(webhookRequest(MAIL_RECEIVED, { headers: { "content-type": "text/plain" } }), fakeContext())).status, 415, "text/plain");
  }],
  ["answers 500 when a handler fails and onError sees the HandlerError", async (pkg, make) => {
    const router = new pkg.EventRouter();
    const errors = [];
    let other = 0;
    router.on("transport.messageReceived", () => {
      throw new Error("ERP is down");
    });
    router.on("transport.*", () => other++);
    router.onError((error) => errors.push(error));
    const response = await make(router, { apiKeys: [API_KEY] })(webhookRequest(MAIL_RECEIVED), fakeContext());
    eq(response.status, 500, "status");
    eq(other, 1, "the other handler still ran");
    eq(errors.length, 1, "onError calls");
    eq([errors[0].name, errors[0].code, errors[0].errors[0].message], ["HandlerError", "handler_failed", "ERP is down"], "the error");
    eq((await make(router, { apiKeys: [API_KEY], handlerErrorStatus: 503 })(webhookRequest(MAIL_RECEIVED), fakeContext())).status, 503, "handlerErrorStatus");
  }],
  ["answers 202 early with respondEarly; a background failure reaches onError", async (pkg, make) => {
    const router = new pkg.EventRouter();
    const errors = [];
    let finished = false;
    router.on("transport.messageReceived", async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
      throw new Error("slow and broken");
    });
    router.onError((error) => errors.push(error));
    const background = [];
    const ctx = fakeContext();
    const options = { apiKeys: [API_KEY], respondEarly: true, onBackgroundError: (error) => background.push(error.code) };
    const response = await make(router, options)(webhookRequest(MAIL_RECEIVED), ctx);
    eq(response.status, 202, "status");
    eq(finished, false, "answered before the handler finished");
    ok(ctx.promises.length >= 1, "waitUntil got the dispatch");
    await Promise.allSettled(ctx.promises);
    eq(finished, true, "the handler finished in the background");
    eq(errors.map((e) => [e.code, e.errors?.[0]?.message]), [["handler_failed", "slow and broken"]], "onError saw the background failure");
    eq(background, ["handler_failed"], "onBackgroundError saw it too");
  }],
  ["parses AMQP and Pub/Sub deliveries", async (pkg) => {
    const amqp = pkg.parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: JSON.stringify(MAIL_RECEIVED.data) });
    eq([amqp.name, amqp.source, amqp.dataType, amqp.data.content.subject, amqp.problems], ["transport.messageReceived", "amqp", "MessageDTO", SUBJECT, []], "amqp");
    const push = pkg.parseDelivery({ kind: "pubsub", body: JSON.stringify(PUBSUB_PUSH) });
    eq([push.name, push.source, push.data.accepted, push.problems], ["consumption.shareCredentialOfferRequestItemProcessedByRecipient", "pubsub", true, []], "pubsub push");
    const bytes = new TextEncoder().encode(JSON.stringify(FILE_CLAIMED));
    const message = pkg.parseDelivery({ kind: "pubsub", message: { data: bytes, attributes: { namespace: "transport.fileOwnershipClaimed" } } });
    eq([message.name, message.dataType, message.data.filesize, message.problems], ["transport.fileOwnershipClaimed", "FileDTO", 48213, []], "pubsub message");
    const started = pkg.parseDelivery({ kind: "amqp", routingKey: "runtime.modulesStarted", body: "{}" });
    eq([started.name, started.data], ["runtime.modulesStarted", undefined], "data-less event");
    try {
      pkg.parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: "{" });
      fail("no error for a broken AMQP body");
    } catch (error) {
      eq([error.name, error.code], ["EventParseError", "invalid_json"], "broken AMQP body");
    }
  }],
  ["router.dispatch: once, off, legacy and unknown names", async (pkg) => {
    const router = new pkg.EventRouter();
    const seen = [];
    const any = (e) => seen.push(`any:${e.name}:${e.known ? "known" : e.legacy ? "legacy" : "unknown"}`);
    router.once("transport.messageReceived", (e) => seen.push(`once:${e.data.id}`));
    router.onAny(any);
    const mail = { kind: "webhook", body: JSON.stringify(MAIL_RECEIVED) };
    await router.dispatch(mail);
    await router.dispatch(mail);
    await router.dispatch({ kind: "amqp", routingKey: "consumption.futureEvent", body: '{"a":1}' });
    await router.dispatch({ kind: "mqtt", topic: "consumption/attributeListenerTriggered", body: "{}" });
    router.off("**", any);
    const report = await router.dispatch(mail);
    eq(report.unhandled, true, "unhandled after off");
    eq(seen, ["once:MSGexample0000000001", "any:transport.messageReceived:known", "any:transport.messageReceived:known",
      "any:consumption.futureEvent:unknown", "any:consumption.attributeListenerTriggered:legacy"], "what the handlers saw");
  }],
  ["event keys, router.parse/dispatchEvent/patterns and brokerSubscriptions", async (pkg) => {
    const key = "transport.messageReceived:MSGexample0000000001";
    const data = JSON.stringify(MAIL_RECEIVED.data);
    const bytes = new TextEncoder().encode(data);
    const deliveries = [
      { kind: "webhook", body: JSON.stringify(MAIL_RECEIVED) },
      { kind: "amqp", routingKey: "transport.messageReceived", body: bytes },
      { kind: "mqtt", topic: "transport/messageReceived", body: data },
      { kind: "redis", channel: "transport.messageReceived", body: bytes },
    ];
    eq(deliveries.map((d) => pkg.parseDelivery(d).key), deliveries.map(() => key), "one key over every transport");
    const seen = [];
    const router = new pkg.EventRouter().on("transport.*", (e) => seen.push(e.subject));
    const unhandled = await new pkg.EventRouter().dispatch(deliveries[1]);
    eq(unhandled.event.key, key, "the key of an unchecked event");
    const event = router.parse(deliveries[2]);
    const report = await router.dispatchEvent(event);
    eq([report.unhandled, report.ran.length, seen], [false, 1, ["MSGexample0000000001"]], "dispatchEvent");
    const refused = await router.dispatchEvent({ name: "x" }).then(() => undefined, (error) => `${error.name}:${error.code}`);
    eq(refused, "EventParseError:invalid_delivery", "a non-event");
    eq(router.patterns(), ["transport.*"], "patterns");
    eq(pkg.brokerSubscriptions(["transport.**", "transport.messageReceived"], "mqtt"), { topicFilters: ["transport/#"] }, "mqtt filters");
    eq(pkg.brokerSubscriptions(["a?b.*"], "redis"), { patterns: ["a\\?b.*"], channels: [] }, "redis globs");
  }],
  ["hostile input gets typed errors and every promise settles", async (pkg) => {
    const code = (fn) => {
      try {
        fn();
        return "no error";
      } catch (error) {
        return `${error.name}:${error.code}`;
      }
    };
    // The body that trapped the module before issue 8: it ends in a backslash inside a string.
    eq(code(() => pkg.parseDelivery({ kind: "webhook", body: '{"data":"\\' })), "EventParseError:invalid_json", "trailing backslash");
    eq(code(() => pkg.parseDelivery({ kind: "webhook", body: '{"trigger":42}' })), "EventParseError:invalid_event_name", "numeric trigger");
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const router = new pkg.EventRouter({ handlerTimeoutMs: 20 })
      .on("a.b", () => { throw Object.create(null); })
      .on("a.b", () => { throw proxy; })
      .on("a.b", () => new Promise(() => {}))
      .on("a.b", () => "fine");
    const failed = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }).then(() => undefined, (error) => error);
    eq([failed?.name, failed?.code], ["HandlerError", "handler_failed"], "the dispatch's rejection");
    eq(failed.report.ran.map((run) => run.ok), [false, false, false, true], "which handlers failed");
    eq(failed.errors[2].code, "handler_timeout", "the never-settling handler");
    const { event } = await new pkg.EventRouter().dispatch({ kind: "redis", channel: "c.d", body: "{not json" });
    eq(code(() => event.data), "EventParseError:invalid_json", "unhandled data read later");
    const stream = new ReadableStream({ pull(controller) { controller.error(new Error("reset")); } });
    const unreadable = await router.dispatchResponse(new Response(stream)).then(() => undefined, (error) => error.code);
    eq(unreadable, "unreadable_body", "a failing response stream");
    eq(pkg.instanceStats().traps, 0, "traps");
  }],
];

/**
 * Runs the scenarios (optionally only those whose name is in `only`, or all but `skip`);
 * resolves to `{ passed, failed, results }` and never rejects.
 */
export async function runScenarios(pkg, { runtime = "?", print = (line) => console.log(line), skip = [] } = {}) {
  const make = endpoint(pkg);
  const results = [];
  for (const [name, scenario] of SCENARIOS) {
    if (skip.includes(name)) continue;
    try {
      await scenario(pkg, make);
      results.push({ name, ok: true });
      print(`  ok    ${runtime} | ${name}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ name, ok: false, error: message });
      print(`  FAIL  ${runtime} | ${name}: ${message}`);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}

/** The line run.sh reads: `<runtime>: N passed, M failed`. */
export function summaryLine(runtime, { passed, failed }) {
  return `${runtime}: ${passed} passed, ${failed} failed`;
}
