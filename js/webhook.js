// The webhook endpoint: a fetch `Request` from the Connector's Webhooks module in, a `Response` out.
//
// The decisions (which key is accepted, in constant time; which content type is JSON; every
// status, code, message and body) are made in Rust (src/endpoint, src/wasm/endpoint.rs). This
// file reads the request (headers, the body stream up to the limit), calls the router and hands
// the answers back as Responses. Checks run in the order method → credentials → content type →
// size → delivery. What it shares with the Pub/Sub push endpoint is in endpoint.js.
//
// Every request gets an answer: the handler's promise resolves to a Response whatever a router,
// a handler, a hook or the request itself throws (only a non-Request argument rejects), every
// wait is bounded by a timeout, and a refused request's body is drained or cancelled so the
// connection stays usable for the next delivery.

import { EventParseError } from "./errors.js";
import {
    TIMED_OUT,
  answerSafely,
  checkBasics,
  countOf,
  drain,
  endpointError,
  internal,
  isBodyStatus,
  isRequest,
  kindOf,
  maxBodyBytesOf,
  memoized,
  optionError,
  optional,
  rawEndpoint,
  readBody,
  report,
  respond,
  safeGet,
  safeInstanceOf,
  timeoutsOf,
  within,
} from "./endpoint.js";

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
const PENDING = Symbol("pending");

function checkOptions(caller, router, options) {
  checkBasics(caller, router, options, OPTIONS);
  const keys = options.apiKeys ?? [];
  if (!Array.isArray(keys)) throw optionError(caller, "apiKeys", "an array of strings", keys);
  keys.forEach((key, i) => {
    if (typeof key !== "string") throw optionError(caller, `apiKeys[${i}]`, "a string", key);
  });
  const maxBodyBytes = maxBodyBytesOf(caller, options);
  const { handlerErrorStatus: status = 500 } = options;
  if (!isBodyStatus(status)) {
    throw optionError(caller, "handlerErrorStatus", "an HTTP status from 200 to 599 that allows a body", status);
  }
  const timeouts = timeoutsOf(caller, options, TIMEOUTS);
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
  const endpoint = rawEndpoint("createWebhookHandler", {
    ...settings,
    bearer: settings.verifyBearer !== undefined,
    verifyTimeoutMs: settings.verifyBearerTimeoutMs,
  });
  return (request, ctx) => {
    if (!isRequest(request)) {
      return Promise.reject(new TypeError(`handleWebhook: expected a fetch Request, found ${kindOf(request)}`));
    }
    return answerSafely(settings, endpoint, request, () => handle(settings, endpoint, request, ctx));
  };
}

const handlerFor = memoized(createWebhookHandler);

/**
 * Answers one webhook request. The same as `createWebhookHandler(router, options)(request, ctx)`,
 * with the handler kept for the same options object and router (options are read once).
 * Rejects with the TypeError `createWebhookHandler` would throw.
 */
export async function handleWebhook(request, router, options, ctx) {
  return handlerFor(router, options)(request, ctx);
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

/** The reply for a rejected dispatch. Never throws. */
function failure(settings, current, error, request) {
  try {
    const code = safeGet(error, "code");
    if (code === "handler_failed") {
      const report = safeGet(error, "report");
      const event = safeGet(safeGet(report, "event"), "name");
      const failed = safeGet(safeGet(report, "failed"), "length");
      const ran = safeGet(safeGet(report, "ran"), "length");
      const name = typeof event === "string" ? event : "the delivery";
      return respond(current().handlerFailed(name, countOf(failed, 1), countOf(ran, countOf(failed, 1)), settings.handlerErrorStatus));
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
