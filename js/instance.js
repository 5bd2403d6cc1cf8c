// The wasm instance: initialisation, the guard every call into it goes through, and its
// replacement after a trap (or after a huge input grew its memory).
//
// A trapped instance may hold half-finished state (a RefCell left borrowed, the allocator mid
// operation), so it is replaced. Never while wasm frames are on the stack, though: a trap in a
// nested call (a handler dispatching again) marks the instance poisoned, every call still on
// the stack then fails with `internal`, and the outermost one replaces the instance as it
// leaves. Nothing else needs to be repaired: no future or closure lives in wasm between calls
// (handlers are awaited in JS), routers replay their registrations into the new instance, and
// events hold only JS values. The one exception is the REST client (js/rest.js): its calls are
// futures inside wasm. While any is pending the instance is not compacted, and when a trap
// replaces it, `onReplaced` listeners reject the pending calls at once (their futures died
// with the old instance).

import * as raw from "./wasm/enmeshed_events.js";
import { EventParseError } from "./errors.js";

export { raw };

let exports;
// Bumped whenever the instance is replaced; routers and endpoints rebuild their raw state.
export let generation = 0;
let depth = 0;
let poisoned = false;
let trapCause;
let traps = 0;
let compactions = 0;
// Async calls in flight inside the instance (REST requests), and who to tell when it is replaced.
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

/** Initialises synchronously from a compiled `WebAssembly.Module` or the .wasm bytes. Idempotent. */
export function initSync(module) {
  exports = raw.initSync({ module });
}

/** Initialises asynchronously (fetches the .wasm beside this file when given nothing). Idempotent. */
export default async function init(input) {
  exports = await raw.default(input === undefined ? undefined : { module_or_path: input });
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

/**
 * Marks an async call as in flight until the returned function is called: the instance is not
 * compacted meanwhile (a trap still replaces it; see `onReplaced`).
 */
export function beginAsyncCall() {
  asyncCalls++;
  let ended = false;
  return () => {
    if (!ended) {
      ended = true;
      asyncCalls--;
    }
  };
}

/** Runs `call` (which calls into wasm); see the top of this file. */
export function guarded(call) {
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
  if (depth >= MAX_NESTING) {
    throw new EventParseError("recursion_limit", `calls into enmeshed-events nested ${MAX_NESTING} deep: a handler dispatches the event that runs it`);
  }
  depth++;
  try {
    const result = call();
    // A nested call trapped: what this one returned came from a broken instance.
    if (poisoned) throw trapped();
    return result;
  } catch (error) {
    if (!poisoned && isTrap(error)) {
      poisoned = true;
      trapCause = error;
      traps++;
    }
    if (poisoned && !(error instanceof EventParseError && error.code === "internal")) throw trapped();
    throw error;
  } finally {
    depth--;
    if (depth === 0) {
      if (poisoned) {
        try {
          replace();
        } catch {
          // Tried again on the next call.
        }
      } else if (asyncCalls === 0 && exports.memory.buffer.byteLength > COMPACT_BYTES) {
        try {
          replace();
          compactions++;
        } catch {
          // The old instance stays, memory and all; tried again after the next call.
        }
      }
    }
  }
}

/** The wasm memory object of the current instance. */
export function wasmMemory() {
  return exports.memory;
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
