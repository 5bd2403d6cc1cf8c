// Catch-up: after an outage, list what changed on the Connector since a watermark and dispatch
// the events that were missed, marked `source: "catch-up"`, through the same router.
//
// What can be reconstructed, and how, is decided in Rust (src/catchup, through the raw exports
// catchUpQueries / reconcileCatchUp); this file does the I/O: the REST calls, the guard, the
// dispatch and the watermark store.

import { guarded, raw } from "./instance.js";
import { CatchUpError, describeThrown } from "./errors.js";
import { describe } from "./delivery.js";
import { MemoryGuardStore } from "./guard.js";
import { DEFAULT_GUARD_TTL_MS, DEFAULT_HASH_KEY_TTL_MS, doneTtlFor, missingGuardMethod } from "./guarded-dispatch.js";

/** How long a guard remembers an event as done (7 days): longer than any catch-up window. */
/** How far before the watermark each catch-up looks again (5 minutes; see the README). */
export const DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;
// A guard lease while one synthesized event's handlers run.
const LEASE_MS = 5 * 60 * 1000;

/** The default watermark store: in memory, so it starts empty with the process. */
export class MemoryWatermarkStore {
  #value;
  constructor(value) {
    this.#value = value;
  }
  get() {
    return this.#value;
  }
  set(value) {
    this.#value = value;
  }
}

/**
 * An `onAny` handler that records every event the live path delivers in `guard`, so catch-up
 * skips it: `router.onAny(markDelivered(guard))`, on the router the webhooks dispatch to.
 * It marks an event when it arrives, also when another handler fails on it (a handler that
 * wants a failure retried by catch-up marks on its own success instead:
 * `guard.complete(event.key, ttlMs)`). Catch-up's own events are left to catch-up, which marks
 * them only when their handlers succeeded. (`consume()` keeps its own guard: share that one.)
 */
export function markDelivered(guard, { ttlMs = DEFAULT_GUARD_TTL_MS, hashKeyTtlMs = DEFAULT_HASH_KEY_TTL_MS } = {}) {
  checkGuard(guard);
  // A hash key is shared by distinct occurrences (every runtime.modulesStarted): remembered only
  // for a redelivery window, as consume() and the push endpoint do, or the next one is skipped.
  return (event) => (event.source === "catch-up" ? undefined : guard.complete(event.key, doneTtlFor(event, ttlMs, hashKeyTtlMs)));
}

function checkGuard(guard) {
  const missing = missingGuardMethod(guard);
  if (missing !== undefined) throw new TypeError(`guard: expected a GuardStore with ${missing}(), found ${describe(guard)}`);
}

/** The raw exports throw `[code, message]`; anything else is a trap `guarded` already typed. */
function rethrow(thrown) {
  if (Array.isArray(thrown)) throw new CatchUpError(thrown[0], thrown[1]);
  throw thrown;
}

function lowerBound(watermark, lookbackMs) {
  if (watermark === undefined) return undefined;
  if (typeof watermark !== "string") throw new CatchUpError("invalid_watermark", `watermark: expected an ISO-8601 string, found ${describe(watermark)}`);
  const time = Date.parse(watermark);
  // Unparsable text goes to Rust as it is, which refuses it with the exact reason.
  return Number.isNaN(time) ? watermark : new Date(Math.max(0, time - lookbackMs)).toISOString();
}

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw new TypeError(`catchUp: expected an options object, found ${describe(options)}`);
  const { events = ["**"], lookbackMs = DEFAULT_LOOKBACK_MS, guardTtlMs = DEFAULT_GUARD_TTL_MS } = options;
  if (!Array.isArray(events) || events.some((e) => typeof e !== "string")) {
    throw new TypeError(`catchUp options.events: expected an array of event names or patterns, found ${describe(events)}`);
  }
  for (const [name, value] of [["lookbackMs", lookbackMs], ["guardTtlMs", guardTtlMs]]) {
    if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`catchUp options.${name}: expected a non-negative number of milliseconds, found ${describe(value)}`);
    }
  }
  const store = options.store ?? new MemoryWatermarkStore();
  if (typeof store.get !== "function" || typeof store.set !== "function") {
    throw new TypeError(`catchUp options.store: expected { get(), set(value) }, found ${describe(store)}`);
  }
  const guard = options.guard ?? new MemoryGuardStore();
  checkGuard(guard);
  return { events, lookbackMs, guardTtlMs, store, guard, since: options.since, signal: options.signal, now: options.now ?? Date.now };
}

function checkAborted(signal) {
  if (signal?.aborted) throw new CatchUpError("aborted", `catch-up aborted: ${describeThrown(signal.reason)}`, { cause: signal.reason });
}

/** Fetches the listings the selection needs, all at once. */
async function fetchListings(client, queries, signal) {
  const listings = {};
  await Promise.all(
    queries.map(async ([listing, pairs]) => {
      if (typeof client?.[listing] !== "function") throw new TypeError(`catchUp: the client has no ${listing}() method`);
      const result = await client[listing](Object.fromEntries(pairs), { signal });
      if (!Array.isArray(result)) throw new CatchUpError("invalid_listing", `the ${listing} listing is not usable: expected an array, found ${describe(result)}`);
      listings[listing] = JSON.stringify(result);
    }),
  );
  return listings;
}

function reconcile(events, from, listings, predecessors) {
  try {
    return guarded(() =>
      raw.reconcileCatchUp(events, from, listings.messages, listings.relationships, listings.incomingRequests, listings.outgoingRequests, listings.attributes, predecessors),
    );
  } catch (thrown) {
    rethrow(thrown);
  }
}

