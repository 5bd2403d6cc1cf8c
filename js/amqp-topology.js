// RabbitMQ topology for the Connector's AMQP publisher (setupAmqp) and the names of the queues
// the consumer (amqp.js) uses. The Connector publishes every event to a topic exchange it does
// not declare: the exchange must exist before the Connector starts.

import * as core from "#core";
import { describeThrown } from "./errors.js";

// Retry queues hold delays within a power of two of each other, so a long TTL at a queue's head
// (a classic queue expires messages only there) holds back shorter ones by at most that factor.
const MIN_RETRY_BUCKET_MS = 64;

/** The names setupAmqp declares for `queue`. */
export function amqpNames(queue) {
  return { queue, deadLetterExchange: `${queue}.dead`, deadLetterQueue: `${queue}.dead`, retryQueuePrefix: `${queue}.retry.` };
}

/** The retry queue for a delay: named by the power of two (ms) the delay fits under. */
export function retryQueueFor(queue, delayMs) {
  let bucket = MIN_RETRY_BUCKET_MS;
  while (bucket < delayMs) bucket *= 2;
  return `${amqpNames(queue).retryQueuePrefix}${bucket}`;
}

function bindingKeysOf(options) {
  if (Array.isArray(options.bindingKeys)) {
    const bad = options.bindingKeys.find((key) => typeof key !== "string");
    if (bad !== undefined || options.bindingKeys.includes(undefined)) throw new TypeError(`setupAmqp: bindingKeys must be strings, found ${typeof bad}`);
    return options.bindingKeys;
  }
  const patterns = options.patterns ?? options.router?.patterns();
  if (!Array.isArray(patterns)) throw new TypeError("setupAmqp: pass patterns (an array of trigger patterns), router or bindingKeys");
  return core.brokerSubscriptions(patterns, "amqp").bindingKeys;
}

// Codes with which RabbitMQ refuses a queue declaration: 406 PRECONDITION_FAILED (a queue of
// another type or arguments exists), 540 NOT_IMPLEMENTED, 530 NOT_ALLOWED.
const REFUSED = new Set([406, 530, 540]);

/**
 * Declares, idempotently: the durable topic exchange, a durable queue (quorum unless
 * `quorum: false`, classic when the server refuses quorum), its bindings from the patterns, and
 * (`deadLetter`) a dead-letter exchange and queue. Takes an amqplib connection (needed to fall
 * back from quorum: a refused declaration closes its channel) or a channel. Bindings the
 * patterns no longer need are not removed: AMQP cannot list a queue's bindings (only the
 * management API can); unbind them by hand, or use a new queue name.
 */
export async function setupAmqp(target, options = {}) {
  if (target === null || typeof target !== "object" || (typeof target.createChannel !== "function" && typeof target.assertExchange !== "function")) {
    throw new TypeError("setupAmqp: expected an amqplib connection or channel as the first argument");
  }
  if (options === null || typeof options !== "object") throw new TypeError("setupAmqp: options must be an object ({ queue, exchange, patterns | router | bindingKeys, … })");
  const { exchange = "enmeshed", queue, quorum = true, deadLetter = true, deliveryLimit = 20, singleActiveConsumer = false, onWarning = (text) => console.warn(text) } = options;
  if (typeof queue !== "string" || queue === "") throw new TypeError("setupAmqp: queue must be a non-empty string");
  if (typeof exchange !== "string" || exchange === "") {
    throw new TypeError("setupAmqp: exchange must be a non-empty string (the Connector cannot publish to the default exchange)");
  }
  const bindingKeys = bindingKeysOf(options);
  const names = amqpNames(queue);
  const ownsChannels = typeof target?.createChannel === "function";
  let channel = ownsChannels ? await target.createChannel() : target;
  const swallow = () => {};
  if (ownsChannels) channel.on("error", swallow);
  try {
    await channel.assertExchange(exchange, "topic", { durable: true });
    const queueArguments = {};
    if (deadLetter) {
      await channel.assertExchange(names.deadLetterExchange, "fanout", { durable: true });
      await channel.assertQueue(names.deadLetterQueue, { durable: true });
      await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, "");
      queueArguments["x-dead-letter-exchange"] = names.deadLetterExchange;
    }
    // One consumer at a time gets the queue (the others stand by): the order across processes.
    if (singleActiveConsumer) queueArguments["x-single-active-consumer"] = true;
    let queueType = "classic";
    let fellBack;
    if (quorum) {
      try {
        await channel.assertQueue(queue, { durable: true, arguments: { ...queueArguments, "x-queue-type": "quorum", "x-delivery-limit": deliveryLimit } });
        queueType = "quorum";
      } catch (error) {
        if (!ownsChannels || !REFUSED.has(error?.code)) throw error;
        fellBack = describeThrown(error);
        onWarning(`setupAmqp: the server refused a quorum queue ${JSON.stringify(queue)} (${fellBack}); declaring a classic durable queue instead, which loses non-persistent messages when the broker restarts`);
        channel = await target.createChannel();
        channel.on("error", swallow);
      }
    }
    if (queueType === "classic") await channel.assertQueue(queue, { durable: true, arguments: { ...queueArguments, "x-queue-type": "classic" } });
    for (const key of bindingKeys) await channel.bindQueue(queue, exchange, key);
    return { exchange, ...names, queueType, quorumRefused: fellBack, bindingKeys, deadLetter: Boolean(deadLetter), singleActiveConsumer: Boolean(singleActiveConsumer) };
  } finally {
    if (ownsChannels) await channel.close().catch(swallow);
  }
}

