// enmeshed-events/amqp: a consumer of the Connector's AMQP events that keeps consuming across
// broker restarts and dropped connections (the topology it declares: amqp-topology.js).
//
// The Connector publishes every event (`**`) to a topic exchange it does not declare, with the
// event name as routing key and no properties (non-persistent, no confirms). So: the exchange
// must exist before the Connector starts; one durable queue (quorum: it keeps even
// non-persistent messages across a broker restart) bound with the router's patterns collects
// the events, and competing consumers share it. Retries wait in retry queues (per-message TTL,
// dead-lettered back into the main queue); what cannot be handled goes to a dead-letter queue
// with the error in its headers. amqplib is an optional peer: passed in, or imported on demand.

import { amqpNames, retryQueueFor, setupAmqp } from "./amqp-topology.js";
import { backoffDelay, consume } from "./consume.js";
import { failureFields } from "./errors.js";

export { amqpNames, retryQueueFor, setupAmqp };

// Headers this package sets; the Connector sends none, so an absent attempt header means 1.
const ATTEMPT = "x-enmeshed-attempt";
const ROUTING_KEY = "x-enmeshed-routing-key";
const ERROR = "x-enmeshed-error";
const ERROR_NAME = "x-enmeshed-error-name";
const ERROR_CODE = "x-enmeshed-error-code";
const FAILED_AT = "x-enmeshed-failed-at";
// Headers the broker writes; a republished copy starts without them.
const BROKER_HEADERS = ["x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason", "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason", "x-delivery-count"];
const MAX_HEADER_TEXT = 1000;
function attemptOf(headers) {
  const attempt = Number(headers?.[ATTEMPT]);
  return Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
}

function copiedHeaders(headers) {
  const copy = { ...(headers ?? {}) };
  for (const name of BROKER_HEADERS) delete copy[name];
  return copy;
}

function errorHeaders(error) {
  const failure = failureFields(error, MAX_HEADER_TEXT);
  const headers = { [ERROR]: failure.message, [FAILED_AT]: new Date().toISOString() };
  if (failure.name !== "") headers[ERROR_NAME] = failure.name;
  if (failure.code !== "") headers[ERROR_CODE] = failure.code;
  return headers;
}

