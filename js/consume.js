// consume(): the at-least-once engine between a broker transport and an EventRouter.
//
// A transport adapter (js/amqp.js, and one per other broker) turns broker messages into
// `{ delivery, attempt, redelivered, ack, retry, deadLetter }`. Here each message is parsed,
// guarded against running twice, dispatched, and then settled exactly once: acked after every
// matched handler succeeded, retried with backoff after a failure, dead-lettered (with the
// error) when its attempts are used up or when it cannot be parsed at all.
//
// Ordering (`ordered: true`): messages with the same `orderBy` key run one at a time in arrival
// order, others concurrently. A failure is then retried here, holding back the rest of its key,
// because a broker-side retry would let later messages overtake it.

import * as core from "#core";
import { MemoryGuardStore } from "./guard.js";
import { DEFAULT_GUARD_TTL_MS, DEFAULT_HASH_KEY_TTL_MS, guardedDispatch, handlerTimedOut, missingGuardMethod } from "./guarded-dispatch.js";

export { MemoryGuardStore, RedisGuardStore, KvGuardStore } from "./guard.js";

const DEFAULT_RETRY = Object.freeze({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000, jitter: true });
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;
// The longest a timer can wait (setTimeout's 32-bit limit; beyond it fires at once).
const MAX_TIMER_MS = 2 ** 31 - 1;
// The most close() waits for the transport's own close (a dead connection may never answer).
const TRANSPORT_CLOSE_LIMIT_MS = 10_000;

const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  random: () => Math.random(),
});

/** A delivery that can never be parsed: dead-lettered at once instead of retried. */
export function isPoison(error) {
  return error?.name === "EventParseError" && error.code !== "internal";
}

/**
 * A message the consumer did not run because it closed: given back to the broker with it, or
 * (where the broker cannot take it back) told to onError with stage "shutdown". `cause`: the
 * failure whose retry it was waiting for, if any.
 */
export class ConsumerClosedError extends Error {
  constructor(cause) {
    super("the consumer closed before this message ran", cause === undefined ? undefined : { cause });
    this.name = "ConsumerClosedError";
    this.code = "consumer_closed";
  }
}

/** Thrown into `retry` when another consumer holds the event's guard lease. */
export class GuardBusyError extends Error {
  constructor(key) {
    super(`another consumer is running the handlers of ${key}`);
    this.name = "GuardBusyError";
    this.code = "guard_busy";
    this.key = key;
  }
}

/** Exponential backoff: base · 2^(attempt-1), capped, with jitter spread over its upper half. */
export function backoffDelay(attempt, retry, random = Math.random) {
  const exponential = retry.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(retry.maxDelayMs, exponential);
  return Math.round(retry.jitter ? capped * (0.5 + random() * 0.5) : capped);
}

function positiveInteger(value, name) {
  if (!(Number.isInteger(value) && value > 0)) throw new TypeError(`consume: ${name} must be a positive integer, found ${String(value)}`);
  return value;
}

/** A delay a timer can wait: 0 … 2^31-1 ms. */
function timerDelay(value, name) {
  if (!(typeof value === "number" && value >= 0 && value <= MAX_TIMER_MS)) throw new TypeError(`consume: ${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, found ${describe(value)}`);
  return value;
}

/** A deadline: a timer delay, or Infinity for no limit. */
function deadlineOf(value, name) {
  if (value === Infinity) return value;
  if (!(typeof value === "number" && value >= 0 && value <= MAX_TIMER_MS)) throw new TypeError(`consume: ${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, or Infinity, found ${describe(value)}`);
  return value;
}

function optionalFunction(value, name) {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`consume: ${name} must be a function, found ${describe(value)}`);
  return value;
}

/** What a bad option was, for an error message; never throws (a hostile value included). */
function describe(value) {
  try {
    if (typeof value === "string") return JSON.stringify(value);
    if (value === null || typeof value !== "object") return String(value);
    return Array.isArray(value) ? "an array" : "an object";
  } catch {
    return typeof value;
  }
}

