// `npm run dev`: the server (restarted on change) and the Vite dev server (hot reload, proxying
// /api and /socket.io to the server). Open the URL Vite prints. Ctrl-C stops both.
import { spawn } from 'node:child_process';

// Pages come from Vite's port, so the server must accept that origin at the socket handshake.
const vitePages = 'http://localhost:5173,http://127.0.0.1:5173';
const serverEnv = { ...process.env, PODIUM_ALLOWED_ORIGINS: [process.env.PODIUM_ALLOWED_ORIGINS, vitePages].filter(Boolean).join(',') };
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/index.ts'], { stdio: 'inherit', env: serverEnv }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