/** The plan, with the predecessors of succeeded attributes fetched when the listing lacked them. */
async function plan(client, events, from, listings, signal, problems) {
  let [planned, , missing, itemProblems] = reconcile(events, from, listings, undefined);
  if (missing.length > 0) {
    const fetched = [];
    for (const id of missing) {
      try {
        fetched.push(await client.attribute(id, { signal }));
      } catch (error) {
        checkAborted(signal);
        problems.push({ path: `attributes/${id}`, message: `the predecessor could not be fetched: ${describeThrown(error)}`, error });
      }
    }
    [planned, , , itemProblems] = reconcile(events, from, listings, JSON.stringify(fetched));
  }
  for (const [path, message] of itemProblems) problems.push({ path, message });
  return planned;
}

/**
 * Lists what changed on the Connector since the watermark and dispatches, in order, every
 * reconstructable event the guard does not know as done, with `event.source === "catch-up"`.
 * Resolves to `{ dispatched, skipped, busy, failed, problems, watermark }`; the stored
 * watermark moves on only past what succeeded. Rejects with a `CatchUpError`, a TypeError for
 * bad options, or the client's `ConnectorError` (then nothing was dispatched or stored).
 */
export async function catchUp(router, client, options = {}) {
  const { events: patterns, lookbackMs, guardTtlMs, store, guard, since, signal, now } = checkOptions(options);
  if (typeof router?.parse !== "function" || typeof router?.dispatchEvent !== "function") {
    throw new TypeError(`catchUp: expected an EventRouter, found ${describe(router)}`);
  }
  checkAborted(signal);
  let stored;
  try {
    stored = (await store.get()) ?? undefined;
  } catch (error) {
    throw new CatchUpError("invalid_store", `the watermark store's get() failed: ${describeThrown(error)}`, { cause: error });
  }
  const previous = since ?? stored;
  const startedAt = new Date(now()).toISOString();
  const from = lowerBound(previous, lookbackMs);
  let selected;
  let queries;
  try {
    [selected, queries] = guarded(() => raw.catchUpQueries(patterns, from));
  } catch (thrown) {
    rethrow(thrown);
  }
  const listings = await fetchListings(client, queries, signal);
  checkAborted(signal);
  const problems = [];
  const planned = await plan(client, selected, from, listings, signal, problems);

  const result = { dispatched: 0, skipped: 0, busy: 0, failed: [], problems, watermark: previous };
  // The earliest instant that must be looked at again (a failed or busy event), if any.
  let retryFrom;
  const holdBack = (at) => {
    if (retryFrom === undefined || at < retryFrom) retryFrom = at;
  };
  for (const [name, data, at, , key] of planned) {
    checkAborted(signal);
    // The key comes with the plan (the same event_key the event would give), so an event the
    // guard knows as done is skipped without being parsed.
    const claim = await guard.claim(key, LEASE_MS);
    if (claim === "done") {
      result.skipped++;
      continue;
    }
    if (claim === "busy") {
      result.busy++;
      holdBack(at);
      continue;
    }
    let event;
    try {
      // The router's own limits and strictness, as for a live delivery.
      event = router.parse({ kind: "catch-up", name, body: data });
    } catch (error) {
      // The Connector's own data failed the router's limits or strict mode: reported, and
      // looked at again next time rather than passed over.
      await guard.release(key);
      result.failed.push({ name, at, error });
      holdBack(at);
      continue;
    }
    try {
      await router.dispatchEvent(event);
      await guard.complete(key, guardTtlMs);
      result.dispatched++;
    } catch (error) {
      await guard.release(key);
      result.failed.push({ name, at, event, error });
      holdBack(at);
    }
  }
  // Past everything that succeeded: up to when the listing started, or (when something must be
  // retried) up to that event, which the next run's lookback window then includes again.
  const watermark = retryFrom ?? (previous !== undefined && previous > startedAt ? previous : startedAt);
  if (watermark !== stored) {
    try {
      await store.set(watermark);
    } catch (error) {
      throw new CatchUpError("invalid_store", `the watermark store's set() failed: ${describeThrown(error)}`, { cause: error });
    }
  }
  result.watermark = watermark;
  return result;
}

/**
 * A catch-up to run on start, on demand, on a schedule or when a broker consumer reconnects:
 * `{ run(overrides?), trigger(), every(intervalMs) → { stop() }, stop() → Promise }`. Runs never overlap:
 * one asked for while another runs starts once after it (several such requests share it).
 * `trigger()` runs without returning a promise; failures go to `options.onError`.
 */
export function createCatchUp(router, client, options = {}) {
  checkOptions(options);
  // One store and guard for every run, also when the defaults are used.
  const shared = { ...options, store: options.store ?? new MemoryWatermarkStore(), guard: options.guard ?? new MemoryGuardStore() };
  const onError = typeof options.onError === "function" ? options.onError : () => {};
  let running;
  let next;
  const timers = new Set();
  const run = (overrides = {}) => {
    if (running === undefined) {
      running = catchUp(router, client, { ...shared, ...overrides }).finally(() => {
        running = undefined;
      });
      return running;
    }
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = undefined;
      return run(overrides);
    });
    return next;
  };
  const trigger = () => {
    run().catch((error) => {
      try {
        onError(error);
      } catch {
        // An error handler's own failure must not become an unhandled rejection.
      }
    });
  };
  return {
    run,
    trigger,
    every(intervalMs) {
      if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new TypeError(`every: expected a positive number of milliseconds, found ${describe(intervalMs)}`);
      const timer = setInterval(trigger, intervalMs);
      timers.add(timer);
      return {
        stop() {
          clearInterval(timer);
          timers.delete(timer);
        },
      };
    },
    /** Stops every schedule; resolves when no run is left running. */
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      while (running !== undefined || next !== undefined) await (next ?? running).catch(() => {});
    },
  };
}
