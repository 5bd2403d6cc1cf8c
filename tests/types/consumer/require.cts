// A CommonJS consumer: `require` resolves to node.cjs and its index.d.cts.
import events = require("enmeshed-events");
const router = new events.EventRouter();
router.on("transport.messageReceived", (e) => { const id: string = e.data.id; void id; });
const ev = events.parseDelivery({ kind: "amqp", routingKey: "a.b", body: "{}" });
void ev.problems;
