/**
 * Exit codes of the server process (server/index.ts) that tell its supervisor (server/supervise.ts)
 * what to do next; the numbers are those of sysexits.h. Any other code, or a signal, is a crash.
 */

/** EX_CONFIG: the configuration is wrong (a bad contest file, a data directory in use, a taken
 * port). Starting again would fail the same way: the supervisor stops. */
export const EXIT_CONFIG = 78;

/** EX_TEMPFAIL: the database could not be reached at start. The supervisor keeps trying. */
export const EXIT_UNAVAILABLE = 75;
