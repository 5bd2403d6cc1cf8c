// The AMQP, MQTT and Redis adapters end to end under Node, Bun and Deno: runs runtimes-smoke.mjs
// in each (tools/node_modules/.bin/bun and deno), against AMQP_URL, MQTT_URL and REDIS_URL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { skipReason } from "./helpers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../../tools/node_modules/.bin/${name}`, import.meta.url));
const skip = process.env.AMQP_URL && process.env.MQTT_URL && process.env.REDIS_URL ? false : skipReason("AMQP_URL, MQTT_URL or REDIS_URL");
const runtimes = {
  node: [process.execPath, ["runtimes-smoke.mjs"]],
  bun: [bin("bun"), ["runtimes-smoke.mjs"]],
  deno: [bin("deno"), ["run", "-A", "runtimes-smoke.mjs"]],
};

for (const [name, [command, args]] of Object.entries(runtimes)) {
  test(`enmeshed-events/amqp, /mqtt and /redis under ${name}`, { skip: skip || (!existsSync(command) && `${command} is missing (scripts/setup.sh installs it)`) }, () => {
    const result = spawnSync(command, args, { cwd: here, encoding: "utf8", timeout: 60_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    for (const line of result.stdout.trim().split("\n")) console.log(`# ${line}`);
    assert.equal(result.status, 0, result.stderr || result.stdout);
  });
}
