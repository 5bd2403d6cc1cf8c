// Types of `enmeshed-events/consume`: the at-least-once consumer engine and the guard stores.

import type { ConnectorEvent, Delivery, EventRouter } from "./index.js";

/** The broker a transport adapter speaks to. */
export type BrokerName = "amqp" | "mqtt" | "redis" | "pubsub";

/** One message as a transport adapter hands it to the engine. */
export interface TransportMessage {
    /** What `router.parse` reads, e.g. `{ kind: "amqp", routingKey, body }`. */
    delivery: Delivery;
    /** 1-based attempt number, when the transport knows it (absent: 1). */
    attempt?: number;
    /** Whether the broker delivered this message before, when it knows. */
    redelivered?: boolean;
    /** The handlers succeeded (or the event was a duplicate, or nobody handles it). */
    ack(): unknown;
    /**
     * Deliver again after `delayMs`. `sameAttempt`: the retry is not a handler failure (the
     * guard said another consumer holds the event), so the attempt number stays. Absent (MQTT,
     * Redis): the engine waits out retries itself.
     */
    retry?(delayMs: number, error: unknown, options?: { sameAttempt?: boolean }): unknown;
    /** Give up: keep the message aside with `error` recorded; `attempt`: the attempts the engine counted. */
    deadLetter(error: unknown, info?: { attempt: number }): unknown;
}

/** What a broker adapter implements (one per broker). */
export interface Transport {
    broker: BrokerName;
    /**
     * false where a message cannot be given back (Redis pub/sub, MQTT QoS 0 or a clean session): the
     * engine then waits out retries itself (as it does for a message without `retry`), counts them
     * in flight, and at close reports those it could not run (onError, stage "shutdown").
     */
    redelivers: boolean;
    /**
     * Subscribes and calls `onMessage` per message (its promise settles once the message is
     * settled; it never rejects); resubscribes by itself after reconnecting. `controls.fail`
     * ends the consumer when the transport cannot go on.
     */
    start(
        onMessage: (message: TransportMessage) => Promise<void>,
        subscriptions: unknown,
        controls: { fail(error: unknown): void },
    ): Promise<void>;
    /** Stops receiving new messages; keeps the connection for the in-flight acks. */
    stopTaking(): Promise<void> | void;
    /** Closes only what the adapter opened itself. */
    close(): Promise<void> | void;
}

/** Remembers which events ran, shared by consumers that compete for one queue. */
export interface GuardStore {
    /** claimed: run the handlers; done: already ran, skip; busy: someone else is running it. */
    claim(key: string, ttlMs: number): Promise<"claimed" | "done" | "busy">;
    complete(key: string, ttlMs: number): Promise<void>;
    release(key: string): Promise<void>;
}

/** Retry policy: `baseDelayMs · 2^(attempt-1)`, capped at `maxDelayMs`, jittered over its upper half. */
export interface RetryOptions {
    /** Attempts in all, the first included; then the message is dead-lettered. Default 5. */
    maxAttempts?: number;
    /** Default 200. */
    baseDelayMs?: number;
    /** Default 30 000. */
    maxDelayMs?: number;
    /** Default true. */
    jitter?: boolean;
}

/** Where a consumer-level error happened. */
export type ConsumeStage = "handler" | "guard" | "parse" | "orderBy" | "ack" | "retry" | "deadLetter" | "transport" | "stopTaking" | "close" | "shutdown";

