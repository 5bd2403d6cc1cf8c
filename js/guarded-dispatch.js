// One event through an idempotency guard: claim its key, run the handlers, then remember it as
// done (or release the claim so a redelivery can run it). Shared by the consumer engine
// (consume.js) and the Pub/Sub push endpoint (pubsub-push.js), so both treat a guard alike.

/** How long a guard remembers an event as done, by default. */
export const DEFAULT_GUARD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How long a done record lasts for a key that is a hash of the data (see `event.keyIsHash`). */
export const DEFAULT_HASH_KEY_TTL_MS = 10 * 60_000;

/** The first GuardStore method `guard` lacks ("claim", "complete" or "release"), else undefined. */
export function missingGuardMethod(guard) {
  for (const method of ["claim", "complete", "release"]) {
    let value;
    try {
      value = guard?.[method];
    } catch {
      // A getter that throws: the method is as good as missing.
    }
    if (typeof value !== "function") return method;
  }
  return undefined;
}

/**
 * How long the guard remembers that `event` ran: `guardTtlMs`, but only `hashKeyTtlMs` (a
 * redelivery window) when its key is a hash of the data, which distinct occurrences share.
 */
export function doneTtlFor(event, guardTtlMs, hashKeyTtlMs) {
  let keyIsHash = false;
  try {
    keyIsHash = event.keyIsHash === true;
  } catch {
    // An event without the flag: its key is taken as made of ids.
  }
  return keyIsHash ? Math.min(hashKeyTtlMs, guardTtlMs) : guardTtlMs;
}

/**
 * Runs `dispatch()` (which resolves to `{ report }`, `{ error }` or `{ timedOut: true }`, never
 * rejects) under `guard`'s claim on `event.key`. `guardCall(operation, call)` runs one guard
 * operation and resolves to `{ value }` or `{ failed: true, error }` (reporting the failure
 * itself: timeouts and error reports differ between callers). `keepsClaim(result)`: a result
 * after which the claim is left to run out (a handler still running past its timeout).
 *
 * Resolves to `{ outcome: "duplicate" }` (already done), `{ outcome: "busy" }` (another
 * consumer holds it), `{ outcome: "guardFailed", error }` (nothing ran), or
 * `{ outcome: "dispatched", result }`. Without a guard: dispatched at once.
 */
export async function guardedDispatch({ guard, event, leaseMs, guardTtlMs, hashKeyTtlMs, dispatch, guardCall, keepsClaim = () => false }) {
  if (guard === undefined) return { outcome: "dispatched", result: await dispatch() };
  const key = event.key;
  const claimed = await guardCall("claim", () => guard.claim(key, leaseMs));
  if (claimed.failed) return { outcome: "guardFailed", error: claimed.error };
  if (claimed.value === "done") return { outcome: "duplicate" };
  if (claimed.value === "busy") return { outcome: "busy" };
  if (claimed.value !== "claimed") {
    const error = new TypeError(`guard.claim answered ${describeAnswer(claimed.value)}, not "claimed", "done" or "busy"`);
    error.code = "guard_failed";
    return { outcome: "guardFailed", error };
  }
  const result = await dispatch();
  if (result.report?.unhandled === true) {
    // Nothing matched: no record, so events no handler wants leave no trace in the store.
    await guardCall("release", () => guard.release(key));
  } else if (result.report !== undefined) {
    // The handlers ran: the caller acknowledges even when the guard cannot remember it (only a
    // redelivery, which the guard exists to catch, would then run them again).
    await guardCall("complete", () => guard.complete(key, doneTtlFor(event, guardTtlMs, hashKeyTtlMs)));
  } else if (!keepsClaim(result)) {
    await guardCall("release", () => guard.release(key));
  }
  return { outcome: "dispatched", result };
}

/**
 * Whether a dispatch failed because a handler outlived `handlerTimeoutMs`: it may still be
 * running, so its claim is kept until the lease ends (a redelivery must not run beside it).
 */
export function handlerTimedOut(error) {
  try {
    const failed = error?.report?.failed;
    return Array.isArray(failed) && failed.some((run) => run?.error?.code === "handler_timeout");
  } catch {
    return false;
  }
}

function describeAnswer(value) {
  try {
    return typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value;
  } catch {
    return typeof value;
  }
}
