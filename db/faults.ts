/**
 * Which database errors mean "the database is away" (a restart, a failover, a connection killed
 * by an administrator or an idle reaper, the server not reachable) rather than "this query is
 * wrong". Such failures change nothing, and the same request succeeds once the database is back,
 * so callers answer them with a typed `unavailable` instead of `internal`.
 */

/**
 * SQLSTATE codes of a lost or refused connection: class 08 (connection exception) and the
 * operator interventions that end sessions: 57P01 admin_shutdown (pg_terminate_backend, a fast
 * shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), and
 * 57P05 idle_session_timeout.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1235])$/;

/** Socket errors of a server that is down, restarting or out of reach. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN',
]);

/**
 * node-postgres reports a dropped connection and a connect timeout with plain messages and no code
 * (pg/lib/client.js, pg-pool/index.js): these are the ones it uses.
 */
const UNAVAILABLE_MESSAGE = [
  /^Connection terminated/, // "Connection terminated unexpectedly", "... due to connection timeout"
  /is not queryable$/, // a client whose connection already failed, or was closed under it
  /^timeout exceeded when trying to connect$/,
];

/**
 * True when `error` (or what it wraps: drizzle puts the driver's error in `cause`; Node puts the
 * per-address errors of one connect in an AggregateError) says the database connection is lost or
 * cannot be made. False for everything else, including SQL errors of a healthy connection.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const { code, message, cause, errors } = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.some((m) => m.test(message))) return true;
    if (visit(cause)) return true;
    return Array.isArray(errors) && errors.some(visit);
  };
  return visit(error);
}
