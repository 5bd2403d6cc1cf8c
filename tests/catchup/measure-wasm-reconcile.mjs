// The wasm export `reconcileCatchUp` alone (no JS catch-up, no dispatch) on the listing the native
// `catchup::tests::reconcile_timing` reads: 10,000 messages, 6.5 MB.
// `node tests/catchup/measure-wasm-reconcile.mjs [PKG_DIR]` (default pkg/).
import { readFileSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
const pkgDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "../../pkg"));
const wasm = await import(pathToFileURL(join(pkgDir, "wasm/enmeshed_events.js")).href);
wasm.initSync({ module: readFileSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm")) });
const PEER = "did:e:localhost:dids:0000000000000000000002", ME = "did:e:localhost:dids:0000000000000000000001";
const messages = JSON.stringify(Array.from({ length: 10000 }, (_, i) => {
  const own = i % 4 === 0;
  return { id: `MSG${String(i).padStart(17, "0")}`, isOwn: own,
    content: { "@type": "Mail", to: [own ? PEER : ME], cc: [], subject: "s", body: "b".repeat(200), bodyFormat: "PlainText" },
    createdBy: own ? ME : PEER, createdByDevice: "DVCexample0000000001",
    recipients: [{ address: own ? PEER : ME, relationshipId: "RELexample0000000001" }],
    createdAt: `2026-03-02T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000Z`, attachments: [] };
}));
const times = [];
for (let run = 0; run < 8; run++) {
  const start = performance.now();
  const plan = wasm.reconcileCatchUp(["**"], undefined, messages, undefined, undefined, undefined, undefined, undefined);
  times.push(performance.now() - start);
  if (plan[0].length !== 10000) throw new Error("expected 10000 events");
}
times.sort((a, b) => a - b);
console.log(`${pkgDir}: wasm reconcileCatchUp, 10,000 messages (${(messages.length / 1e6).toFixed(1)} MB): min ${times[0].toFixed(0)} ms, median ${times[4].toFixed(0)} ms`);
