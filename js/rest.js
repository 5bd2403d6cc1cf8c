// ConnectorClient: the Connector REST client. Requests are built, sent (gloo-net, the global
// fetch), retried and read in wasm (src/rest, src/wasm/rest.rs); this file reads the caller's
// arguments into strings before anything reaches wasm, and makes every call's promise settle,
// even when a trap replaces the instance its future lives in.

import { ConnectorError, EventParseError, describeThrown } from "./errors.js";
import { callAsync, generation, guarded, raw } from "./instance.js";

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };
// Wasm memory never shrinks while a client is busy, and a Worker has 128 MB: a listing larger
// than this fails with `too_large` (ask for less) instead of taking the process down.
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function invalidArgument(message, cause) {
  return new ConnectorError({ code: "invalid_argument", status: 0, message, attempts: 0 }, cause === undefined ? undefined : { cause });
}

function optionalString(options, name) {
  const value = options[name];
  if (value !== undefined && typeof value !== "string") throw invalidArgument(`${name} must be a string`);
  return value;
}

function number(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) throw invalidArgument(`${name} must be a number`);
  return value;
}

// A number of milliseconds or bytes: finite, and above 0 unless `zero` is allowed.
function amount(value, name, fallback, { zero = false } = {}) {
  const n = number(value, name, fallback);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0)) throw invalidArgument(`${name} must be a finite number ${zero ? "of at least 0" : "above 0"}`);
  return n;
}

// The runtime's sleep. `signal` aborts when wasm stops waiting (the call ended another way):
// the timer is cleared and the promise settles, which frees wasm's callbacks on it. `callDone`
// aborts when the call has settled: a future that died with a replaced instance never aborts
// its own timers, and a 30 s timeout would keep the process alive.
function realSleep(ms, signal, callDone) {
  return new Promise((resolve) => {
    const id = setTimeout(resolve, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    const stop = () => {
      clearTimeout(id);
      resolve();
    };
    signal?.addEventListener("abort", stop, { once: true });
    callDone?.addEventListener("abort", stop, { once: true });
  });
}

// The call's clock as functions wasm can call without a JS exception reaching it. An injected
// clock (tests): a throwing `now` or `random` reads as NaN (wasm then uses the runtime's), and
// a `sleep` that throws or rejects waits in real time instead.
function wrapClock(clock, random) {
  const wrapped = { sleep: realSleep };
  if (clock !== undefined) {
    if (clock === null || typeof clock.now !== "function" || typeof clock.sleep !== "function") {
      throw invalidArgument("clock must be an object with now() and sleep(ms, signal) functions");
    }
    wrapped.now = () => {
      try {
        return Number(clock.now());
      } catch {
        return NaN;
      }
    };
    wrapped.sleep = (ms, signal) => {
      try {
        return Promise.resolve(clock.sleep(ms, signal)).catch(() => realSleep(ms, signal));
      } catch {
        return realSleep(ms, signal);
      }
    };
  }
  if (random !== undefined) {
    if (typeof random !== "function") throw invalidArgument("random must be a function");
    wrapped.random = () => {
      try {
        return Number(random());
      } catch {
        return NaN;
      }
    };
  }
  return wrapped;
}

// The calls listening to each caller's signal: one listener on the signal fans its abort out,
// so many concurrent calls sharing a signal add no listener each (Node warns past 10).
const relaysOf = new WeakMap();

// The signal wasm listens to: the caller's, relayed, so the relay can be cut when the call
// settles (wasm's listener must then never run).
function relaySignal(signal) {
  const relay = new AbortController();
  if (signal === undefined) return { signal: relay.signal, cut() {} };
  if (signal.aborted) {
    relay.abort();
    return { signal: relay.signal, cut() {} };
  }
  let relays = relaysOf.get(signal);
  if (relays === undefined) {
    relays = new Set();
    relaysOf.set(signal, relays);
    signal.addEventListener(
      "abort",
      () => {
        relaysOf.delete(signal);
        for (const each of relays) each.abort();
      },
      { once: true },
    );
  }
  relays.add(relay);
  return { signal: relay.signal, cut: () => relays.delete(relay) };
}

// Connector query parameters as flat [name, value, …]: from an object (an array value repeats
// the name), a Map or URLSearchParams.
function flattenQuery(query) {
  if (query === undefined || query === null) return [];
  if (typeof query !== "object" || Array.isArray(query)) throw invalidArgument("query must be an object, Map or URLSearchParams of Connector query parameters");
  const pairs = query instanceof Map || (typeof URLSearchParams === "function" && query instanceof URLSearchParams) ? [...query] : Object.entries(query);
  const flat = [];
  for (const [name, value] of pairs) {
    if (typeof name !== "string") throw invalidArgument("query parameter names must be strings");
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (!["string", "number", "boolean"].includes(typeof item) || (typeof item === "number" && !Number.isFinite(item))) {
        throw invalidArgument(`query parameter ${JSON.stringify(name)} must be a string, finite number, boolean or an array of them`);
      }
      flat.push(name, String(item));
    }
  }
  return flat;
}

