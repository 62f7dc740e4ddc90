/**
 * What "nothing changed" means in a test: the host's snapshot (every entry, sheet status, stage,
 * clock, result and judge; not which pads are connected) and the audit head (seq and hash) are
 * the same before and after.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { HostView } from '../../server/protocol/views';
import { readHead, type AuditHead } from '../../server/store/audit';
import { sync, type TestSocket } from './clients';
import type { TestServer } from './server';

export interface Fingerprint {
  head: AuditHead;
  /** The host's snapshot without the pads' presence. */
  host: Omit<HostView, 'presence'>;
}

export async function fingerprint(server: TestServer, host: TestSocket): Promise<Fingerprint> {
  await server.podium.settled();
  const head = await readHead(server.podium.database.db, server.podium.contestId());
  if (!head) throw new Error('the contest has no audit head');
  return { head, host: await hostContest(host) };
}

/**
 * What the host sees of the contest: its view without presence (which pads are connected, with
 * its own per-process version), which is no state of the contest; connections come and go at
 * their own pace. What "nothing changed" and "the same contest" compare.
 */
export async function hostContest(host: TestSocket): Promise<Omit<HostView, 'presence'>> {
  const { presence: _presence, ...contest } = await sync<HostView>(host);
  return contest;
}

/** The audit head, read from the database. */
export async function auditHead(server: TestServer): Promise<AuditHead> {
  const head = await readHead(server.podium.database.db, server.podium.contestId());
  if (!head) throw new Error('the contest has no audit head');
  return head;
}

/** How many audit records of `action` the current contest has. */
export async function countRecords(server: TestServer, action: string): Promise<number> {
  const rows = await server.podium.database.db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(eq(auditLog.contestId, server.podium.contestId()), eq(auditLog.action, action)));
  return rows.length;
}
