#!/usr/bin/env node
// Builds the React SPA into web/dist. With --if-missing it does nothing when a build exists,
// so `npm ci` (which runs `prepare`) leaves a ready-to-serve product without rebuilding each time.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ifMissing = process.argv.includes('--if-missing');
if (ifMissing && existsSync(path.join(root, 'web/dist/index.html'))) process.exit(0);
if (!existsSync(path.join(root, 'web/vite.config.ts'))) process.exit(0);
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
if (!existsSync(vite)) {
  console.error('otasuke: vite is not installed; run `npm ci` (with dev dependencies) to build the web app.');
  process.exit(1);
}
const r = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
