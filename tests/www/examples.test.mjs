// The deployable examples (www/examples/) run, each from its own unchanged file, in the runtime it
// is written for: `node --test tests/www/` after `bash scripts/build.sh` (PKG_DIR overrides the
// package folder; tools come from tools/node_modules, scripts/setup.sh). Each example gets a real
// Connector webhook delivery (a Mail, transport.messageReceived) with the right API key, and the
// test checks the status and the line the example's handler logs; a wrong key must get 401.
//
// - node-server: `node server.mjs` on 127.0.0.1 with PORT=0; a resolve hook (--import) resolves
//   the bare "enmeshed-events" from a temp folder whose node_modules/enmeshed-events links to the
//   package, so Node's own exports resolution (condition "node") picks the entry.
// - deno-deploy: `deno run --import-map` mapping "npm:enmeshed-events@^0.1.0" to the package's
//   deno.js; DENO_SERVE_ADDRESS=tcp:127.0.0.1:0 moves Deno.serve off its default 0.0.0.0:8000.
// - vercel-edge: bundled by esbuild with the "edge-light" condition; a plugin turns the package's
//   `…wasm?module` import into a compiled WebAssembly.Module, as Vercel's bundler does; evaluated
//   in Vercel's edge-runtime VM with process.env.WEBHOOK_API_KEY, its default export called with
//   a Request and a context whose waitUntil collects the background work (respondEarly).
// - cloudflare-worker: in miniflare 4 (its own workerd) with the package's workerd entry and the
//   .wasm as a compiled module, WEBHOOK_API_KEY as a text binding; it also gets Pub/Sub pushes at
//   /pubsub whose OIDC tokens are signed here and checked against a JWKS served on 127.0.0.1
//   (PUSH_WWW_JWKS_PORT, default 28197), with a KV namespace as its guard. (scripts/demo.sh runs the same
//   file under the standalone workerd with a longer sequence.)
//
// Every child process is killed when its test ends, passed or failed; a runtime that cannot run
// fails its test with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { createServer } from "node:http";
import { MAIL_RECEIVED } from "../runtimes/scenarios.mjs";
import { EMAIL, claims, envelope, rsaKey, sign } from "../js/pubsub-tokens.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const pkgDir = resolve(root, process.env.PKG_DIR ?? "pkg");
const examples = join(root, "www/examples");
const bin = join(root, "tools/node_modules/.bin");
const tools = createRequire(join(root, "tools/package.json"));
const WASM = "wasm/enmeshed_events_bg.wasm";

const KEY = `examples-${Math.random().toString(36).slice(2)}-key`;
const PUSH_AUDIENCE = "https://enmeshed-webhooks.example.workers.dev/pubsub";
const JWKS_PORT = Number(process.env.PUSH_WWW_JWKS_PORT ?? 28197);
const BODY = JSON.stringify(MAIL_RECEIVED);
// What every example's transport.messageReceived handler logs first (the Worker adds the subject).
const MAIL_LINE = new RegExp(`^message ${MAIL_RECEIVED.data.id} from ${MAIL_RECEIVED.data.createdBy}\\b`, "m");
const TEST_TIMEOUT = 25_000;
const START_TIMEOUT = 15_000;

function requirePackage() {
  assert.ok(existsSync(join(pkgDir, WASM)), `no built package at ${pkgDir}: run bash scripts/build.sh`);
}

function requireTool(name) {
  const path = join(bin, name);
  assert.ok(existsSync(path), `${name} is missing from tools/node_modules: run bash scripts/setup.sh`);
  return path;
}

