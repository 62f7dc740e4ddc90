/**
 * The running-order draw (抽签), reproducible by anyone: each entry gets the SHA-256 of
 * `<seed>:<entry code>` (UTF-8, lowercase hex), and entries go in ascending order of that hash
 * (code order breaks the astronomically unlikely equal hash). With the seed announced, anyone
 * can check the order with `printf '%s' 'SEED:G01' | sha256sum`. See docs/operations.md.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function drawKey(seed: string, code: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${seed}:${code}`)));
}

/** Entries in drawn order. */
export function drawOrder<T extends { code: string }>(seed: string, items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: drawKey(seed, item.code) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.code < b.item.code ? -1 : 1))
    .map(({ item }) => item);
}