function jsonBody(value, name) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw invalidArgument(`${name} cannot be sent as JSON: ${describeThrown(error)}`, error);
  }
  if (typeof text !== "string") throw invalidArgument(`${name} cannot be sent as JSON`);
  return text;
}

function callOptions(options) {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") throw invalidArgument("call options must be an object");
  const { signal, correlationId, timeoutMs } = options;
  if (signal !== undefined && !(typeof AbortSignal === "function" && signal instanceof AbortSignal)) {
    throw invalidArgument("signal must be an AbortSignal");
  }
  if (correlationId !== undefined && typeof correlationId !== "string") throw invalidArgument("correlationId must be a string");
  // NaN tells wasm to use the client's timeout.
  return { signal, correlationId, timeoutMs: timeoutMs === undefined ? NaN : amount(timeoutMs, "timeoutMs") };
}

// Writes that are never retried (sendMessage, createOutgoingRequest).
const WRITES = new Set(["sendMessage", "createOutgoingRequest"]);

// A write that failed without an answer may still have reached the Connector: the caller must
// look (list the messages or outgoing requests created since) before sending again.
function markMaybeSent(error) {
  error.maybeSent = true;
  error.message += "; the write may have reached the Connector: check (list what was created since) before sending again";
  return error;
}

function outcomeToResult(outcome, operation) {
  if (!outcome.ok) {
    const error = new ConnectorError(outcome);
    if (WRITES.has(operation) && (outcome.code === "network_error" || outcome.code === "timeout")) throw markMaybeSent(error);
    throw error;
  }
  if (outcome.result === undefined) return undefined;
  try {
    return JSON.parse(outcome.result);
  } catch (error) {
    throw new ConnectorError({ ...outcome, code: "invalid_response", message: `the connector's result is not JSON: ${describeThrown(error)}` });
  }
}

// Anything a call into wasm threw, as a ConnectorError: a refused client (the shell throws its
// outcome object), the guard's `not_initialized`/`internal`/`recursion_limit`, the unforeseen.
function asConnectorError(error, correlationId) {
  if (error instanceof ConnectorError) return error;
  if (error !== null && typeof error === "object" && error.ok === false) return new ConnectorError(error);
  const code = error instanceof EventParseError ? error.code : "internal";
  return new ConnectorError({ code, status: 0, message: describeThrown(error), attempts: 0, correlationId }, { cause: error });
}

function notAClient() {
  return invalidArgument("a ConnectorClient method was called on something that is not a ConnectorClient");
}

/** A client of one Connector's REST API; see the README's "Connector REST client". */
export class ConnectorClient {
  #settings;
  #clock;
  #raw;
  #generation = -1;

