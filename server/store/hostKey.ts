/**
 * The host key: the one secret that opens the console. It comes from `PODIUM_HOST_KEY` or is
 * generated on first start; only a salted scrypt hash is stored.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import { settings } from '../../db/schema/index';

const SETTING = 'host_key_hash';

function hashKey(key: string, salt: Buffer): string {
  return `scrypt:${salt.toString('base64url')}:${scryptSync(key, salt, 32).toString('base64url')}`;
}

const scryptAsync = promisify(scrypt) as (key: string, salt: Buffer, length: number) => Promise<Buffer>;

export async function verifyHostKey(stored: string, key: string): Promise<boolean> {
  const [scheme, saltText, hashText] = stored.split(':');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  // Off the event loop: a stream of wrong keys must not stall the judges' pads.
  const actual = await scryptAsync(key, Buffer.from(saltText, 'base64url'), 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Checks host keys against the stored hash, remembering (by digest) the key that passed, so the
 * console's reconnects and REST calls do not each pay for scrypt.
 */
export function hostKeyChecker(storedHash: string): (key: string) => Promise<boolean> {
  let accepted: string | null = null;
  return async (key) => {
    const digest = createHash('sha256').update(key).digest('hex');
    if (digest === accepted) return true;
    const ok = await verifyHostKey(storedHash, key);
    if (ok) accepted = digest;
    return ok;
  };
}

export interface HostKeyState {
  /** The stored hash, for checking keys. */
  hash: string;
  /** The key in clear when this start set it (generated or from the environment), else null. */
  newKey: string | null;
}

/**
 * Makes sure a host key exists. A key from the environment replaces the stored one (that is how a
 * lost key is reset); without one, the first start generates a key and later starts keep it.
 */
export async function ensureHostKey(q: Queryable, fromEnv: string | undefined): Promise<HostKeyState> {
  const [row] = await q.select().from(settings).where(eq(settings.key, SETTING));
  if (fromEnv) {
    if (row && (await verifyHostKey(row.value, fromEnv))) return { hash: row.value, newKey: fromEnv };
    const hash = hashKey(fromEnv, randomBytes(16));
    await q.insert(settings).values({ key: SETTING, value: hash }).onConflictDoUpdate({ target: settings.key, set: { value: hash } });
    return { hash, newKey: fromEnv };
  }
  if (row) return { hash: row.value, newKey: null };
  const key = randomBytes(12).toString('base64url');
  const hash = hashKey(key, randomBytes(16));
  // Several processes starting at once on one database: the first key stored wins.
  const [inserted] = await q.insert(settings).values({ key: SETTING, value: hash }).onConflictDoNothing().returning();
  if (inserted) return { hash, newKey: key };
  const [winner] = await q.select().from(settings).where(eq(settings.key, SETTING));
  return { hash: winner!.value, newKey: null };
}
