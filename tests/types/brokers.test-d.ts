// Compile-time tests of enmeshed-events/mqtt, /redis and /pubsub (js/types/{mqtt,redis,pubsub}.d.ts).
// Never executed: `tsc --noEmit` only; every `// @ts-expect-error` line must really be an error.

import { EventRouter } from "../../js/types/index.js";
import type { Consumer, Transport } from "../../js/types/consume.js";
import { consumeMqtt, mqttTransport } from "../../js/types/mqtt.js";
import { consumeRedis, redisTransport } from "../../js/types/redis.js";
import { consumePubSub, pubsubTransport, PubSubSetupError, setupPubSub } from "../../js/types/pubsub.js";

const router = new EventRouter();

const mqttConsumer: Consumer = consumeMqtt(router, {
    url: "mqtt://127.0.0.1:1883",
    clientId: "erp-events",
    deadLetterTopic: "enmeshed-dead",
    connectOptions: { protocolVersion: 5 },
    onConnectionError: (error) => void error.message,
    concurrency: 4,
    retry: { maxAttempts: 3 },
    ordered: true,
});
void mqttConsumer.stats().received;
const mqttT: Transport = mqttTransport({ url: "mqtt://x", clientId: "a", qos: 0 });
void mqttT;
// @ts-expect-error QoS 2 is not supported (the adapter acks QoS 1 itself)
consumeMqtt(router, { url: "mqtt://x", qos: 2 });
// @ts-expect-error the dead-letter topic is a string
consumeMqtt(router, { url: "mqtt://x", deadLetterTopic: 5 });

const redisConsumer: Consumer = consumeRedis(router, { url: "redis://127.0.0.1:6379", onDeadLetter: ({ error }) => void error });
void redisConsumer.close({ deadlineMs: 1000 });
const redisT: Transport = redisTransport({ url: "redis://x" });
void redisT;

async function pubsub(client: unknown) {
    const subscription = await setupPubSub(client, { topic: "enmeshed-events", subscription: "erp", router, deadLetterTopic: "dead", maxDeliveryAttempts: 10 });
    // @ts-expect-error the subscription name is required
    await setupPubSub(client, { topic: "enmeshed-events", router });
    const consumer: Consumer = consumePubSub(router, { subscription, guardLeaseMs: 30_000 });
    void consumer;
    void pubsubTransport({ pubsub: client, name: "erp" });
    try {
        await setupPubSub(client, { topic: "t", subscription: "s", filter: "" });
    } catch (error) {
        if (error instanceof PubSubSetupError) {
            const code: "filter_mismatch" = error.code;
            const texts: [string, string, string] = [error.subscription, error.expected, error.found];
            void code, texts;
        }
    }
}
void pubsub;
