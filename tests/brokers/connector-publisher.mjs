// Publishers that send events exactly as the Connector's MessageBrokerPublisher module does
// (../shared/spec/connector-events.md §2.2-2.4a), to feed the broker tests.
import amqplib from "amqplib";
import mqtt from "mqtt";
import { createClient } from "redis";

/**
 * AMQP, like the Connector's AMQPConnector: its own connection, a plain channel (no confirms),
 * `checkExchange` (the exchange must exist), then per event
 * `channel.publish(exchange, eventName, Buffer.from(JSON.stringify(data)))`, no options: no
 * properties, non-persistent, not mandatory. It never reconnects.
 */
export async function connectorAmqpPublisher(url, exchange = "enmeshed") {
  const connection = await amqplib.connect(url, { timeout: 2000 });
  connection.on("error", () => {}); // the Connector attaches none; a test must not crash on it
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  await channel.checkExchange(exchange);
  return {
    /** Returns what `channel.publish` returned (false: the write buffer is full; the Connector only logs that). */
    publish(name, data) {
      return channel.publish(exchange, name, Buffer.from(JSON.stringify(data)));
    },
    /** Bytes that are not the Connector's (a poison message from another publisher). */
    publishRaw(name, bytes) {
      return channel.publish(exchange, name, Buffer.from(bytes));
    },
    /** Waits until what was written is flushed to the socket (the Connector has no such step; tests need it). */
    async flush() {
      // A round trip on the same channel: the broker has read everything written before it.
      await channel.checkExchange(exchange);
    },
    /** Closes; amqplib's close never settles on a connection the broker already closed, so at most 2 s. */
    async close() {
      let timer;
      await Promise.race([connection.close().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
    },
  };
}

// ---- MQTT, Redis, Pub/Sub (helper "mqtt") ----
/** MQTT: topic = event name with `.` → `/`, payload JSON(data), mqtt.js defaults (QoS 0, no retain). */
export async function mqttPublisher(url) {
  const client = await mqtt.connectAsync(url);
  return {
    client,
    publish: (name, data) => client.publishAsync(name.replaceAll(".", "/"), JSON.stringify(data)),
    close: () => client.endAsync(),
  };
}

/** Redis: `PUBLISH <event name> <JSON(data)>`; resolves to the number of subscribers that got it. */
export async function redisPublisher(url) {
  const client = createClient({ url });
  client.on("error", () => {}); // a restarted server: reconnects (the Connector's own client would not, §2.4a)
  await client.connect();
  return {
    client,
    publish: (name, data) => client.publish(name, JSON.stringify(data)),
    close: () => client.close(),
  };
}

/** Pub/Sub: one attribute `namespace` = event name, data = JSON(data), no ordering key. */
export function pubsubPublisher(topic) {
  return {
    publish: (name, data) => topic.publishMessage({ attributes: { namespace: name }, data: Buffer.from(JSON.stringify(data)) }),
    close: async () => {},
  };
}

const PEER = "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0";

/** A `transport.messageReceived` payload (a MessageDTO) with the given message id. */
export function messageReceived(id, subject = "Hello") {
  return {
    id,
    isOwn: false,
    content: { "@type": "Mail", to: ["did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2"], subject, body: "Hallo!" },
    createdBy: PEER,
    createdByDevice: "DVCexample0000000002",
    recipients: [{ address: "did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2", relationshipId: "RELexample0000000001" }],
    createdAt: "2026-03-02T09:15:27.412Z",
    attachments: [],
  };
}

/** A `consumption.incomingRequestStatusChanged` payload: one request going from `oldStatus` to `newStatus`. */
export function requestStatusChanged(id, oldStatus, newStatus) {
  return {
    request: { id, isOwn: false, peer: PEER, createdAt: "2026-03-07T15:00:00.000Z", status: newStatus, content: { "@type": "Request", id, items: [] }, source: { type: "Message", reference: "MSGexample0000000071" } },
    oldStatus,
    newStatus,
  };
}
