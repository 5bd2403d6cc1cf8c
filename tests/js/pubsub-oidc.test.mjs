// The Pub/Sub push endpoint's OIDC token check (js/oidc.js through createPubSubPushHandler):
// RSA keys made and tokens signed with WebCrypto here; each refusal answers the same 401 body,
// runs no handler and tells onError its reason. The JWKS tests serve a key set from a local
// HTTP server (ports 28190 to 28195; PUSH_JWKS_PORT moves them). The Pub/Sub emulator sends no tokens, so this is where the
// token checks are tested.
// Run after building: node --test tests/js/pubsub-oidc.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { pkg } from "./package.mjs";
import { AUDIENCE, EMAIL, claims, encodeJson, envelope, hs256WithPublicKey, push, rsaKey, sign } from "./pubsub-tokens.mjs";

const { EventRouter, createPubSubPushHandler } = pkg;
const BODY = envelope("transport.messageReceived", { id: "MSGexample0000000001" });
const UNAUTHENTICATED = { code: "unauthenticated", message: "the request could not be authenticated" };
const JWKS_PORT = Number(process.env.PUSH_JWKS_PORT ?? 28190);

const key = await rsaKey("key-2026-12");
const other = await rsaKey("key-2026-12"); // same kid, different key: a forged signature
const now = () => Math.floor(Date.now() / 1000);

/** A handler over a router that counts handled events, and what onError saw. */
function endpoint(verify, extra = {}) {
  const seen = { handled: 0, errors: [] };
  const router = new EventRouter().on("**", () => {
    seen.handled++;
  });
  const handler = createPubSubPushHandler(router, { verify, onError: (error) => seen.errors.push(error), ...extra });
  return { handler, seen };
}

const config = (extra = {}) => ({ audience: AUDIENCE, keys: [key.jwk], ...extra });

async function expectAccepted(verify, token) {
  const { handler, seen } = endpoint(verify);
  const response = await handler(push(BODY, token));
  assert.equal(response.status, 204, `status (${await response.text()}); onError: ${seen.errors.map((e) => `${e.code}/${e.reason}: ${e.message}`)}`);
  assert.equal(seen.handled, 1);
}

async function expectRefused(verify, token, reason, headers) {
  const { handler, seen } = endpoint(verify);
  const response = await handler(push(BODY, token, headers));
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), UNAUTHENTICATED, "the body says nothing about why");
  assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="enmeshed-events"');
  assert.equal(seen.handled, 0, "no handler ran");
  assert.deepEqual(seen.errors.map((e) => [e.code, e.reason]), [["unauthenticated", reason]], `onError: ${seen.errors.map((e) => e.message)}`);
  return seen.errors[0];
}

test("a valid Google push token is accepted (aud as a string or a list, both Google issuers)", async () => {
  await expectAccepted(config(), await sign(key));
  await expectAccepted(config(), await sign(key, claims({ aud: ["https://other.example.com", AUDIENCE] })));
  await expectAccepted(config(), await sign(key, claims({ iss: "accounts.google.com" })));
  // Google calls the push audience case-insensitive.
  await expectAccepted(config({ audience: AUDIENCE.toUpperCase() }), await sign(key));
  await expectAccepted(config({ email: EMAIL }), await sign(key));
  // Within the clock skew (60 s by default) either side.
  await expectAccepted(config(), await sign(key, claims({ exp: now() - 30 })));
  await expectAccepted(config(), await sign(key, claims({ iat: now() + 30, nbf: now() + 30 })));
});

