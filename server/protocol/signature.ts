/**
 * The signature a judge draws on the phone at sign-off (签字确认): a PNG image as a data URL,
 * checked at the boundary before anything is stored. It must really be a PNG (its signature bytes
 * and header chunk), of a sensible size in pixels, and small: it travels over the hall's Wi-Fi,
 * sits in the database and is printed on the judge's 评分表. Pure (atob exists in Node and browsers).
 */
import { z } from 'zod';

export const SIGNATURE_PREFIX = 'data:image/png;base64,';
/** Largest image accepted, in bytes (a phone's signature is 5–40 KB). */
export const SIGNATURE_MAX_BYTES = 150_000;
const MAX_CHARS = SIGNATURE_PREFIX.length + Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height of a PNG (from its IHDR chunk), or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 33 || PNG_MAGIC.some((b, i) => bytes[i] !== b)) return null;
  // The first chunk is IHDR: length 13, type "IHDR", then width and height (big-endian).
  const ihdr = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (ihdr !== 'IHDR') return null;
  const u32 = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  return { width: u32(16), height: u32(20) };
}

/** The image's bytes, or null when the text is not a PNG data URL in base64. */
export function signatureBytes(dataUrl: string): Uint8Array | null {
  if (!dataUrl.startsWith(SIGNATURE_PREFIX)) return null;
  const base64 = dataUrl.slice(SIGNATURE_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Why a signature is refused, or null when it is a PNG of a sensible size. */
export function signatureProblem(dataUrl: string): string | null {
  if (dataUrl.length > MAX_CHARS) return `must be at most ${SIGNATURE_MAX_BYTES / 1000} KB`;
  const bytes = signatureBytes(dataUrl);
  if (!bytes) return `must be a PNG image as a data URL (${SIGNATURE_PREFIX}…)`;
  const size = pngSize(bytes);
  if (!size) return 'is not a PNG image';
  if (size.width < 40 || size.height < 20 || size.width > 4000 || size.height > 4000) return 'must be between 40×20 and 4000×4000 pixels';
  return null;
}

export const signatureSchema = z.string({ error: 'must be text' }).superRefine((value, ctx) => {
  const problem = signatureProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
