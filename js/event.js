// The event class, and the factories the wasm shell builds events and errors with
// (src/wasm/js_api.rs).
//
// What was validated is what is handed out: data that lay in wasm memory (a byte body) is
// decoded from exactly those validated bytes before anything can overwrite them, and a string
// body cannot change. An event no handler matched on a broker's name alone never entered wasm:
// it keeps a copy of the body and is parsed, within the router's limits, when first read.

import { CATALOGUE } from "./catalogue.js";
import { EventParseError } from "./errors.js";
import { raw, guarded } from "./instance.js";
import { sourceName } from "./delivery.js";
import { dataString } from "./text.js";

const PLACE = raw.DataPlace;
const NO_PROBLEMS = Object.freeze([]);
const decoder = new TextDecoder();

// The catalogue rows, made once: known events cross the boundary as their row index. From the
// generated table (js/catalogue.js), not from wasm: asking wasm cost the first event ~1 ms.
let catalogueRows;
export function catalogueRow(index) {
  catalogueRows ??= CATALOGUE.map(([name, dataType, legacy, successors]) =>
    Object.freeze({ name, dataType, legacy, successors: Object.freeze([...successors]) }),
  );
  return catalogueRows[index];
}

function withoutBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The UTF-8 text at `address` in wasm memory (validated by the module, BOM already skipped). */
/** What to parse the data from: a JSON text, or (string bodies) the body and where in it. */
function dataText(location, address, length, decoded, source) {
  switch (location) {
    case PLACE.Body:
    case PLACE.EnvelopeData:
      if (typeof source.body === "string") return undefined; // parsed from the body itself
      return dataString(address, length);
    case PLACE.Decoded:
      return decoded;
    default:
      return undefined;
  }
}

// Marks an event whose data has not been checked: it is parsed from its source when first read.
const UNCHECKED = Symbol("unchecked");

/** One event. `data` is parsed on first access. */
export class ConnectorEvent {
  #problems;
  #location;
  #text;
  #source;
  #data;
  #error;
  #parsed = false;
  // [key, subject], computed by the module when first read: most handlers never ask.
  #identity;
  // The body of an unchecked event that turned out not to parse, for its key.
  #failedText;

  constructor(index, name, kind, problems, location, text, source) {
    const row = index >= 0 ? catalogueRow(index) : undefined;
    this.name = name ?? row.name;
    this.source = source.label ?? sourceName(kind);
    this.known = row !== undefined && !row.legacy;
    this.legacy = row !== undefined && row.legacy;
    if (this.legacy) {
      this.successors = row.successors;
      if (row.successors.length === 1) this.successor = row.successors[0];
    }
    this.dataType = row === undefined ? "unknown" : row.dataType;
    if (source.correlationId !== undefined) this.correlationId = source.correlationId;
    this.#problems = problems === undefined ? NO_PROBLEMS : problems;
    this.#location = location;
    this.#text = text;
    this.#source = source;
  }

