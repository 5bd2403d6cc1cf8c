// Fault-injection soak of the AMQP consumer: N events published the way the Connector publishes
// them, consumed by competing consumer PROCESSES while faults are injected, then every side
// effect checked. Needs RabbitMQ and Redis (AMQP_URL, REDIS_URL, BROKER_DIR: see
// scripts/brokers.sh); scripts/soak-brokers.sh starts them and runs this.
//
//   node scripts/soak-brokers.mjs [--events 100000] [--consumers 3] [--fail-rate 0.05]
//        [--poison-rate 0.001] [--connection-kills 3] [--process-kills 1] [--effects multi|plain]
//        [--guard redis|memory|none] [--concurrency 32] [--handler-ms 0] [--preload] [--json]
// --preload publishes everything before the consumers start: the time to drain a backlog.
// --after-effect-ms N: the handler works N ms more after its side effect (widens the window).
//
// Faults: handlers fail transiently at --fail-rate (retried through the retry queues);
// --poison-rate of the messages are not JSON (dead-lettered at once); every consumer
// connection is closed by the broker (`rabbitmqctl close_all_connections`) --connection-kills
// times; one consumer process is SIGKILLed and restarted --process-kills times.
//
// Side effects: HINCRBY <effects> <message id> 1 in Redis, the guard is a RedisGuardStore.
// --effects multi (default) commits the effect and the guard's "done" record in one MULTI, so a
// consumer killed between them cannot run the event twice; --effects plain writes the effect
// alone and leaves the record to the engine afterwards: a kill in that window shows up as an
// effect counted twice (reported, not hidden).

import { fork, execFile } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const requireClient = createRequire(`${root}/tests/brokers/package.json`);
const amqplib = requireClient("amqplib");
const { createClient } = requireClient("redis");
const pkgDir = resolve(process.env.PKG_DIR ?? `${root}/pkg`);

function argsOf(argv) {
  const options = {
    events: 100_000, consumers: 3, failRate: 0.05, poisonRate: 0.001, connectionKills: 3, processKills: 1,
    effects: "multi", guard: "redis", json: false, preload: false, consumer: undefined, queue: undefined, concurrency: 32, handlerMs: 0, afterEffectMs: 0, timeoutS: 900,
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (name === "json" || name === "preload") options[name] = true;
    else if (!(name in options)) throw new Error(`soak-brokers: unknown option ${argv[i]}`);
    else options[name] = ["effects", "queue", "guard"].includes(name) ? argv[++i] : Number(argv[++i]);
  }
  return options;
}

const options = argsOf(process.argv.slice(2));
const { AMQP_URL, REDIS_URL } = process.env;
if (!AMQP_URL || !REDIS_URL) {
  console.error("soak-brokers: AMQP_URL and REDIS_URL must be set (run bash scripts/soak-brokers.sh, which starts the brokers)");
  process.exit(2);
}
const EXCHANGE = "enmeshed";
const LEASE_MS = 5000;
const keysOf = (queue) => ({ effects: `${queue}:effects`, guardPrefix: `${queue}:guard:` });

if (options.consumer !== undefined) await runConsumer(options);
else await runSoak(options);

// ---- one consumer process --------------------------------------------------------------------

