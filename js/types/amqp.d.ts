// Types of `enmeshed-events/amqp`: RabbitMQ topology and consumer for the Connector's AMQP publisher.
// amqplib's own types are not required: connections and channels are taken structurally.

import type { EventRouter } from "./index.js";
import type { ConsumeOptions, Consumer, Transport } from "./consume.js";

/** An amqplib (promise API) connection, as far as this package uses it. */
export interface AmqpConnectionLike {
    createChannel(): Promise<unknown>;
    createConfirmChannel(): Promise<unknown>;
    close(): Promise<void>;
    on(event: string, listener: (...args: any[]) => void): unknown;
    removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

export interface SetupAmqpOptions {
    /** The topic exchange the Connector publishes to. Default "enmeshed". */
    exchange?: string;
    /** The queue the consumers share. */
    queue: string;
    /** Trigger patterns to bind (or `router`, whose patterns are used, or ready `bindingKeys`). */
    patterns?: string[];
    router?: EventRouter;
    bindingKeys?: string[];
    /** Declare a quorum queue (kept across broker restarts, even non-persistent messages). Default true. */
    quorum?: boolean;
    /** Declare `<queue>.dead` (exchange and queue) for messages that cannot be handled. Default true. */
    deadLetter?: boolean;
    /** Quorum queues: dead-letter a message delivered this many times (a consumer that dies on it). Default 20. */
    deliveryLimit?: number;
    /** Only one consumer at a time gets the queue (the others stand by): order across processes. Default false. */
    singleActiveConsumer?: boolean;
    /** Told when the server refused a quorum queue. Default console.warn. */
    onWarning?: (text: string) => void;
}

export interface AmqpTopology {
    exchange: string;
    queue: string;
    queueType: "quorum" | "classic";
    /** Why the server refused a quorum queue, when it did. */
    quorumRefused?: string;
    deadLetterExchange: string;
    deadLetterQueue: string;
    /** Retry queues are `<prefix><delay bucket in ms>`, declared on first use. */
    retryQueuePrefix: string;
    bindingKeys: string[];
    deadLetter: boolean;
    singleActiveConsumer: boolean;
}

/** Declares the exchange, queue, bindings and dead letters, idempotently. */
export function setupAmqp(target: AmqpConnectionLike | unknown, options: SetupAmqpOptions): Promise<AmqpTopology>;

/** The names setupAmqp declares for `queue`. */
export function amqpNames(queue: string): { queue: string; deadLetterExchange: string; deadLetterQueue: string; retryQueuePrefix: string };

/** The retry queue a delay goes to. */
export function retryQueueFor(queue: string, delayMs: number): string;

export interface ConsumeAmqpOptions extends ConsumeOptions, Omit<SetupAmqpOptions, "patterns" | "router" | "bindingKeys" | "queue"> {
    queue: string;
    /** Connect (and reconnect) by URL ... */
    url?: string;
    /** ... or use this connection; it is never closed here. */
    connection?: AmqpConnectionLike;
    /** The amqplib module, when `import("amqplib")` cannot find it. */
    amqplib?: { connect(url: string, options?: unknown): Promise<AmqpConnectionLike> };
    socketOptions?: unknown;
    /** Unacked messages per consumer. Default 2 × concurrency. */
    prefetch?: number;
    /** Declare the topology on each connect. Default true. */
    setup?: boolean;
    /** Backoff between reconnects. Default { baseDelayMs: 250, maxDelayMs: 10 000 }. */
    reconnect?: { baseDelayMs?: number; maxDelayMs?: number };
}

/** Consumes the Connector's AMQP events into `router`, at least once, across reconnects. */
export function consumeAmqp(router: EventRouter, options: ConsumeAmqpOptions): Consumer;

/** The AMQP transport of `consume`. */
export class AmqpTransport implements Transport {
    constructor(options: Record<string, unknown>);
    readonly broker: "amqp";
    readonly redelivers: true;
    start: Transport["start"];
    stopTaking(): Promise<void>;
    close(): Promise<void>;
}
