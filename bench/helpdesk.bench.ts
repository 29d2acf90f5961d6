/**
 * Help desk under load, on SQLite and PostgreSQL, against the real server (a separate process):
 *
 * 1. API — 100,000 cases of 1,000 companies (with timelines, attachments, linked alerts): the
 *    staff queue, status / company / breached / tier filters, text searches and the case page
 *    (GET /api/v1/cases/:id) from concurrent keep-alive clients; p50/p95/p99 per kind.
 * 2. SMTP — ~100 KB mails (Japanese body + attachment) from registered senders over pooled SMTP
 *    connections to the server's own receiver (role `all`); mails/s and the time from the start of
 *    the SMTP transaction to the 250 answer (given only once the case is stored).
 *
 * Prints tables and `BENCH_JSON` lines, writes bench/results/latest.json. Run with
 * `npm run bench -- helpdesk` (settings: bench/README.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { closeDeps } from '../src/platform/context.ts';
import { openDb, type Engine } from '../src/platform/db/database.ts';
import { runCleanup } from './lib/cleanup.ts';
import { benchDataSet, type BenchDataSet } from './lib/dataset.ts';
import { envNumber, freePort, machineInfo } from './lib/env.ts';
import { keepAliveAgent, runLoad, summarize, type LoadRequest, type LoadResult, type Summary } from './lib/load.ts';
import { machineCpuMs, pgBackendCpu, pgCpuDelta } from './lib/procs.ts';
import { fmt, printJsonLine, table, writeLatest } from './lib/report.ts';
import { login, requestJson, startServer, type RunningServer } from './lib/server.ts';
import { createProgramAdmin, generateCompanies, insertCompanies, rng, type BenchAdmin } from './lib/seed-companies.ts';
import { normaliseSearch } from '../src/modules/companies/search-text.ts';
import { caseMatcher, insertHelpdesk, type CaseFilter, type HelpdeskSeed, type SeedCase } from './lib/seed-helpdesk.ts';

const BENCH = 'helpdesk';
const SECONDS = envNumber('BENCH_SECONDS', 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONCURRENCY = Math.round(envNumber('BENCH_CONCURRENCY', 20));
const CASES = Math.round(envNumber('BENCH_CASES', 100_000));
const COMPANIES = Math.round(envNumber('BENCH_COMPANIES', 1_000));
const MAILS = Math.round(envNumber('BENCH_MAILS', 1_000));
const MAIL_WARMUP = Math.round(Number(process.env.BENCH_MAIL_WARMUP ?? 40));
const MAIL_CONNECTIONS = Math.round(envNumber('BENCH_MAIL_CONNECTIONS', 8));
const MAIL_KB = envNumber('BENCH_MAIL_KB', 100);
const PAGE_SIZE = 50;
const MAX_PAGE = 20;
const TARGET_P95_MS = 100;
const CHECK_EVERY = 25;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as Engine[];
const PARTS = new Set((process.env.BENCH_PARTS ?? 'api,smtp').split(',').map((s) => s.trim()).filter(Boolean));

for (const e of ENGINES) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine "${e}" (sqlite, postgres)`);
for (const p of PARTS) if (p !== 'api' && p !== 'smtp') throw new Error(`BENCH_PARTS: unknown part "${p}" (api, smtp)`);
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0) throw new Error('BENCH_WARMUP_SECONDS must be 0 or more');
if (!Number.isInteger(MAIL_WARMUP) || MAIL_WARMUP < 0) throw new Error('BENCH_MAIL_WARMUP must be 0 or more');

// ---------------------------------------------------------------- expected answers

/**
 * Cases newest first (the API's order: created_at desc, id desc; created_at is unique in the seed).
 * The load generator shares the server's two cores, so expected answers are cheap to get: a
 * company's cases and the open cases are kept apart, and a filter is computed once.
 */
class Expected {
  readonly newestFirst: SeedCase[];
  private readonly byCompany = new Map<string, SeedCase[]>();
  private readonly open: SeedCase[];
  private readonly cache = new Map<string, SeedCase[]>();
  constructor(seed: HelpdeskSeed) {
    this.newestFirst = [...seed.cases].reverse();
    for (const c of this.newestFirst) {
      let l = this.byCompany.get(c.companyId);
      if (!l) this.byCompany.set(c.companyId, (l = []));
      l.push(c);
    }
    this.open = this.newestFirst.filter((c) => c.status !== 'resolved' && c.status !== 'closed');
    // Every search text in one string (a folded term never holds a line break), for indexOf.
    this.starts = new Int32Array(this.newestFirst.length + 1);
    let at = 0;
    this.newestFirst.forEach((c, i) => {
      this.starts[i] = at;
      at += c.searchText.length + 1;
    });
    this.starts[this.newestFirst.length] = at;
    this.texts = this.newestFirst.map((c) => c.searchText).join('\n') + '\n';
    this.indexOfNumber = new Map(this.newestFirst.map((c, i) => [c.number, i]));
  }
  private readonly starts: Int32Array;
  private readonly texts: string;
  private readonly indexOfNumber: Map<string, number>;

