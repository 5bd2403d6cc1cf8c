// The public JavaScript API over the raw wasm exports.
//
// The parsing, validation and routing happen in Rust. This file only turns a delivery object
// into positional arguments, defines the public classes, and recovers from a trapped instance.

import * as raw from "./wasm/enmeshed_events.js";

// ---- initialisation ----

let initialized = false;

/** Initialises synchronously from a compiled `WebAssembly.Module` or the .wasm bytes. Idempotent. */
export function initSync(module) {
  raw.initSync({ module });
  initialized = true;
}

/** Initialises asynchronously (fetches the .wasm beside this file when given nothing). Idempotent. */
export default async function init(input) {
  await raw.default(input === undefined ? undefined : { module_or_path: input });
  initialized = true;
}

// Bumped whenever the instance is replaced after a trap; routers rebuild their raw state then.
let generation = 0;

function guarded(call) {
  if (!initialized) {
    throw new EventParseError("not_initialized", "enmeshed-events is not initialised: call `await init()` (or `initSync(module)`) first");
  }
  try {
    return call();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      raw.__wbg_reset_state();
      generation++;
      throw new EventParseError("internal", `the WebAssembly instance trapped and was reset: ${error.message}`);
    }
    throw error;
  }
}

/** Internal, for the package's tests: traps the instance on purpose, through the same guard. */
export function __panicForTests() {
  guarded(() => raw.__panicForTests());
}

// ---- public classes ----

/** A delivery that could not be turned into an event. `code` is stable; `path` says where. */
export class EventParseError extends Error {
  constructor(code, message, path, problems) {
    super(message);
    this.name = "EventParseError";
    this.code = code;
    if (path !== undefined) this.path = path;
    if (problems !== undefined) this.problems = problems;
  }
}

/** One or more handlers failed; `errors` holds what each threw, `report` the whole dispatch. */
export class HandlerError extends AggregateError {
  constructor(report) {
    const errors = report.failed.map((run) => run.error);
    const first = errors[0] instanceof Error ? errors[0].message : String(errors[0]);
    super(errors, `${errors.length} of ${report.ran.length} handlers failed for ${report.event.name}: ${first}`);
    this.name = "HandlerError";
    this.code = "handler_failed";
    this.event = report.event;
    this.report = report;
  }
}

const KIND = { webhook: 0, amqp: 1, mqtt: 2, redis: 3, pubsubPush: 4, pubsubMessage: 5 };
const SOURCE = ["webhook", "amqp", "mqtt", "redis", "pubsub", "pubsub"];
const LOCATION = { none: 0, body: 1, envelopeData: 2, decoded: 3 };
const NO_PROBLEMS = Object.freeze([]);
const decoder = new TextDecoder();

// The catalogue rows, read once: known events cross the boundary as their row index.
let catalogueRows;
function catalogueRow(index) {
  catalogueRows ??= guarded(() => raw.eventCatalogue()).map(([name, dataType, legacy, successors]) =>
    Object.freeze({ name, dataType, legacy, successors: Object.freeze(successors) }),
  );
  return catalogueRows[index];
}

function bodyText(body) {
  if (typeof body !== "string") return decoder.decode(body); // drops a byte order mark
  return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
}

/** One event. `data` is parsed from the delivery on first access. */
export class ConnectorEvent {
  #problems;
  #location;
  #text;
  #body;
  #delivery;
  #data;
  #parsed = false;

  constructor(index, name, kind, problems, location, text, body, delivery) {
    const row = index >= 0 ? catalogueRow(index) : undefined;
    this.name = name ?? row.name;
    this.source = SOURCE[kind];
    this.known = row !== undefined && !row.legacy;
    this.legacy = row !== undefined && row.legacy;
    if (this.legacy) {
      this.successors = row.successors;
      if (row.successors.length === 1) this.successor = row.successors[0];
    }
    this.dataType = row === undefined ? "unknown" : row.dataType;
    if (delivery && typeof delivery.correlationId === "string") this.correlationId = delivery.correlationId;
    this.#problems = problems === undefined ? NO_PROBLEMS : problems;
    this.#location = location;
    this.#text = text;
    this.#body = body;
    this.#delivery = delivery;
  }

  /** The event's data, JSON-equal to the wire; undefined for events without data. */
  get data() {
    if (!this.#parsed) {
      this.#data = parseData(this.#location, this.#text, this.#body);
      this.#parsed = true;
    }
    return this.#data;
  }

