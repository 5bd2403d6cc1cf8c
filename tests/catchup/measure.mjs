// Figures for waitFor and catch-up on the built package: `node tests/catchup/measure.mjs [PKG_DIR]`.
// Prints what one wait costs over a plain dispatch, how fast catch-up reconciles and dispatches
// large listings (an in-process client: no HTTP), and a catch-up over HTTP from the fake Connector.
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FakeConnector } from "./fake-connector.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? process.env.PKG_DIR ?? join(here, "../../pkg"));
const pkg = await import(pathToFileURL(join(pkgDir, "node.mjs")).href);
const { EventRouter, catchUp, ConnectorClient, MemoryGuardStore } = pkg;

const PEER = "did:e:localhost:dids:0000000000000000000b02";
const ME = "did:e:localhost:dids:0000000000000000000a01";
const iso = (ms) => new Date(Date.parse("2026-03-02T09:00:00.000Z") + ms).toISOString();
const id = (prefix, n) => `${prefix}${String(n).padStart(17, "0")}`;

async function time(what, runs, body) {
  for (let i = 0; i < Math.min(200, runs); i++) await body(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await body(i);
  const ms = performance.now() - start;
  console.log(`${what}: ${((ms * 1000) / runs).toFixed(1)} µs each (${runs} runs, ${ms.toFixed(0)} ms)`);
  return ms / runs;
}

// --- waitFor ---
const mail = (n) => ({
  kind: "webhook",
  body: JSON.stringify({ trigger: "transport.messageReceived", data: { id: id("MSG", n), isOwn: false, content: { "@type": "Mail", to: [ME], cc: [], subject: "s", body: "b", bodyFormat: "PlainText" }, createdBy: PEER, createdByDevice: id("DVC", 1), recipients: [{ address: ME }], createdAt: iso(n), attachments: [] } }),
});
const plain = new EventRouter().on("transport.messageReceived", () => {});
const base = await time("dispatch of a webhook Mail, one handler", 10_000, (i) => plain.dispatch(mail(i)));
const waiting = new EventRouter().on("transport.messageReceived", () => {});
const withWait = await time("the same with a waitFor resolved by it (register, match, resolve, remove)", 10_000, async (i) => {
  const wait = waiting.waitFor("transport.messageReceived", (e) => e.data.id === id("MSG", i), { timeout: 1000 });
  await waiting.dispatch(mail(i));
  await wait;
});
console.log(`  → a wait costs ${((withWait - base) * 1000).toFixed(1)} µs over the dispatch`);
const pending = new EventRouter().on("transport.messageReceived", () => {});
const waits = [];
for (let i = 0; i < 1000; i++) waits.push(pending.waitFor("transport.messageReceived", (e) => e.data.id === "never", { timeout: 60_000 }).catch(() => {}));
await time("dispatch with 1,000 waiters pending on the name (each predicate runs)", 1_000, (i) => pending.dispatch(mail(i)));
const abort = new AbortController();
for (let i = 0; i < 1000; i++) waits.push(pending.waitFor("transport.*", { signal: abort.signal }).catch(() => {}));
const started = performance.now();
abort.abort();
await Promise.all(waits.splice(1000));
console.log(`aborting 1,000 waiters: ${(performance.now() - started).toFixed(1)} ms`);

// --- catch-up, in process ---
function listings(n) {
  const messages = Array.from({ length: n }, (_, i) => ({
    id: id("MSG", i), isOwn: i % 4 === 0, content: { "@type": "Mail", to: [PEER], cc: [], subject: `m${i}`, body: "b".repeat(200), bodyFormat: "PlainText" },
    createdBy: i % 4 === 0 ? ME : PEER, createdByDevice: id("DVC", 1), recipients: [{ address: i % 4 === 0 ? PEER : ME }], createdAt: iso(i * 10), attachments: [],
  }));
  const relationships = Array.from({ length: n / 10 }, (_, i) => ({
    id: id("REL", i), templateId: id("RLT", i), status: "Active", peer: PEER, peerIdentity: { address: PEER, publicKey: "k" },
    creationContent: { "@type": "ArbitraryRelationshipCreationContent", value: {} },
    auditLog: [{ createdAt: iso(i), createdBy: PEER, reason: "Creation", newStatus: "Pending" }, { createdAt: iso(i + 5), createdBy: ME, reason: "AcceptanceOfCreation", oldStatus: "Pending", newStatus: "Active" }],
  }));
  const incoming = Array.from({ length: n / 10 }, (_, i) => ({
    id: id("REQ", i), isOwn: false, peer: PEER, createdAt: iso(i * 3), status: i % 2 ? "ManualDecisionRequired" : "Decided",
    content: { "@type": "Request", id: id("REQ", i), items: [] }, source: { type: "Message", reference: id("MSG", i) },
  }));
  const attributes = Array.from({ length: n / 10 }, (_, i) => ({
    "@type": "OwnIdentityAttribute", id: id("ATT", i), createdAt: iso(i * 7), content: { "@type": "IdentityAttribute", owner: ME, value: { "@type": "GivenName", value: `n${i}` } },
  }));
  return { messages, relationships, incomingRequests: incoming, outgoingRequests: [], attributes };
}

for (const n of [1_000, 10_000]) {
  const data = listings(n);
  const client = Object.fromEntries(Object.entries(data).map(([name, items]) => [name, async () => items]));
  client.attribute = async () => undefined;
  const router = new EventRouter().onAny(() => {});
  const guard = new MemoryGuardStore();
  let start = performance.now();
  const first = await catchUp(router, client, { since: iso(-1), guard, now: () => Date.parse(iso(n * 10)) });
  const firstMs = performance.now() - start;
  start = performance.now();
  const again = await catchUp(router, client, { since: iso(-1), guard, now: () => Date.parse(iso(n * 10)) });
  const againMs = performance.now() - start;
  const items = Object.values(data).reduce((sum, list) => sum + list.length, 0);
  console.log(`catch-up of ${items} listed items → ${first.dispatched} events dispatched in ${firstMs.toFixed(0)} ms (${((firstMs * 1000) / first.dispatched).toFixed(1)} µs per event); again, all skipped by the guard: ${againMs.toFixed(0)} ms (${again.skipped} skipped)`);
}

// --- catch-up over HTTP from the fake Connector ---
const fake = new FakeConnector({ apiKey: "measure-key-0123456789-ABCdef!!", start: Date.now() - 3_600_000 });
const baseUrl = await fake.listen(Number(process.env.CATCHUP_MEASURE_PORT ?? 24025));
for (let i = 0; i < 500; i++) fake.receiveMail(PEER, `m${i}`);
for (let i = 0; i < 50; i++) fake.receiveRequest(PEER);
const client = new ConnectorClient({ baseUrl, apiKey: "measure-key-0123456789-ABCdef!!" });
const router = new EventRouter().onAny(() => {});
const start = performance.now();
const result = await catchUp(router, client, { since: new Date(Date.now() - 3_600_000).toISOString() });
console.log(`catch-up over HTTP from the fake Connector (5 listings): ${result.dispatched} events in ${(performance.now() - start).toFixed(0)} ms`);
await fake.close();
