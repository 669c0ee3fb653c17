// `npm run dev`: the renderer from Vite's dev server (with hot reload), main and preload built once, and Electron
// started against the dev server. The shell accepts STEVEDORE_DEV_SERVER_URL only when unpackaged and on loopback.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { build, createServer } from 'vite';

const require = createRequire(import.meta.url);

const server = await createServer({ mode: 'renderer', server: { host: '127.0.0.1', port: 5173, strictPort: false } });
await server.listen();
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('The Vite dev server did not report a local address.');

for (const mode of ['preload', 'main']) await build({ mode, logLevel: 'warn' });

// The electron package's main export is the path of its binary.
const electronBinary = require('electron');
const electron = spawn(electronBinary, ['.'], { stdio: 'inherit', env: { ...process.env, STEVEDORE_DEV_SERVER_URL: url } });
electron.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