function tempDir(t, prefix) {
  const dir = mkdtempSync(join(tmpdir(), `enmeshed-${prefix}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A folder whose node_modules/enmeshed-events is a link to the built package. */
function appWithPackage(t, prefix) {
  const dir = tempDir(t, prefix);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules/enmeshed-events"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  return dir;
}

/**
 * Starts a server process and waits until `ready` (a regex with the URL as group 1) appears on
 * stdout or stderr. The process is killed when the test ends. `output()` is all stdout so far.
 */
async function startServer(t, command, args, { env, cwd, ready, what }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let spawnError;
  child.once("error", (error) => (spawnError = error));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
  });
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const tail = () => `\n--- stdout ---\n${stdout.slice(-2000)}\n--- stderr ---\n${stderr.slice(-2000)}`;
  const deadline = Date.now() + START_TIMEOUT;
  for (;;) {
    if (spawnError) assert.fail(`${what}: could not start ${command}: ${spawnError.message}`);
    const match = ready.exec(stdout) ?? ready.exec(stderr);
    if (match) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      assert.fail(`${what} exited (${child.exitCode ?? child.signalCode}) before it listened${tail()}`);
    }
    if (Date.now() > deadline) assert.fail(`${what} did not listen within ${START_TIMEOUT} ms${tail()}`);
    await sleep(50);
  }
  const url = (ready.exec(stdout) ?? ready.exec(stderr))[1].replace(/\/$/, "");
  return {
    url,
    output: () => stdout,
    tail,
    /** Waits (bounded) until stdout matches `pattern`. */
    async waitForOutput(pattern, ms = 5000) {
      const end = Date.now() + ms;
      while (!pattern.test(stdout) && Date.now() < end) await sleep(25);
      assert.match(stdout, pattern, `${what} did not log ${pattern}${tail()}`);
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A webhook POST as the Connector sends it, to a target URL configured with {{trigger}}. */
function delivery(url, key = KEY) {
  return fetch(`${url}/hooks/${MAIL_RECEIVED.trigger}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: BODY,
    signal: AbortSignal.timeout(10_000),
  });
}

async function expectMailAndWrongKey(server, expectedHandled) {
  const response = await delivery(server.url);
  const answer = await response.text();
  assert.equal(response.status, 200, `status of the delivery (answer ${answer})${server.tail()}`);
  assert.deepEqual(JSON.parse(answer), { ok: true, event: MAIL_RECEIVED.trigger, handled: expectedHandled });
  await server.waitForOutput(MAIL_LINE);

  const before = server.output().length;
  const wrong = await delivery(server.url, "not-the-key");
  assert.equal(wrong.status, 401, `status with a wrong API key (answer ${await wrong.text()})`);
  await sleep(100);
  assert.doesNotMatch(server.output().slice(before), /^message /m, "a handler ran for a request with a wrong API key");
}

