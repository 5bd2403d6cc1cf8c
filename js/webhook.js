// The webhook endpoint: a fetch `Request` from the Connector's Webhooks module in, a `Response` out.
//
// The decisions (which key is accepted, in constant time; which content type is JSON; every
// status, code, message and body) are made in Rust (src/endpoint, src/wasm/endpoint.rs). This
// file reads the request (headers, the body stream up to the limit), calls the router and hands
// the answers back as Responses. Checks run in the order method → credentials → content type →
// size → delivery.

import * as raw from "./wasm/enmeshed_events.js";
import { EventParseError } from "./errors.js";

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const OPTIONS = [
  "apiKeys",
  "apiKeyHeader",
  "verifyBearer",
  "allowUnauthenticated",
  "maxBodyBytes",
  "handlerErrorStatus",
  "respondEarly",
  "onError",
  "onBackgroundError",
];
// Statuses a Response cannot carry a body with.
const NULL_BODY_STATUSES = [204, 205, 304];
const TOO_LARGE = Symbol("too large");
const PENDING = Symbol("pending");

// ---- options ----

// Names the type of a value, never the value: an option may hold a key.
function kindOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
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
  const allowUnauthenticated = optional(caller, options, "allowUnauthenticated", "boolean", "a boolean");
  return {
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

// The raw endpoint; rebuilt when the instance was replaced after a trap (its objects go stale).
function rawEndpoint(caller, settings) {
  const build = () => {
    try {
      const { keys, header, verifyBearer, allowUnauthenticated, maxBodyBytes } = settings;
      return new raw.RawEndpoint(keys, header, verifyBearer !== undefined, allowUnauthenticated, maxBodyBytes);
    } catch (error) {
      if (typeof error?.code !== "string") throw error;
      const refused = new TypeError(`${caller}: ${error.message}`);
      refused.code = error.code;
      throw refused;
    }
  };
  let endpoint = build();
  return () => {
    try {
      void endpoint.open;
    } catch {
      endpoint = build();
    }
    return endpoint;
  };
}

// ---- the endpoint ----

/**
 * A fetch handler for the Connector's webhooks: `(request, ctx?) => Promise<Response>`, for
 * Workers, Vercel, Deno, Bun and Node servers. Refuses to start (throws a TypeError with `code`)
 * without `apiKeys`, `verifyBearer` or `allowUnauthenticated: true`.
 */
export function createWebhookHandler(router, options) {
  const settings = checkOptions("createWebhookHandler", router, options);
  const endpoint = rawEndpoint("createWebhookHandler", settings);
  return (request, ctx) => handle(settings, endpoint, request, ctx);
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

// `current()` at every use: a trap elsewhere during an await replaces the instance.
async function handle(settings, current, request, ctx) {
  if (request === null || typeof request !== "object" || typeof request.headers?.get !== "function") {
    throw new TypeError(`handleWebhook: expected a fetch Request, found ${kindOf(request)}`);
  }
  const { headers } = request;
  const refused =
    current().method(String(request.method)) ??
    (await authenticate(settings, current, request)) ??
    current().contentType(headers.get("content-type") ?? undefined) ??
    current().declaredLength(headers.get("content-length") ?? undefined);
  if (refused !== undefined) {
    discard(request);
    return respond(refused);
  }
  let body;
  try {
    body = await readBody(request.body, settings.maxBodyBytes);
  } catch (cause) {
    report(settings.onError, endpointError("unreadable_body", "the request body could not be read", cause), request);
    return respond(current().unreadable());
  }
  if (body === TOO_LARGE) return respond(current().tooLarge());

  const delivery = { kind: "webhook", body, url: request.url };
  const correlationId = headers.get("x-correlation-id");
  if (correlationId) delivery.correlationId = correlationId;
  let dispatched;
  try {
    dispatched = Promise.resolve(settings.router.dispatch(delivery));
  } catch (error) {
    dispatched = Promise.reject(error);
  }
  if (settings.respondEarly && typeof ctx?.waitUntil === "function") {
    // A parse error rejects at once, so does a dispatch whose handlers all ran synchronously;
    // Promise.race sees an already settled promise before the PENDING marker.
    const first = await Promise.race([dispatched, PENDING]).catch(() => undefined);
    if (first === PENDING && inBackground(settings, dispatched, request, ctx)) return respond(current().background());
  }
  try {
    const result = await dispatched;
    return respond(current().accepted(result.event.name, result.ran.length));
  } catch (error) {
    return respond(failure(settings, current(), error, request));
  }
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
        accepted = (await settings.verifyBearer(token, request)) === true;
      } catch (cause) {
        report(settings.onError, endpointError("auth_error", "verifyBearer threw or rejected", cause), request);
        return current().authError();
      }
      if (accepted) return undefined;
      presented = "bearer";
    }
  }
  return current().unauthorized(presented);
}

/** The body's bytes, or TOO_LARGE as soon as more than `limit` bytes arrived (then the stream is cancelled). */
async function readBody(stream, limit) {
  if (stream === null || stream === undefined) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = bytesOf(value);
    if (chunk === undefined) {
      reader.cancel().catch(() => {});
      throw new TypeError(`expected the body stream to yield bytes, found ${kindOf(value)}`);
    }
    size += chunk.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

/** Cancels the body of a refused request, so nothing reads or buffers it. */
function discard(request) {
  try {
    if (request.body && !request.bodyUsed && !request.body.locked) request.body.cancel().catch(() => {});
  } catch {
    // Nothing to release.
  }
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

/** The reply for a rejected dispatch. */
function failure(settings, endpoint, error, request) {
  if (error?.code === "handler_failed" && error.report) {
    const { event, failed, ran } = error.report;
    return endpoint.handlerFailed(event.name, failed.length, ran.length, settings.handlerErrorStatus);
  }
  if (error instanceof EventParseError || error?.name === "EventParseError") {
    return endpoint.invalid(String(error.code), String(error.message), error.path === undefined ? undefined : String(error.path));
  }
  report(settings.onError, endpointError("internal", "the router failed unexpectedly", error), request);
  return endpoint.invalid("internal", "the delivery could not be processed", undefined);
}
