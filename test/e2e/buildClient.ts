/**
 * Global setup of the browser tests: build the client once into its own directory, so the tests
 * serve exactly what `npm start` serves, and fail early with instructions when Chromium is missing.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromiumPath } from '../support/browser';

/** Where the browser tests' build goes; PODIUM_E2E_CLIENT_DIR lets parallel runs keep apart. */
export const E2E_CLIENT_DIR = process.env.PODIUM_E2E_CLIENT_DIR ?? fileURLToPath(new URL('../../dist/e2e-client', import.meta.url));

export default async function setup(): Promise<void> {
  chromiumPath();
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    build: { outDir: E2E_CLIENT_DIR, emptyOutDir: true },
    logLevel: 'warn',
  });
}
