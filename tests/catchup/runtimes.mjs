// The REST client and catch-up in workerd, headless Chromium and Node: one fake Connector on
// 127.0.0.1 (its answers checked against the openapi.yml) holds state whose events were never
// delivered; each runtime runs runtime-scenario.mjs against it with the built package.
// `node tests/catchup/runtimes.mjs [PKG_DIR]`; prints one summary line per runtime and
// "catch-up runtimes: N passed, M failed"; exits non-zero on any failure.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FakeConnector } from "./fake-connector.mjs";
import { loadValidator } from "./openapi.mjs";
import { reconstructable, keyOf } from "./oracle.mjs";
import { runCatchUpScenario } from "./runtime-scenario.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const pkgDir = resolve(process.argv[2] ?? process.env.PKG_DIR ?? join(root, "pkg"));
const bin = join(root, "tools/node_modules/.bin");
const PORT = Number(process.env.CATCHUP_RUNTIMES_PORT ?? 24023);
const API_KEY = "catchup-runtimes-key-0123456789-ABCdef!!";
const PEER = "did:e:localhost:dids:0000000000000000000b02";
const PEER2 = "did:e:localhost:dids:0000000000000000000c03";

const pkg = await import(pathToFileURL(join(pkgDir, "node.mjs")).href);
const { check } = loadValidator();
// The fake's clock starts two minutes ago (one second per change): catch-up's watermark comes
// from the runtime's own clock, and its 5-minute lookback covers the answers found later.
const start = Date.now() - 120_000;
const fake = new FakeConnector({ apiKey: API_KEY, check, cors: true, autoAnswerMs: 30, start });
const baseUrl = await fake.listen(PORT);

// Everything happens while nobody receives the webhooks (no URL configured).
const rel = fake.peerCreatesRelationship(PEER);
fake.changeRelationship(rel.id, "AcceptanceOfCreation", "Active");
fake.receiveMail(PEER, "Grüße 👋");
fake.receiveRequest(PEER);
fake.receiveRequest(PEER2, { decide: true });
const outgoing = fake.createOutgoingRequest(PEER2, { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "Surname" } }] });
fake.sendMessage([PEER2], outgoing.content);
await new Promise((r) => setTimeout(r, 60)); // the peer answers (autoAnswerMs)
const attribute = fake.createAttribute("GivenName", "Ada");
fake.succeedAttribute(attribute.id, "Ada Augusta");
const expected = fake.emitted.filter((e) => reconstructable(e, fake)).map((e) => keyOf(pkg, e)).sort();
const scenario = { baseUrl, apiKey: API_KEY, expected, peer: PEER, since: new Date(start).toISOString() };

function runProcess(command, args, options) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

// Runs the scenario against a fresh copy of the fake's state: each runtime changes it (it sends
// a Request), so it is snapshotted here and restored between runtimes.
const snapshot = structuredClone({ messages: fake.messages, relationships: fake.relationships, incomingRequests: fake.incomingRequests, outgoingRequests: fake.outgoingRequests, attributes: fake.attributes });
function restore() {
  for (const [kind, items] of Object.entries(structuredClone(snapshot))) fake[kind].splice(0, Infinity, ...items);
}

async function node() {
  return runCatchUpScenario(pkg, { runtime: "node", ...scenario });
}

async function workerd() {
  const dir = mkdtempSync(join(tmpdir(), "catchup-workerd-"));
  try {
    const text = (value) => JSON.stringify(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    const env = {
      ...process.env,
      WORKERD_NETWORK: "local",
      WORKERD_MODULES: join(here, "runtime-scenario.mjs"),
      WORKERD_BINDINGS: `(name = "SCENARIO", text = "${text(scenario)}")`,
    };
    const config = await runProcess("bash", [join(root, "tests/runtimes/workerd-config.sh"), pkgDir, dir, join(here, "workerd-scenario.mjs")], { env });
    if (config.code !== 0) return { passed: 0, failed: 1, lines: [`  FAIL  workerd | config: ${config.output}`] };
    const { code, output } = await runProcess(join(bin, "workerd"), ["test", "config.capnp"], { cwd: dir });
    const lines = output.split("\n").filter((l) => /^\s*(ok|FAIL)\s/.test(l) || /^workerd: \d+ passed/.test(l));
    const summary = /workerd: (\d+) passed, (\d+) failed/.exec(output);
    if (summary === null || code !== 0) return { passed: Number(summary?.[1] ?? 0), failed: Math.max(1, Number(summary?.[2] ?? 1)), lines: [...lines, `  workerd exited ${code}: ${output.slice(-2000)}`] };
    return { passed: Number(summary[1]), failed: Number(summary[2]), lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function chromium() {
  const { serve, CHROMIUM_ARGS } = await import("../runtimes/serve.mjs");
  const { chromium: browserType } = createRequire(join(root, "tools/package.json"))("playwright-core");
  const routes = {
    "/page.html": (_, res) => res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/t/browser-scenario.mjs"></script>'),
    "/scenario.json": (_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(scenario)),
  };
  const server = await serve({ "/pkg/": pkgDir, "/t/": here }, routes);
  let browser;
  try {
    browser = await browserType.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/page.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    return { ...result, lines: [...result.lines, ...errors.map((e) => `  page error: ${e}`)] };
  } catch (error) {
    return { passed: 0, failed: 1, lines: [`  FAIL  chromium | ${error?.stack ?? error}`] };
  } finally {
    await browser?.close();
    await server.close();
  }
}

let passed = 0;
let failed = 0;
for (const [name, run] of [["node", node], ["workerd", workerd], ["chromium", chromium]]) {
  restore();
  const started = performance.now();
  const result = await run().catch((error) => ({ passed: 0, failed: 1, lines: [`  FAIL  ${name} | ${error?.stack ?? error}`] }));
  const lines = result.lines.some((l) => l.startsWith(`${name}: `)) ? result.lines : [...result.lines, `${name}: ${result.passed} passed, ${result.failed} failed`];
  for (const line of lines) console.log(line);
  console.log(`  (${name}: ${Math.round(performance.now() - started)} ms)`);
  passed += result.passed;
  failed += result.failed;
}
await fake.close();
if (fake.violations.length > 0) {
  console.log(`openapi violations:\n${fake.violations.join("\n")}`);
  failed++;
}
console.log(`catch-up runtimes: ${passed} passed, ${failed} failed (${expected.length} events to recover, ${fake.requests.length} REST answers checked against the openapi.yml)`);
process.exit(failed === 0 ? 0 : 1);
