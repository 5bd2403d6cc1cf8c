// EventRouter: routes events to handlers by the Connector's trigger patterns.
//
// The module parses and validates, and names the registrations an event name matches
// (src/wasm/dispatch.rs); this file remembers those per name, calls the handlers, awaits what
// they return, applies the timeout, builds the report and tells the error handlers. Every
// promise it returns settles, whatever the handlers or the instance do.

import { EventParseError, HandlerError, HandlerTimeoutError, WaitAbortedError, WaitTimeoutError } from "./errors.js";
import { enter, failed, guarded, generation, leave, left, nested, raw } from "./instance.js";
import { DEFAULT_MAX_BODY_BYTES, KIND, describe, limitsOf, snapshot, timeoutOf } from "./delivery.js";
import { write, writeName } from "./input.js";
import { API, ConnectorEvent, catalogueRow, eventFrom, expectEvent, takeEvent, uncheckedEvent } from "./event.js";
import { Failure, callEach, callOne } from "./run.js";
import { readBody, TOO_LARGE } from "./body.js";

const DEFAULT_BODY_TIMEOUT_MS = 30_000;
// Route decisions remembered per broker name (see `#route`); a stream with more distinct names
// than this starts over rather than growing without bound.
const ROUTE_CACHE_LIMIT = 4096;
const NO_OUTCOMES = Object.freeze([]);
const HANDLED = raw.RouteFound.Handled;
const INVALID_NAME = raw.RouteFound.InvalidName;

function checkHandler(handler, method) {
  if (typeof handler !== "function") throw new TypeError(`${method}: expected a handler function, found ${describe(handler)}`);
}

const PROMISE_THEN = Promise.prototype.then;

/** A promise for a thenable handler result, else undefined (a plain value: done). */
function promiseOf(value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
  let then;
  try {
    then = value.then;
    // A plain promise is awaited as it is (the common case for async handlers).
    if (then === PROMISE_THEN && value.constructor === Promise) return value;
  } catch (error) {
    return Promise.reject(error);
  }
  // Anything else is adopted by a new promise, where a `then` that throws (or a promise whose
  // own `then` or species does) becomes a rejection. Promise.resolve would hand back a promise
  // with its own `then` unchanged, which then threw out of the dispatch's bookkeeping.
  return typeof then === "function" ? new Promise((resolve) => resolve(value)) : undefined;
}

/** Tells every error handler; one that throws or rejects neither stops the others nor escapes. */
function notify(handlers, error) {
  for (const handler of handlers) {
    try {
      const result = handler(error);
      promiseOf(result)?.catch(() => {});
    } catch {
      // An error handler's own failure must not hide the original error.
    }
  }
}

function report(event, patterns, failures, unhandled) {
  const ran = patterns.map((pattern, i) =>
    failures?.[i] === undefined ? { pattern, ok: true } : { pattern, ok: false, error: failures[i].error },
  );
  return { event, ran, failed: failures === undefined ? [] : ran.filter((run) => !run.ok), unhandled };
}

/** Routes events to handlers by the Connector's trigger patterns; calls them in registration order. */
export class EventRouter {
  #limits;
  #sequential;
  #handlerTimeoutMs;
  #bodyTimeoutMs;
  #raw;
  #generation;
  // Every live registration `{ id, pattern, handler, once }`, in registration order, kept so
  // the raw router can be rebuilt in a new instance; the raw router knows them by id.
  #registrations = [];
  #nextId = 0;
  // Event name → `{ registrations, patterns, once }` matching it (arrays never changed in place:
  // a dispatch keeps the ones it took). Emptied whenever the registrations change.
  #matches = new Map();
  #errorHandlers = [];
  // Per broker kind: name → HANDLED, INVALID_NAME, or `{ row, name }` of an unhandled event.
  // Emptied whenever the registrations change, so a decision never outlives what it was made of.
  #routes = [new Map(), new Map(), new Map(), new Map()];

  constructor(options = {}) {
    this.#limits = limitsOf(options);
    this.#sequential = Boolean(options.sequential);
    this.#handlerTimeoutMs = timeoutOf(options, "handlerTimeoutMs");
    this.#bodyTimeoutMs = timeoutOf(options, "bodyTimeoutMs") ?? DEFAULT_BODY_TIMEOUT_MS;
  }