function optionsOf(options) {
  if (options === null || typeof options !== "object") throw new TypeError("consume: options must be an object");
  if (options.retry !== undefined && (options.retry === null || typeof options.retry !== "object")) throw new TypeError(`consume: retry must be an object, found ${describe(options.retry)}`);
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  positiveInteger(retry.maxAttempts, "retry.maxAttempts");
  timerDelay(retry.baseDelayMs, "retry.baseDelayMs");
  timerDelay(retry.maxDelayMs, "retry.maxDelayMs");
  if (typeof retry.jitter !== "boolean") throw new TypeError(`consume: retry.jitter must be a boolean, found ${describe(retry.jitter)}`);
  const guard = options.guard === undefined ? new MemoryGuardStore() : options.guard;
  if (guard !== false && (guard === null || typeof guard !== "object" || missingGuardMethod(guard) !== undefined)) {
    throw new TypeError("consume: guard must be a GuardStore (with claim, complete and release methods) or false");
  }
  const orderBy = options.orderBy ?? ((event) => event.subject ?? event.key);
  if (typeof orderBy !== "function") throw new TypeError("consume: orderBy must be a function");
  return {
    concurrency: positiveInteger(options.concurrency ?? 16, "concurrency"),
    retry,
    guard: guard || undefined,
    leaseMs: positiveInteger(options.guardLeaseMs ?? DEFAULT_LEASE_MS, "guardLeaseMs"),
    rememberMs: positiveInteger(options.guardTtlMs ?? DEFAULT_GUARD_TTL_MS, "guardTtlMs"),
    hashKeyTtlMs: positiveInteger(options.hashKeyTtlMs ?? DEFAULT_HASH_KEY_TTL_MS, "hashKeyTtlMs"),
    handlerTimeoutMs: options.handlerTimeoutMs === undefined ? undefined : timerDelay(positiveInteger(options.handlerTimeoutMs, "handlerTimeoutMs"), "handlerTimeoutMs"),
    ordered: Boolean(options.ordered),
    orderBy,
    shutdownDeadlineMs: deadlineOf(options.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS, "shutdownDeadlineMs"),
    onError: optionalFunction(options.onError, "onError"),
    onDeadLetter: optionalFunction(options.onDeadLetter, "onDeadLetter"),
    clock: { ...systemClock, ...(options.clock ?? {}) },
  };
}

/** The subscriptions a transport needs for the router's patterns (see `brokerSubscriptions`). */
function subscriptionsOf(router, broker) {
  return core.brokerSubscriptions(router.patterns(), broker);
}

/** Calls a user callback; what it throws or rejects with must not disturb the consumer. */
function tell(callback, ...args) {
  if (callback === undefined) return;
  try {
    const result = callback(...args);
    if (result && typeof result.then === "function") result.then(undefined, () => {});
  } catch {
    // A failing error callback must not hide the error it was told about.
  }
}

/**
 * Consumes `transport`'s messages into `router`. Returns a Consumer:
 * `{ ready, closed, stats(), close({ deadlineMs }?) }`.
 */
export function consume(router, transport, options = {}) {
  if (router === null || typeof router !== "object" || typeof router.parse !== "function" || typeof router.dispatchEvent !== "function" || typeof router.patterns !== "function") {
    throw new TypeError("consume: expected an EventRouter (with parse, dispatchEvent and patterns)");
  }
  if (transport === null || typeof transport !== "object" || typeof transport.start !== "function") {
    throw new TypeError("consume: expected a transport adapter (broker, redelivers, start, stopTaking, close)");
  }
  return new Consumer(router, transport, optionsOf(options));
}

class Consumer {
  #router;
  #transport;
  #options;
  #state = "running"; // running → stopping → closed
  #stats = { received: 0, acked: 0, retried: 0, deadLettered: 0, duplicates: 0 };
  #active = 0;
  #detached = 0; // messages settled outside the job queue (poison, trapped parse)
  #runnable = []; // jobs waiting for a concurrency slot, FIFO
  #runnableHead = 0;
  #keyed = new Map(); // ordered mode: order key → jobs waiting behind the one that runs
  #keyedWaiting = 0; // jobs in #keyed's lists
  #settleWaiters = new Set(); // resolved whenever a job settles (for close)
  #sleepers = new Set(); // ordered-mode retry waits, cut short by close
  #retryWaits = new Set(); // in-process retry waits (a transport that cannot give a message back), cut at the deadline
  #parseWaits = new Set(); // the same for a parse that failed with a module trap (counted in #detached)
  #closing;
  #resolveClosed;
  #rejectClosed;

