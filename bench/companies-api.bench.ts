/**
 * GET /api/v1/companies under load: 10,000 companies, 50 concurrent keep-alive clients, a realistic
 * mix of list pages, filters and searches, against the real server (a separate process) on SQLite
 * and on PostgreSQL. Prints a table and one `BENCH_JSON` line per engine, and writes
 * bench/results/latest.json. Run with `npm run bench -- companies` (settings: bench/README.md).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { closeDeps } from '../src/platform/context.ts';
import { openDb, type Engine } from '../src/platform/db/database.ts';
import { runCleanup } from './lib/cleanup.ts';
import { benchDataSet } from './lib/dataset.ts';
import { envNumber, machineInfo } from './lib/env.ts';
import { keepAliveAgent, runLoad, type LoadRequest, type LoadResult } from './lib/load.ts';
import { machineCpuMs, pgBackendCpu, pgCpuDelta } from './lib/procs.ts';
import { fmt, printJsonLine, table, writeLatest } from './lib/report.ts';
import { login, requestJson, startServer, type RunningServer } from './lib/server.ts';
import { createProgramAdmin, type BenchAdmin, generateCompanies, insertCompanies, matches, places, rng, type CompanyFilter, type SeedCompany } from './lib/seed-companies.ts';

const BENCH = 'companies-api';
const SECONDS = envNumber('BENCH_SECONDS', 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONCURRENCY = Math.round(envNumber('BENCH_CONCURRENCY', 50));
const COMPANIES = Math.round(envNumber('BENCH_COMPANIES', 10_000));
const PAGE_SIZE = 50;
const MAX_PAGE = 20;
const TARGET_P95_MS = 50;
/** Parse and check every n-th answer during the measured run (every distinct query is checked before it). */
const CHECK_EVERY = 25;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as Engine[];

