// One end-to-end run of enmeshed-events/amqp, /mqtt and /redis, the same file under Node, Bun and
// Deno:   node|bun|deno run -A tests/brokers/runtimes-smoke.mjs   (needs AMQP_URL, MQTT_URL, REDIS_URL)
// Publishes Connector-style, consumes with a handler that fails once (retry) and checks that
// every event ran exactly once. Exits 0 on success, 1 on failure, 2 when the brokers are unset.
import amqplib from "amqplib";
import mqtt from "mqtt";
import * as redis from "redis";
import { connectorAmqpPublisher, mqttPublisher, redisPublisher, messageReceived } from "./connector-publisher.mjs";

const runtime = typeof Bun !== "undefined" ? `bun ${Bun.version}` : typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : `node ${process.versions.node}`;
if (!process.env.AMQP_URL || !process.env.MQTT_URL || !process.env.REDIS_URL) {
  console.log(`SKIP (${runtime}): AMQP_URL, MQTT_URL and REDIS_URL are not all set`);
  process.exit(2);
}
const pkgDir = new URL(`../../${process.env.PKG_DIR ?? "pkg"}/`, import.meta.url);
const { makeRouter } = await import("./helpers.mjs");
const { consumeAmqp, setupAmqp } = await import(new URL("amqp.js", pkgDir).href);
const { consumeMqtt } = await import(new URL("mqtt.js", pkgDir).href);
const { consumeRedis } = await import(new URL("redis.js", pkgDir).href);

const until = async (condition, what) => {
  for (const deadline = Date.now() + 10_000; !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`${runtime}: timed out waiting for ${what}`);
  }
};

async function check(broker, start, publisher) {
  const router = makeRouter();
  const runs = new Map();
  router.on("transport.messageReceived", (event) => {
    runs.set(event.data.id, (runs.get(event.data.id) ?? 0) + 1);
    if (event.data.id.endsWith("0") && runs.get(event.data.id) === 1) throw new Error("fails once");
  });
  const consumer = start(router);
  await consumer.ready;
  const started = performance.now();
  const n = 200;
  for (let i = 0; i < n; i++) await publisher.publish("transport.messageReceived", messageReceived(`MSGsmoke${broker}${String(i).padStart(4, "0")}`));
  await until(() => consumer.stats().acked === n, `${n} acks`);
  const ms = performance.now() - started;
  const stats = consumer.stats();
  await consumer.close();
  await publisher.close();
  const once = [...runs.entries()].every(([id, count]) => count === (id.endsWith("0") ? 2 : 1));
  if (!once || stats.retried !== n / 10) throw new Error(`${runtime} ${broker}: runs ${JSON.stringify([...runs])} stats ${JSON.stringify(stats)}`);
  console.log(`${runtime} ${broker}: ${n} events (${n / 10} retried once) in ${ms.toFixed(0)} ms`);
}

try {
  const clientId = `enm-smoke-${runtime.split(" ")[0]}-${Date.now()}`;
  // The exchange must exist before the Connector publishes (it only checks it): declare it first.
  const exchange = `enm-smoke-${runtime.split(" ")[0]}`;
  const admin = await amqplib.connect(process.env.AMQP_URL);
  await setupAmqp(admin, { exchange, queue: clientId, bindingKeys: ["#"] });
  await admin.close();
  await check("amqp", (router) => consumeAmqp(router, { url: process.env.AMQP_URL, exchange, queue: clientId, amqplib, retry: { baseDelayMs: 5 } }), await connectorAmqpPublisher(process.env.AMQP_URL, exchange));
  await check("mqtt", (router) => consumeMqtt(router, { url: process.env.MQTT_URL, clientId, clean: true, mqtt, retry: { baseDelayMs: 5 } }), await mqttPublisher(process.env.MQTT_URL));
  await check("redis", (router) => consumeRedis(router, { url: process.env.REDIS_URL, redis, retry: { baseDelayMs: 5 } }), await redisPublisher(process.env.REDIS_URL));
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
