// The Google Pub/Sub push endpoint: a push request (the envelope `{ message: { data, attributes:
// { namespace }, messageId, publishTime }, subscription }`) in, a Response out whose status is
// Pub/Sub's acknowledgement.
//
// Pub/Sub acknowledges a message on 102, 200, 201, 202 or 204 and delivers it again on any other
// status (or no answer within the subscription's ack deadline), after the subscription's retry
// policy and its push backoff; it reads nothing else of the answer (no Retry-After). So:
//   - handlers succeeded, or the event was already handled (the guard says "done")  → 204
//   - a handler failed or timed out, the guard is busy or failing, the JWKS is down → non-2xx
//   - a poison message (an envelope or data that can never parse) → 204 after `onDeadLetter`
//     by default: a non-2xx would make Pub/Sub deliver it again and again until the
//     subscription's own dead-letter policy gives up, and without one for as long as it
//     retains messages (7 days by default), with the push backoff slowing every other message.
//     `rejectPoison: true` answers 400/413 instead, for subscriptions that have that policy.
// A non-2xx for a failing handler is what makes the at-least-once delivery: nothing is
// acknowledged before the handlers finished (there is no respondEarly here).
//
// The shared endpoint machinery (timeouts, body reading, the internal answer) is endpoint.js;
// the statuses and bodies come from Rust (src/endpoint); the token checks are oidc.js.

import { EventParseError } from "./errors.js";
import {
  TIMED_OUT,
  answerSafely,
  callWithin,
  checkBasics,
  countOf,
  drain,
  endpointError,
  internal,
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
} from "./endpoint.js";
import { checkOidcConfig, oidcVerifier } from "./oidc.js";
import { DEFAULT_GUARD_TTL_MS, DEFAULT_HASH_KEY_TTL_MS, guardedDispatch, handlerTimedOut, missingGuardMethod } from "./guarded-dispatch.js";

// handlerTimeoutMs stays under the default ack deadline (10 s): past it Pub/Sub sends the message
// again while the first delivery still runs.
const TIMEOUTS = { verifyTimeoutMs: 5000, bodyTimeoutMs: 10_000, handlerTimeoutMs: 8000, guardTimeoutMs: 5000, deadLetterTimeoutMs: 5000 };
const OPTIONS = [
  "verify",
  "allowUnauthenticated",
  "guard",
  "guardTtlMs",
  "hashKeyTtlMs",
  "onDeadLetter",
  "rejectPoison",
  "maxBodyBytes",
  "handlerErrorStatus",
  ...Object.keys(TIMEOUTS),
  "onError",
];
// How long a handled event's key is remembered: Pub/Sub retains (and may redeliver) a message
// for 7 days by default.
// For a key that is a hash of the data (`event.keyIsHash`), shared by distinct occurrences with
// identical data: a redelivery window, not a week (the same default as consume's).

const ACKNOWLEDGED = 204;