  /** Validation findings. For an event no handler matched, the data is checked on first access. */
  get problems() {
    if (this.#problems === null) {
      try {
        this.#problems = parseDelivery(this.#delivery).problems;
      } catch (error) {
        this.#problems = [{ code: error.code, path: error.path ?? "", message: error.message }];
      }
    }
    return this.#problems;
  }

  toJSON() {
    const { name, source, known, legacy, successor, dataType, correlationId } = this;
    return { name, source, known, legacy, successor, dataType, correlationId, problems: this.problems, data: this.data };
  }
}

function parseData(location, text, body) {
  switch (location) {
    case LOCATION.body:
      return JSON.parse(bodyText(body));
    case LOCATION.envelopeData:
      return JSON.parse(bodyText(body)).data;
    case LOCATION.decoded:
      return JSON.parse(text);
    default:
      return undefined;
  }
}

// The factories the wasm shell builds its results with (src/wasm/js_api.rs).
const API = {
  makeEvent: (index, name, kind, problems, location, text, body, delivery) =>
    new ConnectorEvent(index, name, kind, problems, location, text, body, delivery),
  makeProblem: (code, path, message) => ({ code, path, message }),
  makeParseError: (code, message, path, problems) => new EventParseError(code, message, path, problems),
  makeReport(event, patterns, failures, unhandled) {
    const ran = patterns.map((pattern) => ({ pattern, ok: true }));
    for (const [index, error] of failures ?? []) ran[index] = { pattern: patterns[index], ok: false, error };
    return { event, ran, failed: failures === undefined ? [] : ran.filter((run) => !run.ok), unhandled };
  },
  makeHandlerError: (report) => new HandlerError(report),
};

// ---- deliveries ----

