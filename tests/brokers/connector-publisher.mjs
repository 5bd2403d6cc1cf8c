// Publishers that send events exactly as the Connector's MessageBrokerPublisher module does
// (../shared/spec/connector-events.md §2.2-2.4a), to feed the broker tests.
import amqplib from "amqplib";

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