export interface ConsumeOptions {
    /** Messages whose handlers run at once. Default 16. */
    concurrency?: number;
    retry?: RetryOptions;
    /** Default: a `MemoryGuardStore`; `false` for none (duplicates then run again). */
    guard?: GuardStore | false;
    /** How long a claim holds an event for one consumer; longer than the handlers take. Default 60 000. */
    guardLeaseMs?: number;
    /** How long a finished event is remembered. Default 7 days. */
    guardTtlMs?: number;
    /**
     * How long a finished event whose key is a hash of its data (`event.keyIsHash`) is remembered:
     * only a redelivery window, since distinct occurrences with identical data share the key. Default 600 000 (10 minutes).
     */
    hashKeyTtlMs?: number;
    /** Same `orderBy` key: one at a time in arrival order; failures retried in place. Default false. */
    ordered?: boolean;
    /** Default `event.subject ?? event.key`. */
    orderBy?: (event: ConnectorEvent) => string;
    /**
     * Per message: a handler that has not settled by then fails with a timeout (retried or dead-lettered; the
     * guard keeps its claim until `guardLeaseMs`, as the handler may still run). Default: the router's `handlerTimeoutMs`, else none.
     */
    handlerTimeoutMs?: number;
    /** How long `close` waits for messages in flight (at most 2^31-1, or Infinity for no limit). Default 10 000. */
    shutdownDeadlineMs?: number;
    /**
     * Stage "shutdown": a message the consumer closed without running (still queued or waiting for an
     * in-process retry at the deadline) on a transport that cannot give it back (Redis, MQTT QoS 0 or a
     * clean session): it is lost; the error is a `ConsumerClosedError` (its `cause`: the failure being retried).
     */
    onError?: (error: unknown, context: { stage: ConsumeStage; event?: ConnectorEvent; attempt?: number; delivery?: Delivery }) => unknown;
    onDeadLetter?: (info: { event?: ConnectorEvent; error: unknown; attempt: number; delivery: Delivery }) => unknown;
    /** For tests: time and randomness. */
    clock?: {
        now?(): number;
        setTimeout?(fn: () => void, ms: number): unknown;
        clearTimeout?(handle: unknown): void;
        random?(): number;
    };
}

export interface ConsumerStats {
    received: number;
    acked: number;
    retried: number;
    deadLettered: number;
    duplicates: number;
    inFlight: number;
}

export interface Consumer {
    /** Resolves once the transport subscribed; rejects when it could not start. */
    readonly ready: Promise<void>;
    /** Resolves after `close`; rejects when the transport failed for good. */
    readonly closed: Promise<void>;
    stats(): ConsumerStats;
    /** Stops taking messages, lets those in flight finish within the deadline, then closes. */
    close(options?: { deadlineMs?: number }): Promise<{ finished: number; abandoned: number }>;
}

/** Consumes a transport's messages into a router, at least once. */
export function consume(router: EventRouter, transport: Transport, options?: ConsumeOptions): Consumer;

/** Whether `error` means the delivery can never be parsed (dead-lettered at once). */
export function isPoison(error: unknown): boolean;

/** The delay before retry number `attempt` (1-based) under `retry`. */
export function backoffDelay(attempt: number, retry: Required<RetryOptions>, random?: () => number): number;

/** The error a retry carries when another consumer holds the event's guard lease. */
export class GuardBusyError extends Error {
    readonly code: "guard_busy";
    readonly key: string;
}

/** A message not run because the consumer closed (reported with stage "shutdown" where it is lost). */
export class ConsumerClosedError extends Error {
    readonly code: "consumer_closed";
}

/** In-process guard; least recently used records dropped beyond `max` (default 100 000). */
export class MemoryGuardStore implements GuardStore {
    constructor(options?: { max?: number; now?: () => number });
    readonly size: number;
    claim(key: string, ttlMs: number): Promise<"claimed" | "done" | "busy">;
    complete(key: string, ttlMs: number): Promise<void>;
    release(key: string): Promise<void>;
}

/** Guard records in Redis (`SET NX PX`), shared by consumers; takes a node-redis v4+ client. */
export class RedisGuardStore implements GuardStore {
    constructor(client: { sendCommand(args: string[]): Promise<unknown> }, options?: { prefix?: string });
    redisKey(key: string): string;
    claim(key: string, ttlMs: number): Promise<"claimed" | "done" | "busy">;
    complete(key: string, ttlMs: number): Promise<void>;
    release(key: string): Promise<void>;
    /** The SET command marking `key` done, to queue in the handler's own MULTI beside its side effect. */
    completionCommand(key: string, ttlMs: number): string[];
}

/** Guard records in a Workers-KV-shaped store (best effort: KV has no compare-and-set). */
export class KvGuardStore implements GuardStore {
    constructor(
        kv: {
            get(key: string): Promise<string | null>;
            put(key: string, value: string, options: { expirationTtl: number }): Promise<unknown>;
            delete(key: string): Promise<unknown>;
        },
        options?: { prefix?: string },
    );
    claim(key: string, ttlMs: number): Promise<"claimed" | "done" | "busy">;
    complete(key: string, ttlMs: number): Promise<void>;
    release(key: string): Promise<void>;
}
