import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('.', import.meta.url));
const serverPort = Number(process.env.PORT ?? 3000);

/**
 * A suite of tests under test/<name>/ that start real servers (and processes): two minutes each,
 * as the pages get. A limit against hangs, not a speed goal: the journal's crash test restarts a
 * server process five times, and took 52 s on a slow day and over 60 s with the other core busy.
 */
const serverSuite = (name: string) => ({
  root: repo,
  test: { name, include: [`test/${name}/**/*.test.ts`], environment: 'node' as const, testTimeout: 120_000, hookTimeout: 120_000 },
});

/**
 * `vite build --mode server` (part of `npm run build`): the server bundled into dist/server, so
 * that `npm start` runs plain JavaScript on Node, without a transpiler in memory. Dependencies stay
 * in node_modules (Vite's SSR build leaves them external).
 */
const serverBuild = defineConfig({
  root: repo,
  build: {
    ssr: true,
    outDir: 'dist/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rolldownOptions: {
      // The analysis worker thread is an entry of its own, emitted beside the code that starts it
      // (server/analysis/thread.ts looks for ./analysisWorker.js next to itself).
      input: { index: 'server/index.ts', supervise: 'server/supervise.ts', analysisWorker: 'server/analysis/analysisWorker.ts' },
      output: { format: 'esm', entryFileNames: '[name].js' },
    },
  },
  logLevel: 'warn',
});

/** The client build (`vite build`), the dev server and the tests. */
const clientConfig = defineConfig({
  root: 'client',
  plugins: [vue()],
  // Feature flags of Vue and vue-i18n: drop what Podium never uses (the Options API, vue-i18n's
  // legacy API and global components, devtools hooks) so every phone downloads less.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The server reads it to announce each screen's chunks in its HTML (server/routes/pages.ts).
    manifest: true,
    rolldownOptions: {
      output: {
        // Code shared by several screens goes into one chunk rather than many tiny ones: on a slow
        // phone every extra file is another round trip (the judge pad went from 12 files to 6).
        codeSplitting: {
          groups: [
            {
              name: 'common',
              minShareCount: 2,
              // Libraries and the small pieces every screen uses; not what only some screens share
              // (the console's components, stores and words, chart.js), which the pad never needs.
              test: (id: string) =>
                !/[\\/]client[\\/](components[\\/](host|judge|screen|ceremony)[\\/]|stores[\\/](host|public|judge|analysis)\.|i18n[\\/]messages[\\/](?!common))/.test(id) &&
                !id.includes('chart.js') &&
                // The track analysis's helpers: the console's and the printed report's only.
                !/[\\/]server[\\/]domain[\\/]analysis[\\/]/.test(id) &&
                // The Socket.IO client loads after the first render (client/socket.ts).
                !/[\\/]node_modules[\\/](socket\.io-|engine\.io-|@socket\.io[\\/])/.test(id),
            },
          ],
        },
      },
    },
    // chart.js is the one large library and only the screen loads it (split per route).
    chunkSizeWarningLimit: 300,
  },
  server: {
    // `npm run dev`: the client on Vite, the API and sockets on the Podium server.
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/socket.io': { target: `http://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    // At least two files at a time: vitest's default on two cores is one, which left the second
    // core idle while each integration file started its server.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        root: repo,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'db/**/*.test.ts'],
          environment: 'node',
          // Some open a real PGlite or run a script in a process of its own, which takes seconds on a
          // busy machine (vitest's 5 s default timed one out with the other core loaded).
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Compile-time tests (*.test-d.ts): checked by the TypeScript compiler, not run.
      {
        root: repo,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['server/**/*.test-d.ts'], tsconfig: './tsconfig.json', ignoreSourceErrors: true },
        },
      },
      serverSuite('integration'),
      // What only the embedded database has: its journal, its lock on the data directory, and the
      // supervisor that restarts it. These run on PGlite whatever DATABASE_URL says.
      serverSuite('pglite'),
      // Tests that need a PostgreSQL server: several processes on one database with broadcasts
      // through Redis (scaleout), and PostgreSQL dropping the server's connections (postgres).
      // They join the run when DATABASE_URL is set (CI's PostgreSQL pass), rather than being skipped.
      ...(process.env.DATABASE_URL ? [serverSuite('scaleout'), serverSuite('postgres')] : []),
      {
        root: repo,
        plugins: [vue()],
        test: {
          name: 'component',
          include: ['client/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        root: repo,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/buildClient.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives its own Chromium; two at once is what two cores carry. The browser
          // tests run as a group after the others (vitest needs its own group for its own limit).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

export default defineConfig(({ mode }) => (mode === 'server' ? serverBuild : clientConfig));
