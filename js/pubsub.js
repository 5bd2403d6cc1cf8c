// Google Cloud Pub/Sub (pull) transport for the consumer engine (consume.js), over an
// @google-cloud/pubsub client (an optional peer dependency: this module never imports it; you pass
// your PubSub or Subscription object).
//
// Pub/Sub is at least once: a message is redelivered until it is acked, after a nack at once or
// after the subscription's retry policy's backoff, and a dead-letter policy moves it to another
// topic after maxDeliveryAttempts. The Connector sets no ordering key, so there is no order.

import { consume } from "./consume.js";
import * as core from "#core";
import { failureFields } from "./errors.js";

const ALREADY_EXISTS = 6;
const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;

/** A subscription that exists but does not fit what was asked for (filters cannot be changed). */
export class PubSubSetupError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = "PubSubSetupError";
    /** `filter_mismatch` */
    this.code = code;
    Object.assign(this, details);
  }
}

function fullTopicName(pubsub, topic) {
  if (typeof topic !== "string") return topic.name;
  return topic.includes("/") ? topic : `projects/${pubsub.projectId}/topics/${topic}`;
}

function filterOf(options) {
  if (typeof options.filter === "string") return options.filter;
  const patterns = options.patterns ?? options.router?.patterns();
  if (!Array.isArray(patterns)) throw new TypeError("setupPubSub: give `patterns`, `router` or `filter`");
  return core.brokerSubscriptions(patterns, "pubsub").filter;
}

/**
 * Creates the subscription, or checks the existing one: its filter must equal the one made from
 * the patterns (Pub/Sub cannot change a filter; a mismatch is a PubSubSetupError), and its
 * dead-letter policy is set to the one asked for. Returns the Subscription.
 */
export async function setupPubSub(pubsub, options) {
  if (pubsub === null || typeof pubsub !== "object" || typeof pubsub.topic !== "function") {
    throw new TypeError("setupPubSub: expected a PubSub client (from @google-cloud/pubsub) as the first argument");
  }
  const { topic, subscription } = options ?? {};
  if (typeof subscription !== "string" || subscription === "") throw new TypeError("setupPubSub: `subscription` must be a name");
  if (topic === undefined) throw new TypeError("setupPubSub: `topic` is required");
  const filter = filterOf(options);
  const maxDeliveryAttempts = options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
  const deadLetterPolicy = options.deadLetterTopic === undefined ? undefined : { deadLetterTopic: fullTopicName(pubsub, options.deadLetterTopic), maxDeliveryAttempts };
  const settings = { filter, ...(deadLetterPolicy && { deadLetterPolicy }), ...(options.ackDeadlineSeconds && { ackDeadlineSeconds: options.ackDeadlineSeconds }), ...(options.retryPolicy && { retryPolicy: options.retryPolicy }) };
  const topicObject = typeof topic === "string" ? pubsub.topic(topic) : topic;
  try {
    const [created] = await topicObject.createSubscription(subscription, settings);
    return created;
  } catch (error) {
    if (error?.code !== ALREADY_EXISTS) throw error;
  }
  const existing = pubsub.subscription(subscription);
  const [metadata] = await existing.getMetadata();
  const found = metadata.filter ?? "";
  if (found !== filter) {
    throw new PubSubSetupError(
      "filter_mismatch",
      `subscription ${subscription} has the filter ${JSON.stringify(found)}, but the patterns need ${JSON.stringify(filter)}; Pub/Sub cannot change a filter: create a new subscription (or delete this one)`,
      { subscription, expected: filter, found },
    );
  }
  const policy = metadata.deadLetterPolicy;
  const same = (policy?.deadLetterTopic ?? undefined) === deadLetterPolicy?.deadLetterTopic && (deadLetterPolicy === undefined || policy?.maxDeliveryAttempts === maxDeliveryAttempts);
  if (!same && deadLetterPolicy !== undefined) await existing.setMetadata({ deadLetterPolicy });
  return existing;
}

/**
 * The Topic dead letters go to: a Topic given, or a topic name resolved with `pubsub` (or the
 * subscription's own client). A name that cannot be resolved is an error, not a silent ack.
 */
function deadLetterTopicOf(options, subscription) {
  const given = options.deadLetterTopic;
  if (given === undefined) return undefined;
  if (typeof given === "string") {
    if (given === "") throw new TypeError("pubsub: deadLetterTopic must be a topic name or a Topic, found \"\"");
    const client = options.pubsub ?? subscription.pubsub;
    if (client === undefined || typeof client?.topic !== "function") {
      throw new TypeError("pubsub: deadLetterTopic is a name, but there is no PubSub client to resolve it: pass `pubsub`, or a Topic as deadLetterTopic");
    }
    return client.topic(given);
  }
  if (given === null || typeof given !== "object" || typeof given.publishMessage !== "function") {
    throw new TypeError("pubsub: deadLetterTopic must be a topic name or a Topic (with publishMessage)");
  }
  return given;
}

