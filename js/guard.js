// Idempotency guards: remember which events already ran, so a redelivered event is acked
// without running its handlers again.
//
// A guard record is "busy" (a lease: someone is running the handlers; expires with its TTL, so
// a consumer that died does not block the event for ever) or "done" (the handlers succeeded;
// kept for a TTL). `claim` answers "claimed" (run them), "done" (skip) or "busy" (try later).

const BUSY = "busy";
const DONE = "done";

function randomToken() {
  return Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
}

function checkTtl(ttlMs, method) {
  if (!(typeof ttlMs === "number" && ttlMs > 0 && Number.isFinite(ttlMs))) {
    throw new TypeError(`${method}: ttlMs must be a positive finite number, found ${String(ttlMs)}`);
  }
}

/** In-process guard, least recently used records dropped beyond `max`. Not shared between processes. */
export class MemoryGuardStore {
  #max;
  #now;
  // key → { state, expires }; Map order is recency order (touched records move to the end).
  #records = new Map();

  constructor({ max = 100_000, now = Date.now } = {}) {
    if (!(Number.isInteger(max) && max > 0)) throw new TypeError(`MemoryGuardStore: max must be a positive integer, found ${String(max)}`);
    this.#max = max;
    this.#now = now;
  }

  get size() {
    return this.#records.size;
  }

  async claim(key, ttlMs) {
    checkTtl(ttlMs, "claim");
    const now = this.#now();
    const record = this.#records.get(key);
    if (record !== undefined && record.expires > now) {
      this.#touch(key, record);
      return record.state === DONE ? "done" : "busy";
    }
    this.#set(key, { state: BUSY, expires: now + ttlMs });
    return "claimed";
  }

  async complete(key, ttlMs) {
    checkTtl(ttlMs, "complete");
    this.#set(key, { state: DONE, expires: this.#now() + ttlMs });
  }

  async release(key) {
    if (this.#records.get(key)?.state === BUSY) this.#records.delete(key);
  }

  #touch(key, record) {
    this.#records.delete(key);
    this.#records.set(key, record);
  }

  #set(key, record) {
    this.#records.delete(key);
    this.#records.set(key, record);
    if (this.#records.size <= this.#max) return;
    // Drop the least recently used "done" records; a busy lease is never dropped early, since
    // that would let a duplicate run beside the first (busy records are bounded by what runs).
    for (const [oldKey, old] of this.#records) {
      if (this.#records.size <= this.#max) break;
      if (old.state === DONE || old.expires <= this.#now()) this.#records.delete(oldKey);
    }
  }
}

// Deletes the record only while it is still this claim's lease (another may own it by now).
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Guard records in Redis, shared by every consumer: `SET key busy:<token> NX PX ttl` claims,
 * `SET key done PX ttl` completes. Takes a connected node-redis (v4 or later) client; only
 * `sendCommand` is used, so the client's option shapes do not matter.
 */
export class RedisGuardStore {
  #client;
  #prefix;
  // key → the token of this store's live claim, so `release` deletes only its own lease.
  #tokens = new Map();

  constructor(client, { prefix = "enmeshed-events:guard:" } = {}) {
    if (client === null || typeof client !== "object" || typeof client.sendCommand !== "function") {
      throw new TypeError("RedisGuardStore: expected a node-redis client (with sendCommand)");
    }
    this.#client = client;
    this.#prefix = prefix;
  }

  /** The Redis key that holds the guard record of `key`. */
  redisKey(key) {
    return this.#prefix + key;
  }

  async claim(key, ttlMs) {
    checkTtl(ttlMs, "claim");
    const token = `${BUSY}:${randomToken()}`;
    const redisKey = this.redisKey(key);
    const set = await this.#client.sendCommand(["SET", redisKey, token, "NX", "PX", String(Math.ceil(ttlMs))]);
    if (set !== null && set !== undefined) {
      this.#tokens.set(key, token);
      return "claimed";
    }
    const value = await this.#client.sendCommand(["GET", redisKey]);
    // Gone between the two commands (the lease expired): someone may claim it now; try later.
    return value === DONE ? "done" : "busy";
  }

  async complete(key, ttlMs) {
    checkTtl(ttlMs, "complete");
    this.#tokens.delete(key);
    await this.#client.sendCommand(this.completionCommand(key, ttlMs));
  }

  async release(key) {
    const token = this.#tokens.get(key);
    this.#tokens.delete(key);
    if (token === undefined) return;
    await this.#client.sendCommand(["EVAL", RELEASE_SCRIPT, "1", this.redisKey(key), token]);
  }

  /**
   * The command that marks `key` done, to queue in the handler's own MULTI beside its side
   * effect (`multi.addCommand(guard.completionCommand(event.key, ttlMs))`): the effect and the
   * record then commit together, so a crash between them cannot make the event run twice.
   */
  completionCommand(key, ttlMs) {
    checkTtl(ttlMs, "completionCommand");
    return ["SET", this.redisKey(key), DONE, "PX", String(Math.ceil(ttlMs))];
  }
}

/**
 * Guard records in a key-value store of the Workers KV shape (`get`, `put` with
 * `{ expirationTtl }` in seconds, at least 60, `delete`). KV has no compare-and-set and is
 * eventually consistent: two consumers can both claim an event at the same moment. It catches
 * redeliveries that come later, which is most of them.
 */
export class KvGuardStore {
  #kv;
  #prefix;
  #claims = new Map(); // key → the busy value this store wrote, so release removes only its own claim

  constructor(kv, { prefix = "enmeshed-events:guard:" } = {}) {
    if (kv === null || typeof kv !== "object" || typeof kv.get !== "function" || typeof kv.put !== "function" || typeof kv.delete !== "function") {
      throw new TypeError("KvGuardStore: expected a store with get, put and delete");
    }
    this.#kv = kv;
    this.#prefix = prefix;
  }

  async claim(key, ttlMs) {
    checkTtl(ttlMs, "claim");
    const value = await this.#kv.get(this.#prefix + key);
    if (value === DONE) return "done";
    if (value !== null && value !== undefined) return "busy";
    const claim = `${BUSY}:${randomToken()}`;
    await this.#kv.put(this.#prefix + key, claim, { expirationTtl: kvTtl(ttlMs) });
    this.#claims.set(key, claim);
    return "claimed";
  }

  async complete(key, ttlMs) {
    checkTtl(ttlMs, "complete");
    this.#claims.delete(key);
    await this.#kv.put(this.#prefix + key, DONE, { expirationTtl: kvTtl(ttlMs) });
  }

  /**
   * Deletes the record only while it is still this store's claim: after a lease ran out another
   * consumer may have claimed the event, or completed it, and its record must stay. (KV has no
   * compare-and-delete: a write landing between the read and the delete can still be lost.)
   */
  async release(key) {
    const claim = this.#claims.get(key);
    this.#claims.delete(key);
    const value = await this.#kv.get(this.#prefix + key);
    if (value === null || value === undefined || value === DONE) return;
    if (claim !== undefined && value !== claim) return;
    await this.#kv.delete(this.#prefix + key);
  }
}

// Workers KV refuses an expirationTtl under 60 seconds.
function kvTtl(ttlMs) {
  return Math.max(60, Math.ceil(ttlMs / 1000));
}
