// The event inspector's live view in Debian's Chromium: the page subscribes to Mosquitto's
// WebSocket listener (scripts/brokers.sh with MQTT_WS_PORT: MQTT_WS_URL) with mqtt.js's browser
// build, and events published the way the Connector does appear in its table as they arrive.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, CHROMIUM_ARGS } from "../runtimes/serve.mjs";
import { pkgDir } from "../js/package.mjs";
import { skipReason } from "./helpers.mjs";
import { messageReceived, mqttPublisher } from "./connector-publisher.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const WS_URL = process.env.MQTT_WS_URL;
const skip = WS_URL && process.env.MQTT_URL ? false : skipReason("MQTT_WS_URL (MQTT_WS_PORT for scripts/brokers.sh) or MQTT_URL");

let server, browser, page, publisher;
const pageErrors = [];

before(async () => {
  if (skip) return;
  assert.ok(existsSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm")), `no package at ${pkgDir}: run scripts/build.sh`);
  const { chromium } = createRequire(join(root, "tools/package.json"))("playwright-core");
  // mqtt.js's own browser build, served from the pinned test dependency: no CDN.
  server = await serve({ "/pkg/": pkgDir, "/vendor-mqtt/": join(here, "node_modules/mqtt/dist"), "/": root });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/www/inspector/?mqtt=/vendor-mqtt/mqtt.esm.js`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready", null, { timeout: 15000 });
  publisher = await mqttPublisher(process.env.MQTT_URL);
});

after(async () => {
  await publisher?.close();
  await browser?.close();
  await server?.close();
});

test("live view: events the Connector publishes to MQTT appear in the page as they arrive", { skip }, async () => {
  await page.fill("#live-url", WS_URL);
  await page.fill("#live-filter", "transport/#");
  await page.click("#live");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("live: subscribed"), null, { timeout: 10000 });
  const started = Date.now();
  await publisher.publish("transport.messageReceived", messageReceived("MSGlivebrowser01", "Grüße live"));
  await publisher.publish("runtime.modulesStarted", {}); // outside the filter: never shown
  await publisher.publish("transport.relationshipChanged", { id: 7 });
  await page.waitForSelector("#rows tr:nth-child(2)", { timeout: 10000 });
  const latencyMs = Date.now() - started;
  const row = (n) => page.locator(`#rows tr:nth-child(${n}) td`).allInnerTexts();
  assert.deepEqual(await row(1), ["1", "transport.messageReceived", "mqtt", "known", "0", "transport.** transport.messageReceived"]);
  assert.deepEqual((await row(2)).slice(1, 4), ["transport.relationshipChanged", "mqtt", "known"]);
  assert.notEqual((await row(2))[4], "0", "the broken relationship id is a problem");
  await page.click("#rows tr:nth-child(1)");
  assert.match(await page.locator("#detail-body pre").innerText(), /"subject": "Grüße live"/);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await page.locator("#rows tr").count(), 2, "runtime/modulesStarted is outside transport/#");
  assert.equal(await page.locator("#status").innerText(), `live: 2 events from ${WS_URL}`);
  console.log(`# inspector live view: first two events shown ${latencyMs} ms after publishing`);
  // Into target/ (ignored): a tracked file rewritten by every run would dirty the clone.
  await page.screenshot({ path: join(here, "../../target/inspector-live.png") });
  await page.click("#live");
  assert.equal(await page.locator("#status").innerText(), "live view stopped");
  assert.deepEqual(pageErrors, []);
});
