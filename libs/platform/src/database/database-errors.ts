/**
 * Telling an outage of PostgreSQL apart from a problem with the data, for every app.
 *
 * {@link isTransientDatabaseError}: may the same work succeed later (retry it) rather than never (reject it)?
 * Transient: connection failures and timeouts, the server shutting down or starting, too many connections,
 * serialization failures and deadlocks, resource exhaustion. Everything else that PostgreSQL reports with a
 * SQLSTATE (e.g. class 22 "data exception", 23 "integrity constraint violation") is about the data; an error
 * without any SQLSTATE counts as transient (a consumer must never dead-letter a message because of an outage).
 *
 * {@link isDatabaseUnavailableError}: the narrower question an HTTP API asks before answering 503 instead of 500:
 * is the database unreachable or restarting right now? Only connection-level failures qualify, so a bug still
 * shows as a 500.
 */
const TRANSIENT_CLASSES = ['08', '53', '57', '58', '40', 'XX'];
const TRANSIENT_CODES = new Set(['55P03', '55006']); // lock not available, object in use

/** SQLSTATEs of "the server cannot be used right now": connection exceptions, shutdown/startup, too many connections. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection ended unexpectedly|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Client was closed and is not queryable/i;

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.driverError?.code === 'string' ? e.driverError.code : undefined;
  return code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isTransientDatabaseError(err: unknown): boolean {
  const code = sqlState(err);
  if (code) return TRANSIENT_CLASSES.includes(code.slice(0, 2)) || TRANSIENT_CODES.has(code);
  // no SQLSTATE: a network-level failure (ECONNREFUSED, ECONNRESET, ETIMEDOUT, "Connection terminated", pool timeout)
  return true;
}

export function isDatabaseUnavailableError(err: unknown): boolean {
  for (
    let e: unknown = err, depth = 0;
    e && depth < 4;
    e = (e as { cause?: unknown; driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause, depth++
  ) {
    const code = sqlState(e);
    if (code && (code.startsWith('08') || UNAVAILABLE_CODES.has(code))) return true;
    const sys = (e as { code?: unknown }).code;
    if (typeof sys === 'string' && NETWORK_CODES.has(sys)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    const nested = (e as { errors?: unknown[] }).errors; // AggregateError of a failed connect to several addresses
    if (Array.isArray(nested) && nested.some((n) => isDatabaseUnavailableError(n))) return true;
  }
  return false;
}
