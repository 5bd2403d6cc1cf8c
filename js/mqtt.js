// MQTT transport for the consumer engine (consume.js), over a mqtt.js 5 client (an optional peer
// dependency: imported only when a `url` is given, never by the package's main entry).
//
// What MQTT gives a consumer, and what this adapter does with it:
// - The Connector publishes every event at QoS 0, and a broker delivers at min(publish, subscription)
//   QoS. Only a broker that upgrades the QoS (Mosquitto: `upgrade_outgoing_qos true`) delivers at our
//   QoS 1; only then can a message wait for its PUBACK, be queued while we are away and come back
//   after a crash. A QoS 0 delivery is at most once: it is handled, never given back.
// - MQTT has no negative acknowledgement: a retry is an in-process delayed re-run, and the PUBACK
//   waits for it. A message whose PUBACK never went out comes back (dup) when the persistent session
//   reconnects; the engine's guard recognises what already ran.
// - PUBACKs go out in the order the messages arrived (MQTT §4.6), so a message that is still being
//   retried holds back the PUBACKs of the ones after it; the broker's in-flight window
//   (Mosquitto's max_inflight_messages, 20 by default) then pauses delivery. That is the backpressure.

import { consume } from "./consume.js";
import { failureFields } from "./errors.js";

/** Session lifetime asked for over MQTT 5 when we connect ourselves (a week). */
const DEFAULT_SESSION_EXPIRY_S = 7 * 24 * 3600;
const PUBACK = 0x40;
// handleMessage's callback with an error skips mqtt.js's own PUBACK (and nothing else): we send ours.
const PUBACK_DEFERRED = new Error("enmeshed-events sends this PUBACK itself");

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw new TypeError("mqtt: expected an options object");
  if (options.client === undefined && typeof options.url !== "string") {
    throw new TypeError("mqtt: give either `client` (a connected or connecting mqtt.js client) or `url`");
  }
  const qos = options.qos ?? 1;
  if (qos !== 0 && qos !== 1) throw new TypeError(`mqtt: qos must be 0 or 1, found ${qos}`);
  if (options.deadLetterTopic !== undefined && (typeof options.deadLetterTopic !== "string" || options.deadLetterTopic === "" || /[+#]/.test(options.deadLetterTopic))) {
    throw new TypeError("mqtt: deadLetterTopic must be a topic without wildcards");
  }
}

/** Waits for the client's first CONNACK (or its first error). */
function connected(client) {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onConnect = () => { client.off("error", onError); resolve(); };
    const onError = (error) => { client.off("connect", onConnect); reject(error); };
    client.once("connect", onConnect);
    client.once("error", onError);
  });
}