async function runConsumer({ consumer: id, queue, failRate, effects: effectsMode, concurrency, handlerMs, afterEffectMs, guard: guardKind }) {
  const { EventRouter } = await import(pathToFileURL(`${pkgDir}/node.mjs`).href);
  const { consumeAmqp } = await import(pathToFileURL(`${pkgDir}/amqp.js`).href);
  const { RedisGuardStore, MemoryGuardStore } = await import(pathToFileURL(`${pkgDir}/consume.js`).href);
  const redis = createClient({ url: REDIS_URL });
  redis.on("error", () => {});
  await redis.connect();
  const { effects, guardPrefix } = keysOf(queue);
  const redisGuard = new RedisGuardStore(redis, { prefix: guardPrefix });
  const guard = guardKind === "redis" ? redisGuard : guardKind === "memory" ? new MemoryGuardStore() : false;
  if (effectsMode === "multi" && guardKind !== "redis") throw new Error("--effects multi needs --guard redis");
  const rememberMs = 3_600_000;
  const router = new EventRouter();
  router.on("transport.messageReceived", async (event) => {
    if (handlerMs > 0) await new Promise((r) => setTimeout(r, handlerMs)); // simulated work
    if (Math.random() < failRate) throw new Error("transient failure (injected)");
    if (effectsMode === "multi") {
      await redis.multi().hIncrBy(effects, event.data.id, 1).addCommand(guard.completionCommand(event.key, rememberMs)).exec();
    } else {
      await redis.hIncrBy(effects, event.data.id, 1);
    }
    // More work after the side effect (a second call, a log write): widens the window a kill can hit.
    if (afterEffectMs > 0) await new Promise((r) => setTimeout(r, afterEffectMs));
  });
  const errors = {};
  const consumer = consumeAmqp(router, {
    url: AMQP_URL, amqplib, queue, exchange: EXCHANGE, concurrency, prefetch: concurrency * 2,
    socketOptions: { clientProperties: { connection_name: `soak-consumer-${id}` } },
    guard, guardLeaseMs: LEASE_MS, guardTtlMs: rememberMs,
    retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2000 },
    reconnect: { baseDelayMs: 100, maxDelayMs: 2000 },
    onError: (_error, { stage }) => (errors[stage] = (errors[stage] ?? 0) + 1),
    onWarning: () => {},
  });
  const report = () => process.send?.({ type: "stats", id, stats: consumer.stats(), errors });
  await consumer.ready;
  process.send?.({ type: "ready", id });
  const timer = setInterval(report, 250);
  process.on("disconnect", () => process.exit(1)); // the soak went away: do not linger
  process.on("message", async (message) => {
    if (message?.type !== "stop") return;
    clearInterval(timer);
    const closed = await consumer.close({ deadlineMs: 5000 });
    report();
    process.send?.({ type: "closed", id, closed });
    await redis.quit().catch(() => {});
    process.disconnect?.();
  });
}

// ---- the soak --------------------------------------------------------------------------------

function rabbitmqctl(...args) {
  const script = `${root}/scripts/brokers.sh`;
  return new Promise((resolvePromise, reject) => {
    execFile("bash", ["-c", `. "$0" && brokers_rabbitmqctl "$@"`, script, ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`rabbitmqctl ${args.join(" ")}: ${stderr || error.message}`)) : resolvePromise(stdout),
    );
  });
}

