// The fixed cost of one dispatch: µs per dispatch of a tiny body and of the corpus's S class,
// for string and byte bodies, against plain JS in the same run (all variants interleaved,
// medians over repetitions). Not part of bench/run.sh; run it by hand while working on the
// per-dispatch overhead:
//
//   node --expose-gc bench/fixed.mjs [pkgdir …]     (default: pkg/; with two or more, each
//                                                   package's rows side by side, for an A/B)
//   FIXED_REPS=9 FIXED_QUICK=1 …                    (fewer repetitions / dispatches)
//   FIXED_STAT=min                                  (the fastest round instead of the median:
//                                                   steadier on a shared machine, for an A/B)
//
// Variants (each awaits every dispatch, as bench.mjs does):
//   plain 1h / 3h   TextDecoder (bytes) + JSON.parse + Map lookup + 1 or 3 handlers + Promise.resolve
//   ours 1h / 3h    EventRouter.dispatch, every event handled by 1 (`**`) or 3 handlers (exact
//                   name, `ns.*`, `**`); the first handler reads `event.data` and one field
//   ours unhandled  an AMQP stream nobody handles (one handler elsewhere)
//   careful unh.    the careful consumer's unhandled event: a Map lookup + Promise.resolve
// Ratios are plain/ours (throughput ratio, ≥ 1 means as fast as plain JS).

import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CLASSES, generate } from "./corpus.mjs";

const dirs = process.argv.length > 2 ? process.argv.slice(2) : [new URL("../pkg", import.meta.url).pathname];
const pkgs = [];
for (const dir of dirs) pkgs.push(await import(`${pathToFileURL(join(resolve(dir), "node.mjs")).href}?${pkgs.length}`));
const REPS = Number(process.env.FIXED_REPS ?? 15);
const QUICK = process.env.FIXED_QUICK === "1";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The same three handlers for every system: one reads the data, one the name, one counts. */
function handlers(counts) {
  return [
    (event) => {
      const data = event.data;
      counts.sink += data && typeof data === "object" ? Object.keys(data).length : 0;
    },
    (event) => {
      counts.sink += event.name.length;
    },
    () => {
      counts.calls++;
    },
  ];
}

function plain(handlerCount) {
  const counts = { sink: 0, calls: 0 };
  const fns = handlers(counts).slice(0, handlerCount);
  const table = new Map();
  return {
    counts,
    dispatch(delivery) {
      const body = delivery.body;
      const data = JSON.parse(typeof body === "string" ? body : decoder.decode(body));
      const name = delivery.routingKey;
      let found = table.get(name);
      if (found === undefined) table.set(name, (found = fns));
      const event = { name, data };
      for (let i = 0; i < found.length; i++) found[i](event);
      return Promise.resolve(found.length);
    },
  };
}

function careful() {
  const counts = { sink: 0, calls: 0 };
  const table = new Map();
  return {
    counts,
    dispatch(delivery) {
      const name = delivery.routingKey;
      let found = table.get(name);
      if (found === undefined) table.set(name, (found = []));
      if (found.length === 0) return Promise.resolve(0);
      return Promise.resolve(found.length);
    },
  };
}

function ours(pkg, handlerCount, names) {
  const counts = { sink: 0, calls: 0 };
  const [read, name, count] = handlers(counts);
  const router = new pkg.EventRouter();
  if (handlerCount === 1) router.on("**", read);
  else {
    for (const n of names) router.on(n, read);
    for (const ns of new Set(names.map((n) => n.split(".")[0]))) router.on(`${ns}.*`, name);
    router.onAny(count);
  }
  return { counts, dispatch: (delivery) => router.dispatch(delivery) };
}

function oursUnhandled(pkg) {
  const counts = { sink: 0, calls: 0 };
  const router = new pkg.EventRouter();
  router.on("nobody.listens", () => counts.calls++);
  return { counts, dispatch: (delivery) => router.dispatch(delivery) };
}

// A tiny valid transport event (data `{"relationshipId":"REL…"}`, 41 bytes), repeated.
const TINY_NAME = "transport.relationshipDecomposedBySelf";
function tinySet(count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push({ kind: "amqp", routingKey: TINY_NAME, body: `{"relationshipId":"REL${String(i % 1000).padStart(17, "0")}"}` });
  return out;
}

