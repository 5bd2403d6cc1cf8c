#!/usr/bin/env node
// Soak test (issue 8): one process, the built package, a seeded mix of deliveries of every kind
// through every entry point, 10% hostile, 5% failing handlers, bounded concurrency. Checks that
// nothing traps, hangs or leaks and that every good delivery's data is JSON-equal to what was
// sent. Not part of the test command (tests/js/soak-short.test.mjs runs a short version).
//
//   node --expose-gc scripts/soak.mjs [--deliveries N] [--seed S] [--pkg DIR] [--concurrency C]
//   node --expose-gc scripts/soak.mjs --throwing [N]      # N throwing dispatches (default 1,000,000)
//   add --json FILE to write the results as JSON as well
//
// Exit status 0 only if every check held. See RELIABILITY.md for the figures of a full run.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import os from "node:os";
// The benchmark corpus's seeded PRNG (mulberry32), one copy for both.
import { prng as mulberry32 } from "../bench/corpus.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export async function loadPackage(dir = process.env.PKG_DIR ?? resolve(ROOT, "pkg")) {
  return import(pathToFileURL(resolve(dir, "node.mjs")).href);
}

// ---------- helpers ----------

const enc = new TextEncoder();
const bytes = (text) => enc.encode(text);
const b64 = (data) => Buffer.from(data).toString("base64");
const tick = (ms) => new Promise((r) => setTimeout(r, ms));

/** JSON equality, stricter than deepStrictEqual on key order; -0 and 0 told apart (Object.is). */
export function jsonEqual(a, b) {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== "object") return Object.is(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !jsonEqual(a[ka[i]], b[kb[i]])) return false;
  }
  return true;
}

const DOCUMENTED_CODES = new Set([
  "invalid_json", "invalid_encoding", "missing_event_name", "invalid_event_name", "invalid_envelope", "invalid_data",
  "too_large", "too_deep", "invalid_delivery", "unreadable_body", "body_timeout", "not_initialized", "internal",
]);

function describeError(e) {
  try {
    if (e instanceof Error) return `${e.constructor.name}${e.code ? `(${e.code})` : ""}: ${String(e.message).slice(0, 200)}`;
    return `non-Error ${typeof e}: ${String(e).slice(0, 200)}`;
  } catch {
    return "an undescribable value";
  }
}

// ---------- the corpus ----------

/** Valid and invalid samples of every event and delivery path (tests/fixtures/corpus.json). */
export function loadCorpus() {
  const corpus = JSON.parse(readFileSync(resolve(ROOT, "tests/fixtures/corpus.json"), "utf8"));
  const good = [];
  const bad = [];
  const fresh = []; // (name, data) pairs to re-encode in any delivery kind
  for (const c of corpus.cases) {
    const e = c.expect;
    if (e.error) {
      bad.push({ id: c.id, delivery: c.delivery, code: e.error.code ?? e.error });
      continue;
    }
    let data;
    if (e.dataPresent) data = e.dataNote ? JSON.parse(e.dataText) : e.data;
    const edge = Boolean(e.dataNote); // huge numbers, number spellings, lone surrogates
    good.push({ id: c.id, delivery: c.delivery, name: e.name, data, dataPresent: e.dataPresent, valid: e.valid, edge });
    if (e.dataPresent && !e.dataNote && e.data && typeof e.data === "object" && !Array.isArray(e.data) && c.delivery.kind === "amqp") {
      fresh.push({ name: e.name, data: e.data, valid: e.valid });
    }
  }
  return { good, bad, fresh };
}

/** The corpus delivery as the API takes it (bodyBase64 → Uint8Array). */
function materialise(delivery) {
  const d = { ...delivery };
  if (d.bodyBase64 !== undefined) {
    d.body = new Uint8Array(Buffer.from(d.bodyBase64, "base64"));
    delete d.bodyBase64;
  }
  if (d.message) d.message = { ...d.message, attributes: d.message.attributes && { ...d.message.attributes } };
  return d;
}

// ---------- delivery building ----------