test("node-server: node server.mjs answers a webhook delivery and its handler logs the message", { timeout: TEST_TIMEOUT }, async (t) => {
  requirePackage();
  const app = appWithPackage(t, "node-server");
  // Resolves only the bare "enmeshed-events", as if server.mjs sat in `app` after `npm install`.
  writeFileSync(join(app, "hooks.mjs"), [
    `const APP = ${JSON.stringify(pathToFileURL(join(app, "server.mjs")).href)};`,
    "export async function resolve(specifier, context, next) {",
    '  return next(specifier, specifier === "enmeshed-events" ? { ...context, parentURL: APP } : context);',
    "}",
  ].join("\n"));
  writeFileSync(join(app, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(app, "hooks.mjs")).href)});\n`);

  const server = await startServer(t, process.execPath, ["--import", pathToFileURL(join(app, "register.mjs")).href, join(examples, "node-server/server.mjs")], {
    cwd: app,
    env: { WEBHOOK_API_KEY: `rotated-old-key,${KEY}`, PORT: "0", HOST: "127.0.0.1" },
    ready: /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m,
    what: "node www/examples/node-server/server.mjs",
  });
  await expectMailAndWrongKey(server, 1);
});

test("deno-deploy: deno run main.ts answers a webhook delivery and its handler logs the message", { timeout: TEST_TIMEOUT }, async (t) => {
  requirePackage();
  const deno = requireTool("deno");
  const dir = tempDir(t, "deno-deploy");
  // The example imports "npm:enmeshed-events@^0.1.0"; the map points that at the built package's
  // "deno" entry, so nothing is fetched from npm.
  const map = join(dir, "import_map.json");
  writeFileSync(map, JSON.stringify({ imports: { "npm:enmeshed-events@^0.1.0": pathToFileURL(join(pkgDir, "deno.js")).href } }));

  const server = await startServer(t, deno, [
    "run", "--no-lock", "--no-config", "--allow-net", "--allow-env", "--allow-read", "--import-map", map,
    join(examples, "deno-deploy/main.ts"),
  ], {
    cwd: dir,
    // Deno.serve() without options listens on 0.0.0.0:8000; Deno 2 lets the environment move it.
    env: { WEBHOOK_API_KEY: KEY, DENO_SERVE_ADDRESS: "tcp:127.0.0.1:0", DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    ready: /^Listening on (http:\/\/127\.0\.0\.1:\d+)\/?$/m,
    what: "deno run www/examples/deno-deploy/main.ts",
  });
  await expectMailAndWrongKey(server, 1);
});

test("vercel-edge: api/enmeshed.js, bundled as Vercel does, answers in edge-runtime and finishes its handler via waitUntil", { timeout: TEST_TIMEOUT }, async (t) => {
  requirePackage();
  requireTool("esbuild");
  requireTool("edge-runtime");
  const esbuild = tools("esbuild");
  const { EdgeRuntime } = tools("edge-runtime");
  const app = appWithPackage(t, "vercel-edge");

  // Vercel's bundler turns `import wasm from "./x.wasm?module"` into a compiled WebAssembly.Module
  // (its edge runtime, like Workers, compiles no wasm from bytes at run time). Here the module is
  // compiled in the VM from bytes the harness puts there as a global, which edge-runtime allows.
  const wasmFiles = [];
  const wasmModule = {
    name: "vercel-wasm-module",
    setup(build) {
      build.onResolve({ filter: /\.wasm\?module$/ }, (args) => {
        const path = resolve(args.resolveDir, args.path.replace(/\?module$/, ""));
        wasmFiles.push(path);
        return { path, namespace: "wasm-module" };
      });
      build.onLoad({ filter: /.*/, namespace: "wasm-module" }, (args) => ({
        contents: `export default new WebAssembly.Module(globalThis.__WASM_FILES[${JSON.stringify(args.path)}]);`,
        loader: "js",
      }));
    },
  };
  const bundle = await esbuild.build({
    entryPoints: [join(examples, "vercel-edge/api/enmeshed.js")],
    bundle: true,
    format: "iife",
    globalName: "__vercelFunction",
    platform: "browser",
    conditions: ["edge-light"],
    nodePaths: [join(app, "node_modules")],
    plugins: [wasmModule],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const inputs = Object.keys(bundle.metafile.inputs).map((input) => resolve(root, input));
  assert.ok(inputs.includes(join(pkgDir, "edge-light.js")), `the "edge-light" condition did not pick edge-light.js; bundled: ${inputs.map((i) => relative(root, i)).join(", ")}`);
  assert.deepEqual(wasmFiles, [join(pkgDir, WASM)], "the ?module import");

  const logged = [];
  const capture = (...args) => logged.push(format(...args));
  const runtime = new EdgeRuntime({
    extend: (context) => Object.assign(context, {
      // Vercel exposes the project's environment variables on process.env.
      process: { env: { WEBHOOK_API_KEY: KEY } },
      __WASM_FILES: Object.fromEntries(wasmFiles.map((path) => [path, new Uint8Array(readFileSync(path))])),
      console: { ...context.console, log: capture, info: capture, warn: capture, error: capture },
    }),
  });
  runtime.evaluate(bundle.outputFiles[0].text);
  const fn = runtime.context.__vercelFunction;
  assert.equal(typeof fn?.default, "function", "the example has no default export");
  assert.equal(JSON.stringify(fn.config), '{"runtime":"edge"}', "export const config (from the VM's realm)");

  const call = async (key) => {
    const promises = [];
    const context = { waitUntil: (promise) => promises.push(promise) };
    const request = new runtime.context.Request("https://enmeshed-hooks.vercel.app/api/enmeshed", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key },
      body: BODY,
    });
    const response = await fn.default(request, context);
    return { response, promises, answer: await response.text() };
  };

  // respondEarly answers 202 and leaves the handlers to waitUntil only while they are still
  // running once the delivery parsed; this example's handlers are synchronous, so its dispatch has
  // already settled by then and the endpoint gives the complete answer, 200, at once (webhook.js:
  // "a dispatch whose handlers all ran synchronously"). Both are what Vercel would see; either
  // way the handler must have run by the time the waitUntil promises settled.
  const { response, promises, answer } = await call(KEY);
  const seen = () => `answer ${answer}; waitUntil got ${promises.length}; logged ${JSON.stringify(logged)}`;
  if (response.status === 202) {
    assert.deepEqual(JSON.parse(answer), { ok: true, background: true }, seen());
    assert.ok(promises.length >= 1, `answered 202 but passed no promise to context.waitUntil (${seen()})`);
  } else {
    assert.equal(response.status, 200, `status with respondEarly: expected 202, or 200 for handlers that already ran (${seen()})`);
    assert.deepEqual(JSON.parse(answer), { ok: true, event: MAIL_RECEIVED.trigger, handled: 1 }, seen());
  }
  t.diagnostic(`respondEarly answered ${response.status}, waitUntil got ${promises.length} promise(s)`);
  let timer;
  const settled = await Promise.race([Promise.allSettled(promises), new Promise((resolve) => (timer = setTimeout(resolve, 5000, "timeout")))]);
  clearTimeout(timer);
  assert.notEqual(settled, "timeout", "the waitUntil promises did not settle within 5 s");
  assert.match(logged.join("\n"), MAIL_LINE, `what the function logged: ${JSON.stringify(logged)}`);

  const before = logged.length;
  const wrong = await call("not-the-key");
  assert.equal(wrong.response.status, 401, `status with a wrong API key (answer ${wrong.answer})`);
  await Promise.allSettled(wrong.promises);
  assert.deepEqual(logged.slice(before).filter((line) => line.startsWith("message ")), [], "a handler ran for a wrong API key");
});

/**
 * The modules `wrangler deploy` would upload for the Worker example: the example, the package's
 * "workerd" entry under the name the example imports, the package's shared modules, the .wasm
 * as a compiled module.
 */
function workerModules() {
  const js = (name, file) => ({ type: "ESModule", path: join(pkgDir, name), contents: readFileSync(file) });
  return [
    { type: "ESModule", path: join(pkgDir, "worker.js"), contents: readFileSync(join(examples, "cloudflare-worker/worker.js")) },
    js("enmeshed-events", join(pkgDir, "workerd.js")),
    ...readdirSync(pkgDir)
      .filter((name) => name.endsWith(".js") && !/^(workerd|edge-light|deno)\.js$/.test(name))
      .map((name) => js(name, join(pkgDir, name))),
    ...readdirSync(join(pkgDir, "wasm"))
      .filter((name) => name.endsWith(".js"))
      .map((name) => js(`wasm/${name}`, join(pkgDir, "wasm", name))),
    { type: "CompiledWasm", path: join(pkgDir, WASM), contents: readFileSync(join(pkgDir, WASM)) },
    // The subpath enmeshed-events/consume (KvGuardStore): workerd resolves its "./guard.js" and
    // "#core" (which wrangler's bundler maps to workerd.js) against its name.
    js("enmeshed-events/consume", join(pkgDir, "consume.js")),
    js("enmeshed-events/guard.js", join(pkgDir, "guard.js")),
    { type: "ESModule", path: join(pkgDir, "enmeshed-events/#core"), contents: 'export * from "../enmeshed-events";\nexport { default } from "../enmeshed-events";\n' },
  ];
}

test("cloudflare-worker: worker.js in miniflare answers a webhook delivery and a Pub/Sub push (OIDC, KV guard), and its handler logs the message", { timeout: TEST_TIMEOUT }, async (t) => {
  requirePackage();
  requireTool("miniflare");
  const { Miniflare } = tools("miniflare");
  const modules = workerModules();
  // Google's JWKS, served locally: the push tokens below are signed with this key.
  const signer = await rsaKey("google-key-1");
  const jwks = createServer((request, response) => {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=3600" });
    response.end(JSON.stringify({ keys: [signer.jwk] }));
  });
  await new Promise((resolve, reject) => jwks.once("error", reject).listen(JWKS_PORT, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => {
    jwks.closeAllConnections();
    jwks.close(resolve);
  }));
  let stdout = "";
  const mf = new Miniflare({
    modules,
    modulesRoot: pkgDir,
    compatibilityDate: "2025-01-01",
    bindings: {
      WEBHOOK_API_KEY: `rotated-old-key,${KEY}`,
      PUBSUB_AUDIENCE: PUSH_AUDIENCE,
      PUBSUB_SERVICE_ACCOUNT: EMAIL,
      PUBSUB_JWKS_URL: `http://127.0.0.1:${JWKS_PORT}/oauth2/v3/certs`,
    },
    kvNamespaces: ["EVENTS"],
    handleRuntimeStdio(out, err) {
      out.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
      err.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    },
  });
  t.after(() => mf.dispose());
  const url = (await mf.ready).href.replace(/\/$/, "");
  const server = {
    url,
    output: () => stdout,
    tail: () => `\n--- workerd output ---\n${stdout.slice(-2000)}`,
    async waitForOutput(pattern, ms = 5000) {
      const end = Date.now() + ms;
      while (!pattern.test(stdout) && Date.now() < end) await sleep(25);
      assert.match(stdout, pattern, `the worker did not log ${pattern}\n${stdout}`);
    },
  };
  // The worker's exact handler, its logging onAny handler and markDelivered.
  await expectMailAndWrongKey(server, 3);

  // Pub/Sub push at /pubsub: a signed push is acknowledged and handled once, however often it
  // comes (the KV guard); one without a valid token is refused. Another message than the
  // webhook's: the guard is shared, so the webhook's one would count as handled already.
  const pushedMail = { ...MAIL_RECEIVED.data, id: "MSGexample0000000002" };
  const pushOnce = async (token) => {
    const response = await fetch(`${url}/pubsub`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: envelope(MAIL_RECEIVED.trigger, pushedMail),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text() };
  };
  const before = stdout.length;
  const token = await sign(signer, claims({ aud: PUSH_AUDIENCE }));
  assert.deepEqual(await pushOnce(token), { status: 204, text: "" }, server.tail());
  await server.waitForOutput(/^message MSGexample0000000002 from /m);
  assert.deepEqual(await pushOnce(token), { status: 204, text: "" }, "the redelivery");
  assert.equal((await pushOnce(await sign(signer, claims({ aud: "https://elsewhere.example.com" })))).status, 401);
  assert.equal((await pushOnce(undefined)).status, 401);
  await server.waitForOutput(/push refused: unauthenticated \(missing_token\)/);
  const pushed = stdout.slice(before);
  assert.equal(pushed.match(/^message MSGexample0000000002 from /gm)?.length, 1, `the handler ran once for two pushes:\n${pushed}`);
  assert.match(pushed, /push refused: unauthenticated \(wrong_audience\)/);
});

