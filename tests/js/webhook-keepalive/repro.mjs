// Issue 8, item 18: after a refused request, is the next delivery on the same keep-alive socket
// lost? Sends deliveries as the Connector's Webhooks module does (axios, one attempt, no retry,
// a keep-alive agent), each good one right after a refused one, and counts the good ones that
// failed. Targets: the Cloudflare Worker example under miniflare, the Node server example.
//
//   node tests/js/webhook-keepalive/repro.mjs [miniflare|node-server] [rounds]   (PKG_DIR=… for another build)
//
// Needs `npm ci --prefix tests/js/webhook-keepalive` (axios) and `npm ci --prefix tools` (miniflare).
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, symlinkSync, copyFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
export const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
const require = createRequire(join(here, "package.json"));
const requireTool = createRequire(join(root, "tools/package.json"));

export const KEY = "key-current-4f9a1c0e7b";
const NAME = "transport.relationshipDecomposedBySelf";
const BODY = JSON.stringify({ trigger: NAME, data: { relationshipId: "RELexample0000000003" } });
const BIG = 2 * 1024 * 1024; // over the default maxBodyBytes of 1 MiB

/** Whether axios and miniflare are installed. */
export function available() {
  try {
    require.resolve("axios");
    requireTool.resolve("miniflare");
    return true;
  } catch {
    return false;
  }
}

/** The Worker example (www/examples/cloudflare-worker) under miniflare, on a local port. */
export async function startMiniflare() {
  const dir = mkdtempSync(join(tmpdir(), "keepalive-mf-"));
  execFileSync("bash", [join(root, "tests/runtimes/workerd-config.sh"), pkgDir, dir, join(root, "www/examples/cloudflare-worker/worker.js")]);
  const config = readFileSync(join(dir, "config.capnp"), "utf8");
  const modules = [...config.matchAll(/\(name = "([^"]+)", (esModule|wasm) = embed "([^"]+)"\)/g)].map(([, name, kind, file]) => ({
    type: kind === "wasm" ? "CompiledWasm" : "ESModule",
    path: join(dir, name),
    contents: readFileSync(join(dir, file)),
  }));
  const { Miniflare, Log, LogLevel } = requireTool("miniflare");
  const mf = new Miniflare({
    modules,
    modulesRoot: dir,
    compatibilityDate: "2025-01-01",
    bindings: { WEBHOOK_API_KEY: KEY },
    host: "127.0.0.1",
    port: 0,
    log: new Log(LogLevel.NONE),
  });
  const url = await mf.ready;
  return {
    url: new URL("/hooks/connector", url).href,
    stop: async () => {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Node server example (www/examples/node-server), in a child process. */
export async function startNodeServer() {
  const dir = mkdtempSync(join(tmpdir(), "keepalive-node-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules/enmeshed-events"));
  copyFileSync(join(root, "www/examples/node-server/server.mjs"), join(dir, "server.mjs"));
  const child = spawn(process.execPath, ["server.mjs"], { cwd: dir, env: { ...process.env, WEBHOOK_API_KEY: KEY, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr.resume();
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url: `${url}/hooks/connector`,
    stop: async () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The refusals, each as axios options: [name, expected status, config]. */
function refusals(url) {
  const json = { "content-type": "application/json" };
  return [
    ["wrong key", 401, { method: "post", url, data: BODY, headers: { ...json, "x-api-key": "wrong" } }],
    ["wrong content type", 415, { method: "post", url, data: BODY, headers: { "content-type": "text/plain", "x-api-key": KEY } }],
    ["method", 405, { method: "put", url, data: BODY, headers: { ...json, "x-api-key": KEY } }],
    ["413 by content-length", 413, { method: "post", url, data: " ".repeat(BIG), headers: { ...json, "x-api-key": KEY } }],
    ["413 by stream", 413, { method: "post", url, data: Readable.from(chunks(BIG)), headers: { ...json, "x-api-key": KEY } }],
    ["400", 400, { method: "post", url, data: '{"trigger":', headers: { ...json, "x-api-key": KEY } }],
  ];
}

function* chunks(total) {
  for (let sent = 0; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 0x20);
}

/**
 * `rounds` times: a refused request (cycling through the kinds), then a good delivery on the
 * same agent. Returns the lost good deliveries (an error or a status other than 200), by the
 * kind of refusal before them, and how the refused requests themselves ended.
 */
export async function run(url, rounds) {
  const axios = require("axios");
  const agent = new http.Agent({ keepAlive: true });
  const client = axios.create({ httpAgent: agent, validateStatus: () => true, maxBodyLength: Infinity, maxContentLength: Infinity });
  const kinds = refusals(url).map(([name]) => name);
  const lost = Object.fromEntries(kinds.map((name) => [name, 0]));
  const refused = Object.fromEntries(kinds.map((name) => [name, {}]));
  const lostDetails = [];
  for (let i = 0; i < rounds; i++) {
    const [name, , config] = refusals(url)[i % kinds.length];
    try {
      const response = await client.request(config);
      refused[name][response.status] = (refused[name][response.status] ?? 0) + 1;
    } catch (error) {
      refused[name][error.code ?? "error"] = (refused[name][error.code ?? "error"] ?? 0) + 1;
    }
    try {
      const response = await client.post(url, BODY, { headers: { "content-type": "application/json", "x-api-key": KEY } });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
    } catch (error) {
      lost[name]++;
      lostDetails.push(`${name}: ${error.code ?? error.message}`);
    }
  }
  agent.destroy();
  const total = Object.values(lost).reduce((a, b) => a + b, 0);
  return { rounds, total, lost, refused, lostDetails };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? "miniflare";
  const rounds = Number(process.argv[3] ?? 240);
  const server = target === "node-server" ? await startNodeServer() : await startMiniflare();
  try {
    const result = await run(server.url, rounds);
    const { lostDetails, ...counts } = result;
    console.log(`RESULT ${JSON.stringify({ target, pkg: pkgDir, ...counts, firstLost: lostDetails.slice(0, 3) })}`);
  } finally {
    await server.stop();
  }
}
