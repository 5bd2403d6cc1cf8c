// Redis pub/sub transport for the consumer engine (consume.js), over a node-redis (v4 or later)
// client: an optional peer dependency, imported only when a `url` is given.
//
// Redis pub/sub is at most once and cannot give a message back: there is no acknowledgement, no
// queue while nobody is subscribed, and no redelivery. So `redelivers` is false, a retry is an
// in-process delayed re-run, and an event whose handlers are still running or waiting for a retry
// is lost if the process dies. Events published while this consumer is disconnected are lost too.
// (Redis Streams would do better, but the Connector only PUBLISHes.)

import { consume } from "./consume.js";

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw new TypeError("redis: expected an options object");
  if (options.client !== undefined && (options.client === null || typeof options.client.duplicate !== "function")) {
    throw new TypeError("redis: client must be a node-redis client (with duplicate())");
  }
  if (options.client === undefined && typeof options.url !== "string") {
    throw new TypeError("redis: give either `client` (a node-redis client, which is duplicated for subscribing) or `url`");
  }
}

/** The name of a subscriber's channel or pattern argument, which bufferMode may make a Buffer. */
function text(value) {
  return typeof value === "string" ? value : new TextDecoder().decode(value);
}

/**
 * The Redis transport for `consume()`: PSUBSCRIBE/SUBSCRIBE to what `brokerSubscriptions` made of
 * the router's patterns, on a connection of its own (subscribing takes a connection over).
 */
export function redisTransport(options) {
  checkOptions(options);
  let subscriber;
  let patterns = [];
  let channels = [];
  let taking = false;
  let onMessage;

  function message(channel, body, attempt) {
    let finished = false;
    return {
      delivery: { kind: "redis", channel, body },
      attempt,
      redelivered: false,
      ack() {
        finished = true;
      },
      // No retry(): `redelivers: false` makes the engine wait out a retry in this process.
      deadLetter() {
        // Nowhere to put it back: the engine's onDeadLetter has the event and the error.
        finished = true;
      },
    };
  }

  // bufferMode: the body reaches the parser as the bytes Redis sent, without a UTF-8 round trip.
  const listener = (body, channel) => {
    if (taking) onMessage(message(text(channel), body, 1));
  };

  return {
    broker: "redis",
    redelivers: false,
    async start(handler, subscriptions) {
      onMessage = handler;
      // No subscriptions from the engine (an older core): everything, which the router narrows.
      patterns = [...(subscriptions?.patterns ?? ["*"])];
      channels = [...(subscriptions?.channels ?? [])];
      if (options.client !== undefined) {
        subscriber = options.client.duplicate();
      } else {
        const redis = options.redis ?? (await import("redis"));
        subscriber = (redis.createClient ?? redis.default.createClient)({ url: options.url, ...options.clientOptions });
      }
      // node-redis reconnects by itself and subscribes again on the new connection; without an
      // 'error' listener a lost connection would be an uncaught exception.
      subscriber.on("error", options.onConnectionError ?? (() => {}));
      await subscriber.connect();
      taking = true;
      if (patterns.length > 0) await subscriber.pSubscribe(patterns, listener, true);
      if (channels.length > 0) await subscriber.subscribe(channels, listener, true);
    },
    async stopTaking() {
      taking = false;
      // Redis keeps nothing for us anyway: stop the traffic.
      if (subscriber?.isReady) {
        if (patterns.length > 0) await subscriber.pUnsubscribe(patterns, listener, true);
        if (channels.length > 0) await subscriber.unsubscribe(channels, listener, true);
      }
    },
    async close() {
      taking = false;
      if (subscriber === undefined) return;
      const own = subscriber;
      subscriber = undefined;
      // The duplicate is ours even when the user passed a client: theirs stays open.
      if (own.isOpen) await (typeof own.close === "function" ? own.close() : own.quit());
    },
  };
}

/**
 * Consumes the events an enmeshed Connector PUBLISHes to Redis and routes them with `router`
 * (see README "Redis": at most once; retries happen in process).
 * @returns {import("./consume.js").Consumer}
 */
export function consumeRedis(router, options = {}) {
  if (options === null || typeof options !== "object") throw new TypeError("consumeRedis: options must be an object ({ url or client, … })");
  const { client, url, redis, clientOptions, onConnectionError, ...consumeOptions } = options;
  return consume(router, redisTransport({ client, url, redis, clientOptions, onConnectionError }), consumeOptions);
}