/**
 * The Pub/Sub transport for `consume()`: streaming pull on an existing subscription.
 * `deadLetterTopic` (a Topic) is where deadLetter() publishes; without it a dead-lettered
 * message is acked and left to the engine's onDeadLetter.
 */
export function pubsubTransport(options) {
  const subscription = options.subscription ?? options.pubsub?.subscription(options.name, options.subscriberOptions);
  if (subscription === undefined || typeof subscription.on !== "function") {
    throw new TypeError("pubsub: give `subscription` (a Subscription) or `pubsub` and `name`");
  }
  const deadLetterTopic = deadLetterTopicOf(options, subscription);
  let taking = false;
  let onMessage;
  // Without a dead-letter policy Pub/Sub reports no deliveryAttempt: the attempts this process
  // saw are counted by message id instead (a bounded map; another process starts again at 1).
  const seenAttempts = new Map();
  function attemptOf(received) {
    if (received.deliveryAttempt > 0) return received.deliveryAttempt;
    const attempt = (seenAttempts.get(received.id) ?? 0) + 1;
    seenAttempts.delete(received.id);
    seenAttempts.set(received.id, attempt);
    if (seenAttempts.size > 10_000) seenAttempts.delete(seenAttempts.keys().next().value);
    return attempt;
  }
  const forget = (received) => seenAttempts.delete(received.id);
  // Messages waiting out a retry delay: nacked at close, so they come back at once, not after a lease runs out.
  const waiting = new Map();

  function delivery(received) {
    return { kind: "pubsub", message: { attributes: received.attributes, data: received.data } };
  }

  function message(received) {
    const attempt = attemptOf(received);
    return {
      delivery: delivery(received),
      attempt,
      redelivered: attempt > 1,
      id: received.id,
      ack() {
        forget(received);
        received.ack();
      },
      retry(delayMs, _error, { sameAttempt = false } = {}) {
        // (Pub/Sub's own deliveryAttempt counts every delivery, a guard-busy one included.)
        if (sameAttempt && !(received.deliveryAttempt > 0)) seenAttempts.set(received.id, attempt - 1);
        // The lease is held (and extended by the client) during the delay, then the nack makes
        // Pub/Sub deliver it again (after the subscription's retry-policy backoff, if any).
        if (!(delayMs > 0)) return received.nack();
        const timer = setTimeout(() => {
          waiting.delete(timer);
          received.nack();
        }, delayMs);
        waiting.set(timer, received);
      },
      async deadLetter(error) {
        if (deadLetterTopic !== undefined) {
          const failure = failureFields(error);
          try {
            await publishDeadLetter(failure);
          } catch (publishError) {
            // Not acked and not held: Pub/Sub delivers it again (soon), instead of the client
            // extending its lease for up to an hour. The engine reports the rejection; the attempt
            // count is kept, so the redelivery goes straight to the dead letters again.
            received.nack();
            throw publishError;
          }
        }
        forget(received);
        received.ack();
        async function publishDeadLetter(failure) {
          await deadLetterTopic.publishMessage({
            data: received.data,
            attributes: {
              ...received.attributes,
              enmeshedError: failure.message,
              enmeshedErrorCode: failure.code,
              enmeshedSourceMessageId: String(received.id),
            },
          });
        }
      },
    };
  }

  const listener = (received) => {
    // After stopTaking the message is nacked: Pub/Sub gives it to another subscriber or to us later
    if (!taking) return received.nack();
    onMessage(message(received));
  };
  let control;
  // The client retries what can be retried by itself; an 'error' here ended its stream for good.
  const errorListener = (error) => {
    options.onConnectionError?.(error);
    control?.fail?.(error);
  };

  return {
    broker: "pubsub",
    redelivers: true,
    async start(handler, _subscriptions, engine) {
      onMessage = handler;
      control = engine;
      taking = true;
      subscription.on("message", listener);
      subscription.on("error", errorListener);
      if (subscription.isOpen === false) subscription.open();
    },
    async stopTaking() {
      taking = false;
    },
    async close() {
      taking = false;
      for (const [timer, received] of waiting) {
        clearTimeout(timer);
        received.nack();
      }
      waiting.clear();
      subscription.off("message", listener);
      // Closing the stream nacks nothing by itself: leased messages come back when their deadline passes.
      if (options.subscription === undefined) await subscription.close();
      subscription.off("error", errorListener);
    },
  };
}

/**
 * Consumes the events an enmeshed Connector publishes to a Pub/Sub topic, from a (pull)
 * subscription made by setupPubSub, and routes them with `router`.
 * @returns {import("./consume.js").Consumer}
 */
export function consumePubSub(router, options = {}) {
  if (options === null || typeof options !== "object") throw new TypeError("consumePubSub: options must be an object ({ subscription, or pubsub and name, … })");
  const { subscription, pubsub, name, subscriberOptions, deadLetterTopic, onConnectionError, ...consumeOptions } = options;
  return consume(router, pubsubTransport({ subscription, pubsub, name, subscriberOptions, deadLetterTopic, onConnectionError }), consumeOptions);
}