test("expired, not yet valid, wrong audience, issuer or email are refused with their reason", async () => {
  const expired = await expectRefused(config(), await sign(key, claims({ iat: now() - 7200, exp: now() - 3600 })), "expired");
  assert.match(expired.message, /^the token expired at \d{4}-\d\d-\d\dT/);
  await expectRefused(config({ clockSkewSec: 0 }), await sign(key, claims({ exp: now() - 2 })), "expired");
  await expectRefused(config(), await sign(key, claims({ nbf: now() + 600 })), "not_yet_valid");
  await expectRefused(config(), await sign(key, claims({ iat: now() + 600 })), "not_yet_valid");
  await expectRefused(config(), await sign(key, claims({ aud: "https://attacker.example.com" })), "wrong_audience");
  await expectRefused(config(), await sign(key, claims({ aud: undefined })), "wrong_audience");
  await expectRefused(config(), await sign(key, claims({ iss: "https://evil.example.com" })), "wrong_issuer");
  await expectRefused(config({ issuer: "https://accounts.google.com" }), await sign(key, claims({ iss: "accounts.google.com" })), "wrong_issuer");
  await expectRefused(config({ email: EMAIL }), await sign(key, claims({ email: "someone@else.iam.gserviceaccount.com" })), "wrong_email");
  await expectRefused(config({ email: EMAIL }), await sign(key, claims({ email_verified: false })), "email_not_verified");
  await expectRefused(config(), await sign(key, claims({ exp: undefined })), "malformed_token");
});

test("a wrong key, alg none, HS256 with the public key, an unknown kid are refused", async () => {
  await expectRefused(config(), await sign(other), "bad_signature");
  // Claims re-signed by nobody: the payload of one token with the signature of another.
  const [header, , signature] = (await sign(key)).split(".");
  await expectRefused(config(), `${header}.${encodeJson(claims({ email: "admin@example.com" }))}.${signature}`, "bad_signature");
  const none = `${encodeJson({ alg: "none", typ: "JWT" })}.${encodeJson(claims())}`;
  await expectRefused(config(), `${none}.`, "malformed_token");
  await expectRefused(config(), `${none}.AAAA`, "unsupported_alg");
  await expectRefused(config(), await sign(key, claims(), { alg: "RS512" }), "unsupported_alg");
  await expectRefused(config(), await hs256WithPublicKey(key), "unsupported_alg");
  await expectRefused(config(), await sign(key, claims(), { kid: "rotated-away" }), "unknown_kid");
  await expectRefused(config(), await sign(key, claims(), { kid: undefined }), "unknown_kid");
});

test("malformed tokens and missing or other authorization headers are refused", async () => {
  for (const token of ["abc", "a.b", "a.b.c.d", "!!!.???.***", `${encodeJson("a string")}.${encodeJson(claims())}.AAAA`, "e30.bm90IGpzb24.AAAA", "x".repeat(20_000)]) {
    await expectRefused(config(), token, "malformed_token");
  }
  await expectRefused(config(), undefined, "missing_token");
  await expectRefused(config(), undefined, "missing_token", { authorization: `Basic ${btoa("user:pass")}` });
});

test("a verify callback decides alone: true passes, false is 401, a throw is 500, a hang times out", async () => {
  await expectAccepted((request) => request.headers.get("authorization") === "Bearer let-me-in", "let-me-in");
  await expectAccepted(async () => true, undefined);
  await expectRefused(() => false, undefined, "rejected");
  await expectRefused(() => "yes", undefined, "rejected");

  const thrown = endpoint(() => {
    throw new Error("the secret store is down");
  });
  const failed = await thrown.handler(push(BODY));
  assert.equal(failed.status, 500);
  assert.equal((await failed.json()).code, "auth_error");
  assert.deepEqual(thrown.seen.errors.map((e) => [e.code, e.cause?.message]), [["auth_error", "the secret store is down"]]);

  const hanging = endpoint(() => new Promise(() => {}), { verifyTimeoutMs: 50 });
  const started = Date.now();
  const timedOut = await hanging.handler(push(BODY));
  assert.equal(timedOut.status, 500);
  assert.deepEqual(await timedOut.json(), { code: "auth_timeout", message: "the bearer token could not be verified within 50 ms" });
  assert.ok(Date.now() - started < 1000);
  assert.equal(hanging.seen.handled, 0);
});