  #dispatchOptions; // { handlerTimeoutMs } when set: else the router's own

  constructor(router, transport, options) {
    this.#dispatchOptions = options.handlerTimeoutMs === undefined ? undefined : { handlerTimeoutMs: options.handlerTimeoutMs };
    this.#router = router;
    this.#transport = transport;
    this.#options = options;
    this.closed = new Promise((resolve, reject) => {
      this.#resolveClosed = resolve;
      this.#rejectClosed = reject;
    });
    this.closed.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    this.ready = this.#start();
    this.ready.catch(() => {});
  }

  async #start() {
    let subscriptions;
    try {
      subscriptions = subscriptionsOf(this.#router, this.#transport.broker);
      // The third argument is an extension: an adapter that can no longer deliver (a user's
      // connection closed for good) ends the consumer with `fail(error)`.
      await this.#transport.start((message) => this.#onMessage(message), subscriptions, { fail: (error) => this.#fail(error) });
    } catch (error) {
      // A start cut short by close() is no transport failure: `closed` resolves as usual.
      if (this.#state === "running") this.#fail(error);
      throw error;
    }
  }

  /** Ends the consumer after a transport failure: `closed` rejects with the error. */
  #fail(error) {
    if (this.#state === "closed") return;
    tell(this.#options.onError, error, { stage: "transport" });
    this.#state = "stopping";
    this.#closing ??= this.#shutdown(this.#options.shutdownDeadlineMs);
    this.#closing.then(
      () => this.#rejectClosed(error),
      () => this.#rejectClosed(error),
    );
  }

  stats() {
    return { ...this.#stats, inFlight: this.#inFlight() };
  }

  #inFlight() {
    return this.#detached + this.#active + this.#runnable.length - this.#runnableHead + this.#keyedWaiting + this.#retryWaits.size;
  }

  /**
   * True when a retry of `message` waits here rather than at the broker: the transport cannot
   * give a message back (Redis, MQTT QoS 0 or a clean session), or the message has no `retry`.
   */
  #retriesHere(message) {
    return this.#transport.redelivers === false || typeof message.retry !== "function";
  }

