// The dispatch being run: what the handler wrappers record while the module calls them.
//
// The module calls the matched handlers in registration order (src/wasm/dispatch.rs); each is
// a wrapper that runs the user's function and records its pattern and outcome here, so no
// array has to be built across the boundary. Runs nest: a handler may dispatch again.

/** A handler call that threw. */
export class Failure {
  constructor(error) {
    this.error = error;
  }
}

/** What one dispatch's handlers did, in call order. */
export class Run {
  constructor(deferred) {
    // Sequential routers: the wrappers only queue themselves; the router calls them in turn.
    this.deferred = deferred;
    this.patterns = [];
    this.outcomes = [];
  }
}

let current;

/** Runs `call` with `run` as the dispatch the wrappers record into. */
export function recording(run, call) {
  const outer = current;
  current = run;
  try {
    return call();
  } finally {
    current = outer;
  }
}

/**
 * The wrapper the module calls for one registration: records `pattern` and what `handler`
 * returned (or threw, as a Failure); in a deferred run, the call to make later instead.
 */
export function recorder(pattern, handler, beforeCall) {
  const call = (event) => {
    beforeCall?.();
    try {
      return handler(event);
    } catch (error) {
      return new Failure(error);
    }
  };
  return (event) => {
    const run = current;
    run.patterns.push(pattern);
    run.outcomes.push(run.deferred ? call : call(event));
  };
}

/** For the module: a wrapper call that failed before the wrapper ran (the stack ran out). */
export function failedCall(pattern, thrown) {
  current.patterns.push(pattern);
  current.outcomes.push(new Failure(thrown));
}
