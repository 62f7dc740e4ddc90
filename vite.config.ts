import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('.', import.meta.url));
const serverPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
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
    projects: [
      {
        root: repo,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'db/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        root: repo,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Several processes on one PostgreSQL with broadcasts through Redis: needs both servers,
      // so it joins the run when DATABASE_URL is set (CI's PostgreSQL pass), rather than being skipped.
      ...(process.env.DATABASE_URL
        ? [
            {
              root: repo,
              test: {
                name: 'scaleout',
                include: ['test/scaleout/**/*.test.ts'],
                environment: 'node',
                testTimeout: 60_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
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
