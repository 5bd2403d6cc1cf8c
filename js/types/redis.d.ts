// enmeshed-events/redis: consume the Connector's Redis pub/sub events (node-redis 4+ as an optional peer).
// At most once: Redis keeps nothing while you are away and cannot redeliver.
import type { EventRouter } from "./index.js";
import type { ConsumeOptions, Consumer, Transport } from "./consume.js";

/** The node-redis client surface the adapter uses. */
export interface RedisClientLike {
  duplicate(): RedisClientLike;
  connect(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
  pSubscribe(patterns: string[], listener: (message: any, channel: any) => void, bufferMode?: boolean): Promise<unknown>;
  subscribe(channels: string[], listener: (message: any, channel: any) => void, bufferMode?: boolean): Promise<unknown>;
  pUnsubscribe(patterns: string[], listener?: unknown, bufferMode?: boolean): Promise<unknown>;
  unsubscribe(channels: string[], listener?: unknown, bufferMode?: boolean): Promise<unknown>;
  readonly isOpen: boolean;
  readonly isReady: boolean;
}

export interface RedisTransportOptions {
  /** Your client: duplicated for subscribing (the duplicate is closed at the end, yours stays open). */
  client?: RedisClientLike;
  /** Or a Redis URL: the adapter creates and closes its own subscriber. */
  url?: string;
  /** node-redis createClient options besides the url. */
  clientOptions?: Record<string, unknown>;
  /** Told about connection errors while node-redis reconnects (default: ignored; it reconnects and subscribes again by itself). */
  onConnectionError?: (error: Error) => void;
  /** The redis module, when `import("redis")` cannot find it. */
  redis?: unknown;
}

export interface RedisConsumeOptions extends RedisTransportOptions, ConsumeOptions {}

/** The Redis pub/sub transport for `consume()` (`redelivers: false`). */
export function redisTransport(options: RedisTransportOptions): Transport;

/** Consumes the Connector's Redis events into `router`. */
export function consumeRedis(router: EventRouter, options: RedisConsumeOptions): Consumer;
