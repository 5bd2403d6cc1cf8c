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

export { MemoryGuardStore, RedisGuardStore, KvGuardStore } from "./guard.js";

const DEFAULT_RETRY = Object.freeze({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000, jitter: true });
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_REMEMBER_MS = 7 * 24 * 3_600_000;
const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;

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

function nonNegative(value, name) {
  if (!(typeof value === "number" && value >= 0 && !Number.isNaN(value))) throw new TypeError(`consume: ${name} must be a non-negative number, found ${String(value)}`);
  return value;
}

function optionsOf(options) {
  if (options === null || typeof options !== "object") throw new TypeError("consume: options must be an object");
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  positiveInteger(retry.maxAttempts, "retry.maxAttempts");
  nonNegative(retry.baseDelayMs, "retry.baseDelayMs");
  nonNegative(retry.maxDelayMs, "retry.maxDelayMs");
  const guard = options.guard === undefined ? new MemoryGuardStore() : options.guard;
  if (guard !== false && (guard === null || typeof guard !== "object" || typeof guard.claim !== "function")) {
    throw new TypeError("consume: guard must be a GuardStore (claim, complete, release) or false");
  }
  const orderBy = options.orderBy ?? ((event) => event.subject ?? event.key);
  if (typeof orderBy !== "function") throw new TypeError("consume: orderBy must be a function");
  return {
    concurrency: positiveInteger(options.concurrency ?? 16, "concurrency"),
    retry,
    guard: guard || undefined,
    leaseMs: positiveInteger(options.guardLeaseMs ?? DEFAULT_LEASE_MS, "guardLeaseMs"),
    rememberMs: positiveInteger(options.guardTtlMs ?? DEFAULT_REMEMBER_MS, "guardTtlMs"),
    ordered: Boolean(options.ordered),
    orderBy,
    shutdownDeadlineMs: nonNegative(options.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS, "shutdownDeadlineMs"),
    onError: typeof options.onError === "function" ? options.onError : undefined,
    onDeadLetter: typeof options.onDeadLetter === "function" ? options.onDeadLetter : undefined,
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
  #closing;
  #resolveClosed;
  #rejectClosed;

  constructor(router, transport, options) {
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
      this.#fail(error);
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
    return this.#detached + this.#active + this.#runnable.length - this.#runnableHead + this.#keyedWaiting;
  }

  /** Stops taking messages, lets those in flight finish within the deadline, then closes. */
  close({ deadlineMs } = {}) {
    let deadline;
    try {
      deadline = deadlineMs === undefined ? this.#options.shutdownDeadlineMs : nonNegative(deadlineMs, "deadlineMs");
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
    // Retries waiting in this process go back to the broker instead of being waited out.
    for (const wake of this.#sleepers) wake();
    let timer;
    const deadline = new Promise((resolve) => {
      timer = clock.setTimeout(resolve, deadlineMs);
    });
    while (this.#inFlight() > 0) {
      const settled = new Promise((resolve) => this.#settleWaiters.add(resolve));
      if ((await Promise.race([settled.then(() => true), deadline.then(() => false)])) === false) break;
    }
    clock.clearTimeout(timer);
    const abandoned = this.#inFlight();
    this.#state = "closed";
    try {
      await this.#transport.close?.();
    } catch (error) {
      tell(onError, error, { stage: "close" });
    }
    return { finished: Math.max(0, before - abandoned), abandoned };
  }

  // Resolves once the message is settled (acked, retried or dead-lettered); never rejects.
  #onMessage(message) {
    this.#stats.received++;
    let event;
    try {
      event = this.#router.parse(message.delivery);
    } catch (error) {
      // A trapped module (code "internal") works again on the next call: worth a retry.
      const settling = isPoison(error)
        ? this.#deadLetter(message, undefined, error, message.attempt ?? 1)
        : this.#failBeforeDispatch(message, error, message.attempt ?? 1);
      return this.#detach(settling);
    }
    return new Promise((resolve) => {
      const job = { message, event, key: undefined, done: resolve };
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
    while (this.#active < this.#options.concurrency && this.#runnableHead < this.#runnable.length) {
      const job = this.#runnable[this.#runnableHead];
      this.#runnable[this.#runnableHead++] = undefined;
      if (this.#runnableHead > 1024 && this.#runnableHead * 2 > this.#runnable.length) {
        this.#runnable = this.#runnable.slice(this.#runnableHead);
        this.#runnableHead = 0;
      }
      this.#active++;
      this.#run(job).then(() => this.#finished(job));
    }
  }

  #finished(job) {
    this.#active--;
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
    this.#pump();
  }

  // Never rejects: every outcome ends in exactly one of ack, retry, deadLetter.
  async #run({ message, event }) {
    const { guard, leaseMs, rememberMs, retry, ordered, onError } = this.#options;
    let attempt = message.attempt ?? 1;
    for (;;) {
      if (guard !== undefined) {
        let claim;
        try {
          claim = await guard.claim(event.key, leaseMs);
        } catch (error) {
          tell(onError, error, { stage: "guard", event, attempt });
          return this.#settleRetry(message, event, error, attempt, { sameAttempt: true });
        }
        if (claim === "done") {
          this.#stats.duplicates++;
          return this.#settle(message, "ack", [], event);
        }
        if (claim === "busy") {
          const busy = new GuardBusyError(event.key);
          if (ordered && (await this.#sleep(this.#busyDelay()))) continue;
          return this.#settleRetry(message, event, busy, attempt, { sameAttempt: true, delayMs: this.#busyDelay() });
        }
      }
      let failure;
      let report;
      try {
        report = await this.#router.dispatchEvent(event);
      } catch (error) {
        failure = error;
      }
      if (failure === undefined) {
        if (guard !== undefined) {
          try {
            // Nothing matched: no record, so most of a broadened stream leaves no trace.
            if (report?.unhandled) await guard.release(event.key);
            else await guard.complete(event.key, rememberMs);
          } catch (error) {
            // The handlers ran: ack anyway. Only a redelivery (none after the ack) could repeat them.
            tell(onError, error, { stage: "guard", event, attempt });
          }
        }
        this.#stats.acked++;
        return this.#settle(message, "ack", [], event);
      }
      if (guard !== undefined) {
        try {
          await guard.release(event.key);
        } catch (error) {
          tell(onError, error, { stage: "guard", event, attempt });
        }
      }
      tell(onError, failure, { stage: "handler", event, attempt });
      if (attempt >= retry.maxAttempts) return this.#deadLetter(message, event, failure, attempt);
      if (ordered && this.#state === "running") {
        // Retried here so that later messages of the same key stay behind this one.
        const waited = await this.#sleep(backoffDelay(attempt, retry, this.#options.clock.random));
        if (waited) {
          attempt++;
          this.#stats.retried++;
          continue;
        }
      }
      return this.#settleRetry(message, event, failure, attempt);
    }
  }

  #busyDelay() {
    const { leaseMs, retry, clock } = this.#options;
    const base = Math.min(retry.maxDelayMs, Math.max(retry.baseDelayMs, leaseMs / 4));
    return Math.round(base * (0.5 + clock.random() * 0.5));
  }

  /** Waits `ms` unless the consumer is closing; true when the whole wait passed. */
  #sleep(ms) {
    if (this.#state !== "running") return Promise.resolve(false);
    const { clock } = this.#options;
    return new Promise((resolve) => {
      const wake = () => {
        clock.clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve(false);
      };
      const timer = clock.setTimeout(() => {
        this.#sleepers.delete(wake);
        resolve(this.#state === "running");
      }, ms);
      this.#sleepers.add(wake);
    });
  }

  // A failure before the handlers could run (module trap): retry, or dead-letter when used up.
  #failBeforeDispatch(message, error, attempt) {
    tell(this.#options.onError, error, { stage: "parse", attempt });
    if (attempt >= this.#options.retry.maxAttempts) return this.#deadLetter(message, undefined, error, attempt);
    return this.#settleRetry(message, undefined, error, attempt);
  }

  #settleRetry(message, event, error, attempt, { sameAttempt = false, delayMs } = {}) {
    const delay = delayMs ?? backoffDelay(attempt, this.#options.retry, this.#options.clock.random);
    this.#stats.retried++;
    return this.#settle(message, "retry", [delay, error, { sameAttempt }], event);
  }

  #deadLetter(message, event, error, attempt) {
    this.#stats.deadLettered++;
    tell(this.#options.onDeadLetter, { event, error, attempt, delivery: message.delivery });
    return this.#settle(message, "deadLetter", [error], event);
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
