// The event inspector (www/inspector/) in Debian's headless Chromium, driven by playwright-core:
// `node --test tests/www/` after `bash scripts/build.sh` (PKG_DIR overrides the package folder).
// Serves the repository root on 127.0.0.1, feeds the page deliveries (valid, with problems,
// legacy, unknown, invalid JSON, the streamed sample sequence), checks what it shows and saves
// tests/www/inspector.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, CHROMIUM_ARGS } from "../runtimes/serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const pkgDir = resolve(root, process.env.PKG_DIR ?? "pkg");
const { chromium } = createRequire(join(root, "tools/package.json"))("playwright-core");

const OWN = "did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2";
const PEER = "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0";
const MAIL = {
  data: {
    id: "MSGexample0000000001", isOwn: false,
    content: { "@type": "Mail", to: [OWN], cc: [], subject: "Grüße aus Köln 👋", body: "Hallo!", bodyFormat: "PlainText" },
    createdBy: PEER, createdByDevice: "DVCexample0000000002",
    recipients: [{ address: OWN, receivedAt: "2026-03-02T09:15:29.003Z", receivedByDevice: "DVCexample0000000001", relationshipId: "RELexample0000000001" }],
    createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
  },
  trigger: "transport.messageReceived",
};

let server, browser, page;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm")), `no package at ${pkgDir}: run scripts/build.sh`);
  server = await serve({ "/pkg/": pkgDir, "/": root });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/www/inspector/?delay=0`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready", null, { timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const text = (selector) => page.locator(selector).innerText();
const cells = (row) => page.locator(`#rows tr:nth-child(${row}) td`).allInnerTexts();
const counter = async (name) => {
  const item = page.locator("#counters li").filter({ has: page.locator(".name", { hasText: new RegExp(`^${name.replace(/\./g, "\\.")}$`) }) });
  return (await item.count()) === 0 ? 0 : Number(await item.locator(".n").innerText());
};

async function paste(value) {
  await page.fill("#deliveries", value);
  const before = await page.locator("#rows tr").count();
  await page.click("#dispatch");
  return before;
}

test("a valid webhook body is parsed, routed and shown with its data", async () => {
  await paste(JSON.stringify(MAIL, null, 2));
  await page.waitForSelector("#rows tr:nth-child(1)");
  assert.deepEqual(await cells(1), ["1", "transport.messageReceived", "webhook", "known", "0", "transport.** transport.messageReceived"]);
  assert.equal(await counter("transport.messageReceived"), 1);
  assert.equal(await text("#count-events"), "1");
  assert.match(await text("#detail-body pre"), /"subject": "Grüße aus Köln 👋"/);
  assert.match(await text("#detail-body dl"), /MessageDTO/);
});

test("problems, legacy and unknown names and invalid JSON are shown clearly", async () => {
  await paste([
    '{"trigger":"transport.messageReceived","data":{"id":5}}',
    '{"trigger":"consumption.attributeListenerTriggered","data":{}}',
    '{"trigger":"consumption.somethingNew","data":{"x":1}}',
    '{"trigger":"transport.messageReceived","data":',
  ].join("\n"));
  await page.waitForSelector("#rows tr:nth-child(5)");
  const [withProblems, legacy, unknown, broken] = [await cells(2), await cells(3), await cells(4), await cells(5)];
  assert.deepEqual(withProblems.slice(1, 5), ["transport.messageReceived", "webhook", "known", "8"]);
  assert.deepEqual(legacy.slice(1, 5), ["consumption.attributeListenerTriggered", "webhook", "legacy", "0"]);
  assert.deepEqual(unknown.slice(1, 5), ["consumption.somethingNew", "webhook", "unknown", "0"]);
  assert.equal(broken[3], "error");
  assert.match(broken[1], /^invalid_json: invalid JSON in body at byte \d+: unexpected end of input$/);
  assert.deepEqual([await text("#count-events"), await text("#count-problems"), await text("#count-errors")], ["4", "1", "1"]);
  assert.equal(await counter("transport.messageReceived"), 2);
  assert.match(await text("#detail-body .error-box"), /EventParseError invalid_json at body: invalid JSON in body/);

  await page.click("#rows tr:nth-child(2)");
  assert.equal(await text("#detail-title"), "#2 transport.messageReceived");
  assert.match(await text("#detail-body .problem-list"), /wrong_type data\.id: expected a Message id \(MSG…\), found a number/);
  assert.match(await text("#detail-body .problem-list"), /missing_field data\.isOwn: missing, but required in MessageDTO/);
  await page.click("#rows tr:nth-child(3)");
  assert.match(await text("#detail-body dl"), /kind\s+legacy\s+source\s+webhook\s+data type\s+any/);
});

test("streaming the sample sequence routes every delivery and counts per name", async () => {
  await page.click("#stream");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("streamed"), null, { timeout: 15000 });
  assert.equal(await text("#status"), "streamed 12 deliveries of the sample sequence");
  assert.deepEqual([await text("#count-events"), await text("#count-problems"), await text("#count-errors")], ["16", "1", "1"]);
  assert.equal(await counter("transport.messageReceived"), 4);
  assert.equal(await counter("consumption.incomingRequestStatusChanged"), 2);
  assert.equal(await counter("transport.relationshipChanged"), 2);
  assert.equal(await counter("runtime.modulesStarted"), 1);
  assert.deepEqual(await cells(17), ["17", "transport.relationshipChanged", "webhook", "known", "0", "transport.**"]);
  await page.click("#rows tr:nth-child(17)");
  assert.match(await text("#detail-body dl"), /we accepted: Relationship Active/);
  assert.match(await text("#detail-body pre"), /"reason": "AcceptanceOfCreation"/);

  await page.click("#rows tr:nth-child(2)");
  await page.screenshot({ path: join(here, "inspector.png") });
  assert.deepEqual(pageErrors, []);
});