test("cloudflare-worker: its Cron Trigger catches up on what the webhooks missed, once, from a fake Connector", { timeout: TEST_TIMEOUT }, async (t) => {
  requirePackage();
  requireTool("miniflare");
  const { Miniflare } = tools("miniflare");
  const { FakeConnector } = await import("../catchup/fake-connector.mjs");
  const { loadValidator } = await import("../catchup/openapi.mjs");
  const REST_KEY = "examples-rest-key-0123456789-ABCdef!!";
  const fake = new FakeConnector({ apiKey: REST_KEY, check: loadValidator().check, start: Date.now() - 60_000 });
  const baseUrl = await fake.listen(Number(process.env.CATCHUP_EXAMPLE_PORT ?? 24024));
  t.after(() => fake.close());
  const peer = "did:e:localhost:dids:0000000000000000000b02";
  // The Connector changes while the webhooks reach nobody; one mail is then delivered live.
  const live = fake.receiveMail(peer, "delivered live");
  const missedMail = fake.receiveMail(peer, "missed");
  const request = fake.receiveRequest(peer);
  const relationship = fake.peerCreatesRelationship(peer);
  fake.changeRelationship(relationship.id, "AcceptanceOfCreation", "Active");
  let stdout = "";
  const mf = new Miniflare({
    modules: workerModules(),
    modulesRoot: pkgDir,
    compatibilityDate: "2025-01-01",
    bindings: { WEBHOOK_API_KEY: KEY, CONNECTOR_BASE_URL: baseUrl, CONNECTOR_API_KEY: REST_KEY, CATCHUP_SINCE: new Date(Date.now() - 120_000).toISOString() },
    kvNamespaces: ["EVENTS"],
    handleRuntimeStdio(out, err) {
      out.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
      err.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    },
  });
  t.after(() => mf.dispose());
  const url = (await mf.ready).href.replace(/\/$/, "");
  const response = await fetch(`${url}/hooks/transport.messageReceived`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY },
    body: JSON.stringify(live),
  });
  assert.equal(response.status, 200, await response.text());
  const waitFor = async (pattern) => {
    const end = Date.now() + 5000;
    while (!pattern.test(stdout) && Date.now() < end) await sleep(25);
    assert.match(stdout, pattern, `the worker did not log ${pattern}\n${stdout}`);
  };
  await waitFor(new RegExp(`message ${live.id} from`));

  // The Cron Trigger, as Cloudflare fires it.
  const worker = await mf.getWorker();
  const outcome = await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
  assert.equal(outcome.outcome, "ok");
  // Two mails (one delivered live: skipped), the request's message and its status that waits for
  // a decision, the relationship's current state.
  await waitFor(/catch-up: 4 dispatched, 1 already delivered, 0 failed; watermark 20\d\d-/);
  assert.match(stdout, new RegExp(`message ${missedMail.id} from ${peer}: Mail "missed"`));
  assert.match(stdout, new RegExp(`incoming request ${request.id}: DecisionRequired → ManualDecisionRequired`));
  assert.match(stdout, new RegExp(`relationship ${relationship.id} with ${peer} is Active`));
  assert.equal(stdout.split(`message ${live.id} from`).length - 1, 1, "the live mail ran once");
  assert.equal((stdout.match(/\[[a-zA-Z.]+\] known, 0 problems, from catch-up/g) ?? []).length, 4);

  // Again: the KV watermark and guard make it a no-op.
  await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
  await waitFor(/catch-up: 0 dispatched, \d+ already delivered, 0 failed/);
  assert.deepEqual(fake.violations, []);
});
