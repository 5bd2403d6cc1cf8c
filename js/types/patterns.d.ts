// EventEmitter2-style subscription patterns, matched at compile time against an event map
// (hand-written; the event maps themselves are generated into events.d.ts).

import type { ConnectorEventMap } from "./events.js";

// ---------------------------------------------------------------------------------------------
// Pattern typing (EventEmitter2 wildcards: a whole segment `*` = exactly one segment,
// a whole segment `**` = any number of segments, including none). A segment that merely contains
// `*` (e.g. `*RequestStatusChanged`) is not a wildcard: EventEmitter2 compares it literally, so it
// matches no known name.
// A known name's bare `${string}` segment (the relationship id of `consumption.relationshipEvent.${string}`)
// is matched by `*` and `**` only: in a wildcard pattern a literal segment does not match it, so
// `**.messageReceived` gives `transport.messageReceived` alone, not also the relationship with that id.
// (A pattern without wildcards, e.g. `consumption.relationshipEvent.REL…`, is looked up directly.)
// ---------------------------------------------------------------------------------------------

/** The string keys of an event map `M`. */
export type EventNameOf<M> = Extract<keyof M, string>;

/** Splits a dot-separated name or pattern into its segments (`"a.b.c"` → `["a", "b", "c"]`). */
export type Segments<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Segments<Tail>] : [S];

/** true when the segments of pattern `P` match the segments of name `N` under EventEmitter2 rules. */
type SegmentsMatch<P extends string[], N extends string[]> = P extends [
    infer PH extends string,
    ...infer PT extends string[],
]
    ? PH extends "**"
        ? SegmentsMatch<PT, N> extends true
            ? true
            : N extends [string, ...infer NT extends string[]]
              ? SegmentsMatch<P, NT>
              : false
        : N extends [infer NH extends string, ...infer NT extends string[]]
          ? PH extends "*"
              ? SegmentsMatch<PT, NT>
              : string extends NH
                ? false // a literal never matches a bare `${string}` segment (an id placeholder), see above
                : PH extends NH
                  ? SegmentsMatch<PT, NT>
                  : false
          : false
    : N extends []
      ? true
      : false;

/** true when some segment of `P` is a whole `*` or `**`. */
export type IsWildcardPattern<P extends string> = [Extract<Segments<P>[number], "*" | "**">] extends [never] ? false : true;

/** The names of `Names` matched by the already split pattern `PS` (distributes over `Names`). */
type NamesMatchingSegments<PS extends string[], Names extends string> = Names extends unknown
    ? SegmentsMatch<PS, Segments<Names>> extends true
        ? Names
        : never
    : never;

/**
 * The union of the known event names (keys of `M`) that pattern `P` matches; `never` if none.
 * E.g. `EventsMatching<"transport.*">` = every `transport.…` name, `EventsMatching<"**">` = every name.
 */
export type EventsMatching<P extends string, M = ConnectorEventMap> = P extends unknown
    ? NamesMatchingSegments<Segments<P>, EventNameOf<M>>
    : never;

/** `M[K]` for every `K` of the union (distributes). */
type DataOfNames<M, K> = K extends keyof M ? M[K] : never;

/**
 * The event name a handler for pattern `P` sees: `P` itself for a pattern without wildcards
 * (known or not), the matching known names for a wildcard pattern, `string` when a wildcard
 * pattern matches no known name (or when `P` is just `string`).
 */
export type NameFor<P extends string, M = ConnectorEventMap> = string extends P
    ? string
    : P extends unknown
      ? IsWildcardPattern<P> extends true
          ? [EventsMatching<P, M>] extends [never]
              ? string
              : EventsMatching<P, M>
          : P
      : never;

/**
 * The `data` type a handler for pattern `P` sees: `M[P]` for a known name, the union of the data
 * types of all matching names for a wildcard pattern, `unknown` for an unknown name or a wildcard
 * pattern that matches no known name (or when `P` is just `string`).
 */
export type DataFor<P extends string, M = ConnectorEventMap> = string extends P
    ? unknown
    : P extends unknown
      ? IsWildcardPattern<P> extends true
          ? [EventsMatching<P, M>] extends [never]
              ? unknown
              : DataOfNames<M, EventsMatching<P, M>>
          : P extends keyof M
            ? M[P]
            : unknown
      : never;

// Keep the helper types above that are not marked `export` private to this module.
export {};
