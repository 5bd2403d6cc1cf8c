// Type tests of enmeshed-events/consume and enmeshed-events/amqp (js/types/consume.d.ts, amqp.d.ts).
import { EventRouter } from "../../js/types/index.js";
import { consume, MemoryGuardStore, RedisGuardStore, KvGuardStore, type Transport, type GuardStore, type Consumer } from "../../js/types/consume.js";
import { consumeAmqp, setupAmqp, type AmqpTopology } from "../../js/types/amqp.js";

declare const router: EventRouter;
declare const transport: Transport;
declare const redis: { sendCommand(args: string[]): Promise<unknown> };

const consumer: Consumer = consume(router, transport, {
    concurrency: 4,
    retry: { maxAttempts: 3, baseDelayMs: 100 },
    guard: new RedisGuardStore(redis),
    ordered: true,
    orderBy: (event) => event.subject ?? event.key,
    onError: (error, { stage }) => void [error, stage],
    onDeadLetter: ({ event, error, attempt }) => void [event?.name, error, attempt],
});
const closing: Promise<{ finished: number; abandoned: number }> = consumer.close({ deadlineMs: 1000 });
const received: number = consumer.stats().received;
const guards: GuardStore[] = [new MemoryGuardStore({ max: 10 }), new KvGuardStore({ get: async () => null, put: async () => {}, delete: async () => {} })];
// @ts-expect-error a guard is a GuardStore or false, not true
consume(router, transport, { guard: true });
// @ts-expect-error the queue is required
consumeAmqp(router, { url: "amqp://localhost" });
const amqpConsumer: Consumer = consumeAmqp(router, { url: "amqp://localhost", queue: "q", prefetch: 10, quorum: false });
declare const connection: Parameters<typeof setupAmqp>[0];
const topology: Promise<AmqpTopology> = setupAmqp(connection, { queue: "q", patterns: ["transport.*"] });
void [closing, received, guards, amqpConsumer, topology];