  /** The cases a search term can match (text contains it, or it is the case number), newest first. */
  private searchCandidates(q: string): SeedCase[] {
    const term = q.trim();
    const folded = normaliseSearch(term);
    const found = new Set<number>();
    const byNumber = this.indexOfNumber.get(term.toUpperCase());
    if (byNumber !== undefined) found.add(byNumber);
    for (let pos = folded ? this.texts.indexOf(folded) : -1; pos >= 0; ) {
      let lo = 0;
      let hi = this.newestFirst.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.starts[mid]! <= pos) lo = mid;
        else hi = mid - 1;
      }
      found.add(lo);
      pos = this.texts.indexOf(folded, this.starts[lo + 1]!);
    }
    return [...found].sort((a, b) => a - b).map((i) => this.newestFirst[i]!);
  }
  /** Filters are computed once; `breached` (which depends on the clock) once per second of `atMs`. */
  list(f: CaseFilter, atMs = Date.now()): SeedCase[] {
    const second = Math.floor(atMs / 1000) * 1000;
    const key = f.breached ? `${JSON.stringify(f)}@${second}` : JSON.stringify(f);
    const nowIso = new Date(second).toISOString();
    if (this.cache.size > 5000) this.cache.clear();
    let l = this.cache.get(key);
    if (!l) {
      // Every case `caseMatcher` can accept is in the list it starts from (a breached case is open).
      const from = f.q?.trim() ? this.searchCandidates(f.q) : f.companyId ? (this.byCompany.get(f.companyId) ?? []) : f.breached ? this.open : this.newestFirst;
      this.cache.set(key, (l = from.filter(caseMatcher(f, nowIso))));
    }
    return l;
  }
}

interface ListItem {
  id: string;
  number: string;
  companyId: string;
  status: string;
  tier: string;
  createdAt: string;
}

/**
 * Checks a list answer: total, page, and the exact ids of the page. `breached=true` depends on the
 * clock (a case becomes breached when its due instant passes), so it is checked against the sets
 * a few seconds before and after the answer: total in between, every item breached, newest first.
 */