/** Publishes on a confirm channel and waits for the broker's confirm. */
function publishConfirmed(channel, exchange, routingKey, content, properties) {
  return new Promise((resolve, reject) => {
    try {
      channel.publish(exchange, routingKey, content, properties, (error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

/** The wait before reconnect number `failures`: the engine's backoff, always jittered. */
function reconnectDelay(failures, { baseDelayMs, maxDelayMs }) {
  return backoffDelay(failures, { baseDelayMs, maxDelayMs, jitter: true });
}

async function loadAmqplib(given) {
  if (given !== undefined) {
    if (given === null || typeof given.connect !== "function") throw new TypeError("consumeAmqp: amqplib must be the amqplib module (with connect)");
    return given;
  }
  try {
    const module = await import("amqplib");
    return module.connect ? module : module.default;
  } catch (error) {
    const missing = new Error("consumeAmqp: amqplib is not installed (npm i amqplib), pass it as `amqplib`, or pass a `connection`", { cause: error });
    missing.code = "amqplib_missing";
    throw missing;
  }
}

/**
 * The AMQP transport of `consume`: its own reconnect loop (a connection it opened is reopened
 * with backoff; a passed connection is used until it closes, or across its reconnects when
 * it was made with amqplib's `recovery`), topology declared and the queue consumed again after
 * each reconnect. Messages of a lost channel are redelivered by the broker, so their late
 * acks are dropped here.
 */
export class AmqpTransport {
  broker = "amqp";
  redelivers = true;
  #options;
  #onMessage;
  #fail;
  #bindingKeys;
  #connection; // the live connection (ours or the user's)
  #channel; // the live consuming channel
  #consumerTag;
  #retryQueues = new Set(); // declared on the live channel
  #taking = true;
  #closed = false;
  #wakeLoop; // ends the current connection's wait (close)
  #loop;
  #quorum;
  #lostChannel = () => {};
  #userClosed = false;
  #onUserClose;

  constructor(options) {
    this.#options = options;
    this.#quorum = options.quorum ?? true;
  }

  async start(onMessage, subscriptions, controls) {
    const user = this.#options.connection;
    // A plain connection passed in cannot be reopened here: note when it closes (after its
    // channels do), so that the loop ends instead of asking a closed connection for channels.
    // One made with amqplib's `recovery` reopens itself (and says 'disconnect', not 'close').
    if (user !== undefined && typeof user.waitForConnect !== "function") {
      this.#onUserClose = () => {
        this.#userClosed = true;
        this.#wakeLoop?.();
      };
      user.once("close", this.#onUserClose);
    }
    this.#onMessage = onMessage;
    this.#fail = controls?.fail ?? (() => {});
    this.#bindingKeys = subscriptions?.bindingKeys;
    let started;
    let failedToStart;
    const ready = new Promise((resolve, reject) => {
      started = resolve;
      failedToStart = reject;
    });
    this.#loop = this.#run(started, failedToStart);
    return ready;
  }

  #report(error, stage) {
    try {
      this.#options.onError?.(error, { stage });
    } catch {
      // The report must not break the loop.
    }
  }

  async #run(started, failedToStart) {
    const { reconnect } = this.#options;
    let failures = 0;
    let amqplib;
    let running = false; // subscribed once: `ready` resolved
    while (!this.#closed) {
      if (this.#userClosed) {
        // Its channels closed first; the connection's own 'close' woke the wait below.
        const error = new Error("consumeAmqp: the connection passed in closed; pass `url` for a consumer that reconnects by itself");
        failedToStart(error);
        this.#fail(error);
        break;
      }
      const user = this.#options.connection;
      let connection;
      let lost;
      try {
        if (user === undefined) {
          amqplib ??= await loadAmqplib(this.#options.amqplib);
          connection = await amqplib.connect(this.#options.url, this.#options.socketOptions);
          connection.on("error", (error) => this.#report(error, "connection"));
        } else connection = user;
        // close() may have come during any await here, when no wait was there for it to end.
        if (this.#closed) break;
        this.#connection = connection;
        lost = this.#whenLost(connection);
        await this.#subscribe(connection);
        if (this.#closed) break;
        failures = 0;
        running = true;
        started();
        const { error } = await lost.promise;
        if (!this.#closed) this.#report(error ?? new Error("the AMQP connection or channel closed"), "transport");
      } catch (error) {
        failures++;
        if (!running && !this.#closed && cannotBeFixedByRetrying(error)) {
          // Before the first subscription: a retry would only repeat it, and `ready` would never settle.
          failedToStart(error);
          this.#fail(error);
          break;
        }
        if (!this.#closed) this.#report(error, "transport");
      } finally {
        lost?.dispose();
        const channel = this.#channel;
        this.#channel = undefined;
        if (this.#closed && channel !== undefined) await settleWithin(channel.close(), CLOSE_TIMEOUT_MS);
        this.#retryQueues.clear();
        if (user === undefined && connection !== undefined) await settleWithin(connection.close(), CLOSE_TIMEOUT_MS);
      }
      if (this.#closed) break;
      await new Promise((resolve) => {
        if (this.#closed) return resolve();
        const timer = setTimeout(resolve, reconnectDelay(Math.max(1, failures), reconnect));
        this.#wakeLoop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    // Closed before it ever subscribed: `ready` must settle all the same.
    if (!running) failedToStart(new Error("consumeAmqp: closed before the consumer subscribed"));
  }

  /** Resolves with `{ error }` when the connection or the consuming channel is lost (or on close). */
  #whenLost(connection) {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    // A connection made with amqplib's `recovery` reopens itself: it says 'disconnect', not 'close'.
    const event = typeof connection.waitForConnect === "function" ? "disconnect" : "close";
    const onClose = (error) => resolve({ error });
    connection.on(event, onClose);
    this.#wakeLoop = () => resolve({});
    this.#lostChannel = (error) => resolve({ error });
    if (this.#closed) resolve({});
    return { promise, dispose: () => connection.removeListener(event, onClose) };
  }

  async #subscribe(connection) {
    const options = this.#options;
    if (options.setup !== false) {
      const topology = await setupAmqp(connection, {
        exchange: options.exchange, queue: options.queue, bindingKeys: this.#bindingKeys, deadLetter: options.deadLetter,
        quorum: this.#quorum, deliveryLimit: options.deliveryLimit, singleActiveConsumer: options.singleActiveConsumer, onWarning: options.onWarning,
      });
      if (topology.queueType === "classic") this.#quorum = false; // warn once, not at every reconnect
    }
    const channel = await connection.createConfirmChannel();
    channel.on("error", (error) => this.#report(error, "channel"));
    channel.on("close", () => this.#channel === channel && this.#lostChannel(new Error("the AMQP channel closed")));
    await channel.prefetch(options.prefetch);
    this.#channel = channel;
    if (!this.#taking) return;
    const { consumerTag } = await channel.consume(options.queue, (message) => this.#deliver(channel, message), { noAck: false });
    this.#consumerTag = consumerTag;
  }

  #deliver(channel, raw) {
    if (raw === null) {
      // The broker cancelled the consumer (the queue was deleted): declare and subscribe again.
      if (this.#channel === channel) this.#lostChannel(new Error("the broker cancelled the consumer"));
      return;
    }
    const headers = raw.properties.headers ?? {};
    const routingKey = typeof headers[ROUTING_KEY] === "string" ? headers[ROUTING_KEY] : raw.fields.routingKey;
    const live = () => this.#channel === channel;
    this.#onMessage({
      delivery: { kind: "amqp", routingKey, body: raw.content },
      attempt: attemptOf(headers),
      redelivered: raw.fields.redelivered,
      // On a lost channel the broker gives the message to a consumer again: nothing to do here.
      ack: () => {
        if (live()) channel.ack(raw);
      },
      retry: (delayMs, error, { sameAttempt = false } = {}) => (live() ? this.#retry(channel, raw, routingKey, delayMs, error, sameAttempt) : undefined),
      deadLetter: (error) => (live() ? this.#deadLetter(channel, raw, routingKey, error) : undefined),
    });
  }

  async #retry(channel, raw, routingKey, delayMs, error, sameAttempt) {
    const { queue } = this.#options;
    const retryQueue = retryQueueFor(queue, delayMs);
    if (!this.#retryQueues.has(retryQueue)) {
      // Expired messages fall back into the main queue through the default exchange.
      await channel.assertQueue(retryQueue, { durable: true, arguments: { "x-queue-type": "classic", "x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue } });
      this.#retryQueues.add(retryQueue);
    }
    const attempt = attemptOf(raw.properties.headers);
    const headers = { ...copiedHeaders(raw.properties.headers), ...errorHeaders(error), [ATTEMPT]: sameAttempt ? attempt : attempt + 1, [ROUTING_KEY]: routingKey };
    await publishConfirmed(channel, "", retryQueue, raw.content, { headers, expiration: String(Math.max(0, Math.round(delayMs))), persistent: true });
    channel.ack(raw);
  }

  async #deadLetter(channel, raw, routingKey, error) {
    if (this.#options.deadLetter === false) {
      channel.nack(raw, false, false); // no dead-letter queue configured: the broker drops it
      return;
    }
    const headers = { ...copiedHeaders(raw.properties.headers), ...errorHeaders(error), [ATTEMPT]: attemptOf(raw.properties.headers), [ROUTING_KEY]: routingKey };
    await publishConfirmed(channel, amqpNames(this.#options.queue).deadLetterExchange, routingKey, raw.content, { headers, persistent: true });
    channel.ack(raw);
  }

  async stopTaking() {
    this.#taking = false;
    const channel = this.#channel;
    if (channel !== undefined && this.#consumerTag !== undefined) await channel.cancel(this.#consumerTag).catch(() => {});
  }

  async close() {
    this.#closed = true;
    const channel = this.#channel;
    this.#channel = undefined;
    // Unacked messages on the channel go back to the queue when it closes. The channel closes
    // before the connection: amqplib leaves a channel's close pending if its connection goes first.
    if (channel !== undefined) await settleWithin(channel.close(), CLOSE_TIMEOUT_MS);
    this.#wakeLoop?.();
    if (this.#onUserClose !== undefined) this.#options.connection.removeListener("close", this.#onUserClose);
    await this.#loop; // the loop closes a connection it opened
  }
}

const CLOSE_TIMEOUT_MS = 5000;

/**
 * Failures no reconnect can fix: amqplib missing or unusable, a bad option or URL (TypeError),
 * refused credentials or permissions (403), a queue declared with other arguments (406).
 */
function cannotBeFixedByRetrying(error) {
  try {
    if (error instanceof TypeError || error?.code === "amqplib_missing") return true;
    if (error?.code === 403 || error?.code === 406) return true;
    const message = String(error?.message ?? "");
    return /\b403 \(ACCESS[-_]REFUSED\)|ACCESS_REFUSED|PRECONDITION_FAILED|Expected amqps?: or amqps?: as the protocol|Invalid URL/i.test(message);
  } catch {
    return false;
  }
}

/** Waits for a close that may never answer (a dead connection), at most `ms`. */
function settleWithin(promise, ms) {
  let timer;
  return Promise.race([promise.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

const DEFAULT_RECONNECT = Object.freeze({ baseDelayMs: 250, maxDelayMs: 10_000 });

/**
 * Consumes the Connector's AMQP events into `router` at least once (see `consume`). Options:
 * `url` (reconnects by itself) or `connection` (never closed here), `amqplib` (the module,
 * when it cannot be imported), `exchange` ("enmeshed"), `queue` (required), `prefetch`
 * (2 × concurrency), `setup` (declare the topology on each connect; default true), `quorum`,
 * `deadLetter`, `deliveryLimit`, `singleActiveConsumer`, `reconnect: { baseDelayMs, maxDelayMs }`, and the options of
 * `consume`.
 */
export function consumeAmqp(router, options = {}) {
  if (options === null || typeof options !== "object") throw new TypeError("consumeAmqp: options must be an object ({ url or connection, queue, … })");
  const { url, connection, amqplib, socketOptions, exchange = "enmeshed", queue, prefetch, setup, quorum, deadLetter, deliveryLimit, singleActiveConsumer, reconnect, onWarning, ...rest } = options;
  if (typeof queue !== "string" || queue === "") throw new TypeError("consumeAmqp: queue must be a non-empty string");
  if ((url === undefined) === (connection === undefined)) throw new TypeError("consumeAmqp: pass exactly one of url and connection");
  if (url !== undefined && typeof url !== "string" && !(typeof URL === "function" && url instanceof URL)) throw new TypeError("consumeAmqp: url must be a string (amqp://…)");
  if (connection !== undefined && (connection === null || typeof connection.createConfirmChannel !== "function")) throw new TypeError("consumeAmqp: connection must be an amqplib connection");
  if (prefetch !== undefined && !(Number.isInteger(prefetch) && prefetch >= 0 && prefetch <= 65535)) throw new TypeError(`consumeAmqp: prefetch must be a whole number from 0 to 65535, found ${String(prefetch)}`);
  if (reconnect !== undefined) {
    if (reconnect === null || typeof reconnect !== "object") throw new TypeError("consumeAmqp: reconnect must be { baseDelayMs, maxDelayMs }");
    for (const name of ["baseDelayMs", "maxDelayMs"]) {
      const value = reconnect[name];
      if (value !== undefined && !(typeof value === "number" && value >= 0 && value <= 2 ** 31 - 1)) throw new TypeError(`consumeAmqp: reconnect.${name} must be a number of milliseconds from 0 to 2147483647, found ${String(value)}`);
    }
  }
  const concurrency = rest.concurrency ?? 16;
  const transport = new AmqpTransport({
    url, connection, amqplib, socketOptions, exchange, queue, setup, quorum, deadLetter, deliveryLimit, singleActiveConsumer, onWarning,
    prefetch: prefetch ?? concurrency * 2,
    reconnect: { ...DEFAULT_RECONNECT, ...(reconnect ?? {}) },
    onError: rest.onError,
  });
  return consume(router, transport, rest);
}