function sSet(count) {
  return generate({ cls: CLASSES[0], count, forms: ["amqp"], asBytes: false, seed: 91 }).map((d) => d.delivery);
}

const sets = [];
for (const [label, strings] of [
  ["tiny", tinySet(QUICK ? 500 : 2000)],
  ["S", sSet(QUICK ? 150 : 400)],
]) {
  const names = [...new Set(strings.map((d) => d.routingKey))];
  const bytes = strings.map((d) => ({ ...d, body: encoder.encode(d.body) }));
  const meanBytes = Math.round(bytes.reduce((s, d) => s + d.body.byteLength, 0) / bytes.length);
  for (const [form, deliveries] of [
    ["string", strings],
    ["bytes", bytes],
  ]) {
    for (const [p, pkg] of pkgs.entries()) {
      sets.push({
        label: `${pkgs.length > 1 ? `#${p} ` : ""}${label} (${meanBytes} B) ${form}`,
        deliveries,
        systems: {
          "plain 1h": plain(1),
          "plain 3h": plain(3),
          "ours 1h": ours(pkg, 1, names),
          "ours 3h": ours(pkg, 3, names),
          "ours unhandled": oursUnhandled(pkg),
          "careful unhandled": careful(),
        },
      });
    }
  }
}

async function run(system, deliveries) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < deliveries.length; i++) await system.dispatch(deliveries[i]);
  return Number(process.hrtime.bigint() - t0) / deliveries.length / 1000;
}

const STAT = process.env.FIXED_STAT === "min" ? "min" : "median";
function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return STAT === "min" ? s[0] : s[Math.floor(s.length / 2)];
}

const times = sets.map((set) => Object.fromEntries(Object.keys(set.systems).map((k) => [k, []])));
const runs = sets.flatMap((set, i) => Object.entries(set.systems).map(([name, system]) => ({ i, name, system, set })));
const WARMUP = 3;
for (let rep = 0; rep < REPS + WARMUP; rep++) {
  // Collected once per round, not before each variant (a forced full GC right before a short
  // timed loop slowed ours 2-10x), and the variants run in a new order every round, so none
  // always runs right after the collection or right after another's garbage.
  globalThis.gc?.();
  for (let k = runs.length - 1; k > 0; k--) {
    const j = (rep * 7919 + k * 104729) % (k + 1);
    [runs[k], runs[j]] = [runs[j], runs[k]];
  }
  for (const { i, name, system, set } of runs) {
    const us = await run(system, set.deliveries);
    if (rep >= WARMUP) times[i][name].push(us);
  }
}

const fmt = (x) => x.toFixed(2).padStart(6);
for (const [p, dir] of dirs.entries()) if (dirs.length > 1) console.log(`#${p}: ${dir}`);
console.log(`node ${process.version}, ${REPS} reps, load ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`µs per dispatch (${STAT} of the rounds); ratio = plain/ours (careful/ours for unhandled)`);
console.log(`${"set".padEnd(25)}${["plain1", "plain3", "ours1", "ours3", "unh", "careful", "r1", "r3", "r unh", "fixed1", "fixed3"].map((h) => h.padStart(8)).join("")}`);
for (const [i, set] of sets.entries()) {
  const m = Object.fromEntries(Object.entries(times[i]).map(([k, v]) => [k, median(v)]));
  const row = [
    m["plain 1h"],
    m["plain 3h"],
    m["ours 1h"],
    m["ours 3h"],
    m["ours unhandled"],
    m["careful unhandled"],
    m["plain 1h"] / m["ours 1h"],
    m["plain 3h"] / m["ours 3h"],
    m["careful unhandled"] / m["ours unhandled"],
    // What ours costs above plain JS doing the same work.
    m["ours 1h"] - m["plain 1h"],
    m["ours 3h"] - m["plain 3h"],
  ];
  console.log(`${set.label.padEnd(25)}${row.map((x) => `  ${fmt(x)}`).join("")}`);
}