function callback(executor) {
  return new Promise((resolve, reject) => executor((error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * The MQTT transport for `consume()`: subscribes to the topic filters `brokerSubscriptions` made
 * from the router's patterns, with a persistent session.
 */
export function mqttTransport(options) {
  checkOptions(options);
  const qos = options.qos ?? 1;
  const clean = options.clean ?? false;
  let client = options.client;
  const ownsClient = client === undefined;
  let filters = [];
  let onMessage;
  let taking = false;
  let subscribed = false; // the first SUBSCRIBE is start()'s; later ones follow reconnects
  let originalHandleMessage;
  // The connection a PUBACK belongs to: after a reconnect the broker resends what we did not ack.
  let connection = 0;
  let unacked = [];
  const listeners = [];

  function listen(event, listener) {
    client.on(event, listener);
    listeners.push([event, listener]);
  }

  function flushAcks() {
    while (unacked.length > 0 && unacked[0].settled) {
      const { messageId } = unacked.shift();
      client.stream?.write(Uint8Array.of(PUBACK, 2, messageId >> 8, messageId & 0xff));
    }
  }

  function settle(pending) {
    if (pending === undefined || pending.settled) return;
    pending.settled = true;
    if (pending.connection === connection) flushAcks();
  }

  async function deadLetterPublish(packet, error, attempt) {
    const topic = `${options.deadLetterTopic}/${packet.topic}`;
    const publishOptions = { qos: 1 };
    if (client.options.protocolVersion === 5) {
      const failure = failureFields(error);
      publishOptions.properties = {
        userProperties: { error: failure.message, code: failure.code, attempts: String(attempt) },
      };
    }
    await callback((done) => client.publish(topic, packet.payload, publishOptions, done));
  }

  function message(packet, pending, attempt) {
    let finished = false;
    const finish = () => {
      finished = true;
      settle(pending);
    };
    return {
      delivery: { kind: "mqtt", topic: packet.topic, body: packet.payload },
      attempt,
      redelivered: packet.dup === true,
      qos: packet.qos,
      ack() {
        if (!finished) finish();
      },
      // No retry(): MQTT cannot give a message back, so the engine waits out a retry itself.
      async deadLetter(error, { attempt: attempts = attempt } = {}) {
        if (finished) return;
        try {
          if (options.deadLetterTopic !== undefined) await deadLetterPublish(packet, error, attempts);
        } finally {
          // Even when the publish failed (the engine reports it): an entry left unsettled at the
          // head of `unacked` would hold back every later PUBACK and so, soon, all delivery.
          finish();
        }
      },
    };
  }

  // Our own dead letters, when the subscriptions also cover the dead-letter topic (`#`): never
  // handled again, or a poison message would go round forever.
  function isDeadLetter(packet) {
    return options.deadLetterTopic !== undefined && packet.topic.startsWith(`${options.deadLetterTopic}/`);
  }

  function handleMessage(packet, done) {
    if (packet.qos !== 1) {
      // QoS 0 has no acknowledgement: what arrives after stopTaking() is lost, like any QoS 0 message
      done();
      if (taking && !isDeadLetter(packet)) onMessage(message(packet, undefined, 1));
      return;
    }
    if (!taking) {
      // unacked: the broker gives it back when the session reconnects
      done(PUBACK_DEFERRED);
      return;
    }
    const pending = { messageId: packet.messageId, connection, settled: false };
    unacked.push(pending);
    done(PUBACK_DEFERRED);
    if (isDeadLetter(packet)) settle(pending);
    else onMessage(message(packet, pending, 1));
  }

  async function subscribe() {
    if (filters.length === 0) return;
    const granted = await callback((done) => client.subscribe(filters, { qos }, done));
    const refused = granted.filter((grant) => grant.qos === 128 || grant.reasonCode >= 128);
    if (refused.length > 0) {
      throw new Error(`mqtt: the broker refused the subscription to ${refused.map((grant) => grant.topic).join(", ")}`);
    }
  }

  const transport = {
    broker: "mqtt",
    // QoS 1 on a persistent session: what was not acked comes back on the next connection.
    redelivers: qos === 1 && !(ownsClient ? clean : client.options?.clean !== false),
    async start(handler, subscriptions, control) {
      onMessage = handler;
      // No subscriptions from the engine (an older core): everything, which the router narrows.
      filters = [...(subscriptions?.topicFilters ?? ["#"])];
      if (ownsClient) {
        const mqtt = options.mqtt ?? (await import("mqtt"));
        const connectOptions = { clientId: options.clientId, clean, ...options.connectOptions };
        if (connectOptions.protocolVersion === 5 && !clean) {
          connectOptions.properties = { sessionExpiryInterval: DEFAULT_SESSION_EXPIRY_S, ...connectOptions.properties };
        }
        if (!clean && typeof connectOptions.clientId !== "string") {
          throw new TypeError("mqtt: a persistent session (clean: false) needs a fixed clientId");
        }
        client = (mqtt.connect ?? mqtt.default.connect)(options.url, connectOptions);
      } else if (client.options?.protocolVersion === 5 && client.options.clean === false && !(client.options.properties?.sessionExpiryInterval > 0)) {
        throw new TypeError("mqtt: over MQTT 5 a persistent session needs properties.sessionExpiryInterval > 0, else the broker drops it at every disconnect");
      }
      if (ownsClient) {
        // mqtt.js reconnects by itself; an 'error' nobody listens to would end the process.
        listen("error", (error) => options.onConnectionError?.(error));
      }
      originalHandleMessage = client.handleMessage;
      client.handleMessage = handleMessage;
      listen("close", () => {
        // What was not acked on that connection comes back (dup) on the next one.
        connection += 1;
        unacked = [];
      });
      listen("connect", (connack) => {
        // A resumed session keeps its subscriptions; a new one (or a lost one) needs them again.
        // Subscriptions the broker refuses now would leave the consumer deaf: it ends (closed rejects).
        if (subscribed && !connack?.sessionPresent) subscribe().catch((error) => control?.fail?.(error));
      });
      taking = true;
      try {
        await connected(client);
        await subscribe();
        subscribed = true;
      } catch (error) {
        taking = false;
        await transport.close();
        throw error;
      }
    },
    async stopTaking() {
      taking = false;
    },
    async close() {
      taking = false;
      if (client === undefined) return;
      for (const [event, listener] of listeners) client.off(event, listener);
      listeners.length = 0;
      if (originalHandleMessage !== undefined) client.handleMessage = originalHandleMessage;
      if (ownsClient) await new Promise((resolve) => client.end(false, {}, () => resolve()));
    },
  };
  return transport;
}

/**
 * Consumes the events an enmeshed Connector publishes to an MQTT broker and routes them with
 * `router` (see README "MQTT (Mosquitto)" for what it can and cannot guarantee).
 * @returns {import("./consume.js").Consumer}
 */
export function consumeMqtt(router, options = {}) {
  if (options === null || typeof options !== "object") throw new TypeError("consumeMqtt: options must be an object ({ url or client, … })");
  const { client, url, clientId, clean, qos, connectOptions, deadLetterTopic, mqtt, onConnectionError, ...consumeOptions } = options;
  return consume(router, mqttTransport({ client, url, clientId, clean, qos, connectOptions, deadLetterTopic, mqtt, onConnectionError }), consumeOptions);
}