function listChecker(exp: Expected, f: CaseFilter, page: number) {
  return (text: string): string | undefined => {
    let body: { items?: ListItem[]; total?: number; page?: number };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return 'not JSON';
    }
    if (body.page !== page) return `page ${body.page}, expected ${page}`;
    if (!Array.isArray(body.items) || typeof body.total !== 'number') return 'no items/total';
    const from = (page - 1) * PAGE_SIZE;
    if (f.breached) {
      const now = Date.now();
      const lo = exp.list(f, now - 5_000);
      const hi = exp.list(f, now + 6_000);
      if (body.total < lo.length || body.total > hi.length) return `total ${body.total}, expected ${lo.length}…${hi.length}`;
      const expectedItems = Math.max(0, Math.min(PAGE_SIZE, body.total - from));
      if (body.items.length !== expectedItems) return `${body.items.length} items, expected ${expectedItems}`;
      const ok = new Set(hi.map((c) => c.id));
      const bad = body.items.find((i) => !ok.has(i.id));
      if (bad) return `${bad.number} is not breached`;
      for (let i = 1; i < body.items.length; i++) if (body.items[i]!.createdAt > body.items[i - 1]!.createdAt) return 'not newest first';
      return undefined;
    }
    const l = exp.list(f);
    if (body.total !== l.length) return `total ${body.total}, expected ${l.length}`;
    const want = l.slice(from, from + PAGE_SIZE);
    if (body.items.length !== want.length) return `${body.items.length} items, expected ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const got = body.items[i]!;
      if (got.id !== want[i]!.id) return `item ${i}: ${got.number}, expected ${want[i]!.number}`;
      if (got.status !== want[i]!.status || got.companyId !== want[i]!.companyId || got.tier !== want[i]!.tier) return `item ${got.number} has wrong fields`;
    }
    return undefined;
  };
}

interface CaseDetailBody {
  case?: { id: string; number: string; companyId: string; status: string; tier: string; channel: string; subject: string; sla?: { firstResponseDueAt: string } };
  events?: { kind: string; at: string }[];
  attachments?: unknown[];
  alerts?: unknown[];
}

/** Checks a case page: the right case, all its events oldest first, its attachments and alerts. */
function caseChecker(c: SeedCase) {
  return (text: string): string | undefined => {
    let d: CaseDetailBody;
    try {
      d = JSON.parse(text) as CaseDetailBody;
    } catch {
      return 'not JSON';
    }
    const k = d.case;
    if (!k || k.id !== c.id || k.number !== c.number) return `case ${k?.number}, expected ${c.number}`;
    if (k.companyId !== c.companyId || k.status !== c.status || k.tier !== c.tier || k.channel !== c.channel || k.subject !== c.subject) return `${c.number}: wrong fields`;
    if (k.sla?.firstResponseDueAt !== c.firstResponseDueAt) return `${c.number}: wrong SLA`;
    if (d.events?.length !== c.events) return `${c.number}: ${d.events?.length} events, expected ${c.events}`;
    if (d.events[0]!.kind !== c.firstEventKind) return `${c.number}: first event ${d.events[0]!.kind}, expected ${c.firstEventKind}`;
    for (let i = 1; i < d.events.length; i++) if (d.events[i]!.at < d.events[i - 1]!.at) return `${c.number}: events not oldest first`;
    if (d.attachments?.length !== c.attachments) return `${c.number}: ${d.attachments?.length} attachments, expected ${c.attachments}`;
    if (d.alerts?.length !== c.alerts) return `${c.number}: ${d.alerts?.length} alerts, expected ${c.alerts}`;
    return undefined;
  };
}

function listPath(f: CaseFilter, page: number): string {
  const p = new URLSearchParams();
  if (f.companyId) p.set('companyId', f.companyId);
  if (f.status) p.set('status', f.status);
  if (f.tier) p.set('tier', f.tier);
  if (f.breached) p.set('breached', 'true');
  if (f.q) p.set('q', f.q);
  p.set('page', String(page));
  p.set('pageSize', String(PAGE_SIZE));
  return `/api/v1/cases?${p}`;
}

const lastPage = (total: number) => Math.max(1, Math.min(MAX_PAGE, Math.ceil(total / PAGE_SIZE)));

// ---------------------------------------------------------------- request mix

const SEARCH_WORDS = ['emotet', 'ウイルス', '請求書', 'ランサムウェア', 'Windows Update', 'ルーター', 'ボットネット', '佐藤', 'suzuki', 'VPN'];

interface Kind {
  kind: string;
  weight: number;
  /** A request of this kind: path and checker. */
  make(r: () => number): { path: string; check: (body: string) => string | undefined };
}

/**
 * What a help desk does all day: the staff queue (mostly page 1), the new and in-progress queues,
 * one company's cases, breached SLAs, the back office's queue, searches (words, names, a case
 * number) — and opening cases.
 */
function buildKinds(exp: Expected, seed: HelpdeskSeed): Kind[] {
  const companiesWithCases = [...new Set(seed.cases.map((c) => c.companyId))];
  const pageOf = (r: () => number, total: number, firstShare: number) => (r() < firstShare ? 1 : 1 + Math.floor(r() * lastPage(total)));
  const list = (f: CaseFilter, r: () => number, firstShare: number) => {
    const total = exp.list(f).length;
    const page = pageOf(r, total, firstShare);
    return { path: listPath(f, page), check: listChecker(exp, f, page) };
  };
  return [
    { kind: 'queue', weight: 25, make: (r) => list({}, r, 0.5) },
    { kind: 'status=new', weight: 10, make: (r) => list({ status: 'new' }, r, 0.6) },
    { kind: 'status=in_progress', weight: 8, make: (r) => list({ status: 'in_progress' }, r, 0.6) },
    { kind: 'company', weight: 10, make: (r) => list({ companyId: companiesWithCases[Math.floor(r() * companiesWithCases.length)]! }, r, 0.7) },
    { kind: 'breached', weight: 7, make: (r) => list({ breached: true }, r, 0.7) },
    { kind: 'tier=back', weight: 5, make: (r) => list({ tier: 'back' }, r, 0.6) },
    {
      kind: 'search',
      weight: 10,
      make: (r) => {
        const q = r() < 0.8 ? SEARCH_WORDS[Math.floor(r() * SEARCH_WORDS.length)]! : seed.cases[Math.floor(r() * seed.cases.length)]!.number;
        return list({ q }, r, 0.8);
      },
    },
    {
      kind: 'case',
      weight: 25,
      make: (r) => {
        const c = seed.cases[Math.floor(r() * seed.cases.length)]!;
        return { path: `/api/v1/cases/${c.id}`, check: caseChecker(c) };
      },
    },
  ];
}

function requestMix(kinds: Kind[], seed: number): (n: number) => LoadRequest {
  const r = rng(seed);
  const total = kinds.reduce((a, k) => a + k.weight, 0);
  return () => {
    let x = r() * total;
    let k = kinds[kinds.length - 1]!;
    for (const cand of kinds) if ((x -= cand.weight) < 0) {
      k = cand;
      break;
    }
    const { path, check } = k.make(r);
    return { path, kind: k.kind, check };
  };
}

// ---------------------------------------------------------------- results

interface ApiResult {
  bench: string;
  part: 'api';
  engine: Engine;
  cases: number;
  companies: number;
  events: number;
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
  serverCpuPct: number;
  clientCpuPct: number;
  pgBackendsCpuPct?: number;
  machineCpuPct: number;
  otherCpuPct: number;
  loadAvg1mBefore: number;
  byKind: LoadResult['byKind'];
  caseViewAuditRows: number;
  checkedAnswers: number;
  seedSeconds: number;
  targetP95Ms: number;
  p95Ok: boolean;
  errorSamples?: string[];
}

interface SmtpResult {
  bench: string;
  part: 'smtp';
  engine: Engine;
  mails: number;
  warmupMails: number;
  connections: number;
  mailBytes: number;
  attachmentBytes: number;
  errors: number;
  seconds: number;
  mailsPerSec: number;
  mbPerSec: number;
  latency: Summary;
  serverPeakRssMb: number;
  serverCpuPct: number;
  clientCpuPct: number;
  pgBackendsCpuPct?: number;
  otherCpuPct: number;
  casesCreated: number;
  attachmentsStored: number;
  acknowledgements: number;
  errorSamples?: string[];
}

// ---------------------------------------------------------------- part 1: API

async function benchApi(ds: BenchDataSet, admin: BenchAdmin, seed: HelpdeskSeed, seedSeconds: number): Promise<ApiResult> {
  const { engine } = ds;
  const pgName = ds.pg?.name;
  const exp = new Expected(seed);
  const kinds = buildKinds(exp, seed);
  let server: RunningServer | undefined;
  let caseViews = 0;
  try {
    const workers = process.env.BENCH_API_WORKERS;
    server = await startServer({ ...ds.location, ...(workers ? { env: { OTASUKE_API_WORKERS: workers } } : {}) });
    const health = await requestJson(server.baseUrl, 'GET', '/api/v1/health');
    const healthEngine = (health.body as { engine?: string } | undefined)?.engine;
    if (healthEngine !== engine) throw new Error(`the server runs on ${healthEngine}, expected ${engine}`);
    const cookie = await login(server.baseUrl, admin.email, admin.password);
    const headers = { cookie };

    // Sample answers before measuring: totals of the seeded data, first and last pages, case pages.
    const byStatus = (s: string) => seed.cases.filter((c) => c.status === s).length;
    const samples: { label: string; path: string; check: (t: string) => string | undefined; total?: number }[] = [];
    const addList = (label: string, f: CaseFilter) => {
      const total = exp.list(f).length;
      for (const page of new Set([1, lastPage(total)])) samples.push({ label, path: listPath(f, page), check: listChecker(exp, f, page), total });
    };
    addList('queue', {});
    addList('status=new', { status: 'new' });
    addList('status=in_progress', { status: 'in_progress' });
    addList('status=waiting_customer', { status: 'waiting_customer' });
    addList('breached', { breached: true });
    addList('tier=back', { tier: 'back' });
    const r = rng(99);
    for (let i = 0; i < 5; i++) addList('company', { companyId: seed.cases[Math.floor(r() * seed.cases.length)]!.companyId });
    for (const q of SEARCH_WORDS) addList(`q=${q}`, { q });
    for (let i = 0; i < 3; i++) addList('q=<number>', { q: seed.cases[Math.floor(r() * seed.cases.length)]!.number });
    for (let i = 0; i < 20; i++) {
      const c = seed.cases[Math.floor(r() * seed.cases.length)]!;
      samples.push({ label: 'case', path: `/api/v1/cases/${c.id}`, check: caseChecker(c) });
    }
    // The case with the most events, and one with alerts and one with attachments.
    for (const c of [seed.cases.reduce((a, b) => (b.events > a.events ? b : a)), seed.cases.find((c) => c.alerts > 1), seed.cases.find((c) => c.attachments > 1)]) {
      if (c) samples.push({ label: 'case', path: `/api/v1/cases/${c.id}`, check: caseChecker(c) });
    }
    const totals: Record<string, number> = {};
    for (const s of samples) {
      const res = await requestJson(server.baseUrl, 'GET', s.path, undefined, headers);
      if (res.status !== 200) throw new Error(`${s.path} → HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      const problem = s.check(JSON.stringify(res.body));
      if (problem) throw new Error(`${s.path} → wrong answer: ${problem}`);
      if (s.label === 'case') caseViews++;
      else totals[s.label] = (res.body as { total: number }).total;
    }
    if (totals.queue !== seed.cases.length) throw new Error(`queue total ${totals.queue}, seeded ${seed.cases.length}`);
    if (totals['status=new'] !== byStatus('new') || totals['status=in_progress'] !== byStatus('in_progress')) throw new Error('status totals differ from the seed');
    console.log(
      `[${engine}] ${samples.length} sample answers verified — totals: queue ${totals.queue}, new ${totals['status=new']}, in_progress ${totals['status=in_progress']}, ` +
        `waiting ${totals['status=waiting_customer']}, breached ${totals.breached}, tier=back ${totals['tier=back']}, q=emotet ${totals['q=emotet']}, q=佐藤 ${totals['q=佐藤']}`,
    );

    const agent = keepAliveAgent(CONCURRENCY);
    const next = requestMix(kinds, 7);
    if (WARMUP_SECONDS > 0) {
      console.log(`[${engine}] warming up ${WARMUP_SECONDS} s…`);
      const warm = await runLoad({ port: server.port, headers, concurrency: CONCURRENCY, durationMs: WARMUP_SECONDS * 1000, next, agent });
      if (warm.errors) throw new Error(`errors during warm-up: ${warm.errors}; e.g. ${warm.errorSamples.join(' | ')}`);
      caseViews += warm.byKind.case?.count ?? 0;
    }
    console.log(`[${engine}] measuring ${SECONDS} s with ${CONCURRENCY} clients…`);
    const loadAvg = os.loadavg()[0]!;
    const cpu0 = server.cpuMs();
    const machine0 = machineCpuMs();
    const pg0 = pgName ? pgBackendCpu(pgName) : undefined;
    const run = await runLoad({ port: server.port, headers, concurrency: CONCURRENCY, durationMs: SECONDS * 1000, next, agent, checkEvery: CHECK_EVERY });
    const serverCpuMs = server.cpuMs() - cpu0;
    const machineBusyMs = machineCpuMs().busy - machine0.busy;
    const pgCpuMs = pgName && pg0 ? pgCpuDelta(pg0, pgBackendCpu(pgName)) : undefined;
    agent.destroy();
    caseViews += run.byKind.case?.count ?? 0;
    const peakRss = server.peakRssMb();
    await server.stop();
    server = undefined;

    // Every staff view of a case is audited (part of the cost): one case.viewed row per answered case page.
    const db = openDb(ds.location);
    let auditRows = 0;
    try {
      const a = await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('action', '=', 'case.viewed').executeTakeFirstOrThrow();
      auditRows = Number(a.n);
    } finally {
      await db.close();
    }
    const unanswered = run.byKind.case?.errors ?? 0;
    if (auditRows < caseViews - unanswered || auditRows > caseViews) console.warn(`[${engine}] warning: ${auditRows} case.viewed audit rows for ${caseViews} case pages requested`);

    const pct = (ms: number) => (ms / run.elapsedMs) * 100;
    return {
      bench: BENCH,
      part: 'api',
      engine,
      cases: seed.cases.length,
      companies: COMPANIES,
      events: seed.events,
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
      caseViewAuditRows: auditRows,
      checkedAnswers: samples.length + run.checked,
      seedSeconds,
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
  }
}

