// Public API of the `enmeshed-events` npm package (Rust + WebAssembly): parse the events an enmeshed
// Connector delivers (webhooks, AMQP, MQTT, Redis, Google Pub/Sub) and route them to handlers.
// Uses the global `Response`, `AggregateError`, `BufferSource` and `WebAssembly` types: compile with
// lib ES2022 plus DOM or WebWorker (or with @types/node, which declares them for Node).

import type { ConnectorEventMap, DataFor, NameFor } from "./events.js";

export * from "./dtos.js";
export * from "./events.js";
export * from "./pubsub-push.js";
export * from "./rest.js";
export * from "./catchup.js";
export { GuardStore, MemoryGuardStore, KvGuardStore, RedisGuardStore } from "./consume.js";

/** A raw delivery body: JSON text, or its UTF-8 bytes. */
export type DeliveryBody = string | Uint8Array | ArrayBuffer;

/**
 * One event as it arrived over one of the Connector's delivery paths. The event name comes from
 * the body's `trigger` (webhook), the routing key (AMQP), the topic with `/` → `.` (MQTT), the
 * channel (Redis) or the `namespace` attribute (Pub/Sub).
 */
export type Delivery =
    | { kind: "webhook"; body: DeliveryBody; url?: string; correlationId?: string }
    | { kind: "amqp"; routingKey: string; body: DeliveryBody }
    | { kind: "mqtt"; topic: string; body: DeliveryBody }
    | { kind: "redis"; channel: string; body: DeliveryBody }
    | { kind: "pubsub"; body: DeliveryBody }
    | { kind: "pubsub"; message: { data: string | Uint8Array; attributes?: Record<string, string> } }
    /** An event synthesized from the Connector's REST API by catch-up: `name` and its data as `body`. */
    | { kind: "catch-up"; name: string; body: DeliveryBody };

/** The delivery path an event came by. */
export type DeliveryKind = Delivery["kind"];

/** Options of {@link parseDelivery} (and of {@link EventRouter}). */
export interface ParseOptions {
    /** Reject data that does not match the event's DTO instead of reporting `problems`. */
    strict?: boolean;
    /** Reject bodies larger than this many bytes (`too_large`); a non-negative number. */
    maxBodyBytes?: number;
    /** Reject JSON nested deeper than this (`too_deep`); an integer from 1 to 512. */
    maxDepth?: number;
}

/** Kind of a non-fatal deviation of an event's data from its DTO. */
export type ProblemCode = "wrong_type" | "missing_field" | "unknown_value" | "duplicate_key" | "bad_format" | "unexpected_data";

/** A non-fatal deviation of an event's data from its DTO, found while parsing (non-strict mode). */
export interface Problem {
    code: ProblemCode;
    /** JavaScript-style path from the event, e.g. "data.content.items[0].mustBeAccepted". */
    path: string;
    message: string;
}

/**
 * A parsed Connector event. `data` is parsed from the delivery on first access; for an event no
 * handler matched, `problems` is computed on first access too (its data was not checked).
 */
export class ConnectorEvent<N extends string = string, D = unknown> {
    /** The event name (namespace), e.g. "transport.messageReceived". */
    readonly name: N;
    /** The event's data (`undefined` for events without data). */
    readonly data: D;
    /** true for a current (Connector 7.x) event name; false for legacy and unknown names. */
    readonly known: boolean;
    /** true for a name that only pre-v7 Connectors emit. */
    readonly legacy: boolean;
    /** Legacy names replaced by exactly one v7 name: that name. */
    readonly successor?: string;
    /** Legacy names: every v7 name that replaced them (some were split by attribute kind). */
    readonly successors?: readonly string[];
    /** Name of the DTO `data` was parsed as: "MessageDTO", …, "none" (no data), "unknown" (unknown event). */
    readonly dataType: string;
    /** The delivery path the event came by. */
    readonly source: DeliveryKind;
    /** Deviations of `data` from its DTO (empty when it matched). */
    readonly problems: readonly Problem[];
    /** The webhook's `x-correlation-id`, if any. */
    readonly correlationId?: string;
    /**
     * A stable identity of this occurrence, `<name>:<identity>`, derived from the name and data only:
     * equal whichever transport delivered the event (e.g. `"consumption.incomingRequestStatusChanged:REQ…:Decided"`).
     * Computed on first access.
     */
    readonly key: string;
    /** The id of the entity the event is about (message, relationship, request, attribute, …), or undefined. */
    readonly subject: string | undefined;
    /**
     * True when `key` is (or ends with) a hash of the data rather than ids: distinct occurrences with
     * identical data (e.g. two `runtime.modulesStarted`) share it, so the consumers' guard remembers it
     * only for `hashKeyTtlMs` (a redelivery window). Computed on first access, with `key`.
     */
    readonly keyIsHash: boolean;
    /** A plain object with every field, `data` included (for logging). */
    toJSON(): object;
}