function describe(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function invalid(path, message) {
  return new EventParseError("invalid_delivery", `${path}: ${message}`, path);
}

function bodyOf(value, path) {
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalid(path, `expected a string, Uint8Array or ArrayBuffer, found ${describe(value)}`);
}

function nameOf(value, path, required) {
  if (typeof value === "string") return value;
  if (value === undefined && !required) return undefined;
  throw invalid(path, `expected a string, found ${describe(value)}`);
}

/** A delivery object as [kind, name or URL, body] for the raw exports. */
function flatten(delivery) {
  if (delivery === null || typeof delivery !== "object") {
    throw invalid("delivery", `expected a delivery object, found ${describe(delivery)}`);
  }
  switch (delivery.kind) {
    case "webhook":
      return [KIND.webhook, nameOf(delivery.url, "delivery.url", false), bodyOf(delivery.body, "delivery.body")];
    case "amqp":
      return [KIND.amqp, nameOf(delivery.routingKey, "delivery.routingKey", true), bodyOf(delivery.body, "delivery.body")];
    case "mqtt":
      return [KIND.mqtt, nameOf(delivery.topic, "delivery.topic", true), bodyOf(delivery.body, "delivery.body")];
    case "redis":
      return [KIND.redis, nameOf(delivery.channel, "delivery.channel", true), bodyOf(delivery.body, "delivery.body")];
    case "pubsub": {
      const message = delivery.message;
      if (message === undefined) return [KIND.pubsubPush, undefined, bodyOf(delivery.body, "delivery.body")];
      if (message === null || typeof message !== "object") {
        throw invalid("delivery.message", `expected a Pub/Sub message object, found ${describe(message)}`);
      }
      const attributes = message.attributes ?? {};
      const namespace = nameOf(attributes.namespace, "delivery.message.attributes.namespace", false);
      return [KIND.pubsubMessage, namespace, bodyOf(message.data, "delivery.message.data")];
    }
    default:
      throw invalid("delivery.kind", `expected "webhook", "amqp", "mqtt", "redis" or "pubsub", found ${describe(delivery.kind)}`);
  }
}

function limits(options) {
  if (options === null || typeof options !== "object") throw new TypeError(`options: expected an object, found ${describe(options)}`);
  const { maxBodyBytes, maxDepth } = options;
  if (maxBodyBytes !== undefined && !(Number.isFinite(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new TypeError(`options.maxBodyBytes: expected a non-negative number, found ${describe(maxBodyBytes)}`);
  }
  if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= 512)) {
    throw new TypeError(`options.maxDepth: expected an integer from 1 to 512, found ${describe(maxDepth)}`);
  }
  return [Boolean(options.strict), maxBodyBytes ?? NaN, maxDepth ?? 0];
}

// ---- the input buffer (src/wasm/input.rs) ----
//
// Name and body are written straight into one reused buffer in wasm memory: strings with
// TextEncoder.encodeInto, bytes with Uint8Array.set. The buffer may move when it grows (or
// when dispatchResponse writes into it from Rust), so its address is asked for every time;
// the view is rebuilt only when the address, size or memory changed.

const encoder = new TextEncoder();
let input = { generation: -1, ptr: 0, capacity: 0, view: null, memory: null };
let defaultMaxBodyBytes;

function inputView(needed) {
  const ptr = raw.inputBuffer(needed);
  if (input.generation !== generation) input = { generation, ptr: 0, capacity: 0, view: null, memory: raw.wasmMemory() };
  if (input.ptr !== ptr || input.capacity < needed || input.view.buffer !== input.memory.buffer) {
    input.capacity = Math.max(needed, input.capacity);
    input.ptr = ptr;
    input.view = new Uint8Array(input.memory.buffer, ptr, input.capacity);
  }
  return input.view;
}

/** The exact UTF-8 length of a string, without encoding it. */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Writes [kind, name, body] into the input buffer; returns the raw exports' layout arguments
 * `[kind, nameLen, bodyLen, bodyIsText]`, or throws `too_large` for a body certainly over the
 * limit (measured, not copied).
 */
function write([kind, name, body], maxBodyBytes) {
  const limit = Number.isNaN(maxBodyBytes) ? (defaultMaxBodyBytes ??= raw.defaultLimits()[0]) : maxBodyBytes;
  const text = typeof body === "string";
  const units = text ? body.length : body.byteLength;
  // A string has at least as many UTF-8 bytes as UTF-16 units. (Pulled Pub/Sub base64 shrinks
  // when decoded, so it is left to the parser.)
  if (units > limit && kind !== KIND.pubsubMessage) {
    throw guarded(() => raw.tooLarge(API, text ? utf8Length(body) : units, limit));
  }
  const nameUnits = name === undefined ? 0 : name.length;
  const view = inputView(nameUnits * 3 + (text ? units * 3 : units));
  let nameLen = 0xffffffff;
  let offset = 0;
  if (name !== undefined) {
    nameLen = encoder.encodeInto(name, view).written;
    offset = nameLen;
  }
  let bodyLen;
  if (text) {
    bodyLen = encoder.encodeInto(body, offset === 0 ? view : view.subarray(offset)).written;
  } else {
    view.set(body, offset);
    bodyLen = units;
  }
  return [kind, nameLen, bodyLen, text];
}

/**
 * Parses one delivery into a `ConnectorEvent`.
 * @throws {EventParseError} with `code` and, where it applies, `path`.
 */
export function parseDelivery(delivery, options = {}) {
  const [strict, maxBodyBytes, maxDepth] = limits(options);
  const flat = flatten(delivery);
  return guarded(() => raw.parseDelivery(API, ...write(flat, maxBodyBytes), flat[2], delivery, strict, maxBodyBytes, maxDepth));
}

/** Every event name the catalogue knows, with its data type; legacy names with their successors. */
export function eventCatalogue() {
  return guarded(() => raw.eventCatalogue()).map(([name, dataType, legacy, successors]) => ({ name, dataType, legacy, successors }));
}

// ---- the router ----

/** The report of a broker delivery no handler matched, decided from its name alone. */
function unhandledReport(row, kind, name, body, delivery) {
  const eventName = kind === KIND.mqtt ? name.replaceAll("/", ".") : name;
  // As the parser does: a broker's `{}` for an event without data is no data.
  const location = row >= 0 && catalogueRow(row).dataType === "none" ? LOCATION.none : LOCATION.body;
  const event = new ConnectorEvent(row, eventName, kind, null, location, undefined, body, delivery);
  return { event, ran: [], failed: [], unhandled: true };
}

function checkHandler(handler, method) {
  if (typeof handler !== "function") throw new TypeError(`${method}: expected a handler function, found ${describe(handler)}`);
}

/**
 * Routes events to handlers by the Connector's trigger patterns: an exact name, `*` for one
 * segment, `**` for any number. Handlers are called in registration order.
 */
export class EventRouter {
  #settings;
  #raw;
  #generation;
  // Every live registration, kept so the raw router can be rebuilt after the instance traps.
  #registrations = [];
  #errorHandlers = [];

  constructor(options = {}) {
    this.#settings = [...limits(options), Boolean(options.sequential)];
  }

  #router() {
    if (this.#raw === undefined || this.#generation !== generation) {
      this.#raw = guarded(() => new raw.RawRouter(API, ...this.#settings));
      this.#generation = generation;
      for (const { pattern, fn, once } of this.#registrations) this.#raw.on(pattern, fn, once);
      for (const handler of this.#errorHandlers) this.#raw.onError(handler);
    }
    return this.#raw;
  }

  #add(pattern, handler, once, method) {
    checkHandler(handler, method);
    const registration = { pattern, handler, once, fn: handler };
    if (once) {
      // Forget the registration when it fires, so a rebuild does not bring it back.
      registration.fn = (event) => {
        this.#registrations = this.#registrations.filter((r) => r !== registration);
        return handler(event);
      };
    }
    guarded(() => this.#router().on(pattern, registration.fn, once));
    this.#registrations.push(registration);
    return this;
  }

  /** Calls `handler` for every event whose name matches `pattern`. */
  on(pattern, handler) {
    return this.#add(pattern, handler, false, "on");
  }

  /** Calls `handler` for the first matching event only. */
  once(pattern, handler) {
    return this.#add(pattern, handler, true, "once");
  }

  /** Removes `handler` from `pattern` (registrations by `on` and `once` alike). */
  off(pattern, handler) {
    const router = this.#router();
    for (const registration of this.#registrations.filter((r) => r.pattern === pattern && r.handler === handler)) {
      guarded(() => router.off(pattern, registration.fn));
    }
    this.#registrations = this.#registrations.filter((r) => !(r.pattern === pattern && r.handler === handler));
    return this;
  }

  /** Calls `handler` for every event (the same as `on("**", handler)`). */
  onAny(handler) {
    return this.#add("**", handler, false, "onAny");
  }

  /** Calls `handler` with every `EventParseError` and `HandlerError` a dispatch meets. */
  onError(handler) {
    checkHandler(handler, "onError");
    guarded(() => this.#router().onError(handler));
    this.#errorHandlers.push(handler);
    return this;
  }

  /**
   * Parses, validates and routes one delivery, and awaits its handlers.
   * Resolves to `{ event, ran, failed, unhandled }`; rejects with an `EventParseError` or,
   * when a handler failed, a `HandlerError` (after the `onError` handlers saw it).
   */
  dispatch(delivery) {
    let flat;
    try {
      flat = flatten(delivery);
      return guarded(() => {
        const router = this.#router();
        const [kind, name, body] = flat;
        if (kind === KIND.amqp || kind === KIND.mqtt || kind === KIND.redis) {
          // The name is outside the body: ask with the name alone whether anyone listens, so an
          // event nobody handles (most of a `**` broker stream) never copies its body into wasm.
          const row = router.route(kind, write([kind, name, ""], 0)[1]);
          if (row > -2) return Promise.resolve(unhandledReport(row, kind, name, body, delivery));
        }
        return router.dispatch(...write(flat, this.#settings[1]), body, delivery);
      });
    } catch (error) {
      if (flat === undefined || error.code === "internal" || error.code === "too_large") this.#notify(error);
      return Promise.reject(error);
    }
  }

  /**
   * Dispatches the body of a fetch `Response` (read inside the module). `delivery` gives the
   * kind and name fields; by default a webhook with the response's URL.
   */
  dispatchResponse(response, delivery = { kind: "webhook" }) {
    let flat;
    try {
      flat = flatten({ url: response.url, ...delivery, body: "" });
      return guarded(() => this.#router().dispatchResponse(response, flat[0], flat[1], delivery));
    } catch (error) {
      if (flat === undefined || error.code === "internal") this.#notify(error);
      return Promise.reject(error);
    }
  }

  #notify(error) {
    for (const handler of this.#errorHandlers) {
      try {
        handler(error);
      } catch {
        // An error handler's own failure must not hide the original error from the caller.
      }
    }
  }
}

export * from "./webhook.js";
