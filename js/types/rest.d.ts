// The Connector REST client (hand-written; see README "Connector REST client").

import type { FileDTO, LocalAttributeDTO, LocalRequestDTO, MessageDTO, RelationshipDTO } from "./dtos.js";

/** Options of {@link ConnectorClient}. */
export interface ConnectorClientOptions {
    /** The Connector's URL, `http(s)://host[:port][/path]`, without query or fragment. */
    baseUrl: string;
    /** The API key, sent in {@link apiKeyHeader}. Printable ASCII. */
    apiKey?: string;
    /** The header the key goes in. Default `"X-API-KEY"`. */
    apiKeyHeader?: string;
    /** A bearer token (`Authorization: Bearer …`); give it or `apiKey`, not both. */
    bearerToken?: string;
    /** `"v7"` (Connector 7.x, `/api/core/v1`, default) or `"v6"` (Connector 6.x, `/api/v2`). */
    apiVersion?: "v7" | "v6";
    /** How long one attempt may take, answer body included, in ms. Default 30 000. */
    timeoutMs?: number;
    /**
     * The largest answer body taken, in bytes; a larger one fails with `too_large` (not retried).
     * Default 32 MiB (33 554 432).
     */
    maxResponseBytes?: number;
    /** Retries of network failures, timeouts and 5xx answers of reads and syncs (never of 4xx, never of writes). */
    retry?: {
        /** Attempts in all, the first included, 1 to 100. Default 3. */
        maxAttempts?: number;
        /** Ceiling of the first delay in ms; it doubles per attempt. Default 250. */
        baseDelayMs?: number;
        /** No delay is longer; a `Retry-After` asking for more ends the retries. Default 5000. */
        maxDelayMs?: number;
    };
    /**
     * Replaces the runtime's clock (tests): `now()` in ms since the epoch; `sleep(ms, signal)` settles
     * after `ms`, and should settle when `signal` aborts (the client no longer waits).
     */
    clock?: { now(): number; sleep(ms: number, signal: AbortSignal): PromiseLike<unknown> };
    /** Replaces `Math.random` for jitter and correlation ids (tests). */
    random?: () => number;
}

/** Per call options. */
export interface ConnectorCallOptions {
    /** Aborts the call (code `aborted`). */
    signal?: AbortSignal;
    /** Sent as `x-correlation-id`; default a random UUID. */
    correlationId?: string;
    /** This call's timeout per attempt, in ms (finite, above 0). */
    timeoutMs?: number;
}

/**
 * Connector query parameters, e.g. `{ createdAt: ">2026-01-01T00:00:00.000Z" }`; an array repeats the
 * name. A `Map` or `URLSearchParams` is taken as well.
 */
export type ConnectorQuery =
    | Record<string, string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>>
    | ReadonlyMap<string, string | number | boolean | ReadonlyArray<string | number | boolean>>
    | URLSearchParams;

/** The error object the Connector sends. */
export interface ConnectorErrorBody {
    id: string;
    code: string;
    message: string;
    docs: string;
    time: string;
}

/** A failed Connector call. */
export class ConnectorError extends Error {
    readonly name: "ConnectorError";
    /** The Connector's error code when it sent one, else one of the client's own. */
    readonly code: "network_error" | "timeout" | "aborted" | "invalid_response" | "invalid_argument" | "too_large" | "internal" | "not_initialized" | (string & {});
    /** The HTTP status, 0 when there was none. */
    readonly status: number;
    /** The Connector's error object, when it sent one. */
    readonly connectorError?: ConnectorErrorBody;
    /** The `x-correlation-id` the call was sent with. */
    readonly correlationId?: string;
    /** How many attempts were made (0: none was sent). */
    readonly attempts: number;
    /**
     * `true` on a write (`sendMessage`, `createOutgoingRequest`) that failed without an answer
     * (`network_error`, `timeout`, or `internal` mid-call): it may have reached the Connector, so
     * list what was created since before sending again.
     */
    readonly maybeSent?: true;
}

/** A client of one Connector's REST API. Methods resolve to the `result` of the Connector's answer. */
export class ConnectorClient {
    /** @throws {ConnectorError} code `invalid_argument` for options it could never send. */
    constructor(options: ConnectorClientOptions);
    /** `POST /Account/Sync`; resolves to `undefined` (204). */
    sync(options?: ConnectorCallOptions): Promise<void>;
    /** `GET /Account/SyncInfo` */
    syncInfo(options?: ConnectorCallOptions): Promise<{ lastSyncRun?: { completedAt?: string } }>;
    messages(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<MessageDTO[]>;
    message(id: string, options?: ConnectorCallOptions): Promise<MessageDTO>;
    /** `POST /Messages`; never retried. */
    sendMessage(message: { recipients: string[]; content: object; attachments?: string[] }, options?: ConnectorCallOptions): Promise<MessageDTO>;
    relationships(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<RelationshipDTO[]>;
    relationship(id: string, options?: ConnectorCallOptions): Promise<RelationshipDTO>;
    incomingRequests(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<LocalRequestDTO[]>;
    incomingRequest(id: string, options?: ConnectorCallOptions): Promise<LocalRequestDTO>;
    outgoingRequests(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<LocalRequestDTO[]>;
    outgoingRequest(id: string, options?: ConnectorCallOptions): Promise<LocalRequestDTO>;
    /** `POST /Requests/Outgoing`; never retried. */
    createOutgoingRequest(request: { content: object; peer: string }, options?: ConnectorCallOptions): Promise<LocalRequestDTO>;
    attributes(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<LocalAttributeDTO[]>;
    attribute(id: string, options?: ConnectorCallOptions): Promise<LocalAttributeDTO>;
    files(query?: ConnectorQuery, options?: ConnectorCallOptions): Promise<FileDTO[]>;
    file(idOrReference: string, options?: ConnectorCallOptions): Promise<FileDTO>;
}
