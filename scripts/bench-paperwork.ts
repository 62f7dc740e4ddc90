/**
 * Benchmark of the paperwork routes on a large contest: a people sheet of N entries (default
 * 2,000, the most a sheet may hold) previewed and imported from .xlsx, then the results workbook,
 * the print data and the results CSV built over all of it. A real server on embedded PGlite in
 * memory, the demo contest, loopback HTTP only. Prints wall times and sizes; asserts nothing.
 *
 *   npm run bench:paperwork -- [--entries 2000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { startPodium } from '../server/start';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } } });
const entries = Number(values.entries);
const runs = Number(values.runs);
const key = 'bench-host-key-0123456789';

const podium = await startPodium({ db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: key });
const auth = { authorization: `Bearer ${key}` };
try {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('作品');
  sheet.addRow(['赛道', '单位名称', '模型名称', '联系人']);
  for (let i = 1; i <= entries; i++) sheet.addRow([i % 2 ? '政府赛道' : '开放赛道', `某某市某某区应急管理局第${i}科`, `城市内涝风险预警模型第${i}版`, `联系人${i} 13800000000`]);
  const file = new Uint8Array(await book.xlsx.writeBuffer());
  process.stdout.write(`people sheet: ${entries} rows, ${(file.byteLength / 1024).toFixed(0)} KB .xlsx\n`);

  /** Median wall time of `runs` requests, with the answer's size. */
  const measure = async (label: string, request: () => Promise<Response>, times = runs) => {
    const ms: number[] = [];
    let size = 0;
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      const res = await request();
      size = (await res.arrayBuffer()).byteLength;
      if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    process.stdout.write(`${label.padEnd(28)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(0).padStart(5)} ms  ${(size / 1024).toFixed(0).padStart(6)} KB\n`);
  };
  const url = (path: string) => `${podium.url}/api${path}`;
  await measure('preview', () => fetch(url('/setup/people/preview?kind=entries'), { method: 'POST', headers: auth, body: file }));
  await measure('import', () => fetch(url('/setup/people/import?kind=entries'), { method: 'POST', headers: auth, body: file }), 1);
  await measure('results.xlsx', () => fetch(url('/export/results.xlsx'), { headers: auth }));
  await measure('print.json', () => fetch(url('/export/print.json'), { headers: auth }));
  await measure('results.csv', () => fetch(url('/export/results.csv'), { headers: auth }));
  await measure('template.xlsx', () => fetch(url('/setup/people/template.xlsx?kind=entries'), { headers: auth }));
  process.stdout.write(`resident memory after: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
} finally {
  await podium.close();
}
