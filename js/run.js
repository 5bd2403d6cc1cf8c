// Calling one dispatch's handlers and recording what each returned.
//
// The module decides which registrations an event name matches (src/wasm/dispatch.rs); the
// router remembers that per name and calls the handlers here, in registration order, in JS:
// a call per handler from wasm cost more than the rest of a small dispatch.

/** A handler call that threw. */
export class Failure {
  constructor(error) {
    this.error = error;
  }
}

/**
 * Calls each registration's handler with `event`, appending to `outcomes` what it returned,
 * or a Failure for what it threw (filled in place, so a caller that fails afterwards still
 * sees the promises of the handlers that ran).
 */
export function callEach(registrations, event, outcomes) {
  for (let i = 0; i < registrations.length; i++) outcomes.push(callOne(registrations[i], event));
  return outcomes;
}

/** Calls one registration's handler: what it returned, or a Failure for what it threw. */
export function callOne(registration, event) {
  try {
    return registration.handler(event);
  } catch (error) {
    return new Failure(error);
  }
}
