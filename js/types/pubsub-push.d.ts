// Types of the Google Pub/Sub push endpoint (createPubSubPushHandler, handlePubSubPush).

import type { EventRouter } from "./index.js";
import type { GuardStore } from "./consume.js";

/** An RSA public key as a JWK (others in a list are left out: EC keys, `use: "enc"`, an `alg` other than RS256). */
export interface RsaSigningJwk {
    kty: "RSA" | (string & {});
    kid: string;
    n: string;
    e: string;
    alg?: string;
    use?: string;
    [member: string]: unknown;
}

/**
 * Verifies the OIDC ID token Pub/Sub sends with an authenticated push (`Authorization: Bearer <JWT>`):
 * RS256 only, checked with WebCrypto against `keys` or the JWKS at `jwksUrl`.
 */
export interface PubSubOidcConfig {
    /** The push subscription's audience (`--push-auth-token-audience`; by default its endpoint URL). One of them must be in `aud`. */
    audience: string | readonly string[];
    /** Accepted `iss` values. Default both of Google's: `"https://accounts.google.com"` and `"accounts.google.com"`. */
    issuer?: string | readonly string[];
    /**
     * The push subscription's service account (`--push-auth-service-account`): `email` must equal it and
     * `email_verified` be true. Set it: any Google account can get a Google-signed token for any audience.
     */
    email?: string;
    /** The signing keys as JWKs (RSA, with `kid`). Either this or `jwksUrl`. */
    keys?: readonly RsaSigningJwk[];
    /**
     * A JWKS URL, e.g. Google's `https://www.googleapis.com/oauth2/v3/certs`: fetched on first use, kept for
     * its `cache-control: max-age` (from 60 s to 24 h; 1 h without one), fetched again for an unknown kid at
     * most every 30 s; while a refetch fails, the keys already fetched go on serving.
     */
    jwksUrl?: string;
    /** Tolerated clock difference for `exp`, `nbf` and `iat`, in seconds (0 to 600). Default 60. */
    clockSkewSec?: number;
    /** How long fetching the JWKS may take, in ms; then 500 `auth_error` (Pub/Sub delivers again). Default 3000. */
    jwksTimeoutMs?: number;
}

/** Why a push was answered 401 (`error.reason` in `onError`). */
export type PubSubAuthReason =
    | "missing_token"
    | "malformed_token"
    | "unsupported_alg"
    | "unknown_kid"
    | "bad_signature"
    | "expired"
    | "not_yet_valid"
    | "wrong_issuer"
    | "wrong_audience"
    | "wrong_email"
    | "email_not_verified"
    | "rejected";

/** What a poison push carried, as far as it could be read (Pub/Sub's camelCase and snake_case names both read). */
export interface PubSubPushEnvelope {
    /** The whole push body as text; undefined when it was over `maxBodyBytes` (not read). */
    body: string | undefined;
    subscription?: string;
    messageId?: string;
    publishTime?: string;
    attributes?: Record<string, string>;
    /** The message data, still base64. */
    data?: string;
    /** Set by Pub/Sub when the subscription has a dead-letter policy. */
    deliveryAttempt?: number;
}

/** Options of {@link createPubSubPushHandler} and {@link handlePubSubPush}. Unknown options are refused. */
export interface PubSubPushOptions {
    /**
     * How a push is authenticated: an OIDC configuration (Pub/Sub's signed token), or a function of the
     * request (e.g. a secret in the push endpoint's query string) where only `true` accepts.
     */
    verify?: PubSubOidcConfig | ((request: Request) => boolean | Promise<boolean>);
    /** Accept pushes without checking them (the emulator sends no token). Required (`true`) without `verify`. */
    allowUnauthenticated?: boolean;
    /**
     * Keeps a redelivered push (same message, or the same event published again) from running the handlers
     * twice: claimed by `event.key` before the handlers, completed after them, released when they failed.
     * E.g. `new KvGuardStore(env.GUARD_KV)` from `enmeshed-events/consume`. Needs a router with `parse`.
     */
    guard?: GuardStore;
    /** How long a handled event's key is remembered, in ms. Default 7 days (Pub/Sub's default retention). */
    guardTtlMs?: number;
    /** How long the guard remembers an event whose key is a hash of its data (`event.keyIsHash`): a redelivery window. Default 600 000 (10 minutes). */
    hashKeyTtlMs?: number;
    /**
     * Gets every poison push (one that can never parse: broken envelope, name or data, or over
     * `maxBodyBytes`) before it is acknowledged. When it throws, rejects or times out, the answer is 500
     * and Pub/Sub delivers the push again.
     */
    onDeadLetter?: (error: Error & { code: string; path?: string }, envelope: PubSubPushEnvelope) => void | Promise<void>;
    /** Answer a poison push 400 (413 when too large) instead of acknowledging it: for subscriptions with a dead-letter policy. Default false. */
    rejectPoison?: boolean;
    /** Larger pushes are poison. Default 1 MiB (1048576). */
    maxBodyBytes?: number;
    /** Status (400 to 599) when a handler failed or timed out; Pub/Sub delivers the message again. Default 500. */
    handlerErrorStatus?: number;
    /** How long `verify` (with the JWKS fetch) may take, in ms; then 500 `auth_timeout`. Default 5000. */
    verifyTimeoutMs?: number;
    /** How long reading the body may take, in ms; then 408. Default 10000. */
    bodyTimeoutMs?: number;
    /** How long handlers may run, in ms. Keep it under the subscription's ack deadline (10 s by default). Default 8000. */
    handlerTimeoutMs?: number;
    /** How long one guard call may take, in ms; then 500 (claim) or an onError report (complete, release). Default 5000. */
    guardTimeoutMs?: number;
    /** How long `onDeadLetter` may take, in ms; then 500. Default 5000. */
    deadLetterTimeoutMs?: number;
    /**
     * Errors the router does not see: `"unauthenticated"` (with `reason`), `"auth_error"`, `"auth_timeout"`,
     * `"body_timeout"`, `"unreadable_body"`, `"handler_timeout"`, `"guard_failed"`, `"dead_letter_failed"`,
     * `"internal"` (with the `correlationId` the 500 carried), and each poison push's parse error (with
     * `messageId` when readable).
     */
    onError?: (error: Error & { code: string; reason?: PubSubAuthReason; correlationId?: string; messageId?: string }, request: Request) => void | Promise<void>;
}

/**
 * A fetch handler for Pub/Sub push subscriptions, for Workers, Vercel, Deno, Bun and Node servers: 204
 * acknowledges (handled, a duplicate, no handler for the event, or a dead-lettered poison push); a failing
 * or timed-out handler answers `handlerErrorStatus`, a busy guard 503 `in_progress`, and Pub/Sub delivers
 * the message again. Throws a TypeError (with `code` "no_authentication") without `verify` or
 * `allowUnauthenticated: true`, and for an option it cannot use.
 */
export function createPubSubPushHandler(router: EventRouter<any>, options: PubSubPushOptions): (request: Request) => Promise<Response>;

/** Answers one push: `createPubSubPushHandler(router, options)(request)`, the handler kept per options object and router. */
export function handlePubSubPush(request: Request, router: EventRouter<any>, options: PubSubPushOptions): Promise<Response>;
