// The generated benchmark corpus: realistic Connector deliveries built from the fixture data
// (tests/fixtures/data/<event>/<sample>.json, valid samples only), grown to the wanted size with
// mail-like, mostly non-ASCII text. Deterministic (seeded PRNG): every run measures the same bytes.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const DATA_DIR = new URL("../tests/fixtures/data/", import.meta.url).pathname;
const encoder = new TextEncoder();

/** A small seeded PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle(items, random) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A busy Connector's event mix (weights in %): mostly messages received and processed and
 * request status changes, some relationship and attribute events. `grow` names the string
 * the generator lengthens for medium and large events (null: the event stays small, as it
 * is in practice, and is left out of the medium and large classes).
 */
export const MIX = [
  { name: "transport.messageReceived", weight: 26, grow: mailBody },
  { name: "consumption.messageProcessed", weight: 24, grow: (d) => mailBody(d.message) },
  { name: "consumption.incomingRequestStatusChanged", weight: 10, grow: (d) => requestText(d.request.content) },
  { name: "consumption.outgoingRequestStatusChanged", weight: 10, grow: (d) => requestText(d.request.content) },
  { name: "transport.messageSent", weight: 8, grow: mailBody },
  { name: "consumption.incomingRequestReceived", weight: 5, grow: (d) => requestText(d.content) },
  { name: "transport.relationshipChanged", weight: 5, grow: null },
  { name: "consumption.attributeCreated", weight: 4, grow: null },
  { name: "consumption.attributeSucceeded", weight: 2, grow: null },
  { name: "consumption.relationshipTemplateProcessed", weight: 2, grow: null },
  { name: "consumption.outgoingRequestCreated", weight: 2, grow: (d) => requestText(d.content) },
  { name: "transport.peerRelationshipTemplateLoaded", weight: 1, grow: null },
  { name: "transport.fileOwnershipClaimed", weight: 1, grow: null },
];

/** The five event names the "subscribed to everything, handling a few" consumer handles. */
export const FEW = [
  "transport.relationshipChanged",
  "consumption.incomingRequestReceived",
  "consumption.outgoingRequestStatusChanged",
  "consumption.attributeSucceeded",
  "transport.peerToBeDeleted",
];

// Where the text goes: a Mail's body (a non-Mail message is returned as not growable).
function mailBody(message) {
  const content = message.content;
  if (content["@type"] !== "Mail") return null;
  return { kind: "mail", get: () => content.body, set: (text) => (content.body = text) };
}

// A Request's description (Requests carry long explanatory text to the user).
function requestText(request) {
  return {
    kind: "request",
    get: () => request.description ?? "",
    set: (text) => (request.description = text),
  };
}

// Mail-like sentences, mostly non-ASCII; JSON escapes (newlines, quotes) included.
const SENTENCES = [
  "Sehr geehrte Frau Müller-Lüdenscheidt, anbei die korrigierte Rechnung über 1.234,56 € für Äußere Sulzbacher Straße 12a.",
  "Größenangabe: 5 µm ± 0,2 µm — „Zitat“ ‚einfach‘ « guillemets » und ein \"quoted\" Wort.",
  "Здравствуйте, Ирина Сергеевна! Пожалуйста, подтвердите получение договора до пятницы.",
  "Мы внесли изменения в пункт 4.2 и приложили обновлённую спецификацию.",
  "您好，请查收附件中的合同。如有任何问题，请随时与我们联系。",
  "请在本周五之前确认订单数量和交货日期，谢谢您的配合。",
  "ご確認をお願いいたします。請求書の金額に誤りがありましたので、再送いたします。",
  "한국어: 감사합니다. 다음 주 월요일까지 회신 부탁드립니다.",
  "مرحبا، نرجو مراجعة الفاتورة المرفقة وإعادة إرسالها قبل نهاية الشهر. الرقم ١٢٣٤٥",
  "שלום, אנא בדקו את החשבונית המצורפת ואשרו את הפרטים. מספר 2026-117",
  "Καλημέρα σας, επισυνάπτουμε το ενημερωμένο συμβόλαιο για την υπογραφή σας.",
  "Γεια σας! Παρακαλούμε επιβεβαιώστε την παραλαβή έως την Παρασκευή.",
  "Emoji-Grüße 👋🏽 🙂 ✔︎ 🇩🇪 — Jürgen Groß, Straße der Einheit 7, 01067 Dresden.",
  "Mit freundlichen Grüßen\nJürgen Groß\n— Buchhaltung —\n",
  "\n\n",
];

function text(random, bytes) {
  let out = "";
  let size = 0;
  while (size < bytes) {
    const s = SENTENCES[Math.floor(random() * SENTENCES.length)];
    out += s + (random() < 0.3 ? "\n" : " ");
    size += encoder.encode(s).length + 1;
  }
  return out;
}

/**
 * Valid fixture samples (key order as the Connector sends), by event name. A received Mail is
 * also processed: `messageProcessed` samples include every Mail of `messageReceived`, wrapped
 * as the RequestModule sends it ({ message, result: "NoRequest" }).
 */
