#!/usr/bin/env node
// The one test command (`npm test`): makes sure PostgreSQL and Chromium are there, builds the web
// app, then runs every test file (unit, API on SQLite and PostgreSQL, CLI, browser) with node:test.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isRoot = process.getuid?.() === 0;
const say = (m) => console.error(`[test] ${m}`);

function canConnect(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.on('timeout', () => (s.destroy(), resolve(false)));
  });
}
const sh = (cmd) => execSync(cmd, { stdio: 'inherit', shell: '/bin/bash' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ensurePostgres() {
  const url = new URL(TEST_DATABASE_URL);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 5432);
  if (await canConnect(host, port)) return;
  const isLocal = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (!isLocal) throw new Error(`PostgreSQL at ${host}:${port} (TEST_DATABASE_URL) is not reachable.`);
  if (!existsSync('/etc/postgresql') || readdirSync('/etc/postgresql').length === 0) {
    if (!isRoot) {
      throw new Error('PostgreSQL is not installed. Install it (Debian: `sudo apt-get install -y postgresql`) or set TEST_DATABASE_URL to a server you can use; the PostgreSQL suite is never skipped.');
    }
    say('installing PostgreSQL (apt-get install postgresql)…');
    sh('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql');
  }
  const version = readdirSync('/etc/postgresql')[0];
  say(`starting PostgreSQL ${version}…`);
  try {
    sh(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
  } catch {
    if (!isRoot) throw new Error(`could not start PostgreSQL; run: sudo pg_ctlcluster ${version} main start`);
  }
  for (let i = 0; i < 30 && !(await canConnect(host, port)); i++) await sleep(500);
  if (!(await canConnect(host, port))) throw new Error('PostgreSQL did not come up on ' + `${host}:${port}`);
  // A fresh Debian cluster only trusts local sockets; tests connect over TCP as postgres with trust auth.
  if (isRoot) {
    const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
    const trusted = spawnSync('grep', ['-q', '^host all all 127.0.0.1/32 trust', hba]).status === 0;
    if (!trusted) {
      sh(`sed -i '1i host all all 127.0.0.1/32 trust\\nhost all all ::1/128 trust' ${hba} && pg_ctlcluster --skip-systemctl-redirect ${version} main reload`);
    }
    spawnSync('su', ['postgres', '-c', `psql -tc "select 1 from pg_database where datname='test'" | grep -q 1 || createdb test`], { stdio: 'inherit' });
  }
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (!isRoot) throw new Error('Chromium is needed for the browser tests. Install it (Debian: `sudo apt-get install -y --no-install-recommends chromium`).');
  say('installing Chromium (apt-get install chromium)…');
  sh('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium');
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

// `npm test -- enrolment auth` runs only the files whose path contains one of the words.
const filter = process.argv.slice(2);
let files = [...findTests('src'), ...findTests('tests')].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  say('no test files matched');
  process.exit(1);
}
await ensurePostgres();
if (files.some((f) => f.startsWith('tests/e2e/'))) {
  ensureChromium();
  say('building the web app…');
  const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
say(`running ${files.length} test files on SQLite and PostgreSQL (${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')})`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL, OTASUKE_LOG_LEVEL: 'silent' },
});
process.exit(r.status ?? 1);