/** Why a delivery could not be parsed into an event. */
export type ErrorCode =
    | "invalid_json"
    | "invalid_encoding"
    | "missing_event_name"
    | "invalid_event_name"
    | "invalid_envelope"
    | "invalid_data"
    | "too_large"
    | "too_deep"
    | "invalid_delivery"
    | "unreadable_body"
    | "body_timeout"
    | "recursion_limit"
    | "not_initialized"
    | "internal";

/** Thrown (or passed to `onError`) when a delivery cannot be parsed. */
export class EventParseError extends Error {
    readonly code: ErrorCode;
    /** Location of the fault in the body, when it has one. */
    readonly path?: string;
    /** With `invalid_data` in strict mode: the deviations that made the data invalid. */
    readonly problems?: readonly Problem[];
}

/** A dispatch whose handlers threw or rejected: `errors` holds what they threw, `report` the whole dispatch. */
export class HandlerError extends AggregateError {
    readonly code: "handler_failed";
    readonly event: ConnectorEvent;
    readonly report: DispatchReport;
}

/** In a {@link HandlerError}'s `errors`: a handler that had not settled within `handlerTimeoutMs`. */
export class HandlerTimeoutError extends Error {
    readonly code: "handler_timeout";
    /** The pattern the handler was registered with. */
    readonly pattern: string;
    readonly timeoutMs: number;
}

/** `router.waitFor` saw no matching event within its `timeout`. */
export class WaitTimeoutError extends Error {
    readonly code: "wait_timeout";
    /** The pattern that was waited for. */
    readonly pattern: string;
    readonly timeoutMs: number;
}

/** `router.waitFor` was aborted by its `signal`; `cause` is the signal's reason. */
export class WaitAbortedError extends Error {
    readonly code: "wait_aborted";
    /** The pattern that was waited for. */
    readonly pattern: string;
}

/** Options of {@link EventRouter.waitFor}. */
export interface WaitOptions {
    /** Reject with a {@link WaitTimeoutError} after this many milliseconds. Default: no limit. */
    timeout?: number;
    /** Reject with a {@link WaitAbortedError} when this signal aborts. */
    signal?: AbortSignal;
}

/** Figures of the WebAssembly instance, for monitoring. */
export interface InstanceStats {
    initialized: boolean;
    /** The wasm memory's size in bytes. */
    memoryBytes: number;
    /** The externref table's size (JS values the module holds). */
    tableSlots: number;
    /** How often the instance trapped and was replaced. */
    traps: number;
    /** How often it was replaced to give back the memory a huge delivery took. */
    compactions: number;
}

/** Figures of the WebAssembly instance, for monitoring. */
export function instanceStats(): InstanceStats;

/** Parses one delivery into an event; throws {@link EventParseError}. */
export function parseDelivery(delivery: Delivery, options?: ParseOptions): ConnectorEvent<string, unknown>;

/** One name of the event catalogue. */
export interface CatalogueEntry {
    name: string;
    /** "MessageDTO", …, "none". */
    dataType: string;
    legacy: boolean;
    /** Legacy names: the current names that replaced them. */
    successors: string[];
}

/** Every event name the library knows (current and legacy), with its data type. */
export function eventCatalogue(): CatalogueEntry[];

/** An event handler; a returned promise is awaited. */
export type Handler<E> = (event: E) => void | Promise<void>;

/** Options of {@link EventRouter}. */
export interface RouterOptions extends ParseOptions {
    /** Run matching handlers one after another instead of concurrently. */
    sequential?: boolean;
    /**
     * A handler that has not settled after this many milliseconds counts as failed with a
     * {@link HandlerTimeoutError}. Default: no limit (the webhook endpoint sets its own).
     */
    handlerTimeoutMs?: number;
    /** `dispatchResponse`: the body must arrive within this many milliseconds. Default 30000. */
    bodyTimeoutMs?: number;
}

/** Options of one {@link EventRouter.dispatch}. */
export interface DispatchOptions {
    /** Overrides the router's `handlerTimeoutMs` for this dispatch. */
    handlerTimeoutMs?: number;
}

/** The outcome of one handler for one event. */
export interface HandlerRun {
    /** The pattern the handler was registered with. */
    pattern: string;
    ok: boolean;
    /** What the handler threw or rejected with (when `ok` is false). */
    error?: unknown;
}

