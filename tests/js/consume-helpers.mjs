// Helpers of the consume.js unit tests: a fake transport (no broker) and a router.
import { pkg, pkgDir } from "./package.mjs";
import { pathToFileURL } from "node:url";

export const consumeModule = await import(pathToFileURL(`${pkgDir}/consume.js`).href);

export function makeRouter(options) {
  return new pkg.EventRouter(options);
}

/** An AMQP-shaped delivery the way the Connector publishes it. */
export function amqpDelivery(name, data) {
  return { kind: "amqp", routingKey: name, body: new TextEncoder().encode(JSON.stringify(data)) };
}

/**
 * A transport without a broker. `deliver` hands one message to the engine and returns a record
 * whose `outcome` promise resolves to the action taken: `{ action, args }`.
 */
export function fakeTransport({ broker = "amqp", redelivers = true } = {}) {
  const transport = {
    broker,
    redelivers,
    calls: [],
    subscriptions: undefined,
    onMessage: undefined,
    async start(onMessage, subscriptions) {
      transport.calls.push("start");
      transport.onMessage = onMessage;
      transport.subscriptions = subscriptions;
    },
    async stopTaking() {
      transport.calls.push("stopTaking");
    },
    async close() {
      transport.calls.push("close");
    },
    deliver(delivery, { attempt, redelivered = false } = {}) {
      let settle;
      const outcome = new Promise((resolve) => (settle = resolve));
      let settledCount = 0;
      const record = (action) => (...args) => {
        settledCount++;
        if (settledCount > 1) throw new Error(`message settled twice (${action})`);
        settle({ action, args });
      };
      const message = { delivery, attempt, redelivered, ack: record("ack"), retry: record("retry"), deadLetter: record("deadLetter") };
      const returned = transport.onMessage(message);
      // Resolves once the engine is done with the message (its own promise), with the action taken.
      return { message, outcome: Promise.all([outcome, returned]).then(([result]) => result), returned };
    },
    /** Delivers until acked or dead-lettered, redelivering each retry at once with attempt + 1. */
    async deliverUntilSettled(delivery) {
      let attempt = 1;
      const history = [];
      for (;;) {
        const { outcome } = transport.deliver(delivery, { attempt });
        const result = await outcome;
        history.push(result);
        if (result.action !== "retry") return history;
        if (!result.args[2]?.sameAttempt) attempt++;
      }
    },
  };
  return transport;
}

/** A gate a handler can wait on. */
export function gate() {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return { opened, open };
}

export const tick = () => new Promise((resolve) => setImmediate(resolve));
