// The webhook endpoint: a fetch `Request` from the Connector's Webhooks module in, a `Response` out.
//
// The decisions (which key is accepted, in constant time; which content type is JSON; every
// status, code, message and body) are made in Rust (src/endpoint, src/wasm/endpoint.rs). This
// file reads the request (headers, the body stream up to the limit), calls the router and hands
// the answers back as Responses. Checks run in the order method → credentials → content type →
// size → delivery.
//
// Every request gets an answer: the handler's promise resolves to a Response whatever a router,
// a handler, a hook or the request itself throws (only a non-Request argument rejects), every
// wait is bounded by a timeout, and a refused request's body is drained or cancelled so the
// connection stays usable for the next delivery.

import { EventParseError } from "./errors.js";
import { generation, guarded, raw } from "./instance.js";
import { TOO_LARGE, bytesOf, cancelReader, readBody as readStream } from "./body.js";

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const TIMEOUTS = { verifyBearerTimeoutMs: 5000, bodyTimeoutMs: 10_000, handlerTimeoutMs: 25_000 };
const OPTIONS = [
  "apiKeys",
  "apiKeyHeader",
  "verifyBearer",
  "allowUnauthenticated",
  "maxBodyBytes",
  "handlerErrorStatus",
  "respondEarly",
  ...Object.keys(TIMEOUTS),
  "onError",
  "onBackgroundError",
];
// Statuses a Response cannot carry a body with.
const NULL_BODY_STATUSES = [204, 205, 304];
// The longest a timer can wait (setTimeout fires at once past a signed 32-bit count of ms).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
// How long a refused request's body is drained at most before it is cancelled, and how much of
// it (as a multiple of maxBodyBytes, at least DRAIN_MIN_BYTES).
const DRAIN_MS = 1000;
const DRAIN_FACTOR = 4;
const DRAIN_MIN_BYTES = 64 * 1024;
const PENDING = Symbol("pending");
const TIMED_OUT = Symbol("timed out");
const INTERNAL_MESSAGE = "the request could not be processed";

// ---- options ----

