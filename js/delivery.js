// A delivery object as the package reads it: every field read exactly once, up front, into a
// snapshot (getters and Proxies run here, never while wasm holds its input buffer), with typed
// errors for what is malformed.

import { EventParseError, describeThrown } from "./errors.js";
import { raw } from "./instance.js";

/** Delivery kinds as the raw exports take them (src/wasm/boundary.rs). */
export const KIND = {
  webhook: raw.Kind.Webhook,
  amqp: raw.Kind.Amqp,
  mqtt: raw.Kind.Mqtt,
  redis: raw.Kind.Redis,
  pubsubPush: raw.Kind.PubSubPush,
  pubsubMessage: raw.Kind.PubSubMessage,
};

let sources;
/** The event's `source` for a kind ("webhook", …, "pubsub"), as Rust names them. */
export function sourceName(kind) {
  sources ??= raw.sourceNames();
  return sources[kind];
}

export function describe(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${describeThrown(value)}`;
}

function invalid(path, message, cause) {
  return new EventParseError("invalid_delivery", `${path}: ${message}`, path, undefined, cause === undefined ? undefined : { cause });
}

function read(object, key, path) {
  try {
    return object[key];
  } catch (cause) {
    throw invalid(path, `could not be read: ${describeThrown(cause)}`, cause);
  }
}

function isDetached(buffer) {
  // A detached buffer has no bytes: one that has any is not (the common case, checked first).
  if (buffer.byteLength > 0) return false;
  if (typeof buffer.detached === "boolean") return buffer.detached;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** A string, or a Uint8Array over the body's bytes (not copied). */
function bodyOf(value, path) {
  if (typeof value === "string") return value;
  let bytes;
  if (value instanceof Uint8Array) bytes = value;
  else if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer)) {
    if (isDetached(value)) throw invalid(path, "the ArrayBuffer is detached (transferred), its bytes are gone");
    bytes = new Uint8Array(value);
  } else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else throw invalid(path, `expected a string, Uint8Array or ArrayBuffer, found ${describe(value)}`);
  // A view with bytes is over a live buffer (a detached one's views have length 0); only an
  // empty one needs its buffer looked at.
  if (bytes.byteLength === 0 && isDetached(bytes.buffer)) throw invalid(path, "the ArrayBuffer is detached (transferred), its bytes are gone");
  return bytes;
}

function bodyField(delivery) {
  return bodyOf(read(delivery, "body", "delivery.body"), "delivery.body");
}

function nameOf(value, path, required) {
  if (typeof value === "string") return value;
  if (value === undefined && !required) return undefined;
  throw invalid(path, `expected a string, found ${describe(value)}`);
}

/**
 * The delivery as `{ kind, name, body, correlationId, limits }`: `kind` a KIND number, `name`
 * the routing key, topic, channel, namespace or (webhooks) URL.
 * @throws {EventParseError} `invalid_delivery`
 */
export function snapshot(delivery, limits) {
  if (delivery === null || typeof delivery !== "object") {
    throw invalid("delivery", `expected a delivery object, found ${describe(delivery)}`);
  }
  const kind = read(delivery, "kind", "delivery.kind");
  switch (kind) {
    case "webhook": {
      const url = nameOf(read(delivery, "url", "delivery.url"), "delivery.url", false);
      const correlationId = read(delivery, "correlationId", "delivery.correlationId");
      const source = { kind: KIND.webhook, name: url, body: bodyField(delivery), correlationId: undefined, limits };
      if (typeof correlationId === "string") source.correlationId = correlationId;
      return source;
    }
    case "amqp":
      return { kind: KIND.amqp, name: nameOf(read(delivery, "routingKey", "delivery.routingKey"), "delivery.routingKey", true), body: bodyField(delivery), correlationId: undefined, limits };
    case "mqtt":
      return { kind: KIND.mqtt, name: nameOf(read(delivery, "topic", "delivery.topic"), "delivery.topic", true), body: bodyField(delivery), correlationId: undefined, limits };
    case "redis":
      return { kind: KIND.redis, name: nameOf(read(delivery, "channel", "delivery.channel"), "delivery.channel", true), body: bodyField(delivery), correlationId: undefined, limits };
    case "catch-up":
      // An event synthesized from the Connector's REST API (js/catchup.js): like a broker
      // delivery, the name is outside and the body is the data, so it is parsed and validated
      // as one; only its `source` says where it came from.
      return { kind: KIND.amqp, name: nameOf(read(delivery, "name", "delivery.name"), "delivery.name", true), body: bodyField(delivery), correlationId: undefined, limits, label: "catch-up" };
    case "pubsub": {
      const message = read(delivery, "message", "delivery.message");
      if (message === undefined) return { kind: KIND.pubsubPush, name: undefined, body: bodyField(delivery), correlationId: undefined, limits };
      if (message === null || typeof message !== "object") {
        throw invalid("delivery.message", `expected a Pub/Sub message object, found ${describe(message)}`);
      }
      const attributes = read(message, "attributes", "delivery.message.attributes") ?? {};
      if (typeof attributes !== "object") {
        throw invalid("delivery.message.attributes", `expected an object, found ${describe(attributes)}`);
      }
      const namespace = nameOf(read(attributes, "namespace", "delivery.message.attributes.namespace"), "delivery.message.attributes.namespace", false);
      const data = bodyOf(read(message, "data", "delivery.message.data"), "delivery.message.data");
      return { kind: KIND.pubsubMessage, name: namespace, body: data, correlationId: undefined, limits };
    }
    default:
      throw invalid("delivery.kind", `expected "webhook", "amqp", "mqtt", "redis", "pubsub" or "catch-up", found ${describe(kind)}`);
  }
}

/** The default body limit, from Rust (src/wasm/boundary.rs). */
export const DEFAULT_MAX_BODY_BYTES = raw.Limit.MaxBodyBytes;
const MAX_DEPTH_CEILING = raw.Limit.MaxDepthCeiling;

/**
 * Parse options as `{ strict, maxBodyBytes, maxDepth }` (NaN and 0: the defaults).
 * @throws {TypeError} for a malformed option.
 */
export function limitsOf(options, caller = "options") {
  if (options === null || typeof options !== "object") throw new TypeError(`${caller}: expected an object, found ${describe(options)}`);
  const { maxBodyBytes, maxDepth } = options;
  if (maxBodyBytes !== undefined && !(Number.isFinite(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new TypeError(`${caller}.maxBodyBytes: expected a non-negative number, found ${describe(maxBodyBytes)}`);
  }
  if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= MAX_DEPTH_CEILING)) {
    throw new TypeError(`${caller}.maxDepth: expected an integer from 1 to ${MAX_DEPTH_CEILING}, found ${describe(maxDepth)}`);
  }
  return { strict: Boolean(options.strict), maxBodyBytes: maxBodyBytes ?? NaN, maxDepth: maxDepth ?? 0 };
}

/** A timeout option: undefined, or a non-negative finite number of milliseconds. */
export function timeoutOf(options, name, caller = "options") {
  const value = options[name];
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new TypeError(`${caller}.${name}: expected a non-negative number of milliseconds, found ${describe(value)}`);
  }
  return value;
}