  constructor(options) {
    if (options === null || typeof options !== "object") throw invalidArgument("options must be an object with at least baseUrl");
    let retry;
    try {
      const given = options.retry ?? {};
      if (typeof given !== "object") throw invalidArgument("retry must be an object { maxAttempts, baseDelayMs, maxDelayMs }");
      retry = {
        maxAttempts: number(given.maxAttempts, "retry.maxAttempts", DEFAULT_RETRY.maxAttempts),
        baseDelayMs: amount(given.baseDelayMs, "retry.baseDelayMs", DEFAULT_RETRY.baseDelayMs, { zero: true }),
        maxDelayMs: amount(given.maxDelayMs, "retry.maxDelayMs", DEFAULT_RETRY.maxDelayMs, { zero: true }),
      };
      if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1 || retry.maxAttempts > 100) {
        throw invalidArgument("retry.maxAttempts must be an integer from 1 to 100");
      }
      this.#settings = {
        baseUrl: optionalString(options, "baseUrl") ?? "",
        apiKeyHeader: optionalString(options, "apiKeyHeader") ?? "X-API-KEY",
        apiKey: optionalString(options, "apiKey"),
        bearerToken: optionalString(options, "bearerToken"),
        apiVersion: optionalString(options, "apiVersion") ?? "v7",
        timeoutMs: amount(options.timeoutMs, "timeoutMs", 30_000),
        maxResponseBytes: amount(options.maxResponseBytes, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES),
        retry,
      };
      if (this.#settings.apiKey !== undefined && this.#settings.bearerToken !== undefined) {
        throw invalidArgument("give apiKey or bearerToken, not both");
      }
      this.#clock = wrapClock(options.clock, options.random);
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      throw invalidArgument(`options could not be read: ${describeThrown(error)}`, error);
    }
    // Checks the options now (the core refuses what it could never send).
    try {
      guarded(() => this.#rawClient());
    } catch (error) {
      throw asConnectorError(error);
    }
  }

  // The wasm client of the current instance: made again after the instance was replaced. Call
  // only inside `guarded`, so the client and the instance it is used on are the same one (a
  // compaction happens only as the outermost guarded call leaves).
  #rawClient() {
    if (this.#generation !== generation || this.#raw === undefined) {
      const s = this.#settings;
      // Throws an outcome object for options the core refuses (see asConnectorError).
      this.#raw = new raw.RawRestClient(s.baseUrl, s.apiKeyHeader, s.apiKey, s.bearerToken, s.apiVersion, s.timeoutMs, s.retry.maxAttempts, s.retry.baseDelayMs, s.retry.maxDelayMs, s.maxResponseBytes);
      this.#generation = generation;
    }
    return this.#raw;
  }

  #call(operation, id, query, body, options) {
    let args;
    try {
      if (id !== undefined && typeof id !== "string") throw invalidArgument(`the id must be a string`);
      const { signal, correlationId, timeoutMs } = callOptions(options);
      args = { flatQuery: flattenQuery(query), signal, correlationId, timeoutMs };
    } catch (error) {
      return Promise.reject(error instanceof ConnectorError ? error : invalidArgument(describeThrown(error), error));
    }
    const relay = relaySignal(args.signal);
    const callDone = new AbortController();
    const clock = this.#clock.sleep === realSleep ? { ...this.#clock, sleep: (ms, signal) => realSleep(ms, signal, callDone.signal) } : this.#clock;
    // A trap replacing the instance ends this call's future with it.
    const lost = (cause) => {
      const error = new ConnectorError(
        { code: "internal", status: 0, message: "the WebAssembly instance was replaced after a trap while the call was in flight; it may or may not have reached the Connector", attempts: 0, correlationId: args.correlationId },
        { cause },
      );
      if (WRITES.has(operation)) error.maybeSent = true;
      return error;
    };
    const start = (guard) =>
      this.#rawClient().request(operation, id, args.flatQuery, body, args.correlationId, args.timeoutMs, relay.signal, clock.now, clock.sleep, clock.random, guard);
    return callAsync(start, lost)
      .then(
        (outcome) => outcomeToResult(outcome, operation),
        // The shell's promise never rejects; this is a refused client, the guard's error, or a trap.
        (error) => {
          throw asConnectorError(error, args.correlationId);
        },
      )
      .finally(() => {
        relay.cut();
        callDone.abort();
      });
  }

  /** `POST /Account/Sync`: fetches news from the Backbone; resolves to `undefined` (204). */
  sync(options) {
    return ConnectorClient.#send(this, "sync", undefined, undefined, undefined, options);
  }
  /** `GET /Account/SyncInfo` */
  syncInfo(options) {
    return ConnectorClient.#send(this, "syncInfo", undefined, undefined, undefined, options);
  }
  /** `GET /Messages` with Connector query parameters. */
  messages(query, options) {
    return ConnectorClient.#send(this, "messages", undefined, query, undefined, options);
  }
  /** `GET /Messages/{id}` */
  message(id, options) {
    return ConnectorClient.#send(this, "message", id, undefined, undefined, options);
  }
  /** `POST /Messages`; never retried (it could send twice). */
  sendMessage(message, options) {
    return ConnectorClient.#sendWithBody(this, "sendMessage", () => {
      const { recipients, content, attachments } = message ?? {};
      if (!Array.isArray(recipients) || recipients.length === 0 || !recipients.every((r) => typeof r === "string" && r !== "") || content === null || typeof content !== "object") {
        throw invalidArgument("sendMessage needs { recipients: non-empty string[], content: object }");
      }
      if (attachments !== undefined && !(Array.isArray(attachments) && attachments.every((a) => typeof a === "string"))) throw invalidArgument("sendMessage's attachments must be a string[] of file ids");
      return jsonBody({ recipients, content, attachments }, "the message");
    }, options);
  }
  /** `GET /Relationships` */
  relationships(query, options) {
    return ConnectorClient.#send(this, "relationships", undefined, query, undefined, options);
  }
  /** `GET /Relationships/{id}` */
  relationship(id, options) {
    return ConnectorClient.#send(this, "relationship", id, undefined, undefined, options);
  }
  /** `GET /Requests/Incoming` */
  incomingRequests(query, options) {
    return ConnectorClient.#send(this, "incomingRequests", undefined, query, undefined, options);
  }
  /** `GET /Requests/Incoming/{id}` */
  incomingRequest(id, options) {
    return ConnectorClient.#send(this, "incomingRequest", id, undefined, undefined, options);
  }
  /** `GET /Requests/Outgoing` */
  outgoingRequests(query, options) {
    return ConnectorClient.#send(this, "outgoingRequests", undefined, query, undefined, options);
  }
  /** `GET /Requests/Outgoing/{id}` */
  outgoingRequest(id, options) {
    return ConnectorClient.#send(this, "outgoingRequest", id, undefined, undefined, options);
  }
  /** `POST /Requests/Outgoing`; never retried (it could create twice). */
  createOutgoingRequest(request, options) {
    return ConnectorClient.#sendWithBody(this, "createOutgoingRequest", () => {
      const { content, peer } = request ?? {};
      if (content === null || typeof content !== "object" || typeof peer !== "string" || peer === "") throw invalidArgument("createOutgoingRequest needs { content: object, peer: string }");
      return jsonBody({ content, peer }, "the request");
    }, options);
  }
  /** `GET /Attributes` */
  attributes(query, options) {
    return ConnectorClient.#send(this, "attributes", undefined, query, undefined, options);
  }
  /** `GET /Attributes/{id}` */
  attribute(id, options) {
    return ConnectorClient.#send(this, "attribute", id, undefined, undefined, options);
  }
  /** `GET /Files` */
  files(query, options) {
    return ConnectorClient.#send(this, "files", undefined, query, undefined, options);
  }
  /** `GET /Files/{idOrReference}` */
  file(id, options) {
    return ConnectorClient.#send(this, "file", id, undefined, undefined, options);
  }

  // The methods' way in: a method called on something that is not a client (`.call({})`)
  // rejects like any refused call, instead of throwing a TypeError at the private field.
  static #send(client, ...args) {
    if (client === null || typeof client !== "object" || !(#settings in client)) return Promise.reject(notAClient());
    return client.#call(...args);
  }

  static #sendWithBody(client, ...args) {
    if (client === null || typeof client !== "object" || !(#settings in client)) return Promise.reject(notAClient());
    return client.#callWithBody(...args);
  }

  #callWithBody(operation, body, options) {
    let text;
    try {
      text = body();
    } catch (error) {
      return Promise.reject(error instanceof ConnectorError ? error : invalidArgument(describeThrown(error), error));
    }
    return ConnectorClient.#send(this, operation, undefined, undefined, text, options);
  }
}