const KINDS = ["webhook", "webhook-url", "webhook-url-bare", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-text", "pubsub-pull-bytes"];
const UNICODE = ["Grüße 👋", "Привет", "你好，世界", "こんにちは", "안녕하세요", "مرحبا", "שלום", "Γειά σου", "\"quoted\" \\ back\\slash\n\t", "\u2028\u2029", "😀🎉"];

/** Encodes (name, data) as a delivery of `kind`; data undefined = an event without data. */
function encode(kind, name, data, rnd, { asBytes = rnd() < 0.5 } = {}) {
  const body = (text) => (asBytes ? bytes(text) : text);
  const dataText = JSON.stringify(data ?? {});
  const envelope = () => JSON.stringify(data === undefined ? { trigger: name } : { trigger: name, data });
  switch (kind) {
    case "webhook":
      return { kind: "webhook", body: body(envelope()) };
    case "webhook-url":
      return { kind: "webhook", url: `https://erp.example.com/hooks/${name}`, body: body(envelope()) };
    case "webhook-url-bare":
      return { kind: "webhook", url: `https://erp.example.com/hooks/${name}`, body: body(dataText) };
    case "amqp":
      return { kind: "amqp", routingKey: name, body: body(dataText) };
    case "mqtt":
      return { kind: "mqtt", topic: name.replaceAll(".", "/"), body: body(dataText) };
    case "redis":
      return { kind: "redis", channel: name, body: body(dataText) };
    case "pubsub-push":
      return {
        kind: "pubsub",
        body: body(JSON.stringify({
          message: { attributes: { namespace: name }, data: b64(dataText), messageId: String(4e15 + Math.floor(rnd() * 1e6)), publishTime: "2026-07-01T11:00:01.919Z" },
          subscription: "projects/acme-prod/subscriptions/enmeshed-erp",
        })),
      };
    case "pubsub-pull-text":
      return { kind: "pubsub", message: { data: b64(dataText), attributes: { namespace: name } } };
    case "pubsub-pull-bytes":
      return { kind: "pubsub", message: { data: bytes(dataText), attributes: { namespace: name } } };
  }
  throw new Error(`unknown kind ${kind}`);
}

/** The class of a delivery for counting: its path, and string or bytes. */
function kindOf(delivery) {
  if (delivery.kind === "webhook") return delivery.url === undefined ? "webhook" : "webhook-url";
  if (delivery.kind === "pubsub") {
    if (delivery.message === undefined) return "pubsub-push";
    return typeof delivery.message.data === "string" ? "pubsub-pull-base64" : "pubsub-pull-bytes";
  }
  return delivery.kind;
}

// ---------- hostile inputs: each must fail with a typed EventParseError ----------

function truncate(text, rnd) {
  const cut = 1 + Math.floor(rnd() * (text.length - 1));
  return text.slice(0, cut);
}

/** Returns `{ sub, delivery, codes, options? }`: what to send and which codes are acceptable. */
function hostile(rnd, corpus) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const sample = pick(corpus.fresh);
  const r = rnd();
  if (r < 0.12) {
    // Truncated JSON, including the trailing backslash inside a string (item 1).
    const kind = pick(["webhook", "webhook-url-bare", "amqp", "mqtt", "redis", "pubsub-push"]);
    const d = encode(kind, sample.name, sample.data, rnd, { asBytes: false });
    if (rnd() < 0.3) d.body = `${d.body.slice(0, Math.max(1, d.body.lastIndexOf('"', d.body.length - 2)))}"ab\\`;
    else d.body = truncate(d.body, rnd);
    if (rnd() < 0.5) d.body = bytes(d.body);
    return { sub: "truncated JSON", delivery: d, codes: ["invalid_json", "missing_event_name", "invalid_envelope"] };
  }
  if (r < 0.22) {
    // Invalid UTF-8 inside a string: a stray continuation byte, a truncated sequence, an
    // overlong encoding, an encoded surrogate, 0xFF.
    const kind = pick(["webhook", "amqp", "mqtt", "redis", "pubsub-pull-bytes"]);
    const bad = pick([[0x80], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
    const data = { ...sample.data, note: "\u0001MARK\u0001" };
    const d = encode(kind, sample.name, data, rnd, { asBytes: true });
    const target = d.kind === "pubsub" ? d.message : d;
    const text = Buffer.from(target.body ?? target.data).toString("latin1");
    const at = text.indexOf("\\u0001MARK\\u0001");
    const buf = Buffer.concat([Buffer.from(text.slice(0, at), "latin1"), Buffer.from(bad), Buffer.from(text.slice(at + 16), "latin1")]);
    if (d.kind === "pubsub") d.message.data = new Uint8Array(buf);
    else d.body = new Uint8Array(buf);
    return { sub: "invalid UTF-8", delivery: d, codes: ["invalid_encoding"] };
  }
  if (r < 0.3) {
    // 10,000-deep nesting.
    const kind = pick(["webhook", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-text"]);
    const open = pick(["[", '{"a":']);
    const close = open === "[" ? "]" : "}";
    const deep = open.repeat(10_000) + "1" + close.repeat(10_000);
    const d = encode(kind, sample.name, {}, rnd);
    const text = kind === "webhook" ? `{"trigger":"${sample.name}","data":${deep}}` : deep;
    if (kind === "pubsub-push") d.body = JSON.stringify({ message: { attributes: { namespace: sample.name }, data: b64(text) } });
    else if (kind === "pubsub-pull-text") d.message.data = b64(text);
    else d.body = rnd() < 0.5 ? text : bytes(text);
    return { sub: "10,000-deep nesting", delivery: d, codes: ["too_deep"] };
  }
  if (r < 0.4) {
    // Invalid names.
    const name = pick(["", "a..b", "a b", "transport.*", "transport.**", "a.#", ".a", "a.", "x".repeat(10_000), "transport.message\u0000Received"]);
    const kind = pick(["webhook", "webhook-url-bare", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-text"]);
    const d = encode(kind, name, sample.data, rnd);
    if (kind === "webhook" && name === "" && rnd() < 0.5) d.body = '{"trigger":42,"data":{}}';
    return { sub: "invalid event name", delivery: d, codes: ["invalid_event_name", "missing_event_name"] };
  }
  if (r < 0.52) {
    // Wrong types in the delivery object or the envelope.
    const variants = [
      [{ kind: "amqp", routingKey: "a.b", body: 42 }, ["invalid_delivery"]],
      [{ kind: "amqp", routingKey: "a.b", body: { toString: () => "{}" } }, ["invalid_delivery"]],
      [{ kind: "amqp", routingKey: 5, body: "{}" }, ["invalid_delivery"]],
      [{ kind: "smtp", body: "{}" }, ["invalid_delivery"]],
      [{ kind: "redis", body: "{}" }, ["invalid_delivery"]],
      [{ kind: "webhook", url: 7, body: "{}" }, ["invalid_delivery"]],
      [{ kind: "pubsub", message: "text" }, ["invalid_delivery"]],
      [{ kind: "pubsub", message: { data: "e30=", attributes: 5 } }, ["invalid_delivery"]],
      [{ kind: "pubsub", message: { data: 5, attributes: { namespace: "a.b" } } }, ["invalid_delivery"]],
      [null, ["invalid_delivery"]],
      ["a string delivery", ["invalid_delivery"]],
      [{ kind: "webhook", body: "[1,2]" }, ["invalid_envelope"]],
      [{ kind: "webhook", body: "42" }, ["invalid_envelope"]],
      [{ kind: "webhook", body: '{"trigger":["a"],"data":{}}' }, ["invalid_event_name"]],
      [{ kind: "pubsub", body: '{"message":"x"}' }, ["invalid_envelope"]],
      [{ kind: "pubsub", body: '{"message":{"data":"!!!","attributes":{"namespace":"a.b"}}}' }, ["invalid_envelope"]],
      [{ kind: "pubsub", body: '{"message":{"data":42,"attributes":{"namespace":"a.b"}}}' }, ["invalid_envelope"]],
      [{ kind: "pubsub", message: { data: "%%%", attributes: { namespace: "a.b" } } }, ["invalid_envelope"]],
    ];
    const [delivery, codes] = pick(variants);
    return { sub: "wrong types", delivery, codes };
  }
  if (r < 0.62) {
    // Oversized bodies (limit 4096 bytes for these calls), incl. pulled base64 by decoded size.
    const kind = pick(["webhook", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-text", "pubsub-pull-bytes"]);
    const data = { ...sample.data, padding: pick(UNICODE).repeat(Math.ceil(5000 / 6)) };
    return { sub: "oversized body", delivery: encode(kind, sample.name, data, rnd), codes: ["too_large"], options: { maxBodyBytes: 4096 } };
  }
  if (r < 0.7) {
    // Detached ArrayBuffers (item 12).
    const d = encode(pick(["webhook", "amqp", "redis", "pubsub-pull-bytes"]), sample.name, sample.data, rnd, { asBytes: true });
    const view = d.kind === "pubsub" ? d.message.data : d.body;
    const buffer = view.buffer;
    structuredClone(buffer, { transfer: [buffer] });
    if (rnd() < 0.5) {
      if (d.kind === "pubsub") d.message.data = buffer;
      else d.body = buffer;
    }
    return { sub: "detached ArrayBuffer", delivery: d, codes: ["invalid_delivery"] };
  }
  if (r < 0.8) {
    // Delivery objects whose getters throw, or revoked Proxies.
    const field = pick(["kind", "body", "routingKey", "url", "message", "proxy"]);
    if (field === "proxy") {
      const { proxy, revoke } = Proxy.revocable({ kind: "amqp", routingKey: "a.b", body: "{}" }, {});
      revoke();
      return { sub: "throwing getter / revoked Proxy", delivery: proxy, codes: ["invalid_delivery"] };
    }
    const base = field === "url" ? { kind: "webhook", body: "{}" } : field === "message" ? { kind: "pubsub" } : { kind: "amqp", routingKey: "a.b", body: "{}" };
    const thrown = pick([new Error("getter"), Object.create(null), 42, undefined]);
    Object.defineProperty(base, field, { enumerable: true, get() { throw thrown; } });
    return { sub: "throwing getter / revoked Proxy", delivery: base, codes: ["invalid_delivery"] };
  }
  if (r < 0.88) {
    // Invalid data in strict mode (corpus samples that break the DTO shape).
    const invalid = corpus.good.filter((g) => g.valid === false);
    const g = pick(invalid);
    return { sub: "invalid data, strict", delivery: materialise(g.delivery), codes: ["invalid_data"], options: { strict: true }, unlessUnhandled: true };
  }
  // The corpus's error cases (each with its expected code).
  const b = pick(corpus.bad);
  return { sub: "corpus error cases", delivery: materialise(b.delivery), codes: [b.code] };
}

/** Hostile inputs that are valid JSON: must be delivered, data JSON-equal to JSON.parse. */
function edgeCase(rnd, corpus) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const r = rnd();
  if (r < 0.3) {
    const g = pick(corpus.edge);
    return { sub: "huge numbers / lone surrogates / number spellings", delivery: materialise(g.delivery), name: g.name, data: g.data };
  }
  if (r < 0.6) {
    const sample = pick(corpus.fresh);
    const kind = pick(KINDS);
    const d = encode(kind, sample.name, sample.data, rnd, { asBytes: false });
    // A duplicate key at the top of the data: JSON.parse keeps the last.
    const dup = (text) => (text === "{}" ? '{"dup":1,"dup":{"x":[2,"\\ud800"]}}' : text.replace(/^\{/, '{"dup":1,"dup":{"x":[2,"\\ud800"]},'));
    let data;
    if (kind.startsWith("pubsub")) {
      const text = dup(JSON.stringify(sample.data));
      data = JSON.parse(text);
      if (kind === "pubsub-push") d.body = JSON.stringify({ message: { attributes: { namespace: sample.name }, data: b64(text) } });
      else d.message.data = kind === "pubsub-pull-text" ? b64(text) : bytes(text);
    } else if (kind === "webhook" || kind === "webhook-url") {
      d.body = d.body.replace('"data":{', '"data":{"dup":1,"dup":{"x":[2,"\\ud800"]}' + (d.body.includes('"data":{}') ? "" : ","));
      data = JSON.parse(d.body).data;
    } else {
      d.body = dup(d.body);
      data = JSON.parse(d.body);
    }
    return { sub: "duplicate keys", delivery: d, name: sample.name, data };
  }
  // Bodies mutated right after the call (item 6): the data is what was validated.
  const sample = pick(corpus.fresh);
  const kind = pick(["webhook", "webhook-url", "webhook-url-bare", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-bytes"]);
  const d = encode(kind, sample.name, sample.data, rnd, { asBytes: true });
  const view = d.kind === "pubsub" && d.message ? d.message.data : d.body;
  return { sub: "body mutated after the call", delivery: d, name: sample.name, data: sample.data, mutate: () => view.fill(0x7b) };
}

// ---------- handler faults ----------

const FAULTS = ["sync throw", "async rejection", "throw Object.create(null)", "throw revoked Proxy", "thenable whose then throws", "throw undefined", "never settles (handlerTimeoutMs)"];

function faultHandler(fault) {
  switch (fault) {
    case "sync throw":
      return () => { throw new Error("handler failed"); };
    case "async rejection":
      return async () => { await null; throw new TypeError("async handler failed"); };
    case "throw Object.create(null)":
      return () => { throw Object.create(null); };
    case "throw revoked Proxy":
      return () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        throw proxy;
      };
    case "thenable whose then throws":
      return () => ({ then() { throw new RangeError("then"); } });
    case "throw undefined":
      return () => { throw undefined; };
    case "never settles (handlerTimeoutMs)":
      return () => new Promise(() => {});
  }
}

// ---------- the mixed soak ----------

class Checks {
  constructor() {
    this.failures = 0;
    this.samples = [];
    this.byCheck = new Map();
  }
  held(check) {
    const c = this.byCheck.get(check) ?? { ok: 0, failed: 0 };
    c.ok++;
    this.byCheck.set(check, c);
  }
  fail(check, detail) {
    const c = this.byCheck.get(check) ?? { ok: 0, failed: 0 };
    c.failed++;
    this.byCheck.set(check, c);
    this.failures++;
    if (this.samples.length < 30) this.samples.push(`${check}: ${detail}`);
  }
  expect(check, ok, detail) {
    if (ok) this.held(check);
    else this.fail(check, typeof detail === "function" ? detail() : detail);
    return ok;
  }
}

function bump(map, key, n = 1) {
  map.set(key, (map.get(key) ?? 0) + n);
}

function memorySample(pkg, at) {
  if (typeof globalThis.gc === "function") globalThis.gc();
  const s = pkg.instanceStats();
  const m = process.memoryUsage();
  return { at, wasmBytes: s.memoryBytes, tableSlots: s.tableSlots, traps: s.traps, compactions: s.compactions, heapUsed: m.heapUsed, rss: m.rss };
}

/** Margins for "flat": last sample vs the baseline sample. */
export const FLAT = { wasmBytes: 1 << 20, tableSlots: 128, heapUsed: 16 << 20, rss: 64 << 20 };

function flatCheck(checks, samples, baselineAt, label, margins = FLAT) {
  const base = samples.find((s) => s.at >= baselineAt) ?? samples[0];
  const last = samples[samples.length - 1];
  const result = {};
  for (const key of Object.keys(margins)) {
    const growth = last[key] - base[key];
    result[key] = { base: base[key], last: last[key], growth, margin: margins[key] };
    checks.expect(`${label}: ${key} flat (last vs at ${base.at})`, growth <= margins[key], () => `${key} grew ${base[key]} → ${last[key]} (+${growth}, margin ${margins[key]})`);
  }
  // A wasm memory leak must not hide behind the instance being replaced past 16 MiB.
  checks.expect(`${label}: no compaction (wasm memory never passed 16 MiB)`, last.compactions === samples[0].compactions, () => `${last.compactions - samples[0].compactions} compactions`);
  return result;
}

/**
 * Runs `deliveries` mixed deliveries. Returns the figures and a `Checks` whose `failures` must
 * be 0. `log` gets progress lines.
 */
export async function runMixed(pkg, { deliveries = 1_000_000, seed = 1, concurrency = 64, sampleEvery, watchdogMs = 30_000, margins = FLAT, log = () => {} } = {}) {
  const { parseDelivery, EventRouter, EventParseError, HandlerError, createWebhookHandler, instanceStats } = pkg;
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const corpusAll = loadCorpus();
  const corpus = { ...corpusAll, edge: corpusAll.good.filter((g) => g.edge), plain: corpusAll.good.filter((g) => !g.edge) };
  const checks = new Checks();
  const classes = new Map(); // class → count
  const entry = new Map(); // entry point → count
  const kinds = new Map(); // delivery path → count
  const faults = new Map(); // fault → count
  const hostileSubs = new Map();
  sampleEvery ??= Math.min(50_000, Math.max(1, Math.floor(deliveries / 20)));
  // Wasm memory is a high-water mark (it never shrinks): the baseline is taken once the mix has
  // been through its largest inputs, at 100,000 deliveries (or a quarter of a shorter run).
  const baselineAt = Math.min(100_000, Math.max(sampleEvery * 2, Math.floor(deliveries / 4)));
  const unexpected = [];
  const onRejection = (reason) => unexpected.push(["unhandledRejection", describeError(reason)]);
  const onException = (error) => unexpected.push(["uncaughtException", describeError(error)]);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  const trapsBefore = instanceStats().traps;

  // Routers. Each good router's handler captures nothing: the data is checked on the report's
  // event and, for webhook requests, by correlation id.
  const onErrorSeen = { count: 0 };
  const countErrors = () => { onErrorSeen.count++; };
  const good = new EventRouter().onAny(() => {}).on("transport.*", async () => { await null; }).onError(countErrors);
  const goodSequential = new EventRouter({ sequential: true }).onAny(async () => { await null; }).on("consumption.**", () => {}).onError(countErrors);
  const unhandledRouter = new EventRouter().on("never.matches", () => {}).onError(countErrors);
  const limited = new EventRouter({ maxBodyBytes: 4096 }).onAny(() => {}).onError(countErrors);
  const strict = new EventRouter({ strict: true }).onAny(() => {}).onError(countErrors);
  const stalling = new EventRouter({ bodyTimeoutMs: 25 }).onAny(() => {}).onError(countErrors);
  const faulty = new Map();
  for (const fault of FAULTS) {
    const options = fault.startsWith("never") ? { handlerTimeoutMs: 25 } : {};
    // The failing handler sits between two good ones: it must not stop them.
    faulty.set(fault, new EventRouter({ ...options, sequential: rnd() < 0.5 }).onAny(() => {}).onAny(faultHandler(fault)).on("**", async () => {}).onError(countErrors).onError(() => { throw new Error("an onError handler that throws"); }));
  }
  let expectedOnError = 0;
  const webhookSeen = new Map();
  const webhookRouter = new EventRouter().onAny((e) => { webhookSeen.set(e.correlationId, e); });
  const webhookFaultRouter = new EventRouter().onAny(() => { throw new Error("webhook handler failed"); });
  const webhook = createWebhookHandler(webhookRouter, { apiKeys: ["old-key", "soak-key"] });
  const webhookFaulty = createWebhookHandler(webhookFaultRouter, { apiKeys: ["old-key", "soak-key"] });
  const webhookLimited = createWebhookHandler(webhookRouter, { apiKeys: ["soak-key"], maxBodyBytes: 4096 });
  let correlation = 0;

  const isTyped = (e, codes) => e instanceof EventParseError && typeof e.code === "string" && DOCUMENTED_CODES.has(e.code) && e.code !== "internal" && (codes === undefined || codes.includes(e.code));

  function checkEvent(label, event, name, data) {
    checks.expect(`good: event name as sent`, event.name === name, () => `${label}: name ${event.name} ≠ ${name}`);
    let got;
    try {
      got = event.data;
    } catch (e) {
      checks.fail("good: data JSON-equal to what was sent", `${label}: reading data threw ${describeError(e)}`);
      return;
    }
    checks.expect("good: data JSON-equal to what was sent", jsonEqual(got, data), () => `${label}: data differs: ${JSON.stringify(got)?.slice(0, 300)} vs ${JSON.stringify(data)?.slice(0, 300)}`);
  }

  function webhookRequest(delivery, { key = "soak-key", method = "POST", contentType = "application/json", id } = {}) {
    const headers = { "x-correlation-id": id };
    if (key !== null) headers["x-api-key"] = key; // null: no key (undefined takes the default)
    if (contentType !== undefined) headers["content-type"] = contentType;
    return new Request(delivery.url ?? "https://erp.example.com/hooks", { method, headers, body: method === "POST" ? delivery.body : undefined });
  }

  // One delivery, planned from the PRNG synchronously (so the sequence depends on the seed alone).
  function plan(i) {
    const r = rnd();
    if (r < 0.1) {
      // 10% hostile: 7% must fail typed, 3% valid-but-nasty must be delivered intact.
      if (rnd() < 0.7) {
        const f = rnd();
        if (f < 0.1) {
          const variant = pick(["HTTP 503", "body already read", "stream errors", "stream stalls (bodyTimeoutMs)", "stream over maxBodyBytes"]);
          const codes = { "HTTP 503": ["invalid_delivery"], "body already read": ["invalid_delivery"], "stream errors": ["unreadable_body"], "stream stalls (bodyTimeoutMs)": ["body_timeout"], "stream over maxBodyBytes": ["too_large"] }[variant];
          const sample = pick(corpus.fresh);
          return { cls: "hostile: rejected", sub: "failing Response", variant, codes, via: "dispatchResponse", delivery: encode(pick(["webhook", "amqp", "pubsub-push"]), sample.name, sample.data, rnd) };
        }
        if (f < 0.2) {
          const variant = pick(["wrong API key", "no API key", "GET", "content-type text/plain"]);
          const sample = pick(corpus.fresh);
          return { cls: "hostile: rejected", sub: "bad webhook request", variant, via: "webhookHandler", delivery: encode("webhook", sample.name, sample.data, rnd) };
        }
        const h = hostile(rnd, corpus);
        const plainObject = h.delivery !== null && typeof h.delivery === "object" && !h.sub.startsWith("throwing getter");
        const webhookBody = plainObject && h.delivery.kind === "webhook" && (typeof h.delivery.body === "string" || h.delivery.body instanceof Uint8Array) && !h.options?.strict && !h.sub.startsWith("detached") && (h.delivery.url === undefined || typeof h.delivery.url === "string");
        const responseBody = plainObject && (typeof h.delivery.body === "string" || h.delivery.body instanceof Uint8Array) && !h.sub.startsWith("detached");
        const entries = ["parseDelivery", "dispatch", "dispatch"];
        if (responseBody) entries.push("dispatchResponse");
        if (webhookBody) entries.push("webhookHandler", "webhookHandler");
        return { cls: "hostile: rejected", ...h, via: pick(entries) };
      }
      const e = edgeCase(rnd, corpus);
      const webhookOk = e.delivery.kind === "webhook" && (typeof e.delivery.body === "string" || e.delivery.body instanceof Uint8Array);
      return { cls: "hostile: delivered intact", ...e, via: pick(webhookOk ? ["parseDelivery", "dispatch", "dispatch", "webhookHandler"] : ["parseDelivery", "dispatch", "dispatch"]) };
    }
    // Good: a corpus delivery as is (half), or a corpus sample re-encoded in a random kind.
    let c;
    if (rnd() < 0.5) {
      const g = pick(corpus.plain);
      c = { delivery: materialise(g.delivery), name: g.name, data: g.data };
      // Strings as bytes and bytes as ArrayBuffers, now and then.
      if (typeof c.delivery.body === "string" && rnd() < 0.25) c.delivery.body = bytes(c.delivery.body);
      else if (c.delivery.body instanceof Uint8Array && rnd() < 0.25) c.delivery.body = c.delivery.body.buffer;
    } else {
      const f = pick(corpus.fresh);
      const data = { ...f.data };
      if (rnd() < 0.5) data.soakNote = `${pick(UNICODE)} #${i}`;
      c = { delivery: encode(pick(KINDS), f.name, data, rnd), name: f.name, data };
    }
    const faulted = rnd() < 0.05;
    const fault = faulted ? pick(FAULTS) : undefined;
    const isWebhookBody = c.delivery.kind === "webhook";
    const hasBody = c.delivery.body !== undefined;
    let via;
    const v = rnd();
    if (fault) via = isWebhookBody && v < 0.15 ? "webhookHandler" : hasBody && v < 0.3 ? "dispatchResponse" : "dispatch";
    else if (v < 0.2) via = "parseDelivery";
    else if (v < 0.3 && hasBody) via = "dispatchResponse";
    else if (v < 0.45 && isWebhookBody) via = "webhookHandler";
    else via = "dispatch";
    const chunks = via === "dispatchResponse" && rnd() < 0.4 ? Array.from({ length: 1 + Math.floor(rnd() * 6) }, rnd) : undefined;
    return { cls: fault ? "good, handler fails" : "good", ...c, fault, via, chunks, unhandled: !fault && via === "dispatch" && rnd() < 0.1, sequential: rnd() < 0.2, contentType: pick(["application/json", "application/json; charset=utf-8", "application/cloudevents+json", undefined]) };
  }

  async function runOne(i) {
    const p = plan(i);
    bump(classes, p.cls);
    bump(entry, `${p.cls} via ${p.via}`);
    if (p.delivery !== null && typeof p.delivery === "object" && p.sub !== "throwing getter / revoked Proxy") {
      try {
        bump(kinds, kindOf(p.delivery));
      } catch {
        // a hostile delivery object
      }
    }
    if (p.sub && !p.variant) bump(hostileSubs, `${p.cls}: ${p.sub}`);
    if (p.fault) bump(faults, p.fault);
    const label = `#${i} ${p.cls} ${p.sub ?? ""} via ${p.via}`;

    if (p.sub === "failing Response") {
      bump(hostileSubs, `hostile: rejected: failing Response: ${p.variant}`);
      const { body, ...rest } = p.delivery;
      const data = typeof body === "string" ? bytes(body) : body;
      let response;
      let router = good;
      if (p.variant === "HTTP 503") response = new Response(body, { status: 503 });
      else if (p.variant === "body already read") {
        response = new Response(body);
        await response.arrayBuffer();
      } else if (p.variant === "stream errors") {
        let sent = false;
        response = new Response(new ReadableStream({ pull(c) { if (!sent) { sent = true; c.enqueue(data.slice(0, 10)); } else c.error(new TypeError("connection reset")); } }));
      } else if (p.variant === "stream stalls (bodyTimeoutMs)") {
        router = stalling;
        response = new Response(new ReadableStream({ start(c) { c.enqueue(data.slice(0, 10)); }, pull() { return new Promise(() => {}); } }));
      } else {
        router = limited;
        let n = 0;
        response = new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1024).fill(0x20)); if (++n > 64) c.close(); } }));
      }
      expectedOnError++;
      try {
        await router.dispatchResponse(response, rest);
        checks.fail("hostile: rejected with a typed EventParseError", `${label} ${p.variant}: resolved`);
      } catch (e) {
        checks.expect("hostile: rejected with a typed EventParseError", isTyped(e, p.codes), () => `${label} ${p.variant}: ${describeError(e)} (expected ${p.codes})`);
      }
      return;
    }
    if (p.sub === "bad webhook request") {
      bump(hostileSubs, `hostile: rejected: bad webhook request: ${p.variant}`);
      const [status, code, request] = {
        "wrong API key": () => [401, "invalid_credentials", webhookRequest(p.delivery, { key: "wrong-key", id: `x${i}` })],
        "no API key": () => [401, "missing_credentials", webhookRequest(p.delivery, { key: null, id: `x${i}` })],
        GET: () => [405, "method_not_allowed", webhookRequest(p.delivery, { method: "GET", id: `x${i}` })],
        "content-type text/plain": () => [415, "unsupported_media_type", webhookRequest(p.delivery, { contentType: "text/plain", id: `x${i}` })],
      }[p.variant]();
      const res = await webhook(request);
      let body = {};
      try {
        body = await res.json();
      } catch {
        // checked below
      }
      checks.expect("bad webhook request: its status and code", res.status === status && body.code === code, () => `${label} ${p.variant}: ${res.status} ${JSON.stringify(body)}`);
      return;
    }
    if (p.cls === "hostile: rejected") {
      const router = p.options?.maxBodyBytes ? limited : p.options?.strict ? strict : good;
      if (p.via === "parseDelivery") {
        try {
          parseDelivery(p.delivery, p.options);
          checks.fail("hostile: rejected with a typed EventParseError", `${label}: parsed`);
        } catch (e) {
          checks.expect("hostile: rejected with a typed EventParseError", isTyped(e, p.codes), () => `${label}: ${describeError(e)} (expected ${p.codes})`);
        }
        return;
      }
      if (p.via === "webhookHandler") {
        const handler = p.options?.maxBodyBytes ? webhookLimited : webhook;
        const res = await handler(webhookRequest(p.delivery, { id: `h${i}` }));
        let body;
        try {
          body = await res.json();
        } catch {
          body = {};
        }
        const expected = p.codes.includes("too_large") ? [413] : [400];
        checks.expect("hostile webhook request: 4xx with the parse error's code", expected.includes(res.status) && p.codes.includes(body.code), () => `${label}: ${res.status} ${JSON.stringify(body)} (expected ${p.codes})`);
        return;
      }
      let promise;
      if (p.via === "dispatchResponse") {
        const { body, ...rest } = p.delivery;
        promise = router.dispatchResponse(new Response(body), rest);
      } else {
        promise = router.dispatch(p.delivery);
      }
      expectedOnError++;
      try {
        const report = await promise;
        checks.fail("hostile: rejected with a typed EventParseError", `${label}: resolved (${report.event?.name})`);
      } catch (e) {
        checks.expect("hostile: rejected with a typed EventParseError", isTyped(e, p.codes), () => `${label}: ${describeError(e)} (expected ${p.codes})`);
      }
      return;
    }

    // Good deliveries (and valid-but-hostile ones).
    if (p.via === "parseDelivery") {
      let event;
      try {
        event = parseDelivery(p.delivery);
      } catch (e) {
        checks.fail("good: parsed / dispatched", `${label}: ${describeError(e)}`);
        return;
      }
      p.mutate?.();
      checks.held("good: parsed / dispatched");
      checkEvent(label, event, p.name, p.data);
      return;
    }
    if (p.via === "webhookHandler") {
      const id = `w${i}`;
      const request = webhookRequest(p.delivery, { id, key: rnd() < 0.3 ? "old-key" : "soak-key", contentType: typeof p.delivery.body === "string" ? "application/json" : p.contentType });
      p.mutate?.();
      const res = await (p.fault ? webhookFaulty : webhook)(request);
      let body;
      try {
        body = await res.json();
      } catch {
        body = {};
      }
      if (p.fault) {
        checks.expect("handler failure: webhook answers 500 handler_failed", res.status === 500 && body.code === "handler_failed", () => `${label}: ${res.status} ${JSON.stringify(body)}`);
        return;
      }
      if (!checks.expect("good: parsed / dispatched", res.status === 200 && body.ok === true && body.event === p.name && body.handled === 1, () => `${label}: ${res.status} ${JSON.stringify(body)}`)) return;
      const event = webhookSeen.get(id);
      webhookSeen.delete(id);
      if (!checks.expect("good: webhook event carries the correlation id", event !== undefined, () => `${label}: handler saw no event with correlationId ${id}`)) return;
      checkEvent(label, event, p.name, p.data);
      return;
    }
    const router = p.fault ? faulty.get(p.fault) : p.unhandled ? unhandledRouter : p.sequential ? goodSequential : good;
    let promise;
    if (p.via === "dispatchResponse") {
      const { body, ...rest } = p.delivery;
      let response;
      if (p.chunks) {
        const all = typeof body === "string" ? bytes(body) : body instanceof ArrayBuffer ? new Uint8Array(body) : body;
        const cuts = [0, ...p.chunks.map((x) => Math.floor(x * all.length)).sort((a, b) => a - b), all.length];
        let k = 0;
        response = new Response(new ReadableStream({ pull(c) { if (k < cuts.length - 1) { c.enqueue(all.slice(cuts[k], cuts[k + 1])); k++; } else c.close(); } }));
      } else response = new Response(body);
      promise = router.dispatchResponse(response, rest);
    } else {
      promise = router.dispatch(p.delivery);
      p.mutate?.();
    }
    if (p.fault) {
      expectedOnError++;
      try {
        await promise;
        checks.fail("handler failure: rejects with HandlerError handler_failed", `${label}: resolved`);
      } catch (e) {
        const ok = e instanceof HandlerError && e.code === "handler_failed" && e.errors.length === 1 && e.report.ran.length === 3 && e.report.ran[1].ok === false && e.report.ran[0].ok && e.report.ran[2].ok;
        checks.expect("handler failure: rejects with HandlerError handler_failed", ok, () => `${label}: ${describeError(e)} ran=${JSON.stringify(e?.report?.ran?.map((r) => r.ok))}`);
        if (ok && p.fault.startsWith("never")) checks.expect("handler failure: a handler that never settles times out", e.errors[0]?.code === "handler_timeout", () => `${label}: ${describeError(e.errors[0])}`);
        if (ok) checkEvent(label, e.event, p.name, p.data);
      }
      return;
    }
    let report;
    try {
      report = await promise;
    } catch (e) {
      checks.fail("good: parsed / dispatched", `${label}: ${describeError(e)}`);
      return;
    }
    checks.held("good: parsed / dispatched");
    checks.expect("good: handlers ran (or unhandled: true)", p.unhandled ? report.unhandled === true && report.ran.length === 0 : report.unhandled === false && report.ran.length >= 1 && report.failed.length === 0, () => `${label}: ${JSON.stringify({ unhandled: report.unhandled, ran: report.ran })}`);
    checkEvent(label, report.event, p.name, p.data);
  }

  // ---- the pool, the watchdog and the samples ----
  const started = performance.now();
  let next = 0;
  let done = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastProgress = Date.now();
  const samples = [memorySample(pkg, 0)];
  let nextSample = sampleEvery;
  let hung = false;
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > watchdogMs) {
      hung = true;
      checks.fail("every promise settles (watchdog)", `no delivery settled for ${watchdogMs} ms; ${inFlight} in flight, ${done} done`);
      clearInterval(watchdog);
    }
  }, 1000);
  let stalled;
  const stalledPromise = new Promise((r) => (stalled = r));
  const watchdogResolve = setInterval(() => { if (hung) stalled("hung"); }, 1000);

  async function worker() {
    while (next < deliveries && !hung) {
      const i = next++;
      inFlight++;
      if (inFlight > maxInFlight) maxInFlight = inFlight;
      try {
        await runOne(i);
      } catch (e) {
        checks.fail("no unexpected exception in the harness", `#${i}: ${describeError(e)}`);
      }
      inFlight--;
      done++;
      lastProgress = Date.now();
      if (done >= nextSample) {
        nextSample += sampleEvery;
        const s = memorySample(pkg, done);
        samples.push(s);
        log(`  ${String(done).padStart(9)} done  wasm ${s.wasmBytes} B  table ${s.tableSlots}  heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB  rss ${(s.rss / 2 ** 20).toFixed(1)} MiB  traps ${s.traps}  ${((done / (performance.now() - started)) * 1000).toFixed(0)}/s`);
      }
    }
  }
  const outcome = await Promise.race([Promise.all(Array.from({ length: concurrency }, worker)).then(() => "done"), stalledPromise]);
  clearInterval(watchdog);
  clearInterval(watchdogResolve);
  const seconds = (performance.now() - started) / 1000;
  checks.expect("every promise settles (watchdog)", outcome === "done" && inFlight === 0 && done === deliveries, () => `${outcome}: ${done}/${deliveries} done, ${inFlight} in flight`);
  await tick(50); // let late rejections surface
  if (samples[samples.length - 1].at !== done) samples.push(memorySample(pkg, done));
  const traps = instanceStats().traps - trapsBefore;
  checks.expect("instanceStats().traps === 0", traps === 0, () => `${traps} traps`);
  checks.expect("no unhandled rejection or uncaught exception", unexpected.length === 0, () => JSON.stringify(unexpected.slice(0, 5)));
  checks.expect("onError saw every rejected dispatch", onErrorSeen.count === expectedOnError, () => `onError ${onErrorSeen.count} vs ${expectedOnError} rejections`);
  const flat = flatCheck(checks, samples, baselineAt, "mixed", margins);
  process.off("unhandledRejection", onRejection);
  process.off("uncaughtException", onException);
  return { deliveries: done, seed, concurrency, maxInFlight, seconds, perSecond: done / seconds, classes, entry, kinds, faults, hostileSubs, samples, baselineAt, flat, traps, checks, unexpected };
}