  /** Stops taking messages, lets those in flight finish within the deadline, then closes. */
  close(options) {
    let deadline;
    try {
      if (options !== undefined && (options === null || typeof options !== "object")) throw new TypeError(`consume: close() takes { deadlineMs } or nothing, found ${describe(options)}`);
      const deadlineMs = options?.deadlineMs;
      deadline = deadlineMs === undefined ? this.#options.shutdownDeadlineMs : deadlineOf(deadlineMs, "deadlineMs");
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closing === undefined) {
      this.#state = "stopping";
      this.#closing = this.#shutdown(deadline);
      this.#closing.then(
        () => this.#resolveClosed(),
        (error) => this.#rejectClosed(error),
      );
    }
    return this.#closing;
  }

  async #shutdown(deadlineMs) {
    const { clock, onError } = this.#options;
    const before = this.#inFlight();
    try {
      await this.#transport.stopTaking?.();
    } catch (error) {
      tell(onError, error, { stage: "stopTaking" });
    }
    // Ordered-mode retries go back to the broker instead of being waited out. (Retries that
    // wait here because the broker cannot take a message back run while the deadline allows.)
    for (const wake of this.#sleepers) wake();
    let timer;
    const deadline = new Promise((resolve) => {
      // Infinity: no timer (setTimeout would take it for 1 ms).
      if (deadlineMs !== Infinity) timer = clock.setTimeout(resolve, deadlineMs);
    });
    while (this.#inFlight() > 0) {
      const settled = new Promise((resolve) => this.#settleWaiters.add(resolve));
      if ((await Promise.race([settled.then(() => true), deadline.then(() => false)])) === false) break;
    }
    if (timer !== undefined) clock.clearTimeout(timer);
    const abandoned = this.#inFlight();
    this.#state = "closed";
    this.#abandonWaiting();
    let closeTimer;
    try {
      const limit = new Promise((_, reject) => {
        closeTimer = clock.setTimeout(() => reject(new Error(`consume: the ${this.#transport.broker} transport did not close within ${TRANSPORT_CLOSE_LIMIT_MS} ms`)), TRANSPORT_CLOSE_LIMIT_MS);
      });
      await Promise.race([Promise.resolve().then(() => this.#transport.close?.()), limit]);
    } catch (error) {
      tell(onError, error, { stage: "close" });
    } finally {
      clock.clearTimeout(closeTimer);
    }
    return { finished: Math.max(0, before - abandoned), abandoned };
  }

  /**
   * At the deadline: messages still queued or waiting for an in-process retry never reach the
   * handlers (their resources may be closing). Each goes back to the broker where it can, or is
   * reported lost (onError, stage "shutdown") where it cannot; close() counted them abandoned.
   */
  #abandonWaiting() {
    const waiting = [];
    for (let i = this.#runnableHead; i < this.#runnable.length; i++) waiting.push(this.#runnable[i]);
    this.#runnable = [];
    this.#runnableHead = 0;
    for (const jobs of this.#keyed.values()) waiting.push(...jobs);
    this.#keyed.clear();
    this.#keyedWaiting = 0;
    for (const job of waiting) this.#giveBack(job.message, job.event, job.attempt).then(job.done);
    for (const cut of [...this.#retryWaits, ...this.#parseWaits]) cut();
  }

  /** A message the consumer will not run: back to the broker if it can take it, else reported lost. */
  #giveBack(message, event, attempt, error = new ConsumerClosedError()) {
    if (this.#transport.redelivers !== false) {
      // Left unsettled (no `retry`: MQTT's persistent session), the broker sends it again.
      if (typeof message.retry !== "function") return Promise.resolve();
      return this.#settle(message, "retry", [0, error, { sameAttempt: true }], event);
    }
    tell(this.#options.onError, error, { stage: "shutdown", event, attempt: attempt ?? message.attempt ?? 1, delivery: message.delivery });
    return Promise.resolve();
  }

  // Resolves once the message is settled (acked, retried or dead-lettered); never rejects.
  #onMessage(message, { again = false } = {}) {
    if (!again) this.#stats.received++;
    // A late delivery after the deadline: the handlers' resources may be gone.
    if (this.#state === "closed") return this.#giveBack(message, undefined, message.attempt);
    let event;
    try {
      event = this.#router.parse(message.delivery);
    } catch (error) {
      // A trapped module (code "internal") works again on the next call: worth a retry.
      const settling = isPoison(error)
        ? this.#deadLetter(message, undefined, error, message.attempt ?? 1)
        : this.#failBeforeDispatch(message, error, message.attempt ?? 1);
      if (settling.waited !== undefined) return this.#detach(settling.waited).then(settling.next);
      return this.#detach(settling);
    }
    return new Promise((resolve) => {
      const job = { message, event, key: undefined, attempt: message.attempt ?? 1, done: resolve };
      if (this.#options.ordered) {
        try {
          job.key = String(this.#options.orderBy(event));
        } catch (error) {
          tell(this.#options.onError, error, { stage: "orderBy", event });
          job.key = event.key;
        }
        const waiting = this.#keyed.get(job.key);
        if (waiting !== undefined) {
          waiting.push(job);
          this.#keyedWaiting++;
          return;
        }
        this.#keyed.set(job.key, []);
      }
      this.#runnable.push(job);
      this.#pump();
    });
  }

  #detach(settling) {
    this.#detached++;
    return settling.then(() => {
      this.#detached--;
      this.#wakeSettleWaiters();
    });
  }

  #wakeSettleWaiters() {
    for (const wake of this.#settleWaiters) wake();
    this.#settleWaiters.clear();
  }

  #pump() {
    if (this.#state === "closed") {
      this.#abandonWaiting();
      return;
    }
    while (this.#active < this.#options.concurrency && this.#runnableHead < this.#runnable.length) {
      const job = this.#runnable[this.#runnableHead];
      this.#runnable[this.#runnableHead++] = undefined;
      if (this.#runnableHead > 1024 && this.#runnableHead * 2 > this.#runnable.length) {
        this.#runnable = this.#runnable.slice(this.#runnableHead);
        this.#runnableHead = 0;
      }
      this.#active++;
      this.#run(job).then((outcome) => (outcome?.waitMs === undefined ? this.#finished(job) : this.#waitToRetry(job, outcome)));
    }
  }

  /**
   * An in-process retry: the job leaves its concurrency slot (but keeps its order key) and runs
   * again after `waitMs`. Still in flight meanwhile, so close() waits for it up to the deadline.
   */
  #waitToRetry(job, { waitMs, attempt, error }) {
    this.#active--;
    this.#stats.retried++;
    job.attempt = attempt;
    this.#wait(
      this.#retryWaits,
      waitMs,
      () => {
        this.#runnable.push(job);
        this.#pump();
      },
      // The deadline passed: this retry never runs.
      () => this.#giveBack(job.message, job.event, job.attempt, new ConsumerClosedError(error)).then(() => this.#release(job)),
    );
    this.#pump();
  }

  #finished(job) {
    this.#active--;
    this.#release(job);
    this.#pump();
  }

  /** A job is settled: the next of its order key may run; close() may be waiting for it. */
  #release(job) {
    if (job.key !== undefined) {
      const waiting = this.#keyed.get(job.key);
      const next = waiting?.shift();
      if (next !== undefined) {
        this.#keyedWaiting--;
        this.#runnable.push(next);
      } else this.#keyed.delete(job.key);
    }
    job.done();
    this.#wakeSettleWaiters();
  }

  // Never rejects: every outcome ends in exactly one of ack, retry, deadLetter, or (a retry
  // that waits in this process) `{ waitMs, attempt, error }` for #waitToRetry.
  async #run(job) {
    const { message, event } = job;
    const { guard, leaseMs, retry, ordered, onError } = this.#options;
    let attempt = job.attempt;
    for (;;) {
      const guarded = await guardedDispatch({
        guard,
        event,
        leaseMs,
        guardTtlMs: this.#options.rememberMs,
        hashKeyTtlMs: this.#options.hashKeyTtlMs,
        dispatch: () =>
          Promise.resolve()
            .then(() => this.#router.dispatchEvent(event, this.#dispatchOptions))
            .then((report) => ({ report }), (error) => ({ error })),
        // A guard failure is told; after the handlers ran the message is acked all the same.
        guardCall: (operation, call) =>
          Promise.resolve()
            .then(call)
            .then(
              (value) => ({ value }),
              (error) => {
                tell(onError, error, { stage: "guard", event, attempt });
                return { failed: true, error };
              },
            ),
        // A handler past handlerTimeoutMs may still run: its claim stays until the lease ends.
        keepsClaim: (result) => result.error !== undefined && handlerTimedOut(result.error),
      });
      if (guarded.outcome === "guardFailed") {
        if (guarded.error instanceof TypeError) tell(onError, guarded.error, { stage: "guard", event, attempt });
        return this.#retryLater(message, event, guarded.error, attempt, { sameAttempt: true });
      }
      if (guarded.outcome === "duplicate") {
        this.#stats.duplicates++;
        return this.#settle(message, "ack", [], event);
      }
      if (guarded.outcome === "busy") {
        const busy = new GuardBusyError(event.key);
        if (ordered && !this.#retriesHere(message) && (await this.#sleep(this.#busyDelay()))) continue;
        return this.#retryLater(message, event, busy, attempt, { sameAttempt: true, delayMs: this.#busyDelay() });
      }
      const failure = guarded.result.error;
      if (guarded.result.report !== undefined) {
        this.#stats.acked++;
        return this.#settle(message, "ack", [], event);
      }
      tell(onError, failure, { stage: "handler", event, attempt });
      if (attempt >= retry.maxAttempts) return this.#deadLetter(message, event, failure, attempt);
      if (ordered && this.#state === "running" && !this.#retriesHere(message)) {
        // Retried here so that later messages of the same key stay behind this one.
        const waited = await this.#sleep(backoffDelay(attempt, retry, this.#options.clock.random));
        if (waited) {
          attempt++;
          this.#stats.retried++;
          continue;
        }
      }
      return this.#retryLater(message, event, failure, attempt);
    }
  }

  /** A retry at the broker, or (see #retriesHere) an in-process wait handed back to #pump. */
  #retryLater(message, event, error, attempt, { sameAttempt = false, delayMs } = {}) {
    if (!this.#retriesHere(message)) return this.#settleRetry(message, event, error, attempt, { sameAttempt, delayMs });
    const waitMs = delayMs ?? backoffDelay(attempt, this.#options.retry, this.#options.clock.random);
    return { waitMs, attempt: sameAttempt ? attempt : attempt + 1, error };
  }

  #busyDelay() {
    const { leaseMs, retry, clock } = this.#options;
    const base = Math.min(retry.maxDelayMs, Math.max(retry.baseDelayMs, leaseMs / 4));
    return Math.round(base * (0.5 + clock.random() * 0.5));
  }

  /** Waits `ms` unless the consumer is closing; true when the whole wait passed. */
  #sleep(ms) {
    if (this.#state !== "running") return Promise.resolve(false);
    return new Promise((resolve) => this.#wait(this.#sleepers, ms, () => resolve(this.#state === "running"), () => resolve(false)));
  }

  /**
   * Calls `onTime` after `ms`, unless close() cuts the wait first (it calls every function in
   * `waits`): then `onCut`, at once. Exactly one of the two runs.
   */
  #wait(waits, ms, onTime, onCut) {
    const { clock } = this.#options;
    const cut = () => {
      clock.clearTimeout(timer);
      waits.delete(cut);
      onCut();
    };
    const timer = clock.setTimeout(() => {
      waits.delete(cut);
      onTime();
    }, ms);
    waits.add(cut);
  }

  // A failure before the handlers could run (module trap): retry, or dead-letter when used up.
  #failBeforeDispatch(message, error, attempt) {
    tell(this.#options.onError, error, { stage: "parse", attempt });
    if (attempt >= this.#options.retry.maxAttempts) return this.#deadLetter(message, undefined, error, attempt);
    if (!this.#retriesHere(message)) return this.#settleRetry(message, undefined, error, attempt);
    // Waits here (in flight as detached), then parses again with the next attempt number.
    this.#stats.retried++;
    const again = { ...message, attempt: attempt + 1 };
    let elapsed;
    const delay = backoffDelay(attempt, this.#options.retry, this.#options.clock.random);
    const waited = new Promise((resolve) => this.#wait(this.#parseWaits, delay, () => resolve(true), () => resolve(false))).then((value) => (elapsed = value));
    return { waited, next: () => (elapsed ? this.#onMessage(again, { again: true }) : this.#giveBack(again, undefined, again.attempt, new ConsumerClosedError(error))) };
  }

  #settleRetry(message, event, error, attempt, { sameAttempt = false, delayMs } = {}) {
    const delay = delayMs ?? backoffDelay(attempt, this.#options.retry, this.#options.clock.random);
    this.#stats.retried++;
    return this.#settle(message, "retry", [delay, error, { sameAttempt }], event);
  }

  #deadLetter(message, event, error, attempt) {
    this.#stats.deadLettered++;
    tell(this.#options.onDeadLetter, { event, error, attempt, delivery: message.delivery });
    // The attempt is the engine's count (a transport whose retries wait here cannot know it).
    return this.#settle(message, "deadLetter", [error, { attempt }], event);
  }

  /** Calls the message's ack/retry/deadLetter; a failure there is told, not thrown (the broker redelivers). */
  async #settle(message, action, args, event) {
    try {
      await message[action](...args);
    } catch (error) {
      tell(this.#options.onError, error, { stage: action, event });
    }
  }
}
