// The wasm instance: initialisation, the guard every call into it goes through, and its
// replacement after a trap (or after a huge input grew its memory).
//
// A trapped instance may hold half-finished state (a RefCell left borrowed, the allocator mid
// operation), so it is replaced. Never while wasm frames are on the stack, though: a trap in a
// nested call (a handler dispatching again) marks the instance poisoned, every call still on
// the stack then fails with `internal`, and the outermost one replaces the instance as it
// leaves. Nothing else needs to be repaired: routers replay their registrations into the new
// instance, and events hold only JS values.
//
// Async calls (the REST client, js/rest.js) are futures inside wasm, driven by Rust closures JS
// calls later (the executor's microtask, promise callbacks, abort listeners). `callAsync` owns
// their lifetime: the instance is not compacted while one is in flight, nor until a macrotask
// after it settled (the finished future's teardown still runs closures for a few microtasks);
// a trap that replaces the instance rejects them at once (their futures died with it). Every
// closure call runs through `runClosure` (the glue is patched for it, scripts/patch-glue.mjs):
// a trap inside one poisons and replaces the instance like a trap in `guarded`, and a closure
// of a replaced instance does nothing instead of throwing from a timer (which ends Node).

import * as raw from "./wasm/enmeshed_events.js";
import { EventParseError } from "./errors.js";

export { raw };

let exports;
// Views of the whole wasm memory (see `memoryBytes`, `memoryBuffer`), dropped with the instance.
let memoryView = null;
let nodeBufferView = null;
let nodeBuffer = null;
const NodeBuffer = typeof globalThis.Buffer === "function" && typeof globalThis.Buffer.from === "function" ? globalThis.Buffer : undefined;
// Bumped whenever the instance is replaced; routers and endpoints rebuild their raw state.
export let generation = 0;
let depth = 0;
let poisoned = false;
let trapCause;
let traps = 0;
let compactions = 0;
// Async calls in flight inside the instance (REST requests), or settled less than a macrotask
// ago, and who to tell when it is replaced.
let asyncCalls = 0;
const replacedListeners = new Set();

/**
 * Wasm memory never shrinks; past this size (a huge delivery within the limits went through)
 * the instance is replaced by a fresh one between calls, so the process returns to its
 * working size.
 */
const COMPACT_BYTES = 16 * 1024 * 1024;

/**
 * How deep calls may nest (a handler dispatching, whose handler dispatches, …). Deeper is a
 * handler dispatching the event that runs it; refused here, long before the stack runs out
 * (which, inside wasm, would poison the instance).
 */
const MAX_NESTING = 64;

function installClosureRunner() {
  raw.__wbg_set_closure_runner?.(runClosure);
}

/** Initialises synchronously from a compiled `WebAssembly.Module` or the .wasm bytes. Idempotent. */
export function initSync(module) {
  exports = raw.initSync({ module });
  forgetMemoryViews();
  installClosureRunner();
}

/** Initialises asynchronously (fetches the .wasm beside this file when given nothing). Idempotent. */
export default async function init(input) {
  exports = await raw.default(input === undefined ? undefined : { module_or_path: input });
  forgetMemoryViews();
  installClosureRunner();
}

function trapped() {
  const error = new EventParseError("internal", "the WebAssembly instance trapped; it is replaced and the next call works", undefined, undefined, {
    cause: trapCause,
  });
  return error;
}

// A trap, or the stack running out inside wasm (which also skips Rust's destructors).
function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
}

function replace() {
  raw.__wbg_reset_state();
  exports = raw.initSync();
  forgetMemoryViews();
  generation++;
  poisoned = false;
  for (const listener of [...replacedListeners]) {
    try {
      listener(trapCause);
    } catch {
      // A listener only settles its own promise; nothing to recover here.
    }
  }
}

/**
 * Calls `listener(cause)` when the instance is replaced; returns the function that stops it.
 * For async calls whose futures live inside the instance: they never settle once it is gone.
 */
export function onReplaced(listener) {
  replacedListeners.add(listener);
  return () => replacedListeners.delete(listener);
}

// A promise's outcome, passed on only while the instance of generation `born` is the live one:
// once a trap replaced it, its closures must not be called (the glue makes them no-ops; this
// keeps them from being scheduled at all).
function guardFor(born) {
  return (promise) =>
    new Promise((resolve, reject) => {
      promise.then(
        (value) => generation === born && resolve(value),
        (error) => generation === born && reject(error),
      );
    });
}

function endAsyncCall() {
  asyncCalls--;
  if (asyncCalls === 0 && depth === 0) compactIfLarge();
}

/**
 * Runs an async call into wasm and owns its lifetime. `start(guard)` runs inside `guarded` and
 * returns the wasm promise; `guard` is the function wasm passes every JS promise it awaits
 * through (see src/wasm/wait.rs `Clock`). The returned promise settles with the wasm promise's
 * outcome, or, when a trap replaces the instance first, rejects with `lost(cause)` at once.
 * Meanwhile, and until a macrotask after it settles, the instance is not compacted.
 */
export function callAsync(start, lost) {
  return new Promise((resolve, reject) => {
    asyncCalls++;
    let settled = false;
    let stopListening = () => {};
    const settle = (settleWith, value) => {
      if (settled) return;
      settled = true;
      stopListening();
      settleWith(value);
      // The finished future is dropped with a few closure calls still queued (an aborted timer's
      // promise settling into its callback, the executor's next microtask): compacting before
      // they ran would leave them to the no-op of a replaced instance, and they may hold memory.
      setTimeout(endAsyncCall, 0);
    };
    stopListening = onReplaced((cause) => {
      let error;
      try {
        error = lost(cause);
      } catch (thrown) {
        error = thrown;
      }
      settle(reject, error);
    });
    let pending;
    try {
      pending = guarded(() => start(guardFor(generation)));
    } catch (error) {
      settle(reject, error);
      return;
    }
    Promise.resolve(pending).then(
      (value) => settle(resolve, value),
      (error) => settle(reject, error),
    );
  });
}

