/**
 * Is this database error an outage (retry the message later) rather than a problem with the
 * message's data (dead-letter it)? Transient: connection failures and timeouts, the server shutting
 * down or starting, too many connections, serialization failures and deadlocks, resource
 * exhaustion. Everything else that PostgreSQL reports with a SQLSTATE (e.g. class 22 "data
 * exception", 23 "integrity constraint violation") is about the data.
 */
const TRANSIENT_CLASSES = ['08', '53', '57', '58', '40', 'XX'];
const TRANSIENT_CODES = new Set(['55P03', '55006']); // lock not available, object in use

export function isTransientDatabaseError(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown }; message?: string };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.driverError?.code === 'string' ? e.driverError.code : undefined;
  if (code && /^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_CLASSES.includes(code.slice(0, 2)) || TRANSIENT_CODES.has(code);
  // no SQLSTATE: a network-level failure (ECONNREFUSED, ECONNRESET, ETIMEDOUT, "Connection terminated", pool timeout)
  return true;
}
