// Public API of the `enmeshed-events` npm package (Rust + WebAssembly): parse the events an enmeshed
// Connector delivers (webhooks, AMQP, MQTT, Redis, Google Pub/Sub) and route them to handlers.
// Uses the global `Response`, `AggregateError`, `BufferSource` and `WebAssembly` types: compile with
// lib ES2022 plus DOM or WebWorker (or with @types/node, which declares them for Node).

import type { ConnectorEventMap, DataFor, NameFor } from "./events.js";

export * from "./dtos.js";
export * from "./events.js";

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
    | { kind: "pubsub"; message: { data: string | Uint8Array; attributes?: Record<string, string> } };

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
    /** Location in `data`, e.g. "content.items[0].mustBeAccepted". */
    path: string;
    message: string;
}

/** A parsed Connector event. */
export interface ConnectorEvent<N extends string = string, D = unknown> {
    /** The event name (namespace), e.g. "transport.messageReceived". */
    readonly name: N;
    /** The event's data (`undefined` for events without data). */
    readonly data: D;
    /** true for a current (Connector 7.x) event name; false for legacy and unknown names. */
    readonly known: boolean;
    /** true for a name that only pre-v7 Connectors emit. */
    readonly legacy: boolean;
    /** Legacy names: the v7 name that replaced them. */
    readonly successor?: string;
    /** Name of the DTO `data` was parsed as: "MessageDTO", …, "none" (no data), "unknown" (unknown event). */
    readonly dataType: string;
    /** The delivery path the event came by. */
    readonly source: DeliveryKind;
    /** Deviations of `data` from its DTO (empty when it matched). */
    readonly problems: readonly Problem[];
    /** The webhook's `x-correlation-id`, if any. */
    readonly correlationId?: string;
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
    readonly event: ConnectorEvent;
    readonly report: DispatchReport;
}

/** Parses one delivery into an event; throws {@link EventParseError}. */
export function parseDelivery(delivery: Delivery, options?: ParseOptions): ConnectorEvent<string, unknown>;

/** An event handler; a returned promise is awaited. */
export type Handler<E> = (event: E) => void | Promise<void>;

/** Options of {@link EventRouter}. */
export interface RouterOptions extends ParseOptions {
    /** Run matching handlers one after another instead of concurrently. */
    sequential?: boolean;
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
    /** Registers a handler for parse errors and handler failures. */
    onError(handler: (error: EventParseError | HandlerError) => void | Promise<void>): this;
    /** Parses `delivery` and awaits the matching handlers; rejects with an EventParseError, or a HandlerError when a handler failed. */
    dispatch(delivery: Delivery): Promise<DispatchReport>;
    /** Dispatches the body of a fetch `Response`; `delivery` gives the kind and name fields (default: a webhook). */
    dispatchResponse(response: Response, delivery?: Partial<Delivery>): Promise<DispatchReport>;
}

/** Instantiates the WebAssembly module synchronously from a compiled module or its bytes. */
export function initSync(module: WebAssembly.Module | BufferSource): void;

/** Instantiates the WebAssembly module (by default from the package's own `.wasm` file). */
export default function init(input?: WebAssembly.Module | BufferSource | URL | Response | Promise<Response>): Promise<void>;