function checkOptions(caller, router, options) {
  checkBasics(caller, router, options, OPTIONS);
  if (typeof router.parse !== "function" || typeof router.dispatchEvent !== "function") {
    throw new TypeError(`${caller}: expected an EventRouter (with parse and dispatchEvent), found ${kindOf(router)}`);
  }
  const settings = {
    ...timeoutsOf(caller, options, TIMEOUTS),
    router,
    maxBodyBytes: maxBodyBytesOf(caller, options),
    allowUnauthenticated: optional(caller, options, "allowUnauthenticated", "boolean", "a boolean") === true,
    rejectPoison: optional(caller, options, "rejectPoison", "boolean", "a boolean") === true,
    onDeadLetter: optional(caller, options, "onDeadLetter", "function", "a function"),
    onError: optional(caller, options, "onError", "function", "a function"),
  };
  const { verify } = options;
  if (typeof verify === "function") settings.verify = verify;
  else if (verify !== null && typeof verify === "object" && !Array.isArray(verify)) settings.oidc = oidcVerifier(checkOidcConfig(caller, verify));
  else if (verify !== undefined) throw optionError(caller, "verify", "a function or an OIDC configuration object", verify);
  if (!settings.allowUnauthenticated && verify === undefined) {
    const error = new TypeError(`${caller}: no authentication configured: set verify (an OIDC configuration or a function), or allowUnauthenticated: true to accept every request`);
    error.code = "no_authentication";
    throw error;
  }
  if (settings.allowUnauthenticated && verify !== undefined) {
    const error = new TypeError(`${caller}: allowUnauthenticated: true cannot be combined with verify`);
    error.code = "conflicting_authentication";
    throw error;
  }
  const { handlerErrorStatus = 500, guardTtlMs = DEFAULT_GUARD_TTL_MS, hashKeyTtlMs = DEFAULT_HASH_KEY_TTL_MS, guard } = options;
  // Every status Pub/Sub acknowledges on is below 400.
  if (!(Number.isInteger(handlerErrorStatus) && handlerErrorStatus >= 400 && handlerErrorStatus <= 599)) {
    throw optionError(caller, "handlerErrorStatus", "an HTTP status from 400 to 599 (one Pub/Sub does not take as an acknowledgement)", handlerErrorStatus);
  }
  settings.handlerErrorStatus = handlerErrorStatus;
  if (guard !== undefined) {
    const missing = missingGuardMethod(guard);
    if (missing !== undefined) throw optionError(caller, `guard.${missing}`, "a function (a GuardStore)", safeGet(guard, missing));
    settings.guard = guard;
  }
  if (!(Number.isSafeInteger(guardTtlMs) && guardTtlMs >= 1000)) throw optionError(caller, "guardTtlMs", "a whole number of milliseconds, at least 1000", guardTtlMs);
  settings.guardTtlMs = guardTtlMs;
  if (!(Number.isSafeInteger(hashKeyTtlMs) && hashKeyTtlMs >= 1000)) throw optionError(caller, "hashKeyTtlMs", "a whole number of milliseconds, at least 1000", hashKeyTtlMs);
  settings.hashKeyTtlMs = Math.min(hashKeyTtlMs, guardTtlMs);
  return settings;
}

// ---- the endpoint ----

/**
 * A fetch handler for Pub/Sub push: `(request) => Promise<Response>`, for Workers, Vercel,
 * Deno, Bun and Node servers. Refuses to start (throws a TypeError) without `verify` or
 * `allowUnauthenticated: true`. The promise always resolves to a Response; it rejects only with
 * a TypeError when `request` is not a fetch Request.
 */
export function createPubSubPushHandler(router, options) {
  const caller = "createPubSubPushHandler";
  const settings = checkOptions(caller, router, options);
  const endpoint = rawEndpoint(caller, {
    keys: [],
    header: undefined,
    bearer: !settings.allowUnauthenticated,
    allowUnauthenticated: settings.allowUnauthenticated,
    maxBodyBytes: settings.maxBodyBytes,
    verifyTimeoutMs: settings.verifyTimeoutMs,
    bodyTimeoutMs: settings.bodyTimeoutMs,
    handlerTimeoutMs: settings.handlerTimeoutMs,
  });
  return (request) => {
    if (!isRequest(request)) {
      return Promise.reject(new TypeError(`handlePubSubPush: expected a fetch Request, found ${kindOf(request)}`));
    }
    return answerSafely(settings, endpoint, request, () => handle(settings, endpoint, request));
  };
}

const handlerFor = memoized(createPubSubPushHandler);

/**
 * Answers one push request. The same as `createPubSubPushHandler(router, options)(request)`, with
 * the handler (and its key cache) kept for the same options object and router.
 */
export async function handlePubSubPush(request, router, options) {
  return handlerFor(router, options)(request);
}

const acknowledge = () => new Response(null, { status: ACKNOWLEDGED });

// `current()` at every use: a trap elsewhere during an await replaces the instance.
async function handle(settings, current, request) {
  const { headers } = request;
  const refused =
    current().method(String(request.method)) ??
    (await authenticate(settings, current, request)) ??
    current().contentType(headers.get("content-type") ?? undefined);
  if (refused !== undefined) {
    await drain(settings, request);
    return respond(refused);
  }
  // An authenticated push over the limit will never fit: a poison message, like a broken one.
  if (current().declaredLength(headers.get("content-length") ?? undefined) !== undefined) {
    await drain(settings, request);
    return poison(settings, current, request, tooLarge(settings), undefined);
  }
  const read = await readBody(request, settings);
  if (read.tooLarge) return poison(settings, current, request, tooLarge(settings), undefined);
  if (read.reply !== undefined) return respond(read.reply(current()));
  const { body } = read;

  let event;
  try {
    event = settings.router.parse({ kind: "pubsub", body });
  } catch (error) {
    if (isParseError(error)) return poison(settings, current, request, error, body);
    throw error;
  }
  return dispatch(settings, current, request, event, body);
}

