import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import { judges } from '../../db/schema/index';

/** The judge a link token opens in this contest, or null (a wrong or replaced link). */
export async function findJudgeByToken(q: Queryable, contestId: number, token: string): Promise<{ id: number; name: string } | null> {
  const [judge] = await q
    .select({ id: judges.id, name: judges.name })
    .from(judges)
    .where(and(eq(judges.token, token), eq(judges.contestId, contestId)));
  return judge ?? null;
}