/** The outcome of dispatching one event. */
export interface DispatchReport {
    event: ConnectorEvent;
    /** Every handler that ran. */
    ran: HandlerRun[];
    /** The handlers that threw or rejected. */
    failed: HandlerRun[];
    /** true when no handler matched the event. */
    unhandled: boolean;
}

/**
 * Routes parsed events to handlers registered by name or by EventEmitter2-style pattern
 * (`*` = one segment, `**` = any number of segments). `M` maps event names to data types.
 */
export class EventRouter<M = ConnectorEventMap> {
    constructor(options?: RouterOptions);
    /** Registers `handler` for every event matching `pattern`. */
    on<P extends string>(pattern: P, handler: Handler<ConnectorEvent<NameFor<P, M>, DataFor<P, M>>>): this;
    /** Registers `handler` for the next event matching `pattern` only. */
    once<P extends string>(pattern: P, handler: Handler<ConnectorEvent<NameFor<P, M>, DataFor<P, M>>>): this;
    /** Removes `handler` from `pattern`. */
    off<P extends string>(pattern: P, handler: Handler<any>): this;
    /** Registers `handler` for every event. */
    onAny(handler: Handler<ConnectorEvent>): this;
    /**
     * Resolves with the first event matching `pattern` (and `predicate`) dispatched from now on;
     * rejects with a {@link WaitTimeoutError}, a {@link WaitAbortedError} or what `predicate` threw.
     * The waiter is removed however it settles.
     */
    waitFor<P extends string>(
        pattern: P,
        predicate?: (event: ConnectorEvent<NameFor<P, M>, DataFor<P, M>>) => unknown,
        options?: WaitOptions,
    ): Promise<ConnectorEvent<NameFor<P, M>, DataFor<P, M>>>;
    waitFor<P extends string>(pattern: P, options: WaitOptions): Promise<ConnectorEvent<NameFor<P, M>, DataFor<P, M>>>;
    /** Registers a handler for parse errors and handler failures. */
    onError(handler: (error: EventParseError | HandlerError) => void | Promise<void>): this;
    /** Parses `delivery` and awaits the matching handlers; rejects with an EventParseError, or a HandlerError when a handler failed. */
    dispatch(delivery: Delivery, options?: DispatchOptions): Promise<DispatchReport>;
    /** Dispatches the body of a fetch `Response`; `delivery` gives the kind and name fields (default: a webhook). */
    dispatchResponse(response: Response, delivery?: Partial<Delivery>): Promise<DispatchReport>;
    /**
     * Parses `delivery` with this router's limits, as `dispatch` would, without running handlers: strict
     * (when the router is) only for names a handler matches; a broker delivery no handler matches is not
     * checked (its data is parsed when first read). Throws {@link EventParseError}.
     */
    parse(delivery: Delivery): ConnectorEvent<string, unknown>;
    /**
     * Runs the handlers matching `event.name` on an event parsed before, with `dispatch`'s semantics (report,
     * `HandlerError` after `onError`, `handlerTimeoutMs`, `sequential`). Rejects with an {@link EventParseError}
     * (`invalid_delivery`, path "event") when `event` is not a {@link ConnectorEvent}.
     */
    dispatchEvent(event: ConnectorEvent<string, unknown>, options?: DispatchOptions): Promise<DispatchReport>;
    /** The distinct patterns with live registrations, ordered by their earliest live registration. */
    patterns(): string[];
}

/** A broker the Connector's Message Broker Publisher module publishes to. */
export type Broker = "amqp" | "mqtt" | "redis" | "pubsub";

/** What {@link brokerSubscriptions} returns per broker. */
export interface BrokerSubscriptionsMap {
    /** Binding keys for a queue on a topic exchange (`*` one word, `#` any number). */
    amqp: { bindingKeys: string[] };
    /** MQTT topic filters (`+` one level, `#` last only). */
    mqtt: { topicFilters: string[] };
    /** Redis `PSUBSCRIBE` globs (their `*` spans dots) and `SUBSCRIBE` channel names. */
    redis: { patterns: string[]; channels: string[] };
    /** A Pub/Sub subscription filter on `attributes.namespace`; `""` for everything. */
    pubsub: { filter: string };
}

/**
 * The subscriptions at `broker` that carry every event the trigger `patterns` match (computed in the
 * Rust core). They may carry more where the broker cannot say exactly what a pattern means: the router
 * checks every delivery again, and what no handler matches comes back as an unhandled report.
 * Throws a TypeError with `code` "invalid_pattern" or "invalid_broker".
 */
export function brokerSubscriptions<B extends Broker>(patterns: readonly string[], broker: B): BrokerSubscriptionsMap[B];

