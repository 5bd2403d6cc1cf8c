// enmeshed-events/pubsub: consume the Connector's Google Pub/Sub events with streaming pull
// (@google-cloud/pubsub as an optional peer: pass your PubSub / Subscription / Topic objects).
import type { EventRouter } from "./index.js";
import type { ConsumeOptions, Consumer, Transport } from "./consume.js";

/** An existing subscription does not fit what was asked for. */
export class PubSubSetupError extends Error {
  readonly name: "PubSubSetupError";
  /** `filter_mismatch`: Pub/Sub cannot change a subscription's filter. */
  readonly code: "filter_mismatch";
  readonly subscription: string;
  /** The filter the patterns need. */
  readonly expected: string;
  /** The filter the subscription has. */
  readonly found: string;
}

export interface SetupPubSubOptions {
  /** The Connector's topic (name or Topic). */
  topic: string | { name: string; createSubscription(name: string, options: object): Promise<any[]> };
  /** The subscription's name. */
  subscription: string;
  /** The patterns to filter on (or `router`, whose patterns are used, or a ready `filter`). */
  patterns?: string[];
  router?: EventRouter;
  filter?: string;
  /** Topic (name or Topic) that gets messages after `maxDeliveryAttempts` (default 5) deliveries. */
  deadLetterTopic?: string | { name: string };
  maxDeliveryAttempts?: number;
  ackDeadlineSeconds?: number;
  /** Pub/Sub's redelivery backoff after a nack, e.g. `{ minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 60 } }`. */
  retryPolicy?: object;
}

/** Creates the subscription, or checks the existing one (filter must match; dead-letter policy updated). Resolves to the Subscription. */
export function setupPubSub(pubsub: any, options: SetupPubSubOptions): Promise<any>;

export interface PubSubTransportOptions {
  /** A Subscription (e.g. from setupPubSub); the adapter never closes it, only stops listening. */
  subscription?: any;
  /** Or a PubSub client and a subscription name: the adapter opens and closes it. */
  pubsub?: any;
  name?: string;
  subscriberOptions?: object;
  /** Where deadLetter() publishes (data unchanged, attributes plus enmeshedError, enmeshedErrorCode, enmeshedSourceMessageId); without it a dead letter is acked and left to onDeadLetter. */
  deadLetterTopic?: any;
  onConnectionError?: (error: Error) => void;
}

export interface PubSubConsumeOptions extends PubSubTransportOptions, ConsumeOptions {}

/** The Pub/Sub transport for `consume()`. */
export function pubsubTransport(options: PubSubTransportOptions): Transport;

/** Consumes the Connector's Pub/Sub events into `router`. */
export function consumePubSub(router: EventRouter, options: PubSubConsumeOptions): Consumer;
