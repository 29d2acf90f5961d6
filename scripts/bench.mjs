#!/usr/bin/env node
// Runs the benchmarks in bench/*.bench.ts one after the other, each in its own Node process
// (`node --import tsx <file>`), and passes their output through.
//
//   npm run bench                 every benchmark
//   npm run bench -- companies    only the files whose name contains "companies" (several filters: any of them)
//   npm run bench -- --list       list the benchmarks
//
// Settings go through the environment (BENCH_SECONDS, BENCH_ENGINES, …; see bench/README.md).
// The exit code is non-zero when any benchmark failed.
import { readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const unknown = args.filter((a) => a.startsWith('-') && a !== '--list' && a !== '--help' && a !== '-h');

if (args.includes('--help') || args.includes('-h') || unknown.length) {
  if (unknown.length) console.error(`bench: unknown option ${unknown.join(' ')}`);
  console.error('usage: npm run bench [-- [--list] [filter…]]   (filter: part of a bench/*.bench.ts file name)');
  process.exit(unknown.length ? 2 : 0);
}

const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const name = (f) => f.replace(/\.bench\.ts$/, '');
const selected = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;

if (args.includes('--list')) {
  for (const f of all) console.log(name(f));
  process.exit(0);
}
if (!selected.length) {
  console.error(`bench: no benchmark matches ${filters.map((x) => `"${x}"`).join(', ') || '(none found)'}; available: ${all.map(name).join(', ') || '(none)'}`);
  process.exit(2);
}

// Ctrl-C reaches the running benchmark too (same process group); it cleans up and exits, then we stop.
let interrupted = false;
const onSignal = () => {
  interrupted = true;
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', (e) => {
      console.error(`bench: cannot start ${file}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const summary = [];
for (const f of selected) {
  if (interrupted) break;
  console.log(`\n=== bench: ${name(f)} ===`);
  const started = Date.now();
  const code = await run(f);
  summary.push({ bench: name(f), code, seconds: (Date.now() - started) / 1000 });
}

if (summary.length > 1 || summary.some((s) => s.code !== 0)) {
  console.log('\n=== bench summary ===');
  for (const s of summary) console.log(`  ${s.code === 0 ? 'ok    ' : `FAILED (exit ${s.code})`}  ${s.bench}  (${s.seconds.toFixed(0)} s)`);
}
process.exit(interrupted ? 130 : summary.some((s) => s.code !== 0) ? 1 : 0);