test("OIDC configurations that cannot work are refused at creation, naming the option", () => {
  const router = new EventRouter();
  const refuse = (verify, message) => assert.throws(() => createPubSubPushHandler(router, { verify }), { name: "TypeError", message });
  refuse({ keys: [key.jwk] }, /^createPubSubPushHandler: options\.verify\.audience: expected a non-empty string or a non-empty array of them, found undefined$/);
  refuse({ audience: AUDIENCE }, /^createPubSubPushHandler: options\.verify: expected either keys \(JWKs\) or jwksUrl, found neither$/);
  refuse({ audience: AUDIENCE, keys: [key.jwk], jwksUrl: "https://www.googleapis.com/oauth2/v3/certs" }, /found both$/);
  refuse({ audience: AUDIENCE, keys: [{ kty: "EC", kid: "x" }] }, /options\.verify\.keys: no RSA signing key with a kid, n and e$/);
  refuse({ audience: AUDIENCE, jwksUrl: "not a url" }, /options\.verify\.jwksUrl: expected an absolute URL, found a string$/);
  refuse({ audience: AUDIENCE, keys: [key.jwk], clockSkewSec: -1 }, /options\.verify\.clockSkewSec: expected a whole number of seconds from 0 to 600, found a number$/);
  refuse({ audience: AUDIENCE, keys: [key.jwk], leeway: 5 }, /options\.verify\.leeway: unknown option/);
  refuse("secret", /options\.verify: expected a function or an OIDC configuration object, found a string$/);
  assert.throws(() => createPubSubPushHandler(router, {}), { code: "no_authentication", message: /set verify/ });
  assert.throws(() => createPubSubPushHandler(router, { verify: () => true, allowUnauthenticated: true }), { code: "conflicting_authentication" });
});

// ---- JWKS from a URL ----