// ---------------------------------------------------------------- part 2: SMTP intake

const mailSubjects = ['不審なメールが届きました', 'パソコンに警告が表示されます', 'Windows Update のエラーについて', 'UTM のランプが赤いです', '請求書のような添付ファイルを開いてしまいました', '見覚えのないログイン通知', 'ネットワークにつながりません', '契約内容について教えてください'];
const bodyParagraphs = [
  'いつもお世話になっております。本日午前、経理担当のパソコンに取引先を名乗るメールが届き、添付ファイルを開いてしまいました。',
  '開いた直後に画面が一瞬暗くなり、その後は普段どおり使えていますが、念のためご相談させてください。',
  'パソコンは LAN ケーブルを抜いた状態で保管しています。ウイルス対策ソフトのスキャンでは何も検出されませんでした。',
  '同じ件名のメールが他の社員 2 名にも届いていたようです。こちらは開いていないと聞いています。',
  '画面の写真と、届いたメールのヘッダーを添付いたします。お手数ですが、今後の対応についてご指示をお願いいたします。',
  'なお、本日は 17 時まで事務所におりますので、お電話いただいても構いません。',
];

/** A mail of about `targetBytes` on the wire: Japanese text body and one attachment unique to this mail. */
async function buildMail(r: () => number, i: number, sender: { email: string }, to: string, targetBytes: number) {
  const paragraphs: string[] = [];
  for (let n = 0; n < 24; n++) paragraphs.push(bodyParagraphs[Math.floor(r() * bodyParagraphs.length)]!);
  const text = `ヘルプデスク御中\n\n${paragraphs.join('\n')}\n\n（ベンチマーク送信 ${i + 1}）\n`;
  // Base64 grows the attachment by 4/3 plus line breaks; the headers and the body take the rest.
  const textBytes = Math.ceil((Buffer.byteLength(text) * 4) / 3);
  const attachmentBytes = Math.max(1024, Math.floor(((targetBytes - textBytes - 2_000) * 3) / 4 / 1.027));
  const content = randomBytes(attachmentBytes);
  const raw = await new MailComposer({
    from: sender.email,
    to,
    subject: `${mailSubjects[Math.floor(r() * mailSubjects.length)]!}（${i + 1}）`,
    text,
    attachments: [{ filename: `スクリーンショット_${i + 1}.png`, content, contentType: 'image/png' }],
  })
    .compile()
    .build();
  return { raw, sha256: createHash('sha256').update(content).digest('hex'), attachmentBytes };
}

