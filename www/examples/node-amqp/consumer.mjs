// A Node (>= 20) consumer of the enmeshed Connector's events through RabbitMQ, at least once:
//   npm i enmeshed-events amqplib
//   AMQP_URL=amqp://user:pw@rabbit:5672 node consumer.mjs
// Connector config (messageBrokerPublisher): { type: "AMQP", configuration: { url, exchange: "enmeshed" } }.
// The exchange must exist before the Connector starts: start this consumer first (it declares
// the exchange, a quorum queue bound to the patterns below, and the dead letters), or run setupAmqp
// once at deploy time. Several copies of this process share the queue (competing consumers).
import { EventRouter } from "enmeshed-events";
import { consumeAmqp } from "enmeshed-events/amqp";

const router = new EventRouter()
  .on("transport.messageReceived", ({ data }) => {
    const what = data.content["@type"] === "Mail" ? `Mail "${data.content.subject}"` : `a ${data.content["@type"]}`;
    console.log(`message ${data.id} from ${data.createdBy}: ${what}`);
  })
  .on("consumption.incomingRequestReceived", ({ data }) => {
    console.log(`incoming request ${data.id} (${data.status}) with ${data.content.items.length} items from ${data.peer}`);
  })
  .on("consumption.incomingRequestStatusChanged", ({ data }) => {
    console.log(`incoming request ${data.request.id}: ${data.oldStatus} → ${data.newStatus}`);
  })
  .on("transport.relationshipChanged", ({ data }) => {
    const last = data.auditLog[data.auditLog.length - 1];
    console.log(`relationship ${data.id} with ${data.peer} is ${data.status} (${last.reason})`);
  });

const consumer = consumeAmqp(router, {
  url: process.env.AMQP_URL ?? "amqp://localhost",
  exchange: process.env.AMQP_EXCHANGE ?? "enmeshed",
  queue: process.env.AMQP_QUEUE ?? "erp.enmeshed-events",
  onError: (error, { stage, event }) => console.log(`${stage} error${event ? ` (${event.name})` : ""}: ${error.message}`),
  onDeadLetter: ({ event, error }) => console.log(`dead-lettered ${event?.name ?? "an unparsable message"}: ${error.message}`),
});
await consumer.ready;
console.log("consuming");

// Graceful shutdown: stop taking, let the handlers in flight finish (and ack), then close.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    const { finished, abandoned } = await consumer.close();
    console.log(`closed: ${finished} finished, ${abandoned} left to the broker; ${JSON.stringify(consumer.stats())}`);
  });
}
