// Throughput of enmeshed-events/mqtt, /redis and /pubsub with the real router: N events published
// Connector-style, a no-op handler, time from the first publish to the last ack.
//   node tests/brokers/throughput.mjs [N]   (needs MQTT_URL, REDIS_URL, PUBSUB_EMULATOR_HOST as set)
import mqtt from "mqtt";
import * as redis from "redis";
import { PubSub } from "@google-cloud/pubsub";
import { makeRouter, subpath, until } from "./helpers.mjs";
import { messageReceived, mqttPublisher, pubsubPublisher, redisPublisher } from "./connector-publisher.mjs";

const N = Number(process.argv[2] ?? 10_000);
const { consumeMqtt } = await subpath("mqtt");
const { consumeRedis } = await subpath("redis");
const { setupPubSub, consumePubSub } = await subpath("pubsub");

async function measure(name, start, publisher) {
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  const consumer = start(router);
  await consumer.ready;
  publisher.client?.setMaxListeners?.(0); // mqtt.js: one 'drain' listener per publish while the socket is full
  const t0 = performance.now();
  for (let i = 0; i < N; i++) publisher.publish("transport.messageReceived", messageReceived(`MSGtp${name}${String(i).padStart(8, "0")}`));
  await until(() => consumer.stats().acked === N, `${N} acks`, 120_000);
  const ms = performance.now() - t0;
  console.log(`${name}: ${N} events in ${ms.toFixed(0)} ms = ${Math.round(N / (ms / 1000))} events/s; stats ${JSON.stringify(consumer.stats())}`);
  await consumer.close();
  await publisher.close();
}

if (process.env.MQTT_URL) {
  await measure("mqtt", (router) => consumeMqtt(router, { url: process.env.MQTT_URL, clientId: `tp-${Date.now()}`, clean: true, mqtt }), await mqttPublisher(process.env.MQTT_URL));
}
if (process.env.REDIS_URL) {
  await measure("redis", (router) => consumeRedis(router, { url: process.env.REDIS_URL, redis }), await redisPublisher(process.env.REDIS_URL));
}
if (process.env.PUBSUB_EMULATOR_HOST) {
  const pubsub = new PubSub({ projectId: "enmeshed-events-tp" });
  const [topic] = await pubsub.createTopic(`tp-${Date.now()}`);
  const subscription = await setupPubSub(pubsub, { topic, subscription: `tp-${Date.now()}`, filter: "" });
  await measure("pubsub", (router) => consumePubSub(router, { subscription }), pubsubPublisher(topic));
  await subscription.close();
  await topic.delete();
  await pubsub.close();
}
