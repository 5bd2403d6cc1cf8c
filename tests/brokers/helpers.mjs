// Shared by the broker tests (tests/brokers/*.test.mjs): the package's subpath modules, a router,
// waiting, and restarting a broker for real (scripts/brokers.sh runs Mosquitto and Redis under a
// restart loop and writes the server's pid to $MQTT_PID_FILE / $REDIS_PID_FILE).
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";
import { pkg, pkgDir } from "../js/package.mjs";
/** An EventRouter of the built package. */
export function makeRouter(options) {
  return new pkg.EventRouter(options);
}

/** A subpath module of the built package, e.g. `subpath("mqtt")` for enmeshed-events/mqtt. */
export const subpath = (name) => import(pathToFileURL(`${pkgDir}/${name}.js`).href);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails after `timeoutMs` with `what`. */
export async function until(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** Stops the broker whose pid is in `pidFile` (SIGTERM) and waits until its restarted copy listens on `port`. */
export async function restartBroker(pidFile, port) {
  const pid = Number(readFileSync(pidFile, "utf8"));
  const started = Date.now();
  process.kill(pid, "SIGTERM");
  await until(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, `broker ${pid} to exit`);
  const down = Date.now() - started;
  await until(async () => Number(readFileSync(pidFile, "utf8")) !== pid && (await portOpen(port)), "the restarted broker");
  return { pid: Number(readFileSync(pidFile, "utf8")), downMs: down, backMs: Date.now() - started };
}

/** The reason a broker test cannot run, printed where the test is skipped (never counted as passed). */
export function skipReason(variable) {
  const reason = `${variable} is not set: start the brokers with scripts/brokers.sh (see scripts/test-brokers.sh)`;
  console.log(`# SKIP: ${reason}`);
  return reason;
}