// Gives wasm memory back by replacing an instance that grew past COMPACT_BYTES; only between
// calls, with no async call in flight.
function compactIfLarge() {
  if (poisoned || asyncCalls !== 0 || exports === undefined || memoryBytes().byteLength <= COMPACT_BYTES) return;
  try {
    replace();
    compactions++;
  } catch {
    // The old instance stays, memory and all; tried again after the next call.
  }
}

function markTrapped(error) {
  if (!poisoned) {
    poisoned = true;
    trapCause = error;
    traps++;
  }
}

// Every Rust closure JS calls (patched into the glue, see the top of this file). A trap inside
// one is caught here: thrown on, it would escape from a microtask or timer (Node exits) and
// leave the instance half-broken for the next wake. The closure returns nothing then; the
// instance is replaced as soon as no wasm frame is on the stack, which rejects the async calls
// that were waiting on it.
function runClosure(invoke) {
  depth++;
  try {
    return invoke();
  } catch (error) {
    if (!isTrap(error)) throw error;
    markTrapped(error);
    return undefined;
  } finally {
    depth--;
    if (depth === 0 && poisoned) {
      try {
        replace();
      } catch {
        // Tried again on the next call.
      }
    }
  }
}

/** Runs `call` (which calls into wasm); see the top of this file. */
export function guarded(call) {
  enter();
  try {
    const result = call();
    left();
    return result;
  } catch (error) {
    throw failed(error);
  } finally {
    leave();
  }
}

// `guarded` in parts, for a hot caller that should not allocate a closure per call:
//
//   enter();
//   try { …calls into wasm…; left(); } catch (error) { throw failed(error); } finally { leave(); }

/** Before a guarded call: the instance is there and healthy, and calls do not nest too deep. */
export function enter() {
  if (exports === undefined) {
    throw new EventParseError("not_initialized", "enmeshed-events is not initialised: call `await init()` (or `initSync(module)`) first");
  }
  if (poisoned) {
    if (depth > 0) throw trapped();
    try {
      replace();
    } catch {
      throw trapped();
    }
  }
  if (depth >= MAX_NESTING) throw nestedTooDeep();
  depth++;
}

function nestedTooDeep() {
  return new EventParseError("recursion_limit", `calls into enmeshed-events nested ${MAX_NESTING} deep: a handler dispatches the event that runs it`);
}

/**
 * Runs `call` (a handler called outside any guarded call, e.g. by a sequential router) as one
 * level of nesting, so a handler that dispatches the event that runs it meets the nesting limit
 * instead of running the stack out (which, outside wasm, ended Node with a RangeError).
 */
export function nested(call) {
  if (depth >= MAX_NESTING) throw nestedTooDeep();
  depth++;
  try {
    return call();
  } finally {
    leave();
  }
}

/** At the end of a guarded call that returned: a nested call trapped, so what it returned came from a broken instance. */
export function left() {
  if (poisoned) throw trapped();
}

/** What a guarded call that threw `error` throws instead. */
export function failed(error) {
  if (!poisoned && isTrap(error)) markTrapped(error);
  if (poisoned && !(error instanceof EventParseError && error.code === "internal")) return trapped();
  return error;
}

/** After a guarded call, whatever happened (in a `finally`): replaces a trapped instance, gives memory back. */
export function leave() {
  depth--;
  if (depth === 0) {
    if (poisoned) {
      try {
        replace();
      } catch {
        // Tried again on the next call.
      }
    } else {
      compactIfLarge();
    }
  }
}

/** The wasm memory object of the current instance. */
export function wasmMemory() {
  return exports.memory;
}

/**
 * A Uint8Array over all of the current instance's memory. Kept between calls: reading
 * `memory.buffer` costs a call into the engine, and growing the memory detaches the old buffer,
 * which leaves a view of it with length 0, so one length check tells when to take it again.
 */
export function memoryBytes() {
  if (memoryView === null || memoryView.byteLength === 0) memoryView = new Uint8Array(exports.memory.buffer);
  return memoryView;
}

/**
 * A Node Buffer over all of the current instance's memory where Buffer exists (Node, Bun), else
 * undefined: `toString("utf8", start, end)` decodes a range without making a view.
 */
export function memoryBuffer() {
  if (NodeBuffer === undefined) return undefined;
  const bytes = memoryBytes();
  if (nodeBufferView !== bytes) {
    nodeBuffer = NodeBuffer.from(bytes.buffer, 0, bytes.byteLength);
    nodeBufferView = bytes;
  }
  return nodeBuffer;
}

// A replaced instance's memory must not stay reachable through a view of it.
function forgetMemoryViews() {
  memoryView = null;
  nodeBufferView = null;
  nodeBuffer = null;
}

/**
 * Figures for monitoring: the wasm memory's size, the externref table's size, and how often
 * the instance was replaced after a trap or to give memory back.
 */
export function instanceStats() {
  if (exports === undefined) return { initialized: false, memoryBytes: 0, tableSlots: 0, traps, compactions };
  return {
    initialized: true,
    memoryBytes: exports.memory.buffer.byteLength,
    tableSlots: exports.__wbindgen_externrefs.length,
    traps,
    compactions,
  };
}