// Names the type of a value, never the value: an option may hold a key.
function kindOf(value) {
  if (value === null) return "null";
  try {
    if (Array.isArray(value)) return "an array";
  } catch {
    // A revoked Proxy.
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function optionError(caller, name, expected, value) {
  return new TypeError(`${caller}: options.${name}: expected ${expected}, found ${kindOf(value)}`);
}

function optional(caller, options, name, type, expected) {
  const value = options[name];
  if (value !== undefined && typeof value !== type) throw optionError(caller, name, expected, value);
  return value;
}

function checkOptions(caller, router, options) {
  if (router === null || typeof router !== "object" || typeof router.dispatch !== "function") {
    throw new TypeError(`${caller}: expected an EventRouter, found ${kindOf(router)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError(`${caller}: options: expected an object, found ${kindOf(options)}`);
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name)) throw new TypeError(`${caller}: options.${name}: unknown option (known: ${OPTIONS.join(", ")})`);
  }
  const keys = options.apiKeys ?? [];
  if (!Array.isArray(keys)) throw optionError(caller, "apiKeys", "an array of strings", keys);
  keys.forEach((key, i) => {
    if (typeof key !== "string") throw optionError(caller, `apiKeys[${i}]`, "a string", key);
  });
  const { maxBodyBytes = DEFAULT_MAX_BODY_BYTES, handlerErrorStatus = 500 } = options;
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw optionError(caller, "maxBodyBytes", "a non-negative integer", maxBodyBytes);
  }
  const status = handlerErrorStatus;
  if (!(Number.isInteger(status) && status >= 200 && status <= 599 && !NULL_BODY_STATUSES.includes(status))) {
    throw optionError(caller, "handlerErrorStatus", "an HTTP status from 200 to 599 that allows a body", status);
  }
  const timeouts = {};
  for (const [name, fallback] of Object.entries(TIMEOUTS)) {
    const value = options[name] ?? fallback;
    if (!(Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS)) {
      throw optionError(caller, name, `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`, value);
    }
    timeouts[name] = value;
  }
  const allowUnauthenticated = optional(caller, options, "allowUnauthenticated", "boolean", "a boolean");
  return {
    ...timeouts,
    router,
    keys: [...keys],
    header: optional(caller, options, "apiKeyHeader", "string", "a string"),
    verifyBearer: optional(caller, options, "verifyBearer", "function", "a function"),
    allowUnauthenticated: allowUnauthenticated === true,
    maxBodyBytes,
    handlerErrorStatus: status,
    respondEarly: optional(caller, options, "respondEarly", "boolean", "a boolean") === true,
    onError: optional(caller, options, "onError", "function", "a function"),
    onBackgroundError: optional(caller, options, "onBackgroundError", "function", "a function"),
  };
}

// The raw endpoint, rebuilt when the instance was replaced (its objects go stale), behind a
// facade whose every member goes through the guard: a trap inside the endpoint's own Rust
// replaces the instance just as one in the router does.
function rawEndpoint(caller, settings) {
  const build = () => {
    try {
      const { keys, header, verifyBearer, allowUnauthenticated, maxBodyBytes } = settings;
      const { verifyBearerTimeoutMs, bodyTimeoutMs, handlerTimeoutMs } = settings;
      const bearer = verifyBearer !== undefined;
      return guarded(
        () => new raw.RawEndpoint(keys, header, bearer, allowUnauthenticated, maxBodyBytes, verifyBearerTimeoutMs, bodyTimeoutMs, handlerTimeoutMs),
      );
    } catch (error) {
      if (typeof error?.code !== "string" || error.code === "internal" || error.code === "not_initialized") throw error;
      const refused = new TypeError(`${caller}: ${error.message}`);
      refused.code = error.code;
      throw refused;
    }
  };
  let endpoint = build();
  let builtIn = generation;
  const current = () => {
    if (builtIn !== generation) {
      endpoint = build();
      builtIn = generation;
    }
    return endpoint;
  };
  const facade = {};
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(raw.RawEndpoint.prototype))) {
    if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
    if (typeof descriptor.value === "function") {
      facade[name] = (...args) => guarded(() => current()[name](...args));
    } else if (descriptor.get !== undefined) {
      Object.defineProperty(facade, name, { get: () => guarded(() => current()[name]) });
    }
  }
  return () => facade;
}

// ---- the endpoint ----

/**
 * A fetch handler for the Connector's webhooks: `(request, ctx?) => Promise<Response>`, for
 * Workers, Vercel, Deno, Bun and Node servers. Refuses to start (throws a TypeError with `code`)
 * without `apiKeys`, `verifyBearer` or `allowUnauthenticated: true`, or with an API key that
 * cannot travel in a header. The promise always resolves to a Response; it rejects only with a
 * TypeError when `request` is not a fetch Request.
 */
export function createWebhookHandler(router, options) {
  const settings = checkOptions("createWebhookHandler", router, options);
  const endpoint = rawEndpoint("createWebhookHandler", settings);
  return (request, ctx) => {
    if (!isRequest(request)) {
      return Promise.reject(new TypeError(`handleWebhook: expected a fetch Request, found ${kindOf(request)}`));
    }
    return answer(settings, endpoint, request, ctx);
  };
}

// handleWebhook's handlers, by options object and router.
const handlers = new WeakMap();

/**
 * Answers one webhook request. The same as `createWebhookHandler(router, options)(request, ctx)`,
 * with the handler kept for the same options object and router (options are read once).
 * Rejects with the TypeError `createWebhookHandler` would throw.
 */
export async function handleWebhook(request, router, options, ctx) {
  const byRouter = (options !== null && typeof options === "object" && handlers.get(options)) || new WeakMap();
  let handler = byRouter.get(router);
  if (handler === undefined) {
    handler = createWebhookHandler(router, options);
    byRouter.set(router, handler);
    handlers.set(options, byRouter);
  }
  return handler(request, ctx);
}

function isRequest(request) {
  try {
    return request !== null && typeof request === "object" && typeof request.headers?.get === "function";
  } catch {
    return false;
  }
}

function respond([status, body, headers]) {
  return new Response(body, { status, headers });
}

function report(callback, error, request) {
  if (callback === undefined) return;
  try {
    Promise.resolve(callback(error, request)).catch(() => {});
  } catch {
    // An error callback's own failure must not change the answer.
  }
}

function endpointError(code, message, cause) {
  const error = new Error(message, { cause });
  error.code = code;
  return error;
}

let correlationCounter = 0;

/** A new id for one internal failure: a UUID where the runtime has `crypto.randomUUID`. */
function newCorrelationId() {
  try {
    if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  } catch {
    // Outside a request context some runtimes refuse; fall through.
  }
  correlationCounter = (correlationCounter + 1) % Number.MAX_SAFE_INTEGER;
  const random = Math.random().toString(36).slice(2, 12).padEnd(10, "0");
  return `${Date.now().toString(36)}-${correlationCounter.toString(36)}-${random}`;
}

/**
 * 500 `internal` with a fresh correlation id, which `onError` receives too (as
 * `error.correlationId`, with what failed as `error.cause`). Never throws.
 */
function internal(settings, current, cause, request, message = "the endpoint failed unexpectedly") {
  const correlationId = newCorrelationId();
  const error = endpointError("internal", message, cause);
  error.correlationId = correlationId;
  report(settings.onError, error, request);
  try {
    return respond(current().internal(correlationId));
  } catch {
    const body = JSON.stringify({ code: "internal", message: INTERNAL_MESSAGE, correlationId });
    return new Response(body, { status: 500, headers: { "content-type": "application/json" } });
  }
}

/** A timer as a promise of TIMED_OUT; `clear` it when done so nothing keeps the process alive. */
function deadline(ms) {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.min(ms, MAX_TIMEOUT_MS), TIMED_OUT);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** `promise`'s value, or TIMED_OUT when it has not settled within `ms`. */
async function within(promise, ms) {
  const timer = deadline(ms);
  try {
    return await Promise.race([promise, timer.promise]);
  } finally {
    timer.clear();
  }
}

/** Never rejects: whatever goes wrong answers 500 `internal`. */
async function answer(settings, current, request, ctx) {
  try {
    return await handle(settings, current, request, ctx);
  } catch (error) {
    cancel(request);
    return internal(settings, current, error, request);
  }
}

// `current()` at every use: a trap elsewhere during an await replaces the instance.
async function handle(settings, current, request, ctx) {
  const { headers } = request;
  const refused =
    current().method(String(request.method)) ??
    (await authenticate(settings, current, request)) ??
    current().contentType(headers.get("content-type") ?? undefined) ??
    current().declaredLength(headers.get("content-length") ?? undefined);
  if (refused !== undefined) {
    await drain(settings, request);
    return respond(refused);
  }
  const read = await readBody(request, settings);
  if (read.reply !== undefined) return respond(read.reply(current()));
  const { body } = read;

  const delivery = { kind: "webhook", body, url: request.url };
  const correlationId = headers.get("x-correlation-id");
  if (correlationId) delivery.correlationId = correlationId;
  let dispatched;
  try {
    dispatched = Promise.resolve(settings.router.dispatch(delivery, { handlerTimeoutMs: settings.handlerTimeoutMs }));
  } catch (error) {
    dispatched = Promise.reject(error);
  }
  if (settings.respondEarly && typeof ctx?.waitUntil === "function") {
    // A parse error rejects at once, so does a dispatch whose handlers all ran synchronously;
    // Promise.race sees an already settled promise before the PENDING marker.
    const first = await Promise.race([dispatched, PENDING]).catch(() => undefined);
    if (first === PENDING && inBackground(settings, dispatched, request, ctx)) return respond(current().background());
  }
  // The router stops waiting for a handler after handlerTimeoutMs; this backstop answers even
  // when the dispatch itself never settles.
  const backstop = settings.handlerTimeoutMs + Math.min(settings.handlerTimeoutMs, 1000);
  let result;
  try {
    result = await within(dispatched, backstop);
  } catch (error) {
    return failure(settings, current, error, request);
  }
  if (result === TIMED_OUT) {
    const message = `the dispatch did not settle within ${backstop} ms`;
    report(settings.onError, endpointError("handler_timeout", message), request);
    return respond(current().handlerTimeout(settings.handlerErrorStatus));
  }
  return respond(current().accepted(String(result.event.name), result.ran.length));
}

/** `undefined` when the request is authenticated, else the refusal. */
async function authenticate(settings, current, request) {
  const endpoint = current();
  if (endpoint.open) return undefined;
  let presented;
  const header = endpoint.apiKeyHeader;
  const key = header === undefined ? null : request.headers.get(header);
  if (key !== null) {
    if (endpoint.checkApiKey(key)) return undefined;
    presented = "key";
  }
  if (settings.verifyBearer !== undefined) {
    const token = endpoint.bearerToken(request.headers.get("authorization") ?? "");
    if (token !== undefined) {
      let accepted;
      try {
        // A verifier that throws synchronously rejects this promise like one that rejects.
        const verdict = new Promise((resolve) => resolve(settings.verifyBearer(token, request)));
        accepted = await within(verdict, settings.verifyBearerTimeoutMs);
      } catch (cause) {
        report(settings.onError, endpointError("auth_error", "verifyBearer threw or rejected", cause), request);
        return current().authError();
      }
      if (accepted === TIMED_OUT) {
        const message = `verifyBearer did not settle within ${settings.verifyBearerTimeoutMs} ms`;
        report(settings.onError, endpointError("auth_timeout", message), request);
        return current().authTimeout();
      }
      if (accepted === true) return undefined;
      presented = "bearer";
    }
  }
  return current().unauthorized(presented);
}

/**
 * Reads the body within `bodyTimeoutMs`: `{ body }` (its bytes), or `{ reply }` (a function of
 * the endpoint) for a body over `maxBodyBytes` (413, the rest drained up to a bound, then cancelled),
 * one that did not arrive in time (408, cancelled) or a stream that failed (400).
 */
async function readBody(request, settings) {
  let body;
  try {
    body = await readStream(request.body, settings.maxBodyBytes, settings.bodyTimeoutMs, (reader) => drainReader(reader, settings));
  } catch (error) {
    if (error?.code === "body_timeout") {
      report(settings.onError, endpointError("body_timeout", error.message), request);
      return { reply: (endpoint) => endpoint.bodyTimeout() };
    }
    report(settings.onError, endpointError("unreadable_body", "the request body could not be read", error?.cause ?? error), request);
    return { reply: (endpoint) => endpoint.unreadable() };
  }
  if (body === TOO_LARGE) return { reply: (endpoint) => endpoint.tooLarge() };
  return { body };
}

/** Cancels a request's body if nothing has read it yet. Never throws. */
function cancel(request) {
  try {
    const { body } = request;
    if (body && !body.locked) body.cancel().catch(() => {});
  } catch {
    // Nothing to release.
  }
}

/** How many bytes of a refused body are read and dropped at most. */
function drainBudget(settings) {
  return Math.max(DRAIN_FACTOR * settings.maxBodyBytes, DRAIN_MIN_BYTES);
}

/**
 * Releases the body of a request refused before it was read: reads and drops it (up to
 * drainBudget, for at most DRAIN_MS) so the runtime can reuse the connection for the next
 * delivery, then cancels whatever is left. Left unread, the runtime may close the connection
 * under the client's next request, which the Connector does not retry (workerd does). A body
 * that declares itself larger than the budget is cancelled at once. Never throws.
 */
async function drain(settings, request) {
  try {
    const { body } = request;
    if (!body || body.locked) return;
    const declared = Number(request.headers.get("content-length") ?? Number.NaN);
    if (declared > drainBudget(settings)) {
      body.cancel().catch(() => {});
      return;
    }
    await drainReader(body.getReader(), settings);
  } catch {
    cancel(request);
  }
}

/** Reads and drops up to drainBudget bytes within DRAIN_MS, then cancels the rest. Never throws. */
async function drainReader(reader, settings) {
  const timer = deadline(Math.min(settings.bodyTimeoutMs, DRAIN_MS));
  const budget = drainBudget(settings);
  try {
    let drained = 0;
    while (drained <= budget) {
      const step = await Promise.race([reader.read(), timer.promise]);
      if (step === TIMED_OUT) break;
      if (step.done) return;
      drained += bytesOf(step.value)?.byteLength ?? 1;
    }
  } catch {
    // A failed stream has nothing left to release.
    return;
  } finally {
    timer.clear();
  }
  cancelReader(reader);
}

/** Hands the rest of the dispatch to `ctx.waitUntil`; false when that refused. */
function inBackground(settings, dispatched, request, ctx) {
  const rest = dispatched.then(
    () => undefined,
    (error) => report(settings.onBackgroundError, error, request),
  );
  try {
    ctx.waitUntil(rest);
    return true;
  } catch {
    return false;
  }
}

/** Reads `object[key]`; `undefined` when that throws (a revoked Proxy, a throwing getter). */
function safeGet(object, key) {
  try {
    return object === null || object === undefined ? undefined : object[key];
  } catch {
    return undefined;
  }
}

function safeInstanceOf(value, type) {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** The reply for a rejected dispatch. Never throws. */
function failure(settings, current, error, request) {
  try {
    const code = safeGet(error, "code");
    if (code === "handler_failed") {
      const report = safeGet(error, "report");
      const event = safeGet(safeGet(report, "event"), "name");
      const failed = safeGet(safeGet(report, "failed"), "length");
      const ran = safeGet(safeGet(report, "ran"), "length");
      const count = (n, fallback) => (Number.isSafeInteger(n) && n >= 0 && n <= 2 ** 32 - 1 ? n : fallback);
      const name = typeof event === "string" ? event : "the delivery";
      return respond(current().handlerFailed(name, count(failed, 1), count(ran, count(failed, 1)), settings.handlerErrorStatus));
    }
    const parseError = safeInstanceOf(error, EventParseError) || safeGet(error, "name") === "EventParseError";
    if (parseError && typeof code === "string" && code !== "internal") {
      const message = safeGet(error, "message");
      const path = safeGet(error, "path");
      return respond(current().invalid(code, String(message ?? ""), typeof path === "string" ? path : undefined));
    }
  } catch {
    // Fall through to an internal failure.
  }
  return internal(settings, current, error, request, "the router failed unexpectedly");
}
