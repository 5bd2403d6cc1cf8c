// Catch-up: the events a Connector's REST listings prove happened since a watermark, dispatched
// through the router with `source: "catch-up"` (js/catchup.js, src/catchup).

import type { ConnectorEvent, EventRouter } from "./index.js";
import type { GuardStore } from "./consume.js";

/** Why catch-up could not run. */
export type CatchUpErrorCode = "not_reconstructable" | "invalid_pattern" | "invalid_watermark" | "invalid_listing" | "invalid_store" | "aborted";

/** Catch-up could not run; nothing after the failure was dispatched, the watermark did not move. */
export class CatchUpError extends Error {
    readonly code: CatchUpErrorCode;
}

/** The REST calls catch-up makes: the package's `ConnectorClient` has them. */
export interface CatchUpClient {
    messages(query?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<unknown[]>;
    relationships(query?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<unknown[]>;
    incomingRequests(query?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<unknown[]>;
    outgoingRequests(query?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<unknown[]>;
    attributes(query?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<unknown[]>;
    attribute(id: string, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Where the watermark is kept between runs (an ISO-8601 UTC instant of the Connector's clock). */
export interface WatermarkStore {
    get(): string | undefined | null | Promise<string | undefined | null>;
    set(value: string): void | Promise<void>;
}

/** The default watermark store: in memory, so it starts empty with the process. */
export class MemoryWatermarkStore implements WatermarkStore {
    constructor(value?: string);
    get(): string | undefined;
    set(value: string): void;
}

/** Options of {@link catchUp} and {@link createCatchUp}. */
export interface CatchUpOptions {
    /** Start here instead of the stored watermark (ISO-8601 UTC). Neither: everything the Connector lists. */
    since?: string;
    /** Default: a new {@link MemoryWatermarkStore}. */
    store?: WatermarkStore;
    /** Remembers which events ran (share it with the live path). Default: a new MemoryGuardStore. */
    guard?: GuardStore;
    /** Event names or trigger patterns to reconstruct. Default `["**"]` (every reconstructable event). */
    events?: string[];
    /** How far before the watermark each run looks again, in ms (clock skew, sync delays). Default 300000. */
    lookbackMs?: number;
    /** How long the guard remembers a dispatched event, in ms. Default 7 days. */
    guardTtlMs?: number;
    signal?: AbortSignal;
    /** The clock the watermark is taken from (tests). Default `Date.now`. */
    now?: () => number;
}

/** What one catch-up did. */
export interface CatchUpResult {
    /** Events dispatched whose handlers succeeded. */
    dispatched: number;
    /** Events the guard knew as done (delivered live or by an earlier run). */
    skipped: number;
    /** Events someone else was running (left for the next run). */
    busy: number;
    /** Events that could not be parsed or whose handlers failed (left for the next run). */
    failed: { name: string; at: string; event?: ConnectorEvent; error: unknown }[];
    /** Listing items that could not be read, and predecessors that could not be fetched. */
    problems: { path: string; message: string; error?: unknown }[];
    /** The watermark now stored. */
    watermark: string | undefined;
}

/**
 * Lists what changed since the watermark and dispatches every reconstructable event the guard does
 * not know as done, oldest first. Rejects with a {@link CatchUpError}, a TypeError for bad options,
 * or the client's error (then nothing was dispatched and the watermark did not move).
 */
export function catchUp(router: EventRouter<any>, client: CatchUpClient, options?: CatchUpOptions): Promise<CatchUpResult>;

/** A catch-up to run on start, on demand, on a schedule or when a broker consumer reconnects. */
export interface CatchUpRunner {
    /** Runs once; a run asked for while one runs starts after it (concurrent asks share it). */
    run(overrides?: CatchUpOptions): Promise<CatchUpResult>;
    /** Runs without returning a promise; failures go to `onError`. */
    trigger(): void;
    /** Triggers every `intervalMs`. */
    every(intervalMs: number): { stop(): void };
    /** Stops every schedule; resolves when no run is left running. */
    stop(): Promise<void>;
}

export function createCatchUp(router: EventRouter<any>, client: CatchUpClient, options?: CatchUpOptions & { onError?: (error: unknown) => void }): CatchUpRunner;

/**
 * An `onAny` handler that records each event the live path delivers in `guard`, so catch-up skips
 * it (it marks on arrival; catch-up's own events are left to catch-up).
 */
export function markDelivered(guard: GuardStore, options?: { ttlMs?: number; hashKeyTtlMs?: number }): (event: ConnectorEvent) => Promise<void> | undefined;
