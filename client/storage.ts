/**
 * This device's storage, for what must survive a reload (a judge's sheets and outbox, the host key,
 * the language). Null when the browser refuses it (private mode, disabled storage): merely
 * touching localStorage can throw there.
 */
export function deviceStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** A plain JSON object (not null, not an array): the first check on anything read back from storage. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
