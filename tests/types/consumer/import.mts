// An ESM consumer: `import` resolves to node.mjs and index.d.ts.
import { EventRouter } from "enmeshed-events";
new EventRouter().on("transport.*", (e) => { void e.data; });
// The subpaths resolve to their own declarations.
import { consume, MemoryGuardStore } from "enmeshed-events/consume";
import { consumeAmqp } from "enmeshed-events/amqp";
const consumer = consumeAmqp(new EventRouter(), { url: "amqp://localhost", queue: "q", guard: new MemoryGuardStore() });
void consumer.stats().acked;
void consume;
