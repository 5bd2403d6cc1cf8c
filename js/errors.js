// The package's error classes, and a safe way to describe whatever a handler threw.

/** A delivery that could not be turned into an event. `code` is stable; `path` says where. */
export class EventParseError extends Error {
  constructor(code, message, path, problems, options) {
    super(message, options);
    this.name = "EventParseError";
    this.code = code;
    if (path !== undefined) this.path = path;
    if (problems !== undefined) this.problems = problems;
  }
}

/** A handler that had not settled when the router's `handlerTimeoutMs` passed. */
export class HandlerTimeoutError extends Error {
  constructor(pattern, timeoutMs, eventName) {
    super(`the handler for ${JSON.stringify(pattern)} did not settle within ${timeoutMs} ms (event ${eventName})`);
    this.name = "HandlerTimeoutError";
    this.code = "handler_timeout";
    this.pattern = pattern;
    this.timeoutMs = timeoutMs;
  }
}

/** `router.waitFor` saw no matching event within its `timeout`. */
export class WaitTimeoutError extends Error {
  constructor(pattern, timeoutMs) {
    super(`no event matching ${JSON.stringify(pattern)} arrived within ${timeoutMs} ms`);
    this.name = "WaitTimeoutError";
    this.code = "wait_timeout";
    this.pattern = pattern;
    this.timeoutMs = timeoutMs;
  }
}

/** `router.waitFor` was aborted by its `signal`; the signal's reason is the `cause`. */
export class WaitAbortedError extends Error {
  constructor(pattern, reason) {
    super(`the wait for ${JSON.stringify(pattern)} was aborted: ${describeThrown(reason)}`, { cause: reason });
    this.name = "WaitAbortedError";
    this.code = "wait_aborted";
    this.pattern = pattern;
  }
}

/**
 * Catch-up could not run: `not_reconstructable` (an event the REST API cannot reconstruct was
 * asked for), `invalid_pattern`, `invalid_watermark`, `invalid_listing` (a listing that is not
 * an array), `invalid_store` (the watermark store failed), `aborted` (its signal aborted; the
 * reason is the `cause`).
 */
export class CatchUpError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "CatchUpError";
    this.code = code;
  }
}

/** One or more handlers failed; `errors` holds what each threw, `report` the whole dispatch. */
export class HandlerError extends AggregateError {
  constructor(report) {
    const errors = report.failed.map((run) => run.error);
    const message = `${errors.length} of ${report.ran.length} handlers failed for ${report.event.name}: ${describeThrown(errors[0])}`;
    super(errors, message);
    this.name = "HandlerError";
    this.code = "handler_failed";
    this.event = report.event;
    this.report = report;
  }
}

/**
 * A short description of a thrown value that never throws itself, whatever the value is: an
 * object without a prototype, one whose getters or `toString` throw, a revoked Proxy.
 */
/**
 * What a dead letter records about the error that killed it, as strings: `message` (at most
 * `maxLength` characters), `name` and `code` ("" when absent). Never throws, whatever was thrown
 * (a hostile getter, a revoked Proxy), so recording it cannot fail the dead-lettering.
 */
export function failureFields(error, maxLength = 1000) {
  const field = (read) => {
    try {
      const value = read();
      return typeof value === "string" || typeof value === "number" ? String(value) : "";
    } catch {
      return "";
    }
  };
  return { message: describeThrown(error).slice(0, maxLength), name: field(() => error?.name), code: field(() => error?.code) };
}

export function describeThrown(value) {
  try {
    if (value instanceof Error) return String(value.message);
  } catch {
    // A revoked Proxy throws on instanceof; described below.
  }
  try {
    if (typeof value === "string") return value;
    if (value === null || typeof value !== "object") return String(value);
  } catch {
    // A Symbol's String() is fine; this is for the unexpected.
  }
  try {
    const text = String(value);
    if (typeof text === "string") return text;
  } catch {
    // toString threw, or there is none (Object.create(null)).
  }
  return "a thrown value that cannot be described";
}

/**
 * A failed Connector REST call. `code` is the Connector's error code when it sent one
 * (`error.connector.recordNotFound`, …), else `network_error`, `timeout`, `aborted`,
 * `invalid_response`, `invalid_argument` or `internal`; `status` is the HTTP status (0 when none).
 */
export class ConnectorError extends Error {
  constructor(outcome, options) {
    super(outcome.message, options);
    this.name = "ConnectorError";
    this.code = outcome.code;
    this.status = outcome.status ?? 0;
    this.connectorError = outcome.connectorError;
    this.correlationId = outcome.correlationId;
    this.attempts = outcome.attempts ?? 0;
  }
}