// ---------- the throwing mode ----------

/** N dispatches whose only handler throws; the externref table and wasm memory must stay flat. */
export async function runThrowing(pkg, { n = 1_000_000, concurrency = 64, log = () => {} } = {}) {
  const { EventRouter, HandlerError, instanceStats } = pkg;
  const checks = new Checks();
  const body = JSON.stringify({ trigger: "transport.messageReceived", data: { id: "MSGexample0000000001" } });
  const variants = [
    ["sync throw, onError handler", 0.6, new EventRouter().on("**", () => { throw new Error("sync"); }).onError(() => {})],
    ["sync throw, onError handler that throws", 0.2, new EventRouter().on("**", () => { throw new Error("sync"); }).onError(() => { throw new Error("error handler"); })],
    ["thenable whose then throws", 0.2, new EventRouter().on("**", () => ({ then() { throw new Error("then"); } }))],
  ];
  const counts = new Map();
  const trapsBefore = instanceStats().traps;
  const pickVariant = (i) => {
    const x = (i % 10) / 10;
    return x < 0.6 ? variants[0] : x < 0.8 ? variants[1] : variants[2];
  };
  // Warm up (first calls allocate the table's working set), then measure.
  for (let i = 0; i < 1000; i++) await pickVariant(i)[2].dispatch({ kind: "webhook", body }).catch(() => {});
  const before = memorySample(pkg, 0);
  const samples = [before];
  const every = Math.max(1, Math.floor(n / 10));
  const started = performance.now();
  let next = 0;
  let done = 0;
  let wrong = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const [label, , router] = pickVariant(i);
      bump(counts, label);
      try {
        await router.dispatch({ kind: "webhook", body });
        wrong++;
      } catch (e) {
        if (!(e instanceof HandlerError && e.code === "handler_failed")) {
          wrong++;
          if (wrong < 5) checks.fail("throwing: rejects with HandlerError", describeError(e));
        }
      }
      done++;
      if (done % every === 0) {
        const s = memorySample(pkg, done);
        samples.push(s);
        log(`  ${String(done).padStart(9)} throwing dispatches  table ${s.tableSlots}  wasm ${s.wasmBytes} B  heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB  rss ${(s.rss / 2 ** 20).toFixed(1)} MiB`);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = memorySample(pkg, done);
  if (samples[samples.length - 1].at !== done) samples.push(after);
  checks.expect("throwing: every dispatch rejects with HandlerError handler_failed", wrong === 0, `${wrong} did not`);
  checks.expect("throwing: externref table slots unchanged", after.tableSlots === before.tableSlots, () => `${before.tableSlots} → ${after.tableSlots}`);
  checks.expect("throwing: wasm memory unchanged", after.wasmBytes === before.wasmBytes, () => `${before.wasmBytes} → ${after.wasmBytes}`);
  checks.expect("throwing: JS heap flat", after.heapUsed - before.heapUsed <= FLAT.heapUsed, () => `${before.heapUsed} → ${after.heapUsed}`);
  checks.expect("throwing: instanceStats().traps === 0", instanceStats().traps === trapsBefore, `${instanceStats().traps - trapsBefore} traps`);
  return { n: done, seconds, perSecond: done / seconds, counts, before, after, samples, checks };
}

// ---------- reporting ----------

const fmt = (n) => (typeof n === "number" ? n.toLocaleString("en-US", { maximumFractionDigits: 1 }) : String(n));
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;

function table(rows, header) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r, j) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |${j === 0 ? `\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|` : ""}`).join("\n");
}

export function summariseMixed(m) {
  const out = [];
  out.push(`Mixed soak: ${fmt(m.deliveries)} deliveries, seed ${m.seed}, up to ${m.concurrency} in flight (max seen ${m.maxInFlight}), ${m.seconds.toFixed(1)} s, ${fmt(Math.round(m.perSecond))} deliveries/s`);
  out.push("", "Cases by class:", table([...m.classes].sort(), ["class", "count"]).replaceAll(/\d{4,}/g, (d) => fmt(Number(d))));
  out.push("", "By class and entry point:", table([...m.entry].sort(), ["class via entry point", "count"]));
  out.push("", "By delivery path (all classes with a delivery object):", table([...m.kinds].sort(), ["path", "count"]));
  out.push("", "Hostile inputs by sub-class:", table([...m.hostileSubs].sort(), ["hostile input", "count"]));
  out.push("", "Handler faults injected:", table([...m.faults].sort(), ["fault", "count"]));
  out.push("", "Checks:", table([...m.checks.byCheck].map(([k, v]) => [k, v.ok, v.failed]), ["check", "held", "failed"]));
  out.push("", "Memory samples:", table(m.samples.map((s) => [s.at, s.wasmBytes, s.tableSlots, s.traps, s.compactions, mib(s.heapUsed), mib(s.rss)]), ["deliveries", "wasm bytes", "table slots", "traps", "compactions", "heapUsed", "rss"]));
  out.push("", `Flat (last sample vs the one at ${m.baselineAt}): ${Object.entries(m.flat).map(([k, v]) => `${k} ${v.growth >= 0 ? "+" : ""}${v.growth} (margin ${v.margin})`).join(", ")}`);
  if (m.checks.samples.length) out.push("", "FAILURES (first 30):", ...m.checks.samples.map((s) => `  ${s}`));
  out.push("", m.checks.failures === 0 ? "MIXED: ALL CHECKS HELD" : `MIXED: ${m.checks.failures} CHECK FAILURES`);
  return out.join("\n");
}

export function summariseThrowing(t) {
  const out = [];
  out.push(`Throwing dispatches: ${fmt(t.n)} in ${t.seconds.toFixed(1)} s (${fmt(Math.round(t.perSecond))}/s)`);
  out.push(table([...t.counts], ["variant", "count"]));
  out.push(table(t.samples.map((s) => [s.at, s.tableSlots, s.wasmBytes, mib(s.heapUsed), mib(s.rss)]), ["dispatches", "table slots", "wasm bytes", "heapUsed", "rss"]));
  out.push(`externref table ${t.before.tableSlots} → ${t.after.tableSlots} slots; wasm memory ${t.before.wasmBytes} → ${t.after.wasmBytes} bytes`);
  out.push("", table([...t.checks.byCheck].map(([k, v]) => [k, v.ok, v.failed]), ["check", "held", "failed"]));
  if (t.checks.samples.length) out.push("FAILURES:", ...t.checks.samples.map((s) => `  ${s}`));
  out.push(t.checks.failures === 0 ? "THROWING: ALL CHECKS HELD" : `THROWING: ${t.checks.failures} CHECK FAILURES`);
  return out.join("\n");
}

function toJSON(value) {
  return JSON.parse(JSON.stringify(value, (k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Checks ? { failures: v.failures, byCheck: Object.fromEntries(v.byCheck), samples: v.samples } : v)));
}

// ---------- command line ----------

async function main(argv) {
  const args = { deliveries: 1_000_000, seed: 1, concurrency: 64, throwing: undefined, pkg: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === "--deliveries") args.deliveries = Number(value());
    else if (a === "--seed") args.seed = Number(value());
    else if (a === "--concurrency") args.concurrency = Number(value());
    else if (a === "--pkg") args.pkg = resolve(value());
    else if (a === "--json") args.json = resolve(value());
    else if (a === "--throwing") args.throwing = /^\d+$/.test(argv[i + 1] ?? "") ? Number(value()) : 1_000_000;
    else throw new Error(`unknown argument ${a}`);
  }
  const pkg = await loadPackage(args.pkg);
  const log = (line) => console.log(line);
  console.log(`enmeshed-events soak: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), gc ${typeof globalThis.gc === "function" ? "exposed" : "NOT exposed (run with --expose-gc)"}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  let failures = 0;
  const results = { node: process.version, cores: os.cpus().length, args };
  if (args.throwing !== undefined) {
    const t = await runThrowing(pkg, { n: args.throwing, concurrency: args.concurrency, log });
    console.log(summariseThrowing(t));
    failures += t.checks.failures;
    results.throwing = toJSON(t);
  } else {
    const m = await runMixed(pkg, { deliveries: args.deliveries, seed: args.seed, concurrency: args.concurrency, log });
    console.log(summariseMixed(m));
    failures += m.checks.failures;
    results.mixed = toJSON(m);
  }
  results.loadAfter = os.loadavg();
  if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 1));
  process.exit(failures === 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
