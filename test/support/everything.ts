/**
 * Everything a contest shows and exports, read from a running server: the host's, a public
 * screen's and every judge's view (snapshots), the exported files, the print data, the
 * signatures and the audit checks. Two servers that hold the same contest answer the same (what
 * a backup restored elsewhere must give back).
 */
import type { PrintData } from '../../server/protocol/print';
import type { AuditExport } from '../../server/protocol/rest';
import type { JudgeView, PublicView } from '../../server/protocol/views';
import { connect, sync } from './clients';
import type { TestServer } from './server';
import { hostContest } from './state';

/** A GET with the host key. */
export const hostGet = async (server: TestServer, path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.hostKey}` } });

export async function everything(server: TestServer) {
  await server.podium.settled();
  const host = await connect(server.url, { role: 'host', key: server.hostKey });
  const screen = await connect(server.url, { role: 'public' });
  const judges: Record<string, JudgeView> = {};
  for (const j of await server.judges()) judges[j.key] = await sync<JudgeView>(await connect(server.url, { role: 'judge', token: j.token }));
  const text = async (path: string) => (await hostGet(server, path)).text();
  const print = (await (await hostGet(server, '/api/export/print.json')).json()) as { data: PrintData };
  const audit = (await (await hostGet(server, '/api/export/audit.json')).json()) as AuditExport<{ seq: number; hash: string }>;
  return {
    host: await hostContest(host),
    public: await sync<PublicView>(screen),
    judges,
    files: {
      contest: await text('/api/export/contest.json'),
      sheets: await text('/api/export/sheets.csv'),
      results: await text('/api/export/results.csv'),
      manual: await text('/api/export/manual.json'),
    },
    // The print data says when it was read; everything else must match.
    print: { ...print.data, generatedAt: '' },
    signatures: await (await hostGet(server, '/api/setup/signatures')).json(),
    chain: audit.chain,
    replay: audit.replay,
    head: audit.records.at(-1),
  };
}

