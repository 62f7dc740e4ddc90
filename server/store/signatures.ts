/**
 * Signatures drawn at sign-off (db/schema/people.ts `signatures`): one per judge and track (the
 * track null when one sign-off covers all the judge's tracks). Written by the sign-off command in
 * its transaction; read by the console and the printed 评分表, and only for judges who are signed
 * off now (a reopened entry withdraws the sign-off, and with it the signature's meaning).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/open';
import { judges, signatures } from '../../db/schema/index';

export interface StoredSignature {
  judgeId: number;
  trackId: number | null;
  image: string;
  signedAt: Date;
}

export type SignatureRow = typeof signatures.$inferSelect;

/**
 * Stores the image for the judge (and track), replacing an earlier one; returns its SHA-256 for
 * the record, and the row (PGlite's journal keeps it: it is no effect).
 */
export async function storeSignature(tx: Tx, judgeId: number, trackId: number | null, image: string, now: number): Promise<{ hash: string; row: SignatureRow }> {
  await tx.delete(signatures).where(and(eq(signatures.judgeId, judgeId), trackId === null ? isNull(signatures.trackId) : eq(signatures.trackId, trackId)));
  const [row] = await tx.insert(signatures).values({ judgeId, trackId, image, signedAt: new Date(now) }).returning();
  return { hash: createHash('sha256').update(image).digest('hex'), row: row! };
}

/** The signatures of a contest's judges who are signed off, by judge id. */
export async function readSignatures(q: Queryable, contestId: number): Promise<StoredSignature[]> {
  return q
    .select({ judgeId: signatures.judgeId, trackId: signatures.trackId, image: signatures.image, signedAt: signatures.signedAt })
    .from(signatures)
    .innerJoin(judges, eq(judges.id, signatures.judgeId))
    .where(and(eq(judges.contestId, contestId), isNotNull(judges.signedOffAt)))
    .orderBy(asc(signatures.judgeId), asc(signatures.id));
}

/** The signature printed on a judge's 评分表 of a track: the track's own, else the one for all tracks. */
export function signatureFor(list: readonly StoredSignature[], judgeId: number, trackId: number): string | null {
  const mine = list.filter((s) => s.judgeId === judgeId);
  return (mine.find((s) => s.trackId === trackId) ?? mine.find((s) => s.trackId === null))?.image ?? null;
}
