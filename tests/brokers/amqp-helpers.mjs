// Shared pieces of the AMQP broker tests: the package's modules, an inspection connection,
// event data, waiting, and the RabbitMQ controls of scripts/brokers.sh.
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import amqplib from "amqplib";
import { pkgDir } from "../js/package.mjs";

export { makeRouter } from "../js/consume-helpers.mjs";
export const amqpModule = await import(pathToFileURL(`${pkgDir}/amqp.js`).href);
export const consumeModule = await import(pathToFileURL(`${pkgDir}/consume.js`).href);
export { amqplib };

export const AMQP_URL = process.env.AMQP_URL;
export const REDIS_URL = process.env.REDIS_URL;
export const EXCHANGE = "enmeshed";
/** Why a broker test cannot run here, or undefined. */
export const missingBroker = AMQP_URL ? undefined : "AMQP_URL is not set: run bash scripts/test-brokers.sh (it starts RabbitMQ)";

let counter = 0;
export const uniqueQueue = (name) => `test.${name}.${process.pid}.${++counter}`;

export const mail = (id, extra = {}) => ({
  id, isOwn: false, content: { "@type": "ArbitraryMessageContent", value: extra },
  createdBy: "did:e:a:dids:2", createdByDevice: "DVCexample0000000002",
  recipients: [{ address: "did:e:a:dids:1", relationshipId: "RELexample0000000001" }],
  createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
});

/** A relationship after `changes` audit log entries: one subject, a new event per change. */
export const relationship = (id, changes) => ({
  id, templateId: "RLTexample0000000004", status: "Active", peer: "did:e:a:dids:2",
  peerIdentity: { address: "did:e:a:dids:2", publicKey: "eyJwdWIiOiJleGFtcGxlIn0" },
  auditLog: Array.from({ length: changes }, (_, i) => ({
    createdAt: new Date(Date.UTC(2026, 2, 4, 12, 0, i)).toISOString(), createdBy: "did:e:a:dids:2",
    createdByDevice: "DVCexample0000000002", reason: i === 0 ? "Creation" : "AcceptanceOfCreation", newStatus: "Active",
  })),
  creationContent: { "@type": "ArbitraryRelationshipCreationContent", value: {} },
});

/** A connection for looking at queues from outside the consumer; reopened after a broker restart. */
export async function inspector() {
  let connection;
  const connect = async () => {
    const opened = await amqplib.connect(AMQP_URL);
    opened.on("error", () => {});
    opened.on("close", () => {
      if (connection === opened) connection = undefined;
    });
    connection = opened;
    return opened;
  };
  await connect();
  const channel = async () => {
    const ch = await (connection ?? (await connect())).createChannel();
    ch.on("error", () => {});
    return ch;
  };
  return {
    get connection() {
      return connection;
    },
    /** Ready messages in a queue (undefined when it does not exist). */
    async depth(queue) {
      const ch = await channel();
      try {
        return (await ch.checkQueue(queue)).messageCount;
      } catch {
        return undefined;
      } finally {
        await ch.close().catch(() => {});
      }
    },
    /** Takes every message of a queue (acking them). */
    async drain(queue) {
      const ch = await channel();
      const messages = [];
      for (;;) {
        const message = await ch.get(queue, { noAck: true });
        if (message === false) break;
        messages.push(message);
      }
      await ch.close().catch(() => {});
      return messages;
    },
    /** Deletes a test's queues: main, dead letters, the retry buckets. */
    async remove(queue) {
      const ch = await channel();
      const names = [queue, `${queue}.dead`];
      for (let bucket = 64; bucket <= 2 ** 21; bucket *= 2) names.push(`${queue}.retry.${bucket}`);
      for (const name of names) await ch.deleteQueue(name).catch(() => {});
      await ch.deleteExchange(`${queue}.dead`).catch(() => {});
      await ch.close().catch(() => {});
    },
    async close() {
      await connection?.close().catch(() => {});
    },
  };
}

/** Polls `condition` until it is true, or fails after `timeoutMs` with `what`. */
export async function until(condition, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs a function of scripts/brokers.sh against the brokers the runner started. */
export function brokersSh(command) {
  const script = process.env.BROKERS_SH ?? new URL("../../scripts/brokers.sh", import.meta.url).pathname;
  return execFileSync("bash", ["-c", `. "$0" && ${command}`, script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}