function samples(name) {
  if (name === "consumption.messageProcessed") {
    const mails = fixtureSamples("transport.messageReceived").filter((m) => m.content?.["@type"] === "Mail");
    return [...fixtureSamples(name), ...mails.map((message) => ({ message, result: "NoRequest" }))];
  }
  return fixtureSamples(name);
}

function fixtureSamples(name) {
  const dir = join(DATA_DIR, name);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("invalid-"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
    .filter((d) => d !== null && typeof d === "object");
}

export const CLASSES = [
  { id: "S", label: "small 0.3–2 KB", min: 300, max: 2048 },
  { id: "M", label: "medium 2–20 KB", min: 2048, max: 20480 },
  { id: "L", label: "large 20–200 KB", min: 20480, max: 204800 },
];

function pick(random, weighted) {
  const total = weighted.reduce((s, w) => s + w.weight, 0);
  let x = random() * total;
  for (const w of weighted) {
    x -= w.weight;
    if (x < 0) return w;
  }
  return weighted[weighted.length - 1];
}

/**
 * One data object of event `entry`, grown towards `target` bytes (of the data's JSON). A Mail's
 * body is always replaced by generated text (at least 120 bytes), so small messages carry mail
 * text too; a Request's description is only added when the sample is smaller than the target.
 */
function makeData(entry, random, target) {
  const all = samples(entry.name);
  for (let tries = 0; tries < 50; tries++) {
    const data = structuredClone(all[Math.floor(random() * all.length)]);
    if (!entry.grow) return data;
    const slot = entry.grow(data);
    if (!slot) {
      // A non-Mail message (Request, Notification, …): about a third of small messages.
      if (target < 2048 && random() < 0.3) return data;
      continue; // not growable: try another sample
    }
    const old = encoder.encode(slot.get()).length;
    const rest = encoder.encode(JSON.stringify(data)).length - old;
    if (slot.kind === "request" && rest >= target) return data;
    slot.set(text(random, Math.max(slot.kind === "mail" ? 120 : 0, target - rest)));
    return data;
  }
  throw new Error(`no growable sample for ${entry.name}`);
}

/**
 * A delivery as the package's API takes it, plus `bytes` (UTF-8 body length), `name` and the
 * parsed-once `form`. `form` is "webhook" (body `{"data","trigger"}`, url ending in the name)
 * or "amqp" (routing key = name, body = the data).
 */
function makeDelivery(name, data, form, asBytes) {
  const text = form === "webhook" ? JSON.stringify({ data, trigger: name }) : JSON.stringify(data);
  const encoded = encoder.encode(text);
  const body = asBytes ? encoded : text;
  const delivery =
    form === "webhook"
      ? { kind: "webhook", url: `https://erp.example.com/hooks/${name}`, body }
      : { kind: "amqp", routingKey: name, body };
  return { name, form, bytes: encoded.length, delivery };
}

/**
 * `count` deliveries of size class `cls`: event names drawn from MIX (only growable ones
 * for M and L), target sizes log-uniform in the class, forms as given (alternating when
 * both), bodies as strings or bytes.
 */
export function generate({ cls, count, forms, asBytes, seed }) {
  const random = prng(seed);
  const mix = cls.id === "S" ? MIX : MIX.filter((e) => e.grow);
  const out = [];
  while (out.length < count) {
    const entry = pick(random, mix);
    const lo = Math.log(cls.min);
    const hi = Math.log(cls.max);
    const target = Math.exp(lo + random() * (hi - lo));
    const form = forms[out.length % forms.length];
    // Aim the data a little below the target: the webhook envelope adds some bytes.
    const data = makeData(entry, random, Math.max(0, target - 60));
    const d = makeDelivery(entry.name, data, form, asBytes);
    if (d.bytes < cls.min * 0.9 || d.bytes > cls.max * 1.05) continue;
    out.push(d);
  }
  return out;
}

/** One Mail message of about `bytes` bytes (for the scaling and memory runs). */
export function mailEvent(bytes, { form = "webhook", asBytes = false, seed = 7 } = {}) {
  const random = prng(seed);
  const data = samples("transport.messageReceived").find((d) => d.content["@type"] === "Mail");
  const copy = structuredClone(data);
  const base = encoder.encode(JSON.stringify(copy)).length;
  copy.content.body = text(random, Math.max(0, bytes - base - 40));
  return makeDelivery("transport.messageReceived", copy, form, asBytes);
}

/** The share of the bodies' UTF-8 bytes that are not ASCII. */
export function nonAsciiShare(deliveries) {
  let bytes = 0;
  let nonAscii = 0;
  for (const { delivery } of deliveries) {
    const body = typeof delivery.body === "string" ? encoder.encode(delivery.body) : delivery.body;
    bytes += body.length;
    for (let i = 0; i < body.length; i++) if (body[i] > 127) nonAscii++;
  }
  return nonAscii / bytes;
}
