// Verifies the OIDC ID token (a JWT signed with RS256) that Google Pub/Sub sends with an
// authenticated push, with WebCrypto only: the keys are JWKs given in the configuration or
// fetched from a JWKS URL (Google's: https://www.googleapis.com/oauth2/v3/certs) and cached.
//
// Written here rather than taken from a JWT library: one algorithm, a dozen checks, and
// WebCrypto is in every runtime the package supports; the libraries that cover all of those
// (jose) bring every algorithm and format along.
//
// A token that fails answers `{ ok: false, reason, message }`, where `reason` is a stable code
// and `message` never repeats the token. Only a key set that cannot be had (the JWKS URL fails
// and nothing is cached) throws, as an Error with code `jwks_unavailable`: that is the
// endpoint's failure, not the sender's.

import { readBody, TOO_LARGE } from "./body.js";
import { kindOf, optionError } from "./endpoint.js";

/** The issuers of Google's ID tokens: `iss` is one or the other (Google's OIDC documentation). */
export const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
const MAX_TOKEN_CHARS = 16 * 1024;
const MAX_JWKS_BYTES = 256 * 1024;
const MAX_KEYS = 100;
// How long a fetched key set is kept: the response's cache-control max-age within these bounds,
// DEFAULT_TTL_S without one.
const MIN_TTL_S = 60;
const MAX_TTL_S = 24 * 60 * 60;
const DEFAULT_TTL_S = 60 * 60;
// A token with a kid the cached set lacks makes the set be fetched again (a key rotation), but
// not more often than this: unknown kids must not turn the endpoint into a JWKS flooder.
const MIN_REFETCH_MS = 30_000;
const CONFIG = ["audience", "issuer", "email", "keys", "jwksUrl", "clockSkewSec", "jwksTimeoutMs"];
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** What a failed check answers. */
function refused(reason, message) {
  return { ok: false, reason, message };
}

function stringList(caller, name, value) {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== "string" || item === "")) {
    throw optionError(caller, name, "a non-empty string or a non-empty array of them", value);
  }
  return [...list];
}

/** The RSA signing keys of a JWK list, by kid; others (EC, encryption keys) are left out. */
function signingKeys(list) {
  const keys = new Map();
  for (const jwk of list.slice(0, MAX_KEYS)) {
    if (jwk === null || typeof jwk !== "object" || jwk.kty !== "RSA") continue;
    if (typeof jwk.kid !== "string" || typeof jwk.n !== "string" || typeof jwk.e !== "string") continue;
    if ((jwk.alg !== undefined && jwk.alg !== "RS256") || (jwk.use !== undefined && jwk.use !== "sig")) continue;
    keys.set(jwk.kid, { jwk: { kty: "RSA", n: jwk.n, e: jwk.e, alg: "RS256", ext: true }, key: undefined });
  }
  return keys;
}

/**
 * Checks an OIDC configuration: `{ audience, issuer = GOOGLE_ISSUERS, email?, keys | jwksUrl,
 * clockSkewSec = 60, jwksTimeoutMs = 3000 }`. Throws a TypeError naming the option.
 */
export function checkOidcConfig(caller, config) {
  const at = "verify";
  for (const name of Object.keys(config)) {
    if (!CONFIG.includes(name)) throw new TypeError(`${caller}: options.${at}.${name}: unknown option (known: ${CONFIG.join(", ")})`);
  }
  // Google: the push audience is "a single, case-insensitive string".
  const audiences = stringList(caller, `${at}.audience`, config.audience).map((audience) => audience.toLowerCase());
  const issuers = config.issuer === undefined ? GOOGLE_ISSUERS : stringList(caller, `${at}.issuer`, config.issuer);
  if (config.email !== undefined && (typeof config.email !== "string" || config.email === "")) {
    throw optionError(caller, `${at}.email`, "a non-empty string", config.email);
  }
  const { clockSkewSec = 60, jwksTimeoutMs = 3000 } = config;
  if (!(Number.isInteger(clockSkewSec) && clockSkewSec >= 0 && clockSkewSec <= 600)) {
    throw optionError(caller, `${at}.clockSkewSec`, "a whole number of seconds from 0 to 600", clockSkewSec);
  }
  if (!(Number.isInteger(jwksTimeoutMs) && jwksTimeoutMs >= 1 && jwksTimeoutMs <= 60_000)) {
    throw optionError(caller, `${at}.jwksTimeoutMs`, "a whole number of milliseconds from 1 to 60000", jwksTimeoutMs);
  }
  if ((config.keys === undefined) === (config.jwksUrl === undefined)) {
    throw new TypeError(`${caller}: options.${at}: expected either keys (JWKs) or jwksUrl, found ${config.keys === undefined ? "neither" : "both"}`);
  }
  let keys;
  if (config.keys !== undefined) {
    if (!Array.isArray(config.keys)) throw optionError(caller, `${at}.keys`, "an array of JWKs", config.keys);
    keys = signingKeys(config.keys);
    if (keys.size === 0) throw new TypeError(`${caller}: options.${at}.keys: no RSA signing key with a kid, n and e`);
  } else {
    let url;
    try {
      url = new URL(config.jwksUrl);
    } catch {
      throw optionError(caller, `${at}.jwksUrl`, "an absolute URL", config.jwksUrl);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw optionError(caller, `${at}.jwksUrl`, "an http(s) URL", config.jwksUrl);
  }
  return { audiences, issuers, email: config.email, keys, jwksUrl: config.jwksUrl, clockSkewSec, jwksTimeoutMs };
}

// ---- decoding ----

function base64urlBytes(text) {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(standard + "=".repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A JSON object from a base64url segment, or undefined. */
function segmentObject(text) {
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64urlBytes(text)));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `{ header, claims, signed, signature }`, or a refusal. */
function decode(token) {
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS) return refused("malformed_token", "the token is not a JWT of a sensible length");
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => part === "" || !BASE64URL.test(part) || part.length % 4 === 1)) {
    return refused("malformed_token", "the token is not three base64url segments");
  }
  const header = segmentObject(parts[0]);
  const claims = segmentObject(parts[1]);
  if (header === undefined || claims === undefined) return refused("malformed_token", "the token's header or claims are not a JSON object");
  return { header, claims, signed: new TextEncoder().encode(`${parts[0]}.${parts[1]}`), signature: base64urlBytes(parts[2]) };
}