/** Instantiates the WebAssembly module synchronously from a compiled module or its bytes. */
export function initSync(module: WebAssembly.Module | BufferSource): void;

/** Instantiates the WebAssembly module (by default from the package's own `.wasm` file). */
export default function init(input?: WebAssembly.Module | BufferSource | URL | Response | Promise<Response>): Promise<void>;

/** Options of {@link handleWebhook} and {@link createWebhookHandler}. Unknown options are refused. */
export interface WebhookOptions {
    /**
     * Accepted API keys (several at once while rotating), compared in constant time. The Connector's
     * `authentication: { type: "ApiKey" }` sends one in the {@link WebhookOptions.apiKeyHeader} header.
     */
    apiKeys?: readonly string[];
    /** The API key header's name, case-insensitive. Default `"x-api-key"` (the Connector's default). */
    apiKeyHeader?: string;
    /**
     * Verifies the token of `Authorization: Bearer <token>` (the Connector's `OAuth2` authentication);
     * only `true` accepts. When it throws or rejects, the answer is 500 `auth_error` and `onError` gets
     * an error with code `"auth_error"` and the thrown value as `cause`.
     */
    verifyBearer?: (token: string, request: Request) => boolean | Promise<boolean>;
    /** Accept requests without credentials. Required (`true`) when neither `apiKeys` nor `verifyBearer` is set. */
    allowUnauthenticated?: boolean;
    /**
     * Answer 413 for bodies over this many bytes; past the limit the rest is drained (up to 4 × this)
     * and then cancelled. Default 1 MiB (1048576).
     */
    maxBodyBytes?: number;
    /** Status when a handler failed or timed out (e.g. 200 to keep the Connector from logging warnings). Default 500. */
    handlerErrorStatus?: number;
    /** How long `verifyBearer` may take, in ms; then 500 `auth_timeout`. Default 5000. */
    verifyBearerTimeoutMs?: number;
    /** How long reading the whole body may take, in ms; then 408 `body_timeout`. Default 10000. */
    bodyTimeoutMs?: number;
    /**
     * How long handlers may run, in ms: passed to `router.dispatch(delivery, { handlerTimeoutMs })`; a
     * dispatch still unsettled shortly after answers `handlerErrorStatus` with `handler_timeout`. Default 25000.
     */
    handlerTimeoutMs?: number;
    /**
     * With a `ctx.waitUntil` (Workers, Vercel): answer 202 as soon as the delivery parsed and let the
     * handlers finish in the background. Without `ctx.waitUntil` the handlers are awaited. Default false.
     */
    respondEarly?: boolean;
    /**
     * Errors the router does not see: a throwing `verifyBearer` (`code` "auth_error"), a timeout
     * ("auth_timeout", "body_timeout", "handler_timeout"), a failing body stream ("unreadable_body"),
     * anything unexpected ("internal", with the `correlationId` the 500 answer carried); the original in `cause`.
     */
    onError?: (error: Error & { code: string; correlationId?: string }, request: Request) => void | Promise<void>;
    /** With `respondEarly`: what the dispatch rejected with after the 202 (the router's `onError` handlers see it too). */
    onBackgroundError?: (error: unknown, request: Request) => void | Promise<void>;
}

/** What `handleWebhook` hands to `ctx.waitUntil` (the Workers and Vercel execution context). */
export interface WebhookContext {
    waitUntil?(promise: Promise<unknown>): void;
}

/**
 * Answers one webhook request of the Connector: 200 `{"ok":true,"event","handled"}` when routed;
 * 202 with `respondEarly`; 405, 401, 415, 413, 408, 400 (a delivery that does not parse) and 500 (or
 * `handlerErrorStatus`) with a JSON body `{ code, message, path? }` (plus `correlationId` for
 * `internal`). Always resolves to a Response; rejects with a TypeError when the options are refused
 * (as {@link createWebhookHandler} throws) or `request` is not a fetch Request.
 */
export function handleWebhook(request: Request, router: EventRouter<any>, options: WebhookOptions, ctx?: WebhookContext): Promise<Response>;

/**
 * A fetch handler for the Connector's webhooks, for Workers, Vercel, Deno, Bun and Node servers.
 * Throws a TypeError (with `code` "no_authentication") without `apiKeys`, `verifyBearer` or
 * `allowUnauthenticated: true`, and (with `code` "invalid_api_key") for a key that is not visible
 * ASCII with spaces only inside.
 */
export function createWebhookHandler(router: EventRouter<any>, options: WebhookOptions): (request: Request, ctx?: WebhookContext) => Promise<Response>;
