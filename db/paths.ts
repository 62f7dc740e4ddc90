/**
 * Where the project's files are, wherever the code runs from: `server/*.ts` under tsx in
 * development and tests, or the bundle in `dist/server/` in production. Found by walking up to the
 * directory that holds package.json and the committed migrations.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the Podium project directory (package.json with db/migrations) above the running code.');
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot();
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'db', 'migrations');