// ---- claims ----

function checkClaims(settings, claims, nowSec) {
  const skew = settings.clockSkewSec;
  const { exp, nbf, iat, iss, aud } = claims;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return refused("malformed_token", "exp: expected a number");
  if (nowSec > exp + skew) return refused("expired", `the token expired at ${new Date(exp * 1000).toISOString()}`);
  if (nbf !== undefined && (typeof nbf !== "number" || nowSec + skew < nbf)) {
    return refused("not_yet_valid", `the token is not valid before ${typeof nbf === "number" ? new Date(nbf * 1000).toISOString() : "an unreadable nbf"}`);
  }
  if (iat !== undefined && (typeof iat !== "number" || nowSec + skew < iat)) {
    return refused("not_yet_valid", `the token was issued in the future (${typeof iat === "number" ? new Date(iat * 1000).toISOString() : "an unreadable iat"})`);
  }
  if (typeof iss !== "string" || !settings.issuers.includes(iss)) return refused("wrong_issuer", `iss ${JSON.stringify(String(iss)).slice(0, 120)} is not accepted`);
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.some((value) => typeof value === "string" && settings.audiences.includes(value.toLowerCase()))) {
    return refused("wrong_audience", "aud names none of the accepted audiences");
  }
  if (settings.email !== undefined) {
    if (claims.email !== settings.email) return refused("wrong_email", "email is not the push subscription's service account");
    if (claims.email_verified !== true) return refused("email_not_verified", "email_verified is not true");
  }
  return undefined;
}

// ---- keys ----

/** The keys of a verifier: fixed, or fetched from `jwksUrl` and cached. */
class KeySet {
  #settings;
  #keys;
  #expiresAt = 0;
  #fetchedAt = -Infinity;
  #fetching;
  #fetchingSince = 0;

  constructor(settings) {
    this.#settings = settings;
    this.#keys = settings.keys ?? new Map();
    if (settings.keys !== undefined) this.#expiresAt = Infinity;
  }

  /** The CryptoKey for `kid`, or undefined when the set has none. Throws `jwks_unavailable`. */
  async key(kid, nowMs) {
    if (nowMs >= this.#expiresAt) await this.#refresh(nowMs, this.#keys.size === 0);
    let entry = this.#keys.get(kid);
    if (entry === undefined && this.#settings.jwksUrl !== undefined && nowMs - this.#fetchedAt >= MIN_REFETCH_MS) {
      await this.#refresh(nowMs, false);
      entry = this.#keys.get(kid);
    }
    if (entry === undefined) return undefined;
    // Imported once per key; `importKey` refuses a malformed modulus, which reads as a bad key.
    entry.key ??= crypto.subtle.importKey("jwk", entry.jwk, ALGORITHM, false, ["verify"]);
    try {
      return await entry.key;
    } catch (cause) {
      entry.key = undefined;
      throw Object.assign(new Error(`the key ${kid} could not be imported`, { cause }), { code: "jwks_unavailable" });
    }
  }

  /**
   * Fetches the set again (one fetch at a time); keeps the old keys when that fails, and throws
   * only when `required` (nothing usable is cached).
   */
  async #refresh(nowMs, required) {
    // A fetch older than its timeout is not waited for: in workerd, I/O started by a request that
    // has ended may never settle, and every later push would wait on it.
    if (this.#fetching !== undefined && nowMs - this.#fetchingSince > this.#settings.jwksTimeoutMs) this.#fetching = undefined;
    if (this.#fetching === undefined) {
      const fetching = this.#fetch(nowMs).finally(() => {
        if (this.#fetching === fetching) this.#fetching = undefined;
      });
      fetching.catch(() => {}); // each waiter handles the failure; none must be unhandled
      this.#fetching = fetching;
      this.#fetchingSince = nowMs;
    }
    try {
      await this.#fetching;
    } catch (error) {
      if (required) throw error;
      // The old keys go on serving; the set is asked again after a pause, not at every push.
      this.#expiresAt = nowMs + MIN_REFETCH_MS;
    }
  }