// ---- authentication ----

/** `undefined` when the request is authenticated, else the refusal (never says why). */
async function authenticate(settings, current, request) {
  if (settings.allowUnauthenticated) return undefined;
  let verdict;
  try {
    verdict = await callWithin(() => (settings.oidc === undefined ? settings.verify(request) : checkToken(settings, current, request)), settings.verifyTimeoutMs);
  } catch (cause) {
    const jwks = safeGet(cause, "code") === "jwks_unavailable";
    const message = jwks ? "the JWKS to verify the token with could not be fetched" : "verify threw or rejected";
    report(settings.onError, endpointError("auth_error", message, cause), request);
    return current().authError();
  }
  if (verdict === TIMED_OUT) {
    report(settings.onError, endpointError("auth_timeout", `the token was not verified within ${settings.verifyTimeoutMs} ms`), request);
    return current().authTimeout();
  }
  if (verdict === true || verdict?.ok === true) return undefined;
  const reason = typeof verdict?.reason === "string" ? verdict.reason : "rejected";
  const error = endpointError("unauthenticated", verdict?.message ?? "verify did not return true");
  error.reason = reason;
  report(settings.onError, error, request);
  return current().unauthenticated();
}

function checkToken(settings, current, request) {
  const token = current().bearerToken(request.headers.get("authorization") ?? "");
  if (token === undefined) return { ok: false, reason: "missing_token", message: "no authorization bearer token" };
  return settings.oidc.verify(token);
}

// ---- dispatch ----

async function dispatch(settings, current, request, event, body) {
  const run = () => settings.router.dispatchEvent(event, { handlerTimeoutMs: settings.handlerTimeoutMs });
  const guarded = await guardedDispatch({
    guard: settings.guard,
    event,
    // The claim lasts as long as the handlers may run, so a push that died with its worker
    // frees the event for the next delivery.
    leaseMs: backstopOf(settings) + settings.guardTimeoutMs,
    guardTtlMs: settings.guardTtlMs,
    hashKeyTtlMs: settings.hashKeyTtlMs,
    dispatch: () => settle(settings, run),
    guardCall: (operation, call) => guardCall(settings, request, operation, call),
    // A handler still running past its timeout keeps the claim until its lease ends, so a
    // redelivery does not run beside it.
    keepsClaim: (outcome) => outcome.timedOut === true || (outcome.error !== undefined && handlerTimedOut(outcome.error)),
  });
  switch (guarded.outcome) {
    case "duplicate":
      return acknowledge();
    case "busy":
      return respond(current().inProgress());
    case "guardFailed": {
      // guardCall's failures are endpoint errors already; an impossible claim answer is not.
      const error = guarded.error instanceof TypeError ? endpointError("guard_failed", guarded.error.message) : guarded.error;
      return internal(settings, current, error, request, error.message, "guard_failed");
    }
    default:
      return answerOutcome(settings, current, request, guarded.result, body);
  }
}

/** The longest a dispatch is awaited: the router stops waiting at handlerTimeoutMs. */
function backstopOf(settings) {
  return settings.handlerTimeoutMs + Math.min(settings.handlerTimeoutMs, 1000);
}

/** `{ report }`, `{ error }` or `{ timedOut: true }` (the dispatch never settled). */
async function settle(settings, run) {
  try {
    const result = await callWithin(run, backstopOf(settings));
    return result === TIMED_OUT ? { timedOut: true } : { report: result };
  } catch (error) {
    return { error };
  }
}

/** A guard operation within guardTimeoutMs: `{ value }` or `{ failed, error }` (told to onError). */
async function guardCall(settings, request, operation, call) {
  let value;
  try {
    value = await callWithin(call, settings.guardTimeoutMs);
  } catch (cause) {
    const error = endpointError("guard_failed", `guard.${operation} threw or rejected`, cause);
    report(settings.onError, error, request);
    return { failed: true, error };
  }
  if (value === TIMED_OUT) {
    const error = endpointError("guard_failed", `guard.${operation} did not settle within ${settings.guardTimeoutMs} ms`);
    report(settings.onError, error, request);
    return { failed: true, error };
  }
  return { value };
}