  // Call only inside `guarded`.
  #router() {
    if (this.#raw === undefined || this.#generation !== generation) {
      const { strict, maxBodyBytes, maxDepth } = this.#limits;
      this.#raw = new raw.RawRouter(API, strict, maxBodyBytes, maxDepth);
      this.#generation = generation;
      this.#forgetRoutes();
      for (const { pattern, id } of this.#registrations) this.#raw.on(pattern, id);
    }
    return this.#raw;
  }

  #forgetRoutes() {
    for (const routes of this.#routes) routes.clear();
    this.#matches.clear();
  }

  /**
   * The registrations matching an event name, asked of the module once per name. The `once`
   * ones among them are forgotten now, before any handler runs, so a handler that dispatches
   * again cannot call them twice. Call inside `guarded`.
   */
  #take(name) {
    let found = this.#matches.get(name);
    if (found === undefined) {
      const ids = this.#router().matches(name);
      const registrations = [];
      let once = false;
      for (const registration of this.#registrations) {
        if (ids.includes(registration.id)) {
          registrations.push(registration);
          once ||= registration.once;
        }
      }
      found = { registrations, patterns: registrations.map((r) => r.pattern), once };
      if (this.#matches.size >= ROUTE_CACHE_LIMIT) this.#matches.clear();
      this.#matches.set(name, found);
    }
    if (found.once) this.#remove(found.registrations.filter((r) => r.once));
    return found;
  }