/** A local JWKS server: `state.keys`, `state.cacheControl`, `state.status`, `state.hang` steer it. */
async function jwksServer(t, port) {
  const state = { keys: [key.jwk], cacheControl: "public, max-age=120", status: 200, hang: false, fetches: 0 };
  const server = createServer((request, response) => {
    state.fetches++;
    if (state.hang) return; // never answers
    response.writeHead(state.status, { "content-type": "application/json", "cache-control": state.cacheControl });
    response.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { state, url: `http://127.0.0.1:${port}/oauth2/v3/certs` };
}

test("the JWKS is fetched once, kept for its max-age, fetched again for a new kid (at most every 30 s)", async (t) => {
  const { state, url } = await jwksServer(t, JWKS_PORT);
  t.mock.timers.enable({ apis: ["Date"], now: Date.now() });
  const { handler, seen } = endpoint({ audience: AUDIENCE, jwksUrl: url });
  for (let i = 0; i < 3; i++) assert.equal((await handler(push(BODY, await sign(key)))).status, 204);
  assert.equal(state.fetches, 1, "one fetch for three pushes");

  // Google rotates: a token signed with a key the cached set lacks fetches the set again, but
  // not within 30 s of the last fetch.
  const rotated = await rsaKey("key-2027-01");
  state.keys = [key.jwk, rotated.jwk];
  t.mock.timers.tick(20_000);
  assert.equal((await handler(push(BODY, await sign(rotated)))).status, 401, "20 s after the fetch");
  assert.equal(state.fetches, 1);
  t.mock.timers.tick(11_000);
  assert.equal((await handler(push(BODY, await sign(rotated)))).status, 204, "31 s after the fetch");
  assert.equal(state.fetches, 2, "fetched again for the new kid");
  // Unknown kids do not make it fetch again within 30 s.
  for (const kid of ["bogus-1", "bogus-2", "bogus-3"]) assert.equal((await handler(push(BODY, await sign(key, claims(), { kid })))).status, 401);
  assert.equal(state.fetches, 2, "no fetch per unknown kid");
  assert.deepEqual(seen.errors.map((e) => e.reason), ["unknown_kid", "unknown_kid", "unknown_kid", "unknown_kid"]);
  assert.equal(seen.handled, 4);
});

test("a JWKS past its max-age is fetched again; a failed refetch keeps the old keys", async (t) => {
  const { state, url } = await jwksServer(t, JWKS_PORT + 1);
  t.mock.timers.enable({ apis: ["Date"], now: Date.now() });
  const { handler } = endpoint({ audience: AUDIENCE, jwksUrl: url });
  // A fresh token at each step: claims() reads the mocked clock.
  const token = () => sign(key);
  assert.equal((await handler(push(BODY, await token()))).status, 204);
  t.mock.timers.tick(119_000);
  assert.equal((await handler(push(BODY, await token()))).status, 204);
  assert.equal(state.fetches, 1, "still within max-age=120");
  t.mock.timers.tick(2000);
  state.status = 503;
  assert.equal((await handler(push(BODY, await token()))).status, 204, "the stale keys still verify while the JWKS fails");
  assert.equal(state.fetches, 2, "fetched again after max-age");
  state.status = 200;
  state.cacheControl = "max-age=999999999";
  t.mock.timers.tick(121_000);
  assert.equal((await handler(push(BODY, await token()))).status, 204);
  assert.equal(state.fetches, 3);
  t.mock.timers.tick(23 * 3600 * 1000);
  assert.equal((await handler(push(BODY, await token()))).status, 204);
  assert.equal(state.fetches, 3, "a huge max-age is kept up to 24 h");
  t.mock.timers.tick(3600 * 1000 + 1000);
  await handler(push(BODY, await token()));
  assert.equal(state.fetches, 4, "…and no longer");
});

test("a JWKS endpoint that hangs or fails answers 500 auth_error within jwksTimeoutMs, never 401 and never a hang", async (t) => {
  const { state, url } = await jwksServer(t, JWKS_PORT + 2);
  state.hang = true;
  const { handler, seen } = endpoint({ audience: AUDIENCE, jwksUrl: url, jwksTimeoutMs: 200 });
  const started = Date.now();
  const response = await handler(push(BODY, await sign(key)));
  const elapsed = Date.now() - started;
  assert.equal(response.status, 500);
  assert.deepEqual(await response.json(), { code: "auth_error", message: "the bearer token could not be verified" });
  assert.ok(elapsed >= 190 && elapsed < 2000, `answered after ${elapsed} ms`);
  assert.equal(seen.errors[0].code, "auth_error");
  assert.equal(seen.errors[0].cause.code, "jwks_unavailable");
  assert.match(seen.errors[0].cause.message, /no answer within 200 ms$/);

  state.hang = false;
  state.status = 500;
  // The failed fetch counts as a fetch: the next one may come at once since nothing is cached.
  const failed = await handler(push(BODY, await sign(key)));
  assert.equal(failed.status, 500);
  assert.match(seen.errors[1].cause.message, /HTTP status 500$/);
  state.status = 200;
  assert.equal((await handler(push(BODY, await sign(key)))).status, 204, "recovers once the JWKS answers");
  assert.equal(seen.handled, 1);
});

test("concurrent pushes on a cold cache share one JWKS fetch; a JWKS that is not a key set is auth_error", async (t) => {
  const { state, url } = await jwksServer(t, JWKS_PORT + 3);
  const { handler, seen } = endpoint({ audience: AUDIENCE, jwksUrl: url });
  const token = await sign(key);
  const statuses = await Promise.all(Array.from({ length: 10 }, () => handler(push(BODY, token)).then((r) => r.status)));
  assert.deepEqual(statuses, Array(10).fill(204));
  assert.equal(state.fetches, 1, "one fetch for ten concurrent pushes");
  assert.equal(seen.handled, 10);

  for (const [keys, message] of [[[{ kty: "EC", kid: "ec", crv: "P-256", x: "a", y: "b" }], /no RSA signing key in the set$/], ["nope", /expected \{"keys": \[\.\.\.\]\}, found keys as a string$/]]) {
    const cold = await jwksServer(t, JWKS_PORT + (typeof keys === "string" ? 5 : 4));
    cold.state.keys = keys;
    const other = endpoint({ audience: AUDIENCE, jwksUrl: cold.url });
    const response = await other.handler(push(BODY, token));
    assert.equal(response.status, 500);
    assert.equal(other.seen.errors[0].code, "auth_error");
    assert.match(other.seen.errors[0].cause.message, message);
  }
});
