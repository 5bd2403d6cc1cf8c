// Test helpers for the Pub/Sub push tests: RSA keys made with WebCrypto, JWTs signed with them
// the way Google signs a push's OIDC token, and push envelopes as Pub/Sub sends them.

export const AUDIENCE = "https://erp.example.com/pubsub/push";
export const EMAIL = "enmeshed-push@acme-prod.iam.gserviceaccount.com";
export const ISSUER = "https://accounts.google.com";

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };

function base64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const base64url = (bytes) => base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export const encodeJson = (value) => base64url(new TextEncoder().encode(JSON.stringify(value)));

/** An RSA signing key pair and its public JWK (with `kid`). */
export async function rsaKey(kid) {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const { kty, n, e } = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return { kid, privateKey: pair.privateKey, jwk: { kty, n, e, kid, alg: "RS256", use: "sig" } };
}

/** Google's claims for a push token, `overrides` replacing (undefined: removing) some. */
export function claims(overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  const base = { aud: AUDIENCE, azp: "113774264463038321964", email: EMAIL, email_verified: true, exp: now + 3600, iat: now, iss: ISSUER, sub: "113774264463038321964" };
  const merged = { ...base, ...overrides };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged;
}

/** A JWT signed RS256 with `key` (its kid in the header unless `header` says otherwise). */
export async function sign(key, payload = claims(), header = {}) {
  const signed = `${encodeJson({ alg: "RS256", kid: key.kid, typ: "JWT", ...header })}.${encodeJson(payload)}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key.privateKey, new TextEncoder().encode(signed));
  return `${signed}.${base64url(new Uint8Array(signature))}`;
}

/** A JWT "signed" HS256 with the public key's JWK as the HMAC secret (the alg confusion attack). */
export async function hs256WithPublicKey(key, payload = claims()) {
  const secret = new TextEncoder().encode(JSON.stringify(key.jwk));
  const hmac = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signed = `${encodeJson({ alg: "HS256", kid: key.kid, typ: "JWT" })}.${encodeJson(payload)}`;
  const signature = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(signed));
  return `${signed}.${base64url(new Uint8Array(signature))}`;
}

/** A push body as Pub/Sub sends it (both camelCase and snake_case ids, like the emulator). */
export function envelope(name, data, { messageId = "4711", subscription = "projects/acme-prod/subscriptions/enmeshed-erp" } = {}) {
  const text = typeof data === "string" ? data : JSON.stringify(data);
  return JSON.stringify({
    subscription,
    message: {
      data: base64(new TextEncoder().encode(text)),
      attributes: name === undefined ? {} : { namespace: name },
      messageId,
      message_id: messageId,
      publishTime: "2026-12-01T10:00:00.000Z",
      publish_time: "2026-12-01T10:00:00.000Z",
    },
  });
}

/** A push request, with a bearer token when given. */
export function push(body, token, headers = {}) {
  return new Request(AUDIENCE, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "APIs-Google", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
    body,
  });
}
