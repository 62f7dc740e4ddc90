/**
 * Which web pages may open a Socket.IO connection: the origin allow-list checked at the handshake.
 * A browser names the page's origin (`Origin: http://192.168.1.20:3000`) on every WebSocket and
 * cross-origin request; a page of another site (a link a judge was sent, an advert) is refused,
 * so that it cannot use a visitor's browser to connect to the hall's server. Requests without an
 * Origin header come from programs, not pages (scripts, tests, the results CLI): they are allowed,
 * and authenticate like everyone else.
 */
import { networkInterfaces } from 'node:os';

/** `*` turns the check off. */
export type AllowedOrigins = readonly string[] | '*';

/** The origin of a URL (`http://host:port`), or null when it is not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Every address of this machine (loopback and LAN, IPv4 and IPv6) as an origin on `port`. */
export function machineOrigins(port: number): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      // Link-local IPv6 addresses need a zone id that browsers do not put in an Origin.
      if (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:')) continue;
      hosts.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  }
  return [...hosts].map((host) => originOf(`http://${host}:${port}`)).filter((o): o is string => o !== null);
}

/**
 * The allow-list: this machine's addresses on the server's port, `PODIUM_PUBLIC_URL`, and
 * `PODIUM_ALLOWED_ORIGINS` (comma-separated origins, e.g. `http://podium.local:3000`, or `*`).
 */
export function allowedOrigins(port: number, publicUrl: string | null, configured: string | undefined): AllowedOrigins {
  const extra = parseConfiguredOrigins(configured);
  if (extra === '*') return '*';
  const list = new Set(machineOrigins(port));
  for (const origin of [publicUrl ? originOf(publicUrl) : null, ...extra]) if (origin) list.add(origin);
  return [...list];
}

/** `PODIUM_ALLOWED_ORIGINS` as origins; throws on an entry that is not one (a typo must not pass silently). */
export function parseConfiguredOrigins(configured: string | undefined): string[] | '*' {
  const entries = (configured ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.includes('*')) return '*';
  return entries.map((entry) => {
    const origin = originOf(entry);
    if (!origin) throw new Error(`PODIUM_ALLOWED_ORIGINS: "${entry}" is not an origin (e.g. http://podium.local:3000)`);
    return origin;
  });
}

/** True when a request with this Origin header (or none) may connect. */
export function originAllowed(allowed: AllowedOrigins, origin: string | undefined): boolean {
  if (origin === undefined || allowed === '*') return true;
  return allowed.includes(origin);
}
