/**
 * Signatures drawn at sign-off (db/schema/people.ts `signatures`): one per judge and track, as
 * sign-offs are. Written by the sign-off command in its transaction; read by the console and the
 * printed 评分表, and only where the judge has signed that track off now (a reopened entry
 * withdraws that track's sign-off, and with it the signature's meaning).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/open';
import { judges, judgeSignoffs, signatures } from '../../db/schema/index';

export interface StoredSignature {
  judgeId: number;
  trackId: number;
  image: string;
  signedAt: Date;
}

export type SignatureRow = typeof signatures.$inferSelect;

/**
 * Stores the image for the judge and track, replacing an earlier one; returns its SHA-256 for the
 * record, and the row (PGlite's journal keeps it: it is no effect).
 */
export async function storeSignature(tx: Tx, judgeId: number, trackId: number, image: string, now: number): Promise<{ hash: string; row: SignatureRow }> {
  await tx.delete(signatures).where(and(eq(signatures.judgeId, judgeId), eq(signatures.trackId, trackId)));
  const [row] = await tx.insert(signatures).values({ judgeId, trackId, image, signedAt: new Date(now) }).returning();
  return { hash: createHash('sha256').update(image).digest('hex'), row: row! };
}

/** The signatures of a contest's judges on the tracks they are signed off for now. */
export async function readSignatures(q: Queryable, contestId: number): Promise<StoredSignature[]> {
  return q
    .select({ judgeId: signatures.judgeId, trackId: signatures.trackId, image: signatures.image, signedAt: signatures.signedAt })
    .from(signatures)
    .innerJoin(judges, eq(judges.id, signatures.judgeId))
    .innerJoin(judgeSignoffs, and(eq(judgeSignoffs.judgeId, signatures.judgeId), eq(judgeSignoffs.trackId, signatures.trackId)))
    .where(eq(judges.contestId, contestId))
    .orderBy(asc(signatures.judgeId), asc(signatures.trackId));
}

/** The signature printed on a judge's 评分表 of a track. */
export function signatureFor(list: readonly StoredSignature[], judgeId: number, trackId: number): string | null {
  return list.find((s) => s.judgeId === judgeId && s.trackId === trackId)?.image ?? null;
}