  async #fetch(nowMs) {
    this.#fetchedAt = nowMs;
    const { jwksUrl, jwksTimeoutMs } = this.#settings;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), jwksTimeoutMs);
    const unavailable = (message, cause) => Object.assign(new Error(`${jwksUrl}: ${message}`, { cause }), { code: "jwks_unavailable" });
    let text;
    let cacheControl;
    try {
      const response = await fetch(jwksUrl, { headers: { accept: "application/json" }, signal: controller.signal });
      if (response.status !== 200) {
        response.body?.cancel().catch(() => {});
        throw unavailable(`HTTP status ${response.status}`);
      }
      cacheControl = response.headers.get("cache-control") ?? "";
      const body = await readBody(response.body, MAX_JWKS_BYTES, jwksTimeoutMs);
      if (body === TOO_LARGE) throw unavailable(`more than ${MAX_JWKS_BYTES} bytes`);
      text = new TextDecoder().decode(body);
    } catch (error) {
      throw error?.code === "jwks_unavailable" ? error : unavailable(controller.signal.aborted ? `no answer within ${jwksTimeoutMs} ms` : "the fetch failed", error);
    } finally {
      clearTimeout(timer);
    }
    let list;
    try {
      list = JSON.parse(text).keys;
    } catch (cause) {
      throw unavailable("not JSON", cause);
    }
    if (!Array.isArray(list)) throw unavailable(`expected {"keys": [...]}, found keys as ${kindOf(list)}`);
    const keys = signingKeys(list);
    if (keys.size === 0) throw unavailable("no RSA signing key in the set");
    // Keys already imported stay imported when the set still has them.
    for (const [kid, entry] of keys) {
      const old = this.#keys.get(kid);
      if (old !== undefined && old.jwk.n === entry.jwk.n && old.jwk.e === entry.jwk.e) keys.set(kid, old);
    }
    this.#keys = keys;
    this.#expiresAt = nowMs + ttlSeconds(cacheControl) * 1000;
  }
}

/** How long a JWKS response may be kept, from its cache-control, within the bounds. */
function ttlSeconds(cacheControl) {
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return MIN_TTL_S;
  const maxAge = /(^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(,|$)/i.exec(cacheControl);
  if (maxAge === null) return DEFAULT_TTL_S;
  return Math.min(Math.max(Number(maxAge[2]), MIN_TTL_S), MAX_TTL_S);
}

// ---- the verifier ----

/**
 * A verifier for checked settings (`checkOidcConfig`): `verify(token, nowMs = Date.now())` →
 * `{ ok: true, claims }` or `{ ok: false, reason, message }`; rejects only with an Error whose
 * code is `jwks_unavailable`.
 */
export function oidcVerifier(settings) {
  const keys = new KeySet(settings);
  return {
    async verify(token, nowMs = Date.now()) {
      const decoded = decode(token);
      if (decoded.ok === false) return decoded;
      const { header, claims, signed, signature } = decoded;
      // Only RS256: "none", HS256 (a public key used as an HMAC secret) and every other
      // algorithm are refused before any key is looked at.
      if (header.alg !== "RS256") return refused("unsupported_alg", `alg ${JSON.stringify(String(header.alg)).slice(0, 40)} is not RS256`);
      if (typeof header.kid !== "string" || header.kid === "") return refused("unknown_kid", "the token names no kid");
      const key = await keys.key(header.kid, nowMs);
      if (key === undefined) return refused("unknown_kid", `no key with kid ${JSON.stringify(header.kid).slice(0, 80)}`);
      let valid;
      try {
        valid = await crypto.subtle.verify(ALGORITHM, key, signature, signed);
      } catch {
        valid = false;
      }
      if (!valid) return refused("bad_signature", "the signature does not match the key");
      return checkClaims(settings, claims, nowMs / 1000) ?? { ok: true, claims };
    },
  };
}