  /**
   * The event's data, JSON-equal to the wire; undefined for events without data.
   * @throws {EventParseError} for an unchecked event (no handler matched a broker delivery)
   *   whose body turns out not to be JSON within the router's limits.
   */
  get data() {
    if (!this.#parsed) this.#parse();
    if (this.#error !== undefined) throw this.#error;
    return this.#data;
  }

  /** Validation findings. For an event no handler matched on its name alone, computed on first access. */
  get problems() {
    if (this.#problems === UNCHECKED) this.#check();
    return this.#problems;
  }

  /** A stable identity of this occurrence, `<name>:<identity>` (see the README's "Event identity"). */
  get key() {
    return (this.#identity ??= this.#identify())[0];
  }

  /** The id of the entity the event is about (message, relationship, request, …), or undefined. */
  get subject() {
    return (this.#identity ??= this.#identify())[1];
  }

  /**
   * True when `key` is (or ends with) a hash of the data rather than ids: distinct occurrences
   * with identical data (two Connector restarts) share it, so a guard remembers it only briefly.
   */
  get keyIsHash() {
    return (this.#identity ??= this.#identify())[2];
  }

  #identify() {
    if (this.#problems === UNCHECKED) this.#check();
    if (this.#error !== undefined) return identityOf(this.name, this.#failedText, false);
    const body = this.#source?.body;
    switch (this.#location) {
      case PLACE.Body:
        return identityOf(this.name, this.#text ?? withoutBom(body), false);
      case PLACE.EnvelopeData:
        // A string body was kept whole: the module finds its `data` member.
        return this.#text === undefined ? identityOf(this.name, withoutBom(body), true) : identityOf(this.name, this.#text, false);
      case PLACE.Decoded:
        return identityOf(this.name, this.#text, false);
      default:
        return identityOf(this.name, undefined, false);
    }
  }

  #check() {
    const source = this.#source;
    if (source.body instanceof SlabCut) source.body = source.body.bytes();
    try {
      const checked = parseSource(source);
      this.#problems = checked.problems;
      this.#location = checked.#location;
      this.#text = checked.#text;
      // Bytes were decoded into #text: let go of the copy (and of its slab).
      if (typeof this.#source.body !== "string") this.#source = undefined;
    } catch (error) {
      this.#error = error;
      this.#problems = [{ code: error.code, path: error.path ?? "", message: error.message }];
      // Its identity will be the hash of what arrived: keep the text, let go of the bytes.
      const body = this.#source.body;
      this.#failedText = typeof body === "string" ? withoutBom(body) : decoder.decode(body);
      this.#source = undefined;
    }
  }

  #parse() {
    if (this.#problems === UNCHECKED) this.#check();
    this.#parsed = true;
    if (this.#error !== undefined) return;
    const body = this.#source?.body;
    try {
      switch (this.#location) {
        case PLACE.Body:
          this.#data = JSON.parse(this.#text ?? withoutBom(body));
          break;
        case PLACE.EnvelopeData:
          this.#data = this.#text === undefined ? JSON.parse(withoutBom(body)).data : JSON.parse(this.#text);
          break;
        case PLACE.Decoded:
          this.#data = JSON.parse(this.#text);
          break;
        default:
          this.#data = undefined;
      }
    } catch (cause) {
      // Cannot happen for checked data (the scanner accepts what JSON.parse accepts); kept typed.
      this.#error = new EventParseError("invalid_json", `the data could not be parsed: ${cause.message}`, "data", undefined, { cause });
    }
  }

  toJSON() {
    const { name, key, subject, source, known, legacy, successor, dataType, correlationId } = this;
    let data;
    try {
      data = this.data;
    } catch {
      data = undefined;
    }
    return { name, key, subject, source, known, legacy, successor, dataType, correlationId, problems: this.problems, data };
  }
}

// Most keys are read from the first fields of the data (a message's `id` comes first): the
// start of a long text is tried before all of it is copied into wasm.
const IDENTITY_START_CHARS = 512;

/** `[key, subject, keyIsHash]` from the module's `[key, subject]`, `[key, start, end]` or `[key]` (each with `true` fourth when the key is a hash). */
function identityOf(name, text, envelope) {
  const [key, subject, end, keyIsHash] = guarded(() => {
    if (text !== undefined && text.length > IDENTITY_START_CHARS) {
      const found = raw.eventIdentity(name, text.slice(0, IDENTITY_START_CHARS), envelope, false);
      if (found !== undefined) return found;
    }
    return raw.eventIdentity(name, text, envelope, true);
  });
  return [key, end === undefined ? subject : key.slice(subject, end), keyIsHash === true];
}

/**
 * An event for a delivery no handler matched, decided from its name alone (never in wasm):
 * `row` is its catalogue row (-1: unknown), `name` its name when the row does not give it.
 */
export function uncheckedEvent(row, name, source) {
  // Its body must not change under it before it is parsed: bytes are copied (into the
  // snapshot, which is the dispatch's own object).
  if (typeof source.body !== "string") source.body = copyOf(source.body);
  return new ConnectorEvent(row, name, source.kind, UNCHECKED, PLACE.None, undefined, source);
}

// Small copies are cut from shared slabs: allocating an ArrayBuffer per event costs more than
// the copy itself (a 1 KB unhandled broker event took 2.3 µs with its own buffer, 0.7 µs with
// slabs). A slab is freed when no unread event cut from it is left (an event lets go of its
// copy once its data was read); keeping one unread event keeps at most its 64 KB slab.
const SLAB_BYTES = 64 * 1024;
const SLAB_CUT_MAX = 8 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

/**
 * Where a copy lies in a slab. The Uint8Array over it is made only when the event is parsed:
 * most unhandled events never are, and a view cost more than the copy.
 */
class SlabCut {
  constructor(slab, start, end) {
    this.slab = slab;
    this.start = start;
    this.end = end;
  }

  bytes() {
    return this.slab.subarray(this.start, this.end);
  }
}

function copyOf(bytes) {
  const length = bytes.byteLength;
  if (length > SLAB_CUT_MAX) return bytes.slice();
  if (slabUsed + length > slab.byteLength) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const start = slabUsed;
  slab.set(bytes, start);
  slabUsed += length;
  return new SlabCut(slab, start, slabUsed);
}

// Set by parse.js (which needs this module): parses a source into a checked event.
let parseSource;
export function setSourceParser(parse) {
  parseSource = parse;
}

// The snapshot whose delivery the module is parsing, and the event it built for it: the module
// hands its event to `makeEvent` and returns nothing, so neither the snapshot nor the event
// takes a slot in the instance's externref table, and nothing crosses back.
let parsing;
let made;

/**
 * Makes `source` the snapshot the next raw parse builds its event for; `takeEvent` (in a
 * `finally`, so nothing is held after a failure) returns that event. Only the factories run
 * during a raw parse, and they parse nothing, so one pair of variables serves every caller.
 */
export function expectEvent(source) {
  parsing = source;
  made = undefined;
}

/** The event the raw parse since `expectEvent` built (undefined if it failed); forgets both. */
export function takeEvent() {
  const event = made;
  parsing = undefined;
  made = undefined;
  return event;
}

/** Runs `parse`, a raw parse of `source` whose delivery is in the input buffer; returns its event. */
export function eventFrom(source, parse, layout) {
  let event;
  expectEvent(source);
  try {
    parse(layout[0], layout[1], layout[2], layout[3]);
  } finally {
    event = takeEvent();
  }
  return event;
}

// The factories the wasm shell builds its results with (src/wasm/js_api.rs).
export const API = {
  makeEvent: (index, name, problems, location, address, length, decoded) => {
    const source = parsing;
    made = new ConnectorEvent(index, name, source.kind, problems, location, dataText(location, address, length, decoded, source), source);
  },
  makeProblem: (code, path, message) => ({ code, path, message }),
  makeParseError: (code, message, path, problems) => new EventParseError(code, message, path, problems),
};
