// One structured log line per event worth reading later: JSON with the event name, the request id
// and the article id where there is one, and the cause. Never a token, a body or a stack to a client.

export interface LogFields {
  requestId?: string;
  articleId?: string;
  [key: string]: unknown;
}

const causeOf = (err: unknown) =>
  err instanceof Error
    ? { cause: err.message, ...(err.stack ? { stack: err.stack } : {}) }
    : { cause: String(err) };

/** A failure that was handled (swallowed, retried, answered 503): one JSON line on stderr. */
export function logFailure(event: string, err: unknown, fields: LogFields = {}): void {
  console.error(JSON.stringify({ level: "error", event, ...fields, ...causeOf(err) }));
}

/** Something an operator may want to count (an abandoned retry, a degraded answer). */
export function logEvent(event: string, fields: LogFields = {}): void {
  console.warn(JSON.stringify({ level: "warn", event, ...fields }));
}