  /** Forgets registrations, here and in the raw router. */
  #remove(removed) {
    if (removed.length === 0) return;
    this.#registrations = this.#registrations.filter((r) => !removed.includes(r));
    this.#forgetRoutes();
    if (typeof removed[0].pattern !== "string") return;
    guarded(() => {
      const router = this.#router();
      for (const registration of removed) router.off(registration.pattern, registration.id);
    });
  }

  /**
   * What the name of a broker delivery decides: HANDLED, INVALID_NAME, or the unhandled event's
   * `{ row, name }`. Asked of the module once per name, then remembered. Call inside `guarded`.
   */
  #route(kind, name) {
    const routes = this.#routes[kind];
    let found = routes.get(name);
    if (found === undefined) {
      const row = this.#router().route(kind, writeName(kind, name));
      if (row === HANDLED || row === INVALID_NAME) found = row;
      else {
        // The catalogue's row gives a known name; an unknown topic is turned into its name by
        // the module (the rule lives in Rust); the relationship-event family keeps its own name.
        const known = row >= 0 && catalogueRow(row).name;
        const eventName = kind === KIND.mqtt ? raw.mqttEventName(name) : name;
        found = { row, name: known === eventName ? undefined : eventName };
      }
      if (routes.size >= ROUTE_CACHE_LIMIT) routes.clear();
      routes.set(name, found);
    }
    return found;
  }

  #add(pattern, handler, once, method) {
    checkHandler(handler, method);
    const registration = { id: this.#nextId++, pattern, handler, once };
    guarded(() => this.#router().on(pattern, registration.id));
    this.#registrations.push(registration);
    this.#forgetRoutes();
    return this;
  }

  /** Calls `handler` for every event whose name matches `pattern`. */
  on(pattern, handler) {
    return this.#add(pattern, handler, false, "on");
  }

  /** Calls `handler` for the first matching event only. */
  once(pattern, handler) {
    return this.#add(pattern, handler, true, "once");
  }

  /** Removes `handler` from `pattern` (registrations by `on` and `once` alike). */
  off(pattern, handler) {
    this.#remove(this.#registrations.filter((r) => r.pattern === pattern && r.handler === handler));
    return this;
  }

  /** Calls `handler` for every event (the same as `on("**", handler)`). */
  onAny(handler) {
    return this.#add("**", handler, false, "onAny");
  }

  /**
   * Resolves with the first event matching `pattern` (and `predicate(event)`, when given) that
   * this router dispatches from now on. Rejects with a `WaitTimeoutError` after `timeout` ms,
   * a `WaitAbortedError` when `signal` aborts, or what `predicate` threw. Its registration is
   * removed whichever way it settles; the waiter never fails the dispatch it watches.
   */
  waitFor(pattern, predicate, options) {
    if (typeof predicate !== "function" && predicate !== undefined && options === undefined) {
      options = predicate;
      predicate = undefined;
    }
    try {
      if (predicate !== undefined) checkHandler(predicate, "waitFor");
      if (options !== undefined && (options === null || typeof options !== "object")) {
        throw new TypeError(`waitFor: expected an options object, found ${describe(options)}`);
      }
      const timeoutMs = timeoutOf(options ?? {}, "timeout", "waitFor options");
      const signal = options?.signal;
      if (signal !== undefined && !(signal !== null && typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function")) {
        throw new TypeError(`waitFor options.signal: expected an AbortSignal, found ${describe(signal)}`);
      }
      if (signal?.aborted) return Promise.reject(new WaitAbortedError(pattern, signal.reason));
      return this.#wait(pattern, predicate, timeoutMs, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #wait(pattern, predicate, timeoutMs, signal) {
    return new Promise((resolve, reject) => {
      let timer;
      let settled = false;
      const settle = (finish, value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.off(pattern, waiter);
        finish(value);
      };
      const onAbort = () => settle(reject, new WaitAbortedError(pattern, signal.reason));
      const waiter = (event) => {
        if (settled) return;
        let matches = true;
        try {
          if (predicate !== undefined) matches = predicate(event);
        } catch (error) {
          settle(reject, error);
          return;
        }
        if (matches) settle(resolve, event);
      };
      // Registered like `on`, so the module matches the pattern and a broker delivery only this
      // waiter wants is not skipped as unhandled; throws a TypeError for an invalid pattern.
      this.#add(pattern, waiter, false, "waitFor");
      signal?.addEventListener("abort", onAbort, { once: true });
      // setTimeout fires at once past 2^31 - 1 ms; that long is no limit at all.
      if (timeoutMs !== undefined && timeoutMs < 2 ** 31) {
        timer = setTimeout(() => settle(reject, new WaitTimeoutError(pattern, timeoutMs)), timeoutMs);
      }
    });
  }

  /** Calls `handler` with every `EventParseError` and `HandlerError` a dispatch meets. */
  onError(handler) {
    checkHandler(handler, "onError");
    this.#errorHandlers.push(handler);
    return this;
  }

  /**
   * Parses, validates and routes one delivery, and awaits its handlers. Resolves to
   * `{ event, ran, failed, unhandled }`; rejects with an `EventParseError` or, when a handler
   * failed (or did not settle within `handlerTimeoutMs`), a `HandlerError`, after the
   * `onError` handlers saw it.
   */
  dispatch(delivery, options) {
    let timeoutMs = this.#handlerTimeoutMs;
    let taken;
    let outcomes;
    let event;
    try {
      if (options !== undefined) timeoutMs = timeoutOf(options ?? {}, "handlerTimeoutMs", "dispatch options") ?? timeoutMs;
      const source = snapshot(delivery, this.#limits);
      const { kind } = source;
      if (kind === KIND.amqp || kind === KIND.mqtt || kind === KIND.redis) {
        // The name is outside the body: decide from the name alone whether anyone listens, so an
        // event nobody handles (most of a `**` broker stream) never copies its body into wasm.
        // A name seen before is decided without a call into wasm.
        const found = this.#routes[kind].get(source.name) ?? guarded(() => this.#route(kind, source.name));
        if (typeof found === "object") return Promise.resolve(report(uncheckedEvent(found.row, found.name, source), NO_OUTCOMES, undefined, true));
      }
      // `guarded`, spelled out: this path runs for every handled event, without closures.
      enter();
      try {
        const router = this.#router();
        const layout = write(source);
        expectEvent(source);
        try {
          router.dispatch(layout[0], layout[1], layout[2], layout[3]);
        } finally {
          event = takeEvent();
        }
        taken = this.#take(event.name);
        // A sequential router calls them one after another in #settle.
        outcomes = this.#sequential ? undefined : callEach(taken.registrations, event, []);
        left();
      } catch (error) {
        throw failed(error);
      } finally {
        leave();
      }
    } catch (error) {
      // When the guard throws after the call (a nested call trapped), the handlers already
      // ran: their promises must still be observed.
      if (outcomes !== undefined) observe(outcomes);
      this.#notify(error);
      return Promise.reject(error);
    }
    return this.#settle(event, taken, outcomes, timeoutMs);
  }

  /**
   * Parses one delivery with this router's limits, as `dispatch` would, without running any
   * handler: strict (when the router is) only for names a handler matches, and a broker
   * delivery no handler matches is not checked (its data is parsed when first read).
   * @throws {EventParseError} with the codes of `parseDelivery`.
   */
  parse(delivery) {
    const source = snapshot(delivery, this.#limits);
    const { kind } = source;
    return guarded(() => {
      if (kind === KIND.amqp || kind === KIND.mqtt || kind === KIND.redis) {
        const found = this.#route(kind, source.name);
        if (typeof found === "object") return uncheckedEvent(found.row, found.name, source);
      }
      const router = this.#router();
      return eventFrom(source, (kind, nameLen, bodyLen, text) => router.dispatch(kind, nameLen, bodyLen, text), write(source));
    });
  }

  /**
   * Runs the handlers matching `event.name` on an event parsed before (by `parse` or
   * `parseDelivery`), with `dispatch`'s semantics: the same report, the same rejection with a
   * `HandlerError` after the `onError` handlers saw it, `handlerTimeoutMs` and `sequential`.
   * Rejects with an `EventParseError` (`invalid_delivery`) when `event` is not a ConnectorEvent.
   */
  dispatchEvent(event, options) {
    let timeoutMs = this.#handlerTimeoutMs;
    let taken;
    let outcomes;
    try {
      if (!(event instanceof ConnectorEvent)) {
        throw new EventParseError("invalid_delivery", `event: expected a ConnectorEvent, found ${describe(event)}`, "event");
      }
      if (options !== undefined) timeoutMs = timeoutOf(options ?? {}, "handlerTimeoutMs", "dispatchEvent options") ?? timeoutMs;
      // Inside the guard, so a handler dispatching again counts towards the nesting limit.
      guarded(() => {
        taken = this.#take(event.name);
        outcomes = this.#sequential ? undefined : callEach(taken.registrations, event, []);
      });
    } catch (error) {
      if (outcomes !== undefined) observe(outcomes);
      this.#notify(error);
      return Promise.reject(error);
    }
    return this.#settle(event, taken, outcomes, timeoutMs);
  }

  /** The distinct patterns with live registrations, ordered by their earliest live registration. */
  patterns() {
    return [...new Set(this.#registrations.map((registration) => registration.pattern))];
  }

  /**
   * Awaits what the handlers returned (a sequential router calls them now, one after another)
   * and resolves (or rejects) with the report.
   */
  #settle(event, taken, outcomes, timeoutMs) {
    const { registrations, patterns } = taken;
    if (registrations.length === 0) return Promise.resolve(report(event, NO_OUTCOMES, undefined, true));
    const settled =
      outcomes === undefined
        ? runSequentially(event, registrations, timeoutMs)
        : awaitAll(event, patterns, outcomes, timeoutMs);
    if (Array.isArray(settled) || settled === undefined) return this.#finish(event, patterns, settled);
    return settled.then((failures) => this.#finish(event, patterns, failures));
  }

  /** The report, or (after telling the error handlers) a rejection with a HandlerError. */
  #finish(event, patterns, failures) {
    const done = report(event, patterns, failures, false);
    if (failures === undefined) return Promise.resolve(done);
    const error = new HandlerError(done);
    this.#notify(error);
    return Promise.reject(error);
  }

  /**
   * Dispatches the body of a fetch `Response`, read here up to `maxBodyBytes` and within
   * `bodyTimeoutMs`. `delivery` gives the kind and name fields; by default a webhook with the
   * response's URL. Rejects (and tells the error handlers) like `dispatch`, with
   * `invalid_delivery` for a non-2xx or already read response, `too_large`, `unreadable_body`
   * for a failing stream and `body_timeout` for one that stalls.
   */
  dispatchResponse(response, delivery = { kind: "webhook" }) {
    return this.#readResponse(response, delivery).then(
      (full) => this.dispatch(full),
      (error) => {
        this.#notify(error);
        throw error;
      },
    );
  }

  async #readResponse(response, delivery) {
    if (response === null || typeof response !== "object" || typeof response.ok !== "boolean") {
      throw new EventParseError("invalid_delivery", `response: expected a fetch Response, found ${describe(response)}`, "response");
    }
    if (delivery === null || typeof delivery !== "object") {
      throw new EventParseError("invalid_delivery", `delivery: expected a delivery object, found ${describe(delivery)}`, "delivery");
    }
    if (!response.ok) {
      throw new EventParseError("invalid_delivery", `the response has HTTP status ${response.status}, not a delivery`, "response.status");
    }
    if (response.bodyUsed) {
      throw new EventParseError("invalid_delivery", "response.body: the body was already read", "response.body");
    }
    const configured = this.#limits.maxBodyBytes;
    const limit = Number.isNaN(configured) ? DEFAULT_MAX_BODY_BYTES : configured;
    const body = await readBody(response.body, limit, this.#bodyTimeoutMs);
    if (body === TOO_LARGE) throw new EventParseError("too_large", `the body is more than the limit of ${limit} bytes`);
    return { url: response.url, ...delivery, body };
  }

  #notify(error) {
    notify(this.#errorHandlers, error);
  }
}

/** Attaches a no-op rejection handler to every pending outcome of a dispatch that failed. */
function observe(outcomes) {
  for (const outcome of outcomes) if (!(outcome instanceof Failure)) promiseOf(outcome)?.catch(() => {});
}

/**
 * Waits for the handlers' results: undefined when all succeeded, else an array holding a
 * `Failure` at each failed index. Synchronous (no promise) when no handler returned one.
 */
function awaitAll(event, patterns, outcomes, timeoutMs) {
  let failures;
  // Made only when a handler returned a promise: most return nothing.
  let pending;
  for (let index = 0; index < outcomes.length; index++) {
    const outcome = outcomes[index];
    if (outcome === undefined) continue;
    if (outcome instanceof Failure) (failures ??= [])[index] = outcome;
    else {
      const promise = promiseOf(outcome);
      if (promise !== undefined) (pending ??= []).push({ index, promise, done: false });
    }
  }
  if (pending === undefined) return failures;
  return new Promise((resolve) => {
    let left = pending.length;
    let timer;
    const settle = (entry, failure) => {
      if (entry.done) return; // a handler settling after its timeout changes nothing
      entry.done = true;
      if (failure !== undefined) (failures ??= [])[entry.index] = failure;
      if (--left === 0) {
        clearTimeout(timer);
        resolve(failures);
      }
    };
    for (const entry of pending) {
      entry.promise.then(
        () => settle(entry, undefined),
        (error) => settle(entry, new Failure(error)),
      );
    }
    if (timeoutMs !== undefined && timeoutMs < 2 ** 31) {
      timer = setTimeout(() => {
        for (const entry of pending) settle(entry, new Failure(new HandlerTimeoutError(patterns[entry.index], timeoutMs, event.name)));
      }, timeoutMs);
    }
  });
}

/** Calls the handlers one after another, each awaited (with the timeout) before the next. */
async function runSequentially(event, registrations, timeoutMs) {
  let failures;
  for (let i = 0; i < registrations.length; i++) {
    let outcome;
    try {
      outcome = nested(() => callOne(registrations[i], event));
    } catch (error) {
      outcome = new Failure(error);
    }
    const promise = outcome instanceof Failure ? undefined : promiseOf(outcome);
    if (promise !== undefined) outcome = await settleWithin(promise, timeoutMs, registrations[i].pattern, event.name);
    if (outcome instanceof Failure) (failures ??= [])[i] = outcome;
  }
  return failures;
}

function settleWithin(promise, timeoutMs, pattern, eventName) {
  return new Promise((resolve) => {
    let timer;
    // setTimeout fires at once past 2^31 - 1 ms; that long is no limit at all.
    if (timeoutMs !== undefined && timeoutMs < 2 ** 31) {
      timer = setTimeout(() => resolve(new Failure(new HandlerTimeoutError(pattern, timeoutMs, eventName))), timeoutMs);
    }
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      (error) => {
        clearTimeout(timer);
        resolve(new Failure(error));
      },
    );
  });
}