async function runSoak(o) {
  const queue = `soak.${process.pid}.${Date.now()}`;
  const { effects, guardPrefix } = keysOf(queue);
  const log = (...args) => o.json || console.error(`[soak ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
  const t0 = Date.now();
  const { EventRouter } = await import(pathToFileURL(`${pkgDir}/node.mjs`).href);
  const { setupAmqp } = await import(pathToFileURL(`${pkgDir}/amqp.js`).href);
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  let admin = await amqplib.connect(AMQP_URL);
  admin.on("error", () => {});
  const topology = await setupAmqp(admin, { patterns: ["transport.messageReceived"], queue, exchange: EXCHANGE, onWarning: log });
  log(`queue ${queue} (${topology.queueType}), bindings ${topology.bindingKeys.join(", ")}`);

  // Which messages are poison: a fixed, spread-out choice, so the expected totals are exact.
  const poisonEvery = o.poisonRate > 0 ? Math.round(1 / o.poisonRate) : Infinity;
  const isPoison = (i) => i % poisonEvery === poisonEvery - 1;
  let poisonCount = 0;
  for (let i = 0; i < o.events; i++) if (isPoison(i)) poisonCount++;
  const expectedEffects = o.events - poisonCount;

  // Consumers.
  const children = new Map();
  const lastStats = new Map(); // id → last stats of each incarnation, summed at the end
  const finishedStats = [];
  let incarnation = 0;
  const spawn = (id) =>
    new Promise((resolveReady) => {
      const child = fork(new URL(import.meta.url).pathname, ["--consumer", String(id), "--queue", queue, "--fail-rate", String(o.failRate), "--effects", o.effects, "--guard", o.guard, "--concurrency", String(o.concurrency), "--handler-ms", String(o.handlerMs), "--after-effect-ms", String(o.afterEffectMs)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      const key = `${id}#${++incarnation}`;
      children.set(id, { child, key });
      child.on("message", (message) => {
        if (message.type === "stats") lastStats.set(key, message);
        if (message.type === "ready") resolveReady(child);
      });
      child.on("exit", () => resolveReady(child));
    });
  const spawnAll = async () => {
    await Promise.all(Array.from({ length: o.consumers }, (_, id) => spawn(id)));
    log(`${o.consumers} consumer processes ready`);
  };
  // --preload: the backlog a receiver finds after downtime. Publish everything, then start the consumers.
  if (!o.preload) await spawnAll();

  // Publish like the Connector: one channel, no confirms, routing key = name, body = JSON(data).
  // Its publisher never reconnects; when a fault closes every connection, this one is paused and
  // flushed first (so it loses nothing that the check below would then miss) and reopened after,
  // as a Connector restarted after a broker outage would be.
  let pause; // { flushed(), resume: Promise } while a fault wants the publisher quiet
  let publisherRestarts = 0;
  let publishS;
  let bufferFull = 0;
  const tPublish = Date.now();
  const openPublisher = async () => {
    const connection = await amqplib.connect(AMQP_URL);
    connection.on("error", () => {});
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    await channel.checkExchange(EXCHANGE);
    return { connection, channel };
  };
  const publishAll = async () => {
    let { connection, channel } = await openPublisher();
    for (let i = 0; i < o.events; i++) {
      if (i % 500 === 0) {
        await new Promise((r) => setImmediate(r)); // let the socket drain, as the Connector's event loop would
        if (pause !== undefined) {
          await channel.checkExchange(EXCHANGE); // a round trip: the broker has read every publish
          const { resume } = pause;
          pause.flushed();
          await resume;
          ({ connection, channel } = await openPublisher());
          publisherRestarts++;
        }
      }
      const id = `MSGsoak${String(i).padStart(12, "0")}`;
      const body = isPoison(i)
        ? Buffer.from(`{"id":"${id}","poison":`) // cut short: not JSON
        : Buffer.from(JSON.stringify({
            id, isOwn: false, content: { "@type": "ArbitraryMessageContent", value: { n: i } }, createdBy: "did:e:a:dids:2",
            createdByDevice: "DVCexample0000000002", recipients: [{ address: "did:e:a:dids:1", relationshipId: "RELexample0000000001" }],
            createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
          }));
      if (!channel.publish(EXCHANGE, "transport.messageReceived", body)) {
        // The Connector ignores this (it logs); a real Connector's events come at the pace they
        // happen, not 100,000 at once, so here the write buffer is let drain instead.
        bufferFull++;
        await new Promise((r) => channel.once("drain", r));
      }
    }
    await channel.checkExchange(EXCHANGE);
    publishing = false;
    pause?.flushed(); // a pause asked for after the last check: everything is flushed now
    publishS = (Date.now() - tPublish) / 1000;
    log(`published ${o.events} (${poisonCount} poison) in ${publishS.toFixed(1)} s; publish returned false ${bufferFull} times`);
    await connection.close().catch(() => {});
  };
  let publishing = true;
  const published = publishAll().finally(() => {
    publishing = false;
    pause?.flushed();
  });
  let tConsume = tPublish;
  if (o.preload) {
    await published;
    await spawnAll();
    tConsume = Date.now(); // the receiver is back: its backlog starts to drain
  }
  /** Pauses the publisher at a flushed point; returns the function that lets it go on. */
  const quietPublisher = async () => {
    if (!publishing) return () => {};
    let resume;
    await new Promise((flushed) => (pause = { flushed, resume: new Promise((r) => (resume = r)) }));
    return () => {
      pause = undefined;
      resume();
    };
  };

  // Faults, triggered by progress (effects recorded so far).
  const faults = [];
  const connectionKillsAt = Array.from({ length: o.connectionKills }, (_, k) => (k + 1) / (o.connectionKills + 2));
  const processKillsAt = Array.from({ length: o.processKills }, (_, k) => (k + 1.5) / (o.processKills + 2.5));
  const deadline = Date.now() + o.timeoutS * 1000;
  let done = 0;
  let dead = 0;
  const check = async () => {
    done = await redis.hLen(effects);
    try {
      const ch = await admin.createChannel();
      ch.on("error", () => {});
      dead = (await ch.checkQueue(topology.deadLetterQueue)).messageCount;
      await ch.close().catch(() => {});
    } catch {
      await reopenAdmin(); // closed with every other connection by a fault
    }
  };
  const reopenAdmin = async () => {
    try {
      const fresh = await amqplib.connect(AMQP_URL);
      fresh.on("error", () => {});
      admin.close().catch(() => {});
      admin = fresh;
    } catch (error) {
      log(`admin reconnect: ${error.message}`);
    }
  };
  for (;;) {
    await check();
    const progress = done / expectedEffects;
    if (connectionKillsAt.length && progress >= connectionKillsAt[0]) {
      connectionKillsAt.shift();
      const t = Date.now();
      const resumePublisher = await quietPublisher();
      await rabbitmqctl("close_all_connections", "soak: injected connection loss").catch((error) => log(error.message));
      resumePublisher();
      faults.push({ fault: "close_all_connections", atProgress: +progress.toFixed(3), tookMs: Date.now() - t });
      log(`fault: the broker closed every connection at ${(progress * 100).toFixed(1)} %`);
    }
    if (processKillsAt.length && progress >= processKillsAt[0]) {
      processKillsAt.shift();
      const { child } = children.get(0);
      child.kill("SIGKILL");
      faults.push({ fault: "SIGKILL consumer 0", atProgress: +progress.toFixed(3) });
      log(`fault: consumer 0 SIGKILLed at ${(progress * 100).toFixed(1)} %; restarting it in 1 s`);
      await new Promise((r) => setTimeout(r, 1000));
      await spawn(0);
      log("consumer 0 is back");
    }
    const inFlight = [...children.values()].reduce((n, { key }) => n + (lastStats.get(key)?.stats.inFlight ?? 0), 0);
    if (!publishing && done >= expectedEffects && dead >= poisonCount && inFlight === 0 && connectionKillsAt.length === 0 && processKillsAt.length === 0) break;
    if (Date.now() > deadline) {
      log(`timed out: ${done}/${expectedEffects} effects, ${dead}/${poisonCount} dead letters`);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await published;
  const drainS = (Date.now() - tPublish) / 1000;
  const afterPublishS = drainS - publishS;
  const consumeS = (Date.now() - tConsume) / 1000; // --preload: from starting the consumers to drained

  // Stop the consumers.
  await Promise.all([...children.values()].map(({ child }) => new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.on("exit", r);
    child.send({ type: "stop" });
  })));

  // Verify.
  const counts = await redis.hGetAll(effects);
  const ids = Object.keys(counts);
  const twice = ids.filter((id) => Number(counts[id]) > 1);
  let missing = 0;
  for (let i = 0; i < o.events; i++) if (!isPoison(i) && counts[`MSGsoak${String(i).padStart(12, "0")}`] === undefined) missing++;
  const look = await amqplib.connect(AMQP_URL);
  look.on("error", () => {});
  const ch = await look.createChannel();
  const letters = [];
  for (;;) {
    const message = await ch.get(topology.deadLetterQueue, { noAck: true });
    if (message === false) break;
    letters.push(message);
  }
  const poisonLetters = letters.filter((m) => m.properties.headers?.["x-enmeshed-error-name"] === "EventParseError");
  const otherLetters = letters.length - poisonLetters.length;
  const leftInQueue = (await ch.checkQueue(queue)).messageCount;
  for (const name of [queue, topology.deadLetterQueue]) await ch.deleteQueue(name).catch(() => {});
  for (let bucket = 64; bucket <= 4096; bucket *= 2) await ch.deleteQueue(`${queue}.retry.${bucket}`).catch(() => {});
  await ch.deleteExchange(topology.deadLetterExchange).catch(() => {});
  await look.close().catch(() => {});
  const guardKeys = (await redis.keys(`${guardPrefix}*`)).length;
  for await (const keys of redis.scanIterator({ MATCH: `${queue}:*`, COUNT: 1000 })) if (keys.length) await redis.del(keys);
  await redis.quit().catch(() => {});
  await admin.close().catch(() => {});

  const totals = { received: 0, acked: 0, retried: 0, deadLettered: 0, duplicates: 0 };
  const errorTotals = {};
  for (const { stats, errors } of lastStats.values()) {
    for (const k of Object.keys(totals)) totals[k] += stats[k];
    for (const [stage, n] of Object.entries(errors)) errorTotals[stage] = (errorTotals[stage] ?? 0) + n;
  }
  const result = {
    events: o.events, poison: poisonCount, consumers: o.consumers, effectsMode: o.effects, guard: o.guard, failRate: o.failRate,
    publishS: +publishS.toFixed(2), drainS: +drainS.toFixed(2), afterPublishS: +afterPublishS.toFixed(2),
    eventsPerS: Math.round(o.events / drainS), preload: Boolean(o.preload), consumeS: +consumeS.toFixed(2),
    consumedPerS: Math.round(o.events / consumeS),
    effects: ids.length, missing, twice: twice.length, deadLetters: letters.length, poisonLetters: poisonLetters.length,
    otherLetters, leftInQueue, guardRecords: guardKeys, faults, consumerStats: totals, consumerErrors: errorTotals,
    publishBufferFull: bufferFull, publisherRestarts, queueType: topology.queueType,
  };
  result.ok = missing === 0 && (o.effects !== "multi" || twice.length === 0) && poisonLetters.length === poisonCount && otherLetters === 0 && leftInQueue === 0;
  if (o.json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  process.exit(result.ok ? 0 : 1);
}
