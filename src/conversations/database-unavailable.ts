/**
 * Whether an error means the database could not be reached (server down, connection refused or cut,
 * no connection free in time) rather than a bug: the person is then told to try again, with nothing
 * of the turn committed.
 */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', 'SQLITE_BUSY']);
const UNREACHABLE_TEXT = /ECONNREFUSED|ECONNRESET|Connection terminated|connection is closed|terminating connection|the database system is (starting up|shutting down)|Can't reach database|DatabaseNotReachable|Unable to start a transaction|Transaction already closed|database is locked/i;

/** True for errors (or their causes) that say the database was not reachable. */
export function databaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNREACHABLE_TEXT.test(message)) return true;
    current = cause;
  }
  return false;
}
