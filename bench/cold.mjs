// One cold start, in a fresh node process (bench.mjs runs this several times and takes medians).
// Usage: node cold.mjs ours|ajv-all|ajv-one|octokit|empty <package dir> <schema file>
// Prints {"import": ms, "ready": ms, "first": ms}: from before the first import() to the end of
// that import, to the system being ready (router built / schemas compiled), and to the first
// handled event (the handler has run and the dispatch has settled).

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [mode, pkgDir, schemaFile] = process.argv.slice(2);
const data = {
  id: "MSGexample0000000101",
  isOwn: false,
  content: { "@type": "Mail", to: ["did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2"], subject: "Grüße", body: "Guten Tag, anbei die Rechnung. 您好，请查收附件。", bodyFormat: "PlainText" },
  createdBy: "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0",
  createdByDevice: "DVCexample0000000001",
  recipients: [{ address: "did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2", receivedAt: "2026-03-02T09:15:27.412Z", receivedByDevice: "DVCexample0000000002", relationshipId: "RELexample0000000001" }],
  createdAt: "2026-03-02T09:15:26.101Z",
  attachments: [],
};
const name = "transport.messageReceived";
const body = JSON.stringify({ data, trigger: name });
const schemas = mode.startsWith("ajv") ? JSON.parse(readFileSync(schemaFile, "utf8")) : undefined;
const entry = pathToFileURL(resolve(pkgDir, "node.mjs")).href;

let handled = 0;
const t0 = performance.now();
let tImport, tReady;
if (mode === "ours") {
  const pkg = await import(entry);
  tImport = performance.now();
  const router = new pkg.EventRouter();
  router.on(name, (event) => {
    handled += event.data.id.length > 0 ? 1 : 0;
  });
  tReady = performance.now();
  await router.dispatch({ kind: "webhook", url: `https://erp.example.com/hooks/${name}`, body });
} else if (mode === "ajv-all" || mode === "ajv-one") {
  const { default: Ajv } = await import("ajv");
  tImport = performance.now();
  // One validator per data type (events sharing a type share it), as in systems.mjs.
  const ajv = new Ajv({ strict: false });
  const validators = new Map();
  const byText = new Map();
  for (const [event, schema] of Object.entries(schemas)) {
    if (mode === "ajv-one" && event !== name) continue;
    const text = JSON.stringify(schema);
    if (!byText.has(text)) byText.set(text, ajv.compile(schema));
    validators.set(event, byText.get(text));
  }
  tReady = performance.now();
  const parsed = JSON.parse(body);
  if (validators.get(parsed.trigger)(parsed.data)) handled++;
} else if (mode === "octokit") {
  const { Webhooks } = await import("@octokit/webhooks");
  tImport = performance.now();
  const webhooks = new Webhooks({ secret: "bench" });
  webhooks.on("issues", () => {});
  webhooks.onAny((event) => {
    handled += event.payload.id.length > 0 ? 1 : 0;
  });
  tReady = performance.now();
  const parsed = JSON.parse(body);
  await webhooks.receive({ id: "1", name: parsed.trigger, payload: parsed.data });
} else if (mode === "empty") {
  // The floor of any cold start here: node's ESM loader importing one module that does nothing.
  await import("./empty.mjs");
  tImport = performance.now();
  tReady = tImport;
  if (JSON.parse(body).data.id.length > 0) handled++;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const tFirst = performance.now();
if (handled !== 1) throw new Error(`${mode}: the first event was not handled`);
process.stdout.write(JSON.stringify({ import: tImport - t0, ready: tReady - t0, first: tFirst - t0 }));
