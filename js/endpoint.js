// What the HTTP endpoints (webhook.js, pubsub-push.js) share: option checks, the raw endpoint of
// the wasm module (its replies), reading and releasing a request's body, timeouts, and the 500
// `internal` answer with a correlation id. Every function here either never throws or says so.

import { generation, guarded, raw } from "./instance.js";
import { TOO_LARGE, bytesOf, cancelReader, readBody as readStream } from "./body.js";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
// The longest a timer can wait (setTimeout fires at once past a signed 32-bit count of ms).
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const TIMED_OUT = Symbol("timed out");
// Statuses a Response cannot carry a body with.
const NULL_BODY_STATUSES = [204, 205, 304];
// How long a refused request's body is drained at most before it is cancelled, and how much of
// it (as a multiple of maxBodyBytes, at least DRAIN_MIN_BYTES).
const DRAIN_MS = 1000;
const DRAIN_FACTOR = 4;
const DRAIN_MIN_BYTES = 64 * 1024;
const INTERNAL_MESSAGE = "the request could not be processed";

// ---- options ----

/** Names the type of a value, never the value: an option may hold a key. */
export function kindOf(value) {
  if (value === null || value === undefined) return String(value);
  try {
    if (Array.isArray(value)) return "an array";
  } catch {
    // A revoked Proxy.
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function optionError(caller, name, expected, value) {
  return new TypeError(`${caller}: options.${name}: expected ${expected}, found ${kindOf(value)}`);
}

/** `options[name]` when it is undefined or of `type`, else a TypeError. */
export function optional(caller, options, name, type, expected) {
  const value = options[name];
  if (value !== undefined && typeof value !== type) throw optionError(caller, name, expected, value);
  return value;
}

/** Checks the router and that `options` is an object with only `known` names. */
export function checkBasics(caller, router, options, known) {
  if (router === null || typeof router !== "object" || typeof router.dispatch !== "function") {
    throw new TypeError(`${caller}: expected an EventRouter, found ${kindOf(router)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError(`${caller}: options: expected an object, found ${kindOf(options)}`);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new TypeError(`${caller}: options.${name}: unknown option (known: ${known.join(", ")})`);
  }
}

/** `options.maxBodyBytes` (default 1 MiB), checked. */
export function maxBodyBytesOf(caller, options) {
  const { maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw optionError(caller, "maxBodyBytes", "a non-negative integer", maxBodyBytes);
  }
  return maxBodyBytes;
}

/** Whether `status` is an HTTP status from 200 to 599 a Response can carry a body with. */
export function isBodyStatus(status) {
  return Number.isInteger(status) && status >= 200 && status <= 599 && !NULL_BODY_STATUSES.includes(status);
}

/** The timeouts named in `defaults` (name → default ms), each checked. */
export function timeoutsOf(caller, options, defaults) {
  const timeouts = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = options[name] ?? fallback;
    if (!(Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS)) {
      throw optionError(caller, name, `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`, value);
    }
    timeouts[name] = value;
  }
  return timeouts;
}

// ---- the raw endpoint ----

/**
 * The wasm module's endpoint (its decisions and replies) for `config`: `{ keys, header, bearer,
 * allowUnauthenticated, maxBodyBytes, verifyTimeoutMs, bodyTimeoutMs, handlerTimeoutMs }`.
 * Returns `current()`, which rebuilds it when the instance was replaced (its objects go stale),
 * behind a facade whose every member goes through the guard: a trap inside the endpoint's own
 * Rust replaces the instance just as one in the router does. Throws a TypeError with `code`
 * for a configuration the module refuses.
 */
export function rawEndpoint(caller, config) {
  const build = () => {
    try {
      const { keys, header, bearer, allowUnauthenticated, maxBodyBytes, verifyTimeoutMs, bodyTimeoutMs, handlerTimeoutMs } = config;
      return guarded(
        () => new raw.RawEndpoint(keys, header, bearer, allowUnauthenticated, maxBodyBytes, verifyTimeoutMs, bodyTimeoutMs, handlerTimeoutMs),
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

/**
 * `create(router, options)`'s handler kept per options object and router (options are read
 * once), for the `handleX(request, router, options)` forms.
 */
export function memoized(create) {
  const handlers = new WeakMap();
  return (router, options) => {
    const byRouter = (options !== null && typeof options === "object" && handlers.get(options)) || new WeakMap();
    let handler = byRouter.get(router);
    if (handler === undefined) {
      handler = create(router, options);
      byRouter.set(router, handler);
      handlers.set(options, byRouter);
    }
    return handler;
  };
}

// ---- answers ----

export function isRequest(request) {
  try {
    return request !== null && typeof request === "object" && typeof request.headers?.get === "function";
  } catch {
    return false;
  }
}

/** A Response from the module's `[status, body, headers]`. */
export function respond([status, body, headers]) {
  return new Response(body, { status, headers });
}

/** Tells an error callback; its own failure never changes the answer. */
export function report(callback, error, request) {
  if (callback === undefined) return;
  try {
    Promise.resolve(callback(error, request)).catch(() => {});
  } catch {
    // An error callback's own failure must not change the answer.
  }
}

export function endpointError(code, message, cause) {
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
export function internal(settings, current, cause, request, message = "the endpoint failed unexpectedly", code = "internal") {
  const correlationId = newCorrelationId();
  const error = endpointError(code, message, cause);
  error.correlationId = correlationId;
  report(settings.onError, error, request);
  try {
    return respond(current().internal(correlationId));
  } catch {
    const body = JSON.stringify({ code: "internal", message: INTERNAL_MESSAGE, correlationId });
    return new Response(body, { status: 500, headers: { "content-type": "application/json" } });
  }
}

/**
 * `handle(...)`'s answer, or 500 `internal` whatever it throws (the request's body cancelled).
 * Never rejects.
 */
export async function answerSafely(settings, current, request, handle) {
  try {
    return await handle();
  } catch (error) {
    cancel(request);
    return internal(settings, current, error, request);
  }
}

// ---- time ----

/** A timer as a promise of TIMED_OUT; `clear` it when done so nothing keeps the process alive. */
export function deadline(ms) {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.min(ms, MAX_TIMEOUT_MS), TIMED_OUT);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** `promise`'s value, or TIMED_OUT when it has not settled within `ms`. */
export async function within(promise, ms) {
  const timer = deadline(ms);
  try {
    return await Promise.race([promise, timer.promise]);
  } finally {
    timer.clear();
  }
}

/** The value of `fn()` (called now), awaited within `ms`; a synchronous throw rejects. */
export function callWithin(fn, ms) {
  return within(new Promise((resolve) => resolve(fn())), ms);
}

// ---- the body ----

/**
 * Reads the body within `bodyTimeoutMs`: `{ body }` (its bytes), or `{ reply }` (a function of
 * the endpoint) for a body over `maxBodyBytes` (413, the rest drained up to a bound, then cancelled),
 * one that did not arrive in time (408, cancelled) or a stream that failed (400).
 */
export async function readBody(request, settings) {
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
  if (body === TOO_LARGE) return { reply: (endpoint) => endpoint.tooLarge(), tooLarge: true };
  return { body };
}

/** Cancels a request's body if nothing has read it yet. Never throws. */
export function cancel(request) {
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
export async function drain(settings, request) {
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

// ---- reading what a failure carries ----

/** Reads `object[key]`; `undefined` when that throws (a revoked Proxy, a throwing getter). */
export function safeGet(object, key) {
  try {
    return object === null || object === undefined ? undefined : object[key];
  } catch {
    return undefined;
  }
}

export function safeInstanceOf(value, type) {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** A count from a report (0 … 2^32 − 1), else `fallback`. */
export function countOf(n, fallback) {
  return Number.isSafeInteger(n) && n >= 0 && n <= 2 ** 32 - 1 ? n : fallback;
}
