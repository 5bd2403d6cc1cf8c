#!/usr/bin/env bash
# The demo: runs the Cloudflare Worker example (www/examples/cloudflare-worker/worker.js) locally
# in workerd on 127.0.0.1, sends it a realistic sequence of enmeshed Connector webhook deliveries
# (www/inspector/sample-sequence.json: a Mail, an incoming Request that needs a manual decision,
# a Relationship created from our template and accepted) plus a wrong API key and a broken body,
# and prints, per delivery, what the endpoint answered and what the worker's handlers logged.
# Then the broker path: RabbitMQ on a private port (scripts/brokers.sh), the Node consumer example
# (www/examples/node-amqp/consumer.mjs, consumeAmqp) and the same sequence published the way the
# Connector's AMQP publisher does it, plus a duplicate and a poison message.
# Installs what it needs (scripts/setup.sh, idempotent) and builds the package into PKG_DIR
# (default pkg) first, so what runs is always the checked-out code.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
pkg="${PKG_DIR:-pkg}"

echo "== setup (scripts/setup.sh) and build (scripts/build.sh into $pkg)"
bash scripts/setup.sh >/dev/null
PKG_DIR="$pkg" bash scripts/build.sh
pkg="$(cd "$pkg" && pwd)"
command -v workerd >/dev/null || { echo "demo.sh: workerd is missing; run npm ci --prefix tools (scripts/setup.sh)" >&2; exit 1; }
grep -q "createWebhookHandler" "$pkg"/*.js || { echo "demo.sh: $pkg has no createWebhookHandler (js/webhook.js); rebuild with scripts/build.sh" >&2; exit 1; }

work="$(mktemp -d)"
workerd_pid=""
consumer_pid=""
cleanup() {
  if [ -n "$workerd_pid" ]; then kill "$workerd_pid" 2>/dev/null || true; wait "$workerd_pid" 2>/dev/null || true; fi
  if [ -n "$consumer_pid" ]; then kill "$consumer_pid" 2>/dev/null || true; wait "$consumer_pid" 2>/dev/null || true; fi
  if declare -f brokers_stop >/dev/null; then brokers_stop; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

key="demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"

WORKERD_BINDINGS="(name = \"WEBHOOK_API_KEY\", text = \"$key\")" \
  bash tests/runtimes/workerd-config.sh "$pkg" "$work/worker" www/examples/cloudflare-worker/worker.js "127.0.0.1:$port"
(cd "$work/worker" && exec workerd serve config.capnp) > "$work/workerd.log" 2>&1 &
workerd_pid=$!

for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$workerd_pid" 2>/dev/null || { echo "demo.sh: workerd exited:"; cat "$work/workerd.log"; exit 1; }
  sleep 0.1
done
echo "== workerd serves www/examples/cloudflare-worker/worker.js on http://127.0.0.1:$port (package $pkg)"

URL="http://127.0.0.1:$port/hooks" KEY="$key" LOG="$work/workerd.log" SEQUENCE="$root/www/inspector/sample-sequence.json" \
node --input-type=module - <<'EOF'
import { readFileSync, statSync } from "node:fs";

const { URL: base, KEY, LOG, SEQUENCE } = process.env;
const { deliveries } = JSON.parse(readFileSync(SEQUENCE, "utf8"));
let offset = statSync(LOG).size;

// workerd prints console.log lines on its stdout; show what arrived since the last request.
async function workerLines() {
  let text = "";
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const all = readFileSync(LOG);
    text = all.subarray(offset).toString("utf8");
    if ((text.length > 0 && text.endsWith("\n")) || (text.length === 0 && i >= 4)) break;
  }
  offset += Buffer.byteLength(text);
  return text.split("\n").filter(Boolean);
}

async function send(title, trigger, body, headers = {}) {
  const response = await fetch(`${base}/${trigger}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY, ...headers },
    body,
  });
  const answer = await response.text();
  console.log(`\n-- ${title}`);
  console.log(`   POST /hooks/${trigger} → ${response.status} ${answer}`);
  for (const line of await workerLines()) console.log(`   worker: ${line}`);
  return response.status;
}

const statuses = [];
for (const [i, { note, body, correlationId }] of deliveries.entries()) {
  const headers = correlationId ? { "x-correlation-id": correlationId } : {};
  statuses.push(await send(`${i + 1}. ${body.trigger}: ${note}`, body.trigger, JSON.stringify(body), headers));
}
const mail = deliveries.find((d) => d.body.trigger === "transport.messageReceived").body;
statuses.push(await send("wrong API key", mail.trigger, JSON.stringify(mail), { "x-api-key": "not-the-key" }));
statuses.push(await send("broken body (truncated JSON)", mail.trigger, JSON.stringify(mail).slice(0, 120)));

const expected = [...deliveries.map(() => 200), 401, 400];
const ok = statuses.every((status, i) => status === expected[i]);
console.log(`\n== ${statuses.length} deliveries: ${statuses.filter((s) => s === 200).length} × 200, ` +
  `${statuses.filter((s) => s === 401).length} × 401, ${statuses.filter((s) => s === 400).length} × 400 — ${ok ? "as expected" : "NOT as expected"}`);
process.exit(ok ? 0 : 1);
EOF

# The webhook leg's process.exit ended its node; the script goes on (set -e stops it on failure).
kill "$workerd_pid" 2>/dev/null || true; wait "$workerd_pid" 2>/dev/null || true; workerd_pid=""

echo
echo "== AMQP: RabbitMQ on 127.0.0.1:${AMQP_PORT:-25682} (scripts/brokers.sh), the consumer www/examples/node-amqp/consumer.mjs"
[ -d tests/brokers/node_modules/amqplib ] || (cd tests/brokers && npm ci --no-audit --no-fund >/dev/null)
# The example as installed in an app: node_modules/enmeshed-events (this build) and amqplib.
app="$work/amqp-app"
mkdir -p "$app/node_modules"
cp -r "$pkg" "$app/node_modules/enmeshed-events"
ln -s "$root/tests/brokers/node_modules/amqplib" "$app/node_modules/amqplib"
cp www/examples/node-amqp/consumer.mjs "$app/"
BROKERS=amqp BROKER_DIR="$work/brokers"
. scripts/brokers.sh
brokers_install
brokers_start
trap cleanup EXIT  # brokers_start set its own; cleanup stops the brokers too
(cd "$app" && AMQP_URL="$AMQP_URL" AMQP_QUEUE=demo.enmeshed-events exec node consumer.mjs) > "$work/consumer.log" 2>&1 &
consumer_pid=$!
for _ in $(seq 200); do
  grep -q '^consuming$' "$work/consumer.log" && break
  kill -0 "$consumer_pid" 2>/dev/null || { echo "demo.sh: the consumer exited:"; cat "$work/consumer.log"; exit 1; }
  sleep 0.1
done

AMQP_URL="$AMQP_URL" SEQUENCE="$root/www/inspector/sample-sequence.json" PUBLISHER="$root/tests/brokers/connector-publisher.mjs" \
node --input-type=module - <<'EOF'
import { readFileSync } from "node:fs";
const { connectorAmqpPublisher } = await import(process.env.PUBLISHER);
const { deliveries } = JSON.parse(readFileSync(process.env.SEQUENCE, "utf8"));
// As the Connector does: routing key = event name, body = JSON of `data` ({} without data), no properties.
const publisher = await connectorAmqpPublisher(process.env.AMQP_URL, "enmeshed");
for (const { body } of deliveries) {
  publisher.publish(body.trigger, body.data ?? {});
  console.log(`   published ${body.trigger}`);
}
const mail = deliveries.find((d) => d.body.trigger === "transport.messageReceived").body;
publisher.publish(mail.trigger, mail.data);
console.log(`   published ${mail.trigger} again (the Connector can emit an event twice)`);
publisher.publishRaw(mail.trigger, JSON.stringify(mail.data).slice(0, 80));
console.log(`   published a truncated ${mail.trigger} (not JSON: a poison message)`);
await publisher.flush();
await publisher.close();
EOF
sleep 1.5
kill -TERM "$consumer_pid"
wait "$consumer_pid" || true
consumer_pid=""
sed 's/^/   consumer: /' "$work/consumer.log"
brokers_stop
grep -q '^closed: .*"duplicates":1' "$work/consumer.log" && grep -q '^dead-lettered an unparsable message' "$work/consumer.log" &&
  [ "$(grep -c '^message MSGexample0000000001 ' "$work/consumer.log")" = 1 ] ||
  { echo "== AMQP leg NOT as expected"; exit 1; }
echo "== AMQP: each handled event ran once (the duplicate was acked without running), the poison message went to demo.enmeshed-events.dead, the consumer closed gracefully: as expected"