/** 204 for a report; the handler error status for a failure or a dispatch that never settled. */
function answerOutcome(settings, current, request, outcome, body) {
  if (outcome.report !== undefined) return acknowledge();
  if (outcome.timedOut) {
    const message = `the dispatch did not settle within ${backstopOf(settings)} ms`;
    report(settings.onError, withMessage(endpointError("handler_timeout", message), body), request);
    return respond(current().handlerTimeout(settings.handlerErrorStatus));
  }
  const { error } = outcome;
  try {
    if (safeGet(error, "code") === "handler_failed") {
      const failures = safeGet(error, "report");
      const event = safeGet(safeGet(failures, "event"), "name");
      const failed = countOf(safeGet(safeGet(failures, "failed"), "length"), 1);
      const ran = countOf(safeGet(safeGet(failures, "ran"), "length"), failed);
      return respond(current().handlerFailed(typeof event === "string" ? event : "the delivery", failed, ran, settings.handlerErrorStatus));
    }
  } catch {
    // Fall through to an internal failure.
  }
  return internal(settings, current, error, request, "the router failed unexpectedly");
}

// ---- poison messages ----

function isParseError(error) {
  const code = safeGet(error, "code");
  const parseError = safeInstanceOf(error, EventParseError) || safeGet(error, "name") === "EventParseError";
  return parseError && typeof code === "string" && code !== "internal";
}

function tooLarge(settings) {
  return new EventParseError("too_large", `the push is more than the limit of ${settings.maxBodyBytes} bytes`, "body");
}

/**
 * A message that can never be handled: 204 after `onDeadLetter(error, envelope)` settled (a
 * dead-letter callback that fails answers 500, so Pub/Sub delivers it again rather than losing
 * it), or with `rejectPoison` the 400/413 the webhook endpoint would answer.
 */
async function poison(settings, current, request, error, body) {
  const envelope = pushEnvelope(body);
  report(settings.onError, withMessage(error, body, envelope), request);
  if (settings.rejectPoison) {
    const path = safeGet(error, "path");
    return respond(current().invalid(String(error.code), String(safeGet(error, "message") ?? ""), typeof path === "string" ? path : undefined));
  }
  if (settings.onDeadLetter !== undefined) {
    let outcome;
    try {
      outcome = await callWithin(() => settings.onDeadLetter(error, envelope), settings.deadLetterTimeoutMs);
    } catch (cause) {
      return internal(settings, current, cause, request, "onDeadLetter threw or rejected", "dead_letter_failed");
    }
    if (outcome === TIMED_OUT) {
      const message = `onDeadLetter did not settle within ${settings.deadLetterTimeoutMs} ms`;
      return internal(settings, current, undefined, request, message, "dead_letter_failed");
    }
  }
  return acknowledge();
}

/** Adds the Pub/Sub message id to an error for the logs (`error.messageId`), when there is one. */
function withMessage(error, body, envelope = pushEnvelope(body)) {
  try {
    if (envelope.messageId !== undefined && error !== null && typeof error === "object") error.messageId = envelope.messageId;
  } catch {
    // A frozen error keeps what it has.
  }
  return error;
}

function stringAt(object, ...names) {
  for (const name of names) {
    const value = safeGet(object, name);
    if (typeof value === "string") return value;
  }
  return undefined;
}

/**
 * What a poison push carried, as far as it can be read: `{ body, subscription?, messageId?,
 * publishTime?, attributes?, data?, deliveryAttempt? }`. Pub/Sub sends both camelCase and
 * snake_case names; `body` is the whole push as text (undefined when it was not read).
 */
function pushEnvelope(body) {
  const envelope = { body: undefined };
  if (body === undefined) return envelope;
  let text;
  try {
    text = new TextDecoder().decode(body);
    envelope.body = text;
  } catch {
    return envelope;
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return envelope;
  }
  const message = safeGet(parsed, "message");
  const fields = {
    subscription: stringAt(parsed, "subscription"),
    messageId: stringAt(message, "messageId", "message_id"),
    publishTime: stringAt(message, "publishTime", "publish_time"),
    data: stringAt(message, "data"),
  };
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) envelope[name] = value;
  const attributes = safeGet(message, "attributes");
  if (attributes !== null && typeof attributes === "object" && !Array.isArray(attributes)) envelope.attributes = attributes;
  const attempt = safeGet(parsed, "deliveryAttempt") ?? safeGet(parsed, "delivery_attempt");
  if (Number.isSafeInteger(attempt)) envelope.deliveryAttempt = attempt;
  return envelope;
}
