/**
 * Weekly per-company counts with a year of rollups: 1,000 companies × 365 days × 8 categories × 2
 * keys in detection_rollups (≈ 5.8 M rows), then the detection-summary query for one company and one
 * JST week, timed many times (p50/p95/p99), on SQLite and PostgreSQL. Target: < 20 ms.
 * Settings: BENCH_ROLLUP_COMPANIES (1000), BENCH_ROLLUP_DAYS (365), BENCH_ENGINES.
 */
import pino from 'pino';
import { sql } from 'kysely';
import { createDeps, closeDeps } from '../src/platform/context.ts';
import { bulkInsert } from '../src/platform/db/bulk.ts';
import { systemActor } from '../src/platform/auth/roles.ts';
import { detectionSummary } from '../src/modules/ingest/detectionSummary.ts';
import { runCleanup } from './lib/cleanup.ts';
import { envNumber, tempDir } from './lib/env.ts';
import { createTempDatabase, pgAdminUrl } from './lib/pg.ts';
import { printJsonLine, table, writeLatest } from './lib/report.ts';
import { seededRandom } from '../src/platform/random.ts';

const COMPANIES = envNumber('BENCH_ROLLUP_COMPANIES', 1000);
const DAYS = envNumber('BENCH_ROLLUP_DAYS', 365);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const cats: [string, string[]][] = [
  ['scan.inbound.probable', ['23/tcp', '22/tcp']], ['scan.inbound.possible', ['80/tcp', '445/tcp']], ['block.ip_reputation', ['Phishing', 'Scanners']],
  ['block.url_category', ['Malicious Websites', 'Phishing']], ['block.geoip', ['China', 'Russia']], ['dos.inbound', ['SYN Flood', 'UDP Flood']],
  ['malware.virus', ['EICAR', 'Emotet']], ['ips.inbound', ['Log4j', 'SMB Brute Force']],
];
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;

async function run(engine: string) {
  const dir = tempDir(`otasuke-bench-rollup-${engine}-`);
  const pgdb = engine === 'postgres' ? await createTempDatabase(pgAdminUrl()) : undefined;
  const deps = await createDeps({ env: { OTASUKE_DATA_DIR: dir.dir, OTASUKE_SESSION_SECRET: 'r'.repeat(40), ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) }, logger: pino({ level: 'warn' }) });
  try {
    const r = seededRandom(11);
    const ids = Array.from({ length: COMPANIES }, (_, i) => `cmp_bench${String(i).padStart(6, '0')}`);
    const now = new Date().toISOString();
    await bulkInsert(deps.db.kysely, deps.db.engine, 'companies', ['id', 'name', 'industry', 'employees_band', 'status', 'created_at', 'updated_at', 'search_text'],
      ids.map((id, i) => ({ id, name: `企業${i}`, industry: 'manufacturing', employees_band: '6-20', status: 'active', created_at: now, updated_at: now, search_text: `企業${i}` })));
    const start = Date.UTC(2025, 10, 1);
    const t0 = performance.now();
    let rows = 0;
    for (let c = 0; c < COMPANIES; c++) {
      const batch: { company_id: string; day: string; category: string; key: string; device_id: string; count: number }[] = [];
      for (let d = 0; d < DAYS; d++) {
        const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
        for (const [category, keys] of cats) for (const key of keys) batch.push({ company_id: ids[c]!, day, category, key, device_id: `dev_${c}`, count: 1 + Math.floor(r() * 500) });
      }
      await deps.db.kysely.transaction().execute((tx) => bulkInsert(tx, deps.db.engine, 'detection_rollups', ['company_id', 'day', 'category', 'key', 'device_id', 'count'], batch));
      rows += batch.length;
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    if (engine === 'postgres') await sql`vacuum analyze detection_rollups`.execute(deps.db.kysely);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const c = ids[Math.floor(r() * ids.length)]!;
      const w = Math.floor(r() * (DAYS / 7 - 1));
      const from = new Date(start + w * 7 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(start + (w * 7 + 6) * 86_400_000).toISOString().slice(0, 10);
      const t = performance.now();
      const s = await detectionSummary(deps, { actor: systemActor }, c, from, to);
      times.push(performance.now() - t);
      if (Object.keys(s.categories).length !== cats.length) throw new Error('wrong answer');
    }
    times.sort((a, b) => a - b);
    return { bench: 'rollup-query', engine, companies: COMPANIES, days: DAYS, rollupRows: rows, seedSeconds: Math.round(seedSeconds), p50Ms: +pct(times, 50).toFixed(2), p95Ms: +pct(times, 95).toFixed(2), p99Ms: +pct(times, 99).toFixed(2) };
  } finally {
    await closeDeps(deps);
    await pgdb?.drop();
    dir.remove();
  }
}

async function main() {
  const results = [];
  for (const e of ENGINES) {
    const res = await run(e);
    results.push(res);
    printJsonLine(res);
  }
  console.log(table(['engine', 'rollup rows', 'seed s', 'p50 ms', 'p95 ms', 'p99 ms'], results.map((x) => [x.engine, x.rollupRows, x.seedSeconds, x.p50Ms, x.p95Ms, x.p99Ms])));
  console.log('target: weekly counts for one company out of 1,000 with a year of rollups < 20 ms');
  writeLatest('rollup-query', results);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
}).finally(() => runCleanup());
