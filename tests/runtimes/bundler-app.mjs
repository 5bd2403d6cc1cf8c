// The browser app of the bundler rows (bundler-esbuild.mjs, bundler-vite.mjs): copied as `main.js`
// into a throwaway app whose node_modules/enmeshed-events is the built package, bundled there, and
// opened in headless Chromium. It imports the package by its name exactly as a user's app does, so
// the bundler has to pick the `browser` export condition and ship the .wasm that `init()` fetches
// (`new URL("enmeshed_events_bg.wasm", import.meta.url)` in the wasm glue). Runs the shared
// scenarios (none needs a server: requests are answered in-process) plus a few checks of its own,
// and leaves { passed, failed, lines, wasm } in window.__result; `?row=NAME` names the row.
import init, { EventRouter, parseDelivery, createWebhookHandler, handleWebhook, EventParseError, HandlerError, instanceStats, brokerSubscriptions } from "enmeshed-events";
import { runScenarios } from "./scenarios.mjs";

const row = new URLSearchParams(location.search).get("row") ?? "bundler";

function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function codeOf(delivery, options) {
  try {
    parseDelivery(delivery, options);
    return "no error";
  } catch (error) {
    if (!(error instanceof EventParseError)) return `not an EventParseError: ${error?.name}: ${error?.message}`;
    return [error.name, error.code];
  }
}

const APP_SCENARIOS = [
  ["init() again resolves at once; the error classes are the package's own", async () => {
    await init();
    eq([typeof EventParseError, typeof HandlerError, HandlerError.prototype instanceof AggregateError], ["function", "function", true], "classes");
  }],
  ["parses MQTT and Redis deliveries", async () => {
    const body = JSON.stringify({ id: "FILexample0000000080" });
    const mqtt = parseDelivery({ kind: "mqtt", topic: "transport/fileOwnershipClaimed", body });
    eq([mqtt.name, mqtt.source, mqtt.dataType], ["transport.fileOwnershipClaimed", "mqtt", "FileDTO"], "mqtt");
    const redis = parseDelivery({ kind: "redis", channel: "transport.fileOwnershipClaimed", body: new TextEncoder().encode(body) });
    eq([redis.name, redis.source, redis.data.id], ["transport.fileOwnershipClaimed", "redis", "FILexample0000000080"], "redis");
  }],
  ["hostile input throws EventParseError with the right code", async () => {
    const name = "transport.messageReceived";
    eq(codeOf({ kind: "webhook", body: `{"trigger":"x.y","data":${"[".repeat(100000)}` }), ["EventParseError", "too_deep"], "deep nesting");
    eq(codeOf({ kind: "amqp", routingKey: name, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), ["EventParseError", "invalid_encoding"], "bad UTF-8");
    eq(codeOf({ kind: "amqp", routingKey: "transport..x", body: "{}" }), ["EventParseError", "invalid_event_name"], "empty name segment");
    eq(codeOf({ kind: "amqp", routingKey: name, body: "{}" }, { maxBodyBytes: 1 }), ["EventParseError", "too_large"], "maxBodyBytes");
    eq(codeOf({ kind: "smtp", body: "{}" }), ["EventParseError", "invalid_delivery"], "unknown kind");
    eq(codeOf({ kind: "webhook", body: "\u0000" }), ["EventParseError", "invalid_json"], "NUL body");
    eq(codeOf({ kind: "webhook", body: JSON.stringify({ trigger: name, data: 5 }) }, { strict: true }), ["EventParseError", "invalid_data"], "strict, wrong data");
    // The instance still works after all that.
    eq(parseDelivery({ kind: "amqp", routingKey: name, body: "{}" }).name, name, "parse after errors");
  }],
];

async function main() {
  await init();
  const lines = [];
  const print = (line) => lines.push(line);
  const pkg = { EventRouter, parseDelivery, createWebhookHandler, handleWebhook, instanceStats, brokerSubscriptions };
  const result = await runScenarios(pkg, { runtime: row, print });
  for (const [name, scenario] of APP_SCENARIOS) {
    try {
      await scenario();
      result.passed++;
      print(`  ok    ${row} | ${name}`);
    } catch (error) {
      result.failed++;
      print(`  FAIL  ${row} | ${name}: ${error?.message ?? error}`);
    }
  }
  // Which .wasm the page fetched: the shim checks it is the one its bundler emitted.
  const wasm = performance.getEntriesByType("resource").map((entry) => entry.name).filter((name) => /\.wasm(\?|$)/.test(name));
  return { passed: result.passed, failed: result.failed, lines, wasm };
}

window.__result = main().catch((error) => ({ passed: 0, failed: 1, lines: [`  FAIL  ${row} | ${error?.stack ?? error}`], wasm: [] }));