async function benchSmtp(ds: BenchDataSet, seed: HelpdeskSeed): Promise<SmtpResult> {
  const { engine, dir: dataDir } = ds;
  const pgName = ds.pg?.name;
  const smtpPort = await freePort();
  const syslogPort = await freePort();
  const helpdeskAddress = 'helpdesk@otasuke.local';
  let server: RunningServer | undefined;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: MAIL_CONNECTIONS, maxMessages: Infinity });
  try {
    const partStart = new Date().toISOString();
    server = await startServer({
      ...ds.location,
      role: 'all',
      env: {
        OTASUKE_SMTP_HOST: '127.0.0.1',
        OTASUKE_SMTP_PORT: String(smtpPort),
        OTASUKE_SYSLOG_HOST: '127.0.0.1',
        OTASUKE_SYSLOG_PORT: String(syslogPort),
        OTASUKE_MAILS_PER_SENDER_PER_HOUR: '1000000',
        OTASUKE_HELPDESK_ADDRESS: helpdeskAddress,
      },
    });
    const senders = [...seed.userSenders, ...seed.contactSenders];
    const r = rng(4242);
    const expected = new Map<string, string>(); // attachment sha256 → sender's company
    let bytes = 0;
    let attachmentBytes = 0;
    const errors: string[] = [];
    let errorCount = 0;

    /** Sends mails `from`…`to`-1 from MAIL_CONNECTIONS closed-loop senders; each mail is built before its clock starts. */
    const sendRange = async (from: number, to: number, latencies: number[] | null) => {
      let next = from;
      const loop = async () => {
        while (next < to) {
          const i = next++;
          const sender = senders[Math.floor(r() * senders.length)]!;
          const m = await buildMail(r, i, sender, helpdeskAddress, MAIL_KB * 1024);
          expected.set(m.sha256, sender.companyId);
          const t0 = process.hrtime.bigint();
          try {
            const info = await transport.sendMail({ envelope: { from: sender.email, to: [helpdeskAddress] }, raw: m.raw });
            if (!/^250/.test(info.response)) throw new Error(`answer ${info.response}`);
          } catch (e) {
            errorCount++;
            if (errors.length < 5) errors.push(`mail ${i + 1}: ${(e as Error).message}`);
            continue;
          }
          if (latencies) {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            bytes += m.raw.length;
            attachmentBytes += m.attachmentBytes;
          }
        }
      };
      await Promise.all(Array.from({ length: MAIL_CONNECTIONS }, loop));
    };

    if (MAIL_WARMUP) {
      console.log(`[${engine}] SMTP on 127.0.0.1:${smtpPort}: warming up with ${MAIL_WARMUP} mails…`);
      await sendRange(0, MAIL_WARMUP, null);
      if (errorCount) throw new Error(`errors during the SMTP warm-up: ${errors.join(' | ')}`);
    }
    console.log(`[${engine}] sending ${MAILS} mails of ~${MAIL_KB} KB over ${MAIL_CONNECTIONS} connections…`);
    const latencies: number[] = [];
    const cpu0 = server.cpuMs();
    const machine0 = machineCpuMs();
    const client0 = process.cpuUsage();
    const pg0 = pgName ? pgBackendCpu(pgName) : undefined;
    const t0 = process.hrtime.bigint();
    await sendRange(MAIL_WARMUP, MAIL_WARMUP + MAILS, latencies);
    const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const serverCpuMs = server.cpuMs() - cpu0;
    const machineBusyMs = machineCpuMs().busy - machine0.busy;
    const c = process.cpuUsage(client0);
    const clientCpuMs = (c.user + c.system) / 1000;
    const pgCpuMs = pgName && pg0 ? pgCpuDelta(pg0, pgBackendCpu(pgName)) : undefined;
    transport.close();
    const peakRss = server.peakRssMb();
    await server.stop();
    server = undefined;

    // Afterwards: one new mail case per mail, of the sender's company, with its attachment stored.
    const sent = MAIL_WARMUP + MAILS - errorCount;
    const db = openDb(ds.location);
    let casesCreated = 0;
    let attachmentsStored = 0;
    try {
      const rows = await db.kysely
        .selectFrom('cases as k')
        .leftJoin('case_attachments as a', 'a.case_id', 'k.id')
        .select(['k.id', 'k.company_id', 'a.sha256', 'a.size'])
        .where('k.channel', '=', 'mail')
        .where('k.created_at', '>=', partStart)
        .execute();
      casesCreated = new Set(rows.map((x) => x.id)).size;
      const problems: string[] = [];
      for (const row of rows) {
        if (!row.sha256) {
          problems.push(`case ${row.id} has no attachment`);
          continue;
        }
        const company = expected.get(row.sha256);
        if (company === undefined) problems.push(`case ${row.id}: unexpected attachment ${row.sha256.slice(0, 12)}`);
        else if (company !== row.company_id) problems.push(`case ${row.id} belongs to the wrong company`);
        const file = path.join(dataDir, 'attachments', row.sha256.slice(0, 2), row.sha256);
        if (!existsSync(file) || statSync(file).size !== Number(row.size)) problems.push(`attachment file of case ${row.id} is missing or has the wrong size`);
        else attachmentsStored++;
      }
      const held = await db.kysely.selectFrom('mail_quarantine').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(held.n)) problems.push(`${held.n} mails went to quarantine`);
      if (casesCreated !== sent) problems.push(`${casesCreated} new mail cases, ${sent} mails accepted`);
      if (attachmentsStored !== sent) problems.push(`${attachmentsStored} attachments stored, ${sent} mails accepted`);
      if (problems.length) throw new Error(`SMTP intake check failed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
    } finally {
      await db.close();
    }
    const outbox = path.join(dataDir, 'outbox');
    const acknowledgements = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')).length : 0;
    // The development outbox names a file by the millisecond and the recipient, so two acknowledgements
    // to the same sender in the same millisecond overwrite each other: a few missing files are that.
    if (acknowledgements < sent) console.warn(`[${engine}] note: ${acknowledgements} acknowledgement files in the outbox for ${sent} mails (same sender, same millisecond → same file name)`);
    console.log(`[${engine}] verified: ${casesCreated} new mail cases, ${attachmentsStored} attachments stored (SHA-256 and size), ${acknowledgements} acknowledgements written`);

    const pct = (ms: number) => (ms / elapsedMs) * 100;
    const n = latencies.length;
    return {
      bench: BENCH,
      part: 'smtp',
      engine,
      mails: n,
      warmupMails: MAIL_WARMUP,
      connections: MAIL_CONNECTIONS,
      mailBytes: n ? bytes / n : NaN,
      attachmentBytes: n ? attachmentBytes / n : NaN,
      errors: errorCount,
      seconds: elapsedMs / 1000,
      mailsPerSec: n / (elapsedMs / 1000),
      mbPerSec: bytes / 1_048_576 / (elapsedMs / 1000),
      latency: summarize(latencies),
      serverPeakRssMb: peakRss,
      serverCpuPct: pct(serverCpuMs),
      clientCpuPct: pct(clientCpuMs),
      ...(pgCpuMs !== undefined ? { pgBackendsCpuPct: pct(pgCpuMs) } : {}),
      otherCpuPct: Math.max(0, pct(machineBusyMs - serverCpuMs - clientCpuMs - (pgCpuMs ?? 0))),
      casesCreated,
      attachmentsStored,
      acknowledgements,
      ...(errors.length ? { errorSamples: errors } : {}),
    };
  } finally {
    transport.close();
    if (server) {
      const out = server.output();
      await server.stop();
      if (out) console.error(`[${engine}] server output (last lines):\n${out}`);
    }
  }
}

// ---------------------------------------------------------------- one engine

async function benchEngine(engine: Engine): Promise<{ api?: ApiResult; smtp?: SmtpResult }> {
  const ds = await benchDataSet(engine, 'helpdesk');
  try {
    // Seed: migrations, companies, people, 100,000 cases with timelines, one program_admin.
    const seedStart = performance.now();
    const deps = await ds.openDeps();
    const password = `bench-${randomBytes(12).toString('base64url')}`;
    let admin: BenchAdmin;
    let seed: HelpdeskSeed;
    try {
      const companies = generateCompanies(COMPANIES);
      await insertCompanies(deps, companies);
      let shown = 0;
      seed = await insertHelpdesk(deps, {
        companies,
        count: CASES,
        now: Date.now(),
        onProgress: (done) => {
          if (done - shown >= 25_000) {
            shown = done;
            console.log(`[${engine}]   … ${done} cases`);
          }
        },
      });
      admin = await createProgramAdmin(deps, password);
    } finally {
      await closeDeps(deps);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const open = seed.cases.filter((c) => c.status !== 'resolved' && c.status !== 'closed').length;
    console.log(
      `[${engine}] seeded ${COMPANIES} companies, ${seed.cases.length} cases (${open} open), ${seed.events} events (${fmt(seed.events / seed.cases.length)} per case), ` +
        `${seed.attachments} attachments, ${seed.alerts} linked alerts in ${seedSeconds.toFixed(1)} s`,
    );

    const out: { api?: ApiResult; smtp?: SmtpResult } = {};
    if (PARTS.has('api')) out.api = await benchApi(ds, admin, seed, seedSeconds);
    if (PARTS.has('smtp')) out.smtp = await benchSmtp(ds, seed);
    return out;
  } finally {
    await ds.remove();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const m = machineInfo();
  console.log(
    `help desk — ${CASES} cases of ${COMPANIES} companies; API: ${CONCURRENCY} keep-alive clients, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; ` +
      `SMTP: ${MAILS} mails of ~${MAIL_KB} KB over ${MAIL_CONNECTIONS} connections` +
      `\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryMb} MB, Node ${m.node}; engines: ${ENGINES.join(', ')}; parts: ${[...PARTS].join(', ')}`,
  );
  const api: ApiResult[] = [];
  const smtp: SmtpResult[] = [];
  const failures: string[] = [];
  for (const engine of ENGINES) {
    try {
      const r = await benchEngine(engine);
      if (r.api) api.push(r.api);
      if (r.smtp) smtp.push(r.smtp);
    } catch (e) {
      failures.push(engine);
      console.error(`[${engine}] FAILED: ${(e as Error).message}`);
    }
  }
  const cpu = (r: { serverCpuPct: number; clientCpuPct: number; pgBackendsCpuPct?: number; otherCpuPct: number }) =>
    `${fmt(r.serverCpuPct, 0)}/${fmt(r.clientCpuPct, 0)}/${r.pgBackendsCpuPct === undefined ? '-' : fmt(r.pgBackendsCpuPct, 0)}/${fmt(r.otherCpuPct, 0)}`;

  if (api.length) {
    console.log(`\nGET /api/v1/cases and /api/v1/cases/:id — ${CASES} cases, ${CONCURRENCY} clients (latency in ms, request to last byte)`);
    console.log(
      table(
        ['engine', 'requests', 'errors', 'req/s', 'p50', 'p95', 'p99', 'max', `p95<${TARGET_P95_MS}`, 'server RSS MB', 'CPU% srv/client/pg/other'],
        api.map((r) => [r.engine, String(r.requests), String(r.errors), r.reqPerSec, r.p50Ms, r.p95Ms, r.p99Ms, r.maxMs, r.p95Ok ? 'yes' : 'NO', r.serverPeakRssMb, cpu(r)]),
      ),
    );
    console.log('\nby kind of request (p50 / p95 / p99 ms, share of requests)');
    const kinds = Object.keys(api[0]!.byKind);
    console.log(
      table(
        ['kind', ...api.map((r) => r.engine)],
        kinds.map((k) => [k, ...api.map((r) => {
          const s = r.byKind[k];
          return s ? `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}  (${fmt((s.count / r.requests) * 100, 0)}%)` : '-';
        })]),
      ),
    );
  }
  if (smtp.length) {
    console.log(`\nSMTP intake — mails of ~${MAIL_KB} KB (Japanese text + one attachment), ${MAIL_CONNECTIONS} pooled connections (latency: start of the SMTP transaction → 250, ms)`);
    console.log(
      table(
        ['engine', 'mails', 'errors', 'KB/mail', 'mails/s', 'MB/s', 'p50', 'p95', 'p99', 'max', 'server RSS MB', 'CPU% srv/client/pg/other'],
        smtp.map((r) => [r.engine, String(r.mails), String(r.errors), r.mailBytes / 1024, r.mailsPerSec, r.mbPerSec, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max, r.serverPeakRssMb, cpu(r)]),
      ),
    );
  }
  if (api.length || smtp.length) {
    console.log(`CPU% = share of one core during the run (${os.cpus().length} cores = ${os.cpus().length * 100}%); "other" = the rest of the machine`);
    const noisy = [...api, ...smtp].filter((r) => r.otherCpuPct > 25);
    if (noisy.length) {
      console.log(
        `warning: other work was running on this machine (${noisy.map((r) => `${r.engine} ${r.part}: ${fmt(r.otherCpuPct, 0)}%`).join('; ')}); ` +
          'the figures are pessimistic — rerun on a quiet machine to compare with earlier results',
      );
    }
    console.log('');
    for (const r of [...api, ...smtp]) printJsonLine(r);
    const file = writeLatest(BENCH, [...api, ...smtp]);
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
