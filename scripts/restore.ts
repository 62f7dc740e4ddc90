/**
 * Restores a backup file (made on /setup, 「下载完整备份」, or GET /api/export/backup.json) into
 * the database the server would use (PODIUM_DATA_DIR or DATABASE_URL), with the server stopped:
 *
 *   npm run restore -- podium-backup-3-2025-06-01.json [--replace]
 *
 * The same checks and the same all-or-nothing restore as /setup's (server/store/backup.ts): a
 * file whose audit chain does not verify is refused; a database that already holds contests is
 * left alone unless `--replace` says they go. Then `npm start` serves the restored contest.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dbConfigFromEnv, openDatabase } from '../db/open';
import { checkBackup, restoreBackup, RestoreRefused } from '../server/store/backup';

const USAGE = 'usage: npm run restore -- <backup.json> [--replace]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let backup;
  try {
    backup = checkBackup(JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const database = await openDatabase(dbConfigFromEnv());
  try {
    const { contestId, replaced } = await restoreBackup(database.db, backup, { replace: args.values.replace });
    process.stdout.write(
      `Restored contest ${contestId} (${backup.contest.name.zh}) with ${backup.chain.records} audit records into ${database.describe}` +
        `${replaced > 0 ? `, replacing ${replaced} contest(s)` : ''}. Start the server (npm start) to serve it.\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error;
    process.stderr.write(`${error.message}${error.code === 'confirmation_required' ? ' (run again with --replace)' : ''}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