for (const e of ENGINES) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine "${e}" (sqlite, postgres)`);
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0) throw new Error('BENCH_WARMUP_SECONDS must be 0 or more');

// ---------------------------------------------------------------- request mix

interface Query {
  kind: 'list' | 'filter' | 'search';
  filter: CompanyFilter;
  weight: number;
  expectedTotal: number;
  /** Ids of every company the filter should find (searches span name, e-mail, address and phone). */
  expectedIds: Set<string>;
}

/** The mix a program office produces: browsing pages, the usual filters, and name searches. */
function buildQueries(rows: SeedCompany[]): Query[] {
  const q = (kind: Query['kind'], filter: CompanyFilter, weight: number): Query => ({
    kind,
    filter,
    weight,
    expectedTotal: rows.filter((c) => matches(c, filter)).length,
    expectedIds: new Set(rows.filter((c) => matches(c, filter)).map((c) => c.id!)),
  });
  const searchTerms = ['名古屋', '豊田', '岡崎', '精機', '工業', '運輸', '佐藤', '浜松', '建設', '商事', 'テクノ', '株式会社'];
  return [
    q('list', {}, 45),
    q('filter', { status: 'active' }, 12),
    q('filter', { group: 'B' }, 11),
    q('filter', { industry: 'manufacturing' }, 11),
    q('filter', { status: 'active', group: 'B' }, 6),
    ...searchTerms.map((term) => q('search', { q: term }, 15 / searchTerms.length)),
  ];
}

function queryPath(f: CompanyFilter, page: number): string {
  const p = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), sort: 'name' });
  if (f.status) p.set('status', f.status);
  if (f.group) p.set('group', f.group);
  if (f.industry) p.set('industry', f.industry);
  if (f.q) p.set('q', f.q);
  return `/api/v1/companies?${p}`;
}

function lastPage(q: Query): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.ceil(q.expectedTotal / PAGE_SIZE)));
}

/** Checks total, page length and that every item satisfies the filter. */
function checker(q: Query, page: number) {
  const expectedItems = Math.max(0, Math.min(PAGE_SIZE, q.expectedTotal - (page - 1) * PAGE_SIZE));
  return (text: string): string | undefined => {
    let body: { items?: { id: string; status: string; group: string | null; industry: string; name: string }[]; total?: number; page?: number };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return 'not JSON';
    }
    if (body.total !== q.expectedTotal) return `total ${body.total}, expected ${q.expectedTotal}`;
    if (body.items?.length !== expectedItems) return `${body.items?.length} items, expected ${expectedItems}`;
    if (body.page !== page) return `page ${body.page}, expected ${page}`;
    const f = q.filter;
    const bad = body.items.find(
      (i) => (f.status && i.status !== f.status) || (f.group && i.group !== f.group) || (f.industry && i.industry !== f.industry) || !q.expectedIds.has(i.id),
    );
    return bad ? `item ${JSON.stringify(bad)} does not match the filter` : undefined;
  };
}

function requestMix(queries: Query[], seed: number): (n: number) => LoadRequest {
  const r = rng(seed);
  const total = queries.reduce((a, q) => a + q.weight, 0);
  return () => {
    let x = r() * total;
    let q = queries[queries.length - 1]!;
    for (const cand of queries) if ((x -= cand.weight) < 0) {
      q = cand;
      break;
    }
    const page = 1 + Math.floor(r() * lastPage(q));
    return { path: queryPath(q.filter, page), kind: q.kind, check: checker(q, page) };
  };
}

// ---------------------------------------------------------------- one engine

interface EngineResult {
  bench: string;
  engine: Engine;
  companies: number;
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  serverPeakRssMb: number;
  /** CPU used during the measured run, in % of one core. */
  serverCpuPct: number;
  clientCpuPct: number;
  pgBackendsCpuPct?: number;
  /** Whole machine during the measured run (% of one core; 100 × cores = all busy). */
  machineCpuPct: number;
  /** Machine CPU not used by server, client or its PostgreSQL backends: other work on the machine (noise). */
  otherCpuPct: number;
  loadAvg1mBefore: number;
  byKind: LoadResult['byKind'];
  auditRowsWritten: number;
  seedSeconds: number;
  checkedAnswers: number;
  targetP95Ms: number;
  p95Ok: boolean;
}

async function benchEngine(engine: Engine, rows: SeedCompany[], queries: Query[]): Promise<EngineResult> {
  const ds = await benchDataSet(engine, 'companies');
  const pgdb = ds.pg;
  let server: RunningServer | undefined;
  try {
    // Seed: migrations, 10,000 companies in bulk, one program_admin.
    const seedStart = performance.now();
    const deps = await ds.openDeps();
    const password = `bench-${randomBytes(12).toString('base64url')}`;
    let admin: BenchAdmin;
    try {
      await insertCompanies(deps, rows);
      admin = await createProgramAdmin(deps, password);
    } finally {
      await closeDeps(deps);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`[${engine}] seeded ${rows.length} companies in ${seedSeconds.toFixed(1)} s`);

    const workers = process.env.BENCH_API_WORKERS;
    server = await startServer({ ...ds.location, ...(workers ? { env: { OTASUKE_API_WORKERS: workers } } : {}) });
    const health = await requestJson(server.baseUrl, 'GET', '/api/v1/health');
    const healthEngine = (health.body as { engine?: string } | undefined)?.engine;
    if (healthEngine !== engine) throw new Error(`the server runs on ${healthEngine}, expected ${engine}`);
    const cookie = await login(server.baseUrl, admin.email, admin.password);
    const headers = { cookie };

    // Every distinct query answers correctly (first and last page) before anything is measured.
    let verified = 0;
    for (const q of queries) {
      for (const page of new Set([1, lastPage(q)])) {
        const path = queryPath(q.filter, page);
        const r = await requestJson(server.baseUrl, 'GET', path, undefined, headers);
        if (r.status !== 200) throw new Error(`${path} → HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        const problem = checker(q, page)(JSON.stringify(r.body));
        if (problem) throw new Error(`${path} → wrong answer: ${problem}`);
        verified++;
      }
    }
    console.log(`[${engine}] server pid ${server.pid} on ${server.baseUrl}; ${verified} sample answers verified; warming up ${WARMUP_SECONDS} s…`);

    const agent = keepAliveAgent(CONCURRENCY);
    const next = requestMix(queries, 7);
    let warm: LoadResult | undefined;
    if (WARMUP_SECONDS > 0) warm = await runLoad({ port: server.port, headers, concurrency: CONCURRENCY, durationMs: WARMUP_SECONDS * 1000, next, agent });
    if (warm && warm.errors) throw new Error(`errors during warm-up: ${warm.errors}; e.g. ${warm.errorSamples.join(' | ')}`);

    console.log(`[${engine}] measuring ${SECONDS} s with ${CONCURRENCY} clients…`);
    const loadAvg = os.loadavg()[0]!;
    const cpu0 = server.cpuMs();
    const machine0 = machineCpuMs();
    const pg0 = pgdb ? pgBackendCpu(pgdb.name) : undefined;
    const run = await runLoad({ port: server.port, headers, concurrency: CONCURRENCY, durationMs: SECONDS * 1000, next, agent, checkEvery: CHECK_EVERY });
    const serverCpuMs = server.cpuMs() - cpu0;
    const machineBusyMs = machineCpuMs().busy - machine0.busy;
    const pgCpuMs = pgdb && pg0 ? pgCpuDelta(pg0, pgBackendCpu(pgdb.name)) : undefined;
    agent.destroy();
    const peakRss = server.peakRssMb();
    await server.stop();
    server = undefined;

    // Staff list reads are audited once per 10 minutes per user and query: at least one row per distinct query.
    const db = openDb(ds.location);
    let auditRows = 0;
    try {
      const r = await db.kysely
        .selectFrom('audit_log')
        .select(sql<number>`count(*)`.as('n'))
        .where('action', '=', 'company.list_viewed')
        .executeTakeFirstOrThrow();
      auditRows = Number(r.n);
    } finally {
      await db.close();
    }
    const expectedAudit = queries.length;
    if (auditRows < expectedAudit) console.warn(`[${engine}] warning: ${auditRows} list_viewed audit rows, expected ${expectedAudit}`);

    const pct = (ms: number) => (ms / run.elapsedMs) * 100;
    return {
      bench: BENCH,
      engine,
      companies: rows.length,
      concurrency: CONCURRENCY,
      seconds: run.elapsedMs / 1000,
      requests: run.requests,
      errors: run.errors,
      reqPerSec: run.reqPerSec,
      p50Ms: run.latency.p50,
      p95Ms: run.latency.p95,
      p99Ms: run.latency.p99,
      maxMs: run.latency.max,
      meanMs: run.latency.mean,
      serverPeakRssMb: peakRss,
      serverCpuPct: pct(serverCpuMs),
      clientCpuPct: pct(run.clientCpuMs),
      ...(pgCpuMs !== undefined ? { pgBackendsCpuPct: pct(pgCpuMs) } : {}),
      machineCpuPct: pct(machineBusyMs),
      otherCpuPct: Math.max(0, pct(machineBusyMs - serverCpuMs - run.clientCpuMs - (pgCpuMs ?? 0))),
      loadAvg1mBefore: loadAvg,
      byKind: run.byKind,
      auditRowsWritten: auditRows,
      seedSeconds,
      checkedAnswers: verified + run.checked,
      targetP95Ms: TARGET_P95_MS,
      p95Ok: run.latency.p95 < TARGET_P95_MS,
      ...(run.errors ? { errorSamples: run.errorSamples } : {}),
    };
  } finally {
    if (server) {
      const out = server.output();
      await server.stop();
      if (out) console.error(`[${engine}] server output (last lines):\n${out}`);
    }
    await ds.remove();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const m = machineInfo();
  console.log(
    `GET /api/v1/companies — ${COMPANIES} companies, ${CONCURRENCY} concurrent keep-alive clients, ${SECONDS} s per engine after ${WARMUP_SECONDS} s warm-up` +
      `\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryMb} MB, Node ${m.node}; engines: ${ENGINES.join(', ')}`,
  );
  const rows = generateCompanies(COMPANIES);
  const queries = buildQueries(rows);
  const results: EngineResult[] = [];
  const failures: string[] = [];
  for (const engine of ENGINES) {
    try {
      results.push(await benchEngine(engine, rows, queries));
    } catch (e) {
      failures.push(engine);
      console.error(`[${engine}] FAILED: ${(e as Error).message}`);
    }
  }

  if (results.length) {
    console.log('\nGET /api/v1/companies (latency in ms, measured from request to last byte)');
    console.log(
      table(
        ['engine', 'requests', 'errors', 'req/s', 'p50', 'p95', 'p99', 'max', `p95<${TARGET_P95_MS}`, 'server RSS MB', 'CPU% srv/client/pg/other'],
        results.map((r) => [
          r.engine,
          String(r.requests),
          String(r.errors),
          r.reqPerSec,
          r.p50Ms,
          r.p95Ms,
          r.p99Ms,
          r.maxMs,
          r.p95Ok ? 'yes' : 'NO',
          r.serverPeakRssMb,
          `${fmt(r.serverCpuPct, 0)}/${fmt(r.clientCpuPct, 0)}/${r.pgBackendsCpuPct === undefined ? '-' : fmt(r.pgBackendsCpuPct, 0)}/${fmt(r.otherCpuPct, 0)}`,
        ]),
      ),
    );
    console.log(`CPU% = share of one core during the run (${os.cpus().length} cores = ${os.cpus().length * 100}%); "other" = the rest of the machine`);
    // (The load average also counts this benchmark's previous engine, so only CPU measured during the run decides.)
    const noisy = results.filter((r) => r.otherCpuPct > 25);
    if (noisy.length) {
      console.log(
        `warning: other work was running on this machine (${noisy.map((r) => `${r.engine}: other processes used ${fmt(r.otherCpuPct, 0)}% CPU`).join('; ')}); ` +
          'the figures are pessimistic — rerun on a quiet machine to compare with earlier results',
      );
    }
    console.log('\nby kind of request (p50 / p95 ms, share of requests)');
    console.log(
      table(
        ['engine', ...Object.keys(results[0]!.byKind)],
        results.map((r) => [r.engine, ...Object.values(r.byKind).map((k) => `${fmt(k.p50)} / ${fmt(k.p95)}  (${fmt((k.count / r.requests) * 100, 0)}%)`)]),
      ),
    );
    console.log('');
    for (const r of results) printJsonLine(r);
    const file = writeLatest(BENCH, results);
    console.log(`results written to ${file}`);
  }
  if (failures.length) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  console.error(`bench ${BENCH}: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
} finally {
  await runCleanup();
}
