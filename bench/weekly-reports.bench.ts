/**
 * Weekly reports for every active company, sent by the real CLI (`otasuke report send-weekly`, a
 * separate process) to a real SMTP server on loopback (in this process), on SQLite and PostgreSQL:
 *
 * 1. a full run for one week: wall time, reports/s, the CLI's peak RSS and its RSS at 10 / 50 / 90 %
 *    of the companies (memory must stay flat); every mail is checked (one per company, to the right
 *    addresses, with a PDF attachment) and the send table and audit log must agree;
 * 2. crash and resume for the next week: the CLI is SIGKILLed at ~30 %, then run again to the end;
 *    afterwards every company has exactly one mail for that week, except the ones left `uncertain`
 *    (in flight at the kill: at most once, never twice), and the second run skipped every company
 *    the first one had reached.
 *
 * Prints a table and `BENCH_JSON` lines, writes bench/results/latest.json. Run with
 * `npm run bench -- weekly` (settings: bench/README.md).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { closeDeps } from '../src/platform/context.ts';
import { openDb, type Engine } from '../src/platform/db/database.ts';
import { previousWeekOf } from '../src/modules/reporting/weekly-data.ts';
import type { SendRunResult } from '../src/modules/reporting/weekly-send.ts';
import { onCleanup, onExitSync, runCleanup } from './lib/cleanup.ts';
import { benchDataSet } from './lib/dataset.ts';
import { cleanEnv, envNumber, machineInfo, repoRoot } from './lib/env.ts';
import { machineCpuMs, pgBackendCpu, pgCpuDelta, processCpuMs, processStatusMb } from './lib/procs.ts';
import { fmt, printJsonLine, table, writeLatest } from './lib/report.ts';
import { generateCompanies, insertCompanies, type SeedCompany } from './lib/seed-companies.ts';
import { insertWeeklyData, type WeeklySeed } from './lib/seed-weekly.ts';

const BENCH = 'weekly-reports';
const COMPANIES = Math.round(envNumber('BENCH_COMPANIES', 10_000));
const KILL_AT = envNumber('BENCH_KILL_AT', 0.3);
const SAMPLE_MS = Math.round(envNumber('BENCH_SAMPLE_MS', 250));
/**
 * The mailer keeps SMTP connections open between mails (pooled unless OTASUKE_SMTP_URL says
 * `?pool=false`). One connection per mail would cost 1,000 s for 10,000 mails here: this SMTP server
 * (smtp-server) waits 100 ms before its greeting on every connection (its early-talker check).
 * BENCH_SMTP_POOL=0 adds `?pool=false` to measure that.
 */
const SMTP_POOL = (process.env.BENCH_SMTP_POOL ?? '1') !== '0';
const TARGET_SECONDS = 600;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as Engine[];
for (const e of ENGINES) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine "${e}" (sqlite, postgres)`);
if (KILL_AT >= 1) throw new Error('BENCH_KILL_AT must be between 0 and 1');

const DAY = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The measured week and the crash week: the last two complete JST weeks; the week before them for week-over-week change. */
const CRASH_WEEK = previousWeekOf(Date.now());
const WEEK = addDays(CRASH_WEEK, -7);
const SEEDED_WEEKS = [addDays(WEEK, -7), WEEK, CRASH_WEEK];

// ---------------------------------------------------------------- SMTP sink

/** The text of a PDF (pdf.js): the Japanese font must come out as the same characters. */
async function pdfToText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

interface Received {
  week: string;
  companyId: string;
  rcpt: string[];
  bytes: number;
  at: number;
}

/**
 * A real SMTP server on 127.0.0.1 that checks every message cheaply (the CLI and this process share
 * the machine): the Message-ID names week and company (`<weekly.<week>.<company>.…>`), the
 * attachment is a complete PDF (`%PDF-` … `%%EOF`) with the week's file name. Every `fullEvery`-th
 * message is also parsed completely (mailparser) and checked against the seed: the company's name
 * in the subject, the text part and the PDF's text (pdf.js), the charts in the HTML part.
 */
class Sink {
  readonly received: Received[] = [];
  readonly problems: string[] = [];
  problemCount = 0;
  /** Messages whose DATA did not complete (the client was killed mid-message). */
  aborted = 0;
  bytes = 0;
  fullyParsed = 0;
  private readonly byWeek = new Map<string, number>();
  private server: SMTPServer;
  port = 0;

  constructor(private readonly expect: { names: Map<string, string>; recipients: Map<string, string[]> }, private readonly fullEvery = 200) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 20 * 1024 * 1024,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return cb(new Error('too big'));
          const raw = Buffer.concat(chunks);
          const rcpt = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
          void this.accept(raw, rcpt).then(
            () => cb(),
            (e: Error) => cb(e),
          );
        });
        stream.on('error', () => this.aborted++);
      },
    });
    this.server.on('error', () => {
      // a connection reset by the killed client is expected
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  count(week: string): number {
    return this.byWeek.get(week) ?? 0;
  }

  private problem(p: string) {
    this.problemCount++;
    if (this.problems.length < 10) this.problems.push(p);
  }

  private async accept(raw: Buffer, rcpt: string[]) {
    const text = raw.toString('latin1');
    const mid = /^Message-ID:\s*<weekly\.(\d{4}-\d{2}-\d{2})\.([^.>]+)\./im.exec(text.slice(0, text.indexOf('\r\n\r\n')));
    if (!mid) return this.problem(`a mail without a weekly Message-ID (${raw.length} bytes)`);
    // Copies: a regex capture is a slice that keeps the whole message (~150 KB) alive in V8, and
    // these are kept for every mail.
    const week = Buffer.from(mid[1]!, 'latin1').toString('latin1');
    const companyId = Buffer.from(mid[2]!, 'latin1').toString('latin1');
    const n = this.received.length;
    this.received.push({ week, companyId, rcpt, bytes: raw.length, at: Date.now() });
    this.byWeek.set(week, (this.byWeek.get(week) ?? 0) + 1);
    this.bytes += raw.length;

    const want = this.expect.recipients.get(companyId);
    if (!want) return this.problem(`mail for unknown company ${companyId}`);
    if ([...rcpt].sort().join(',') !== [...want].sort().join(',')) this.problem(`${companyId}: recipients ${rcpt.join(',')}, expected ${want.join(',')}`);
    // The PDF part: base64 body after its headers, up to the next boundary.
    const at = text.search(/Content-Type: application\/pdf/i);
    if (at < 0) return this.problem(`${companyId}: no PDF attachment`);
    const bodyStart = text.indexOf('\r\n\r\n', at) + 4;
    const partHead = text.slice(at, bodyStart);
    if (!partHead.includes(`weekly-report-${week}.pdf`)) this.problem(`${companyId}: attachment not named weekly-report-${week}.pdf`);
    const bodyEnd = text.indexOf('\r\n--', bodyStart);
    const pdf = Buffer.from(text.slice(bodyStart, bodyEnd < 0 ? undefined : bodyEnd), 'base64');
    if (pdf.length < 5_000 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-' || !pdf.subarray(-32).toString('latin1').includes('%%EOF')) {
      this.problem(`${companyId}: the attachment is not a complete PDF (${pdf.length} bytes)`);
    }
    if (n % this.fullEvery === 0) {
      const m = await simpleParser(raw);
      this.fullyParsed++;
      const name = this.expect.names.get(companyId)!;
      const att = m.attachments.find((a) => a.contentType === 'application/pdf');
      if (!att || att.content.subarray(0, 5).toString('latin1') !== '%PDF-') this.problem(`${companyId}: mailparser finds no PDF`);
      if (!m.subject?.includes(name)) this.problem(`${companyId}: subject "${m.subject}" does not name ${name}`);
      if (!m.text?.includes(name) || !(typeof m.html === 'string' && m.html.includes('<svg'))) this.problem(`${companyId}: text or HTML part (with the charts) missing`);
      if (att) {
        const pdfText = await pdfToText(att.content);
        if (!pdfText.includes(name)) this.problem(`${companyId}: the PDF does not name ${name}`);
      }
    }
  }

  /** Mails per company for a week. */
  perCompany(week: string, from = 0, to = this.received.length): Map<string, number> {
    const m = new Map<string, number>();
    for (let i = from; i < to; i++) {
      const r = this.received[i]!;
      if (r.week === week) m.set(r.companyId, (m.get(r.companyId) ?? 0) + 1);
    }
    return m;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- the CLI as a child process

interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  /** Seconds until the first mail arrived (start-up: Node, tsx, config, database). */
  firstMailSeconds: number;
  peakRssMb: number;
  cpuMs: number;
  /** CPU used by the PostgreSQL backends serving the run (they end with the CLI, so sampled during it). */
  pgCpuMs?: number;
  /** RSS (MB) when the sink had 10 %, 50 %, 90 % of the week's mails (of what this run sends). */
  rssAt: Record<string, number>;
  samples: { t: number; mails: number; rssMb: number }[];
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/otasuke.mjs report send-weekly --week <week> --data <dir>` and samples its memory
 * and CPU from /proc every SAMPLE_MS. `killWhen` (checked every 20 ms) SIGKILLs it.
 */
async function runCli(o: { week: string; dataDir: string; env: Record<string, string>; sink: Sink; expected: number; pgName?: string; killWhen?: () => boolean }): Promise<CliRun> {
  const args = [path.join(repoRoot, 'bin/otasuke.mjs'), 'report', 'send-weekly', '--week', o.week, '--data', o.dataDir];
  const t0 = performance.now();
  const base = o.sink.count(o.week);
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: cleanEnv(o.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const unExit = onExitSync(() => child.kill('SIGKILL'));
  const unCleanup = onCleanup(`kill CLI pid ${pid}`, () => {
    child.kill('SIGKILL');
  });
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => ((exited = true), resolve({ code, signal }))));

  let peak = 0;
  let cpu = 0;
  const pgStart = o.pgName ? pgBackendCpu(o.pgName) : undefined;
  const pgLast = new Map<number, number>();
  let firstMail = NaN;
  const rssAt: Record<string, number> = {};
  const samples: CliRun['samples'] = [];
  const marks = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const sample = () => {
    if (exited) return;
    const hwm = processStatusMb(pid, 'VmHWM');
    const rss = processStatusMb(pid, 'VmRSS');
    const c = processCpuMs(pid);
    if (Number.isFinite(hwm)) peak = Math.max(peak, hwm);
    if (Number.isFinite(c)) cpu = c;
    if (o.pgName) for (const [p, ms] of pgBackendCpu(o.pgName)) pgLast.set(p, ms);
    const mails = o.sink.count(o.week) - base;
    if (Number.isFinite(rss)) {
      samples.push({ t: (performance.now() - t0) / 1000, mails, rssMb: rss });
      for (const m of marks) if (rssAt[`${Math.round(m * 100)}%`] === undefined && mails >= m * o.expected) rssAt[`${Math.round(m * 100)}%`] = rss;
    }
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const watcher = setInterval(() => {
    if (Number.isNaN(firstMail) && o.sink.count(o.week) > base) firstMail = (performance.now() - t0) / 1000;
    if (o.killWhen && !exited && o.killWhen()) {
      sample();
      child.kill('SIGKILL');
    }
  }, 20);
  const { code, signal } = await exit;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  clearInterval(watcher);
  unExit();
  unCleanup();
  const pgCpuMs = pgStart ? pgCpuDelta(pgStart, pgLast) : undefined;
  return { exitCode: code, signal, seconds, firstMailSeconds: firstMail, peakRssMb: peak, cpuMs: cpu, ...(pgCpuMs !== undefined ? { pgCpuMs } : {}), rssAt, samples, stdout, stderr };
}

function parseResult(run: CliRun): SendRunResult {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as SendRunResult;
  } catch {
    throw new Error(`the CLI printed no result (exit ${run.exitCode}, signal ${run.signal})\n--- stdout ---\n${run.stdout.slice(-2000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`);
  }
}

async function sendStatuses(dataDir: string, databaseUrl: string | undefined, week: string): Promise<Map<string, string>> {
  const db = openDb({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    const rows = await db.kysely.selectFrom('weekly_report_sends').select(['company_id', 'status']).where('week', '=', week).execute();
    return new Map(rows.map((r) => [r.company_id, r.status]));
  } finally {
    await db.close();
  }
}

async function auditRows(dataDir: string, databaseUrl: string | undefined): Promise<number> {
  const db = openDb({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    const a = await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('action', '=', 'report.weekly_sent').executeTakeFirstOrThrow();
    return Number(a.n);
  } finally {
    await db.close();
  }
}

const countBy = <T>(xs: Iterable<T>) => {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

// ---------------------------------------------------------------- results

interface Result {
  bench: string;
  engine: Engine;
  companies: number;
  week: string;
  seconds: number;
  firstMailSeconds: number;
  reportsPerSec: number;
  peakRssMb: number;
  rssMbAt: Record<string, number>;
  rssMbMin: number;
  rssMbMax: number;
  cliCpuPct: number;
  /** CPU time of the CLI per report (start-up included): what the run costs without the neighbours' noise. */
  cliCpuMsPerReport: number;
  sinkCpuPct: number;
  pgBackendsCpuPct?: number;
  otherCpuPct: number;
  mails: number;
  mbSent: number;
  kbPerMail: number;
  targetSeconds: number;
  targetOk: boolean;
  crash: {
    week: string;
    killedAtMails: number;
    killedAfterSeconds: number;
    sentBeforeKill: number;
    uncertainAfterKill: number;
    uncertainDelivered: number;
    abortedMessages: number;
    resumeSeconds: number;
    resumeSent: number;
    resumeSkipped: number;
    resumePeakRssMb: number;
    mails: number;
  };
  duplicates: number;
  /** Peak RSS of this process (SMTP server and checks), so far. */
  benchPeakRssMb: number;
  checkedMails: number;
  fullyParsedMails: number;
  seedSeconds: number;
  seed: { rollupRows: number; statRows: number; detections: number; alerts: number };
}

// ---------------------------------------------------------------- one engine

async function benchEngine(engine: Engine): Promise<Result> {
  const ds = await benchDataSet(engine, 'weekly');
  const { pg: pgdb, databaseUrl } = ds;
  let sink: Sink | undefined;
  try {
    // Seed: migrations, N active companies with an admin, a firewall and three weeks of rollups.
    const seedStart = performance.now();
    const deps = await ds.openDeps();
    let companies: SeedCompany[];
    let seed: WeeklySeed;
    try {
      companies = generateCompanies(COMPANIES).map((c) => ({ ...c, status: 'active' as const, withdrawal_reason: null, withdrawal_note: null }));
      await insertCompanies(deps, companies);
      let shown = 0;
      seed = await insertWeeklyData(deps, {
        companies,
        weeks: SEEDED_WEEKS,
        onProgress: (done) => {
          if (done - shown >= 2_500) {
            shown = done;
            console.log(`[${engine}]   … ${done} companies`);
          }
        },
      });
    } finally {
      await closeDeps(deps);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(
      `[${engine}] seeded ${COMPANIES} active companies (one admin, one firewall each), weeks ${SEEDED_WEEKS.join(', ')}: ` +
        `${seed.rollupRows} rollup rows (${fmt(seed.rollupRows / COMPANIES / SEEDED_WEEKS.length / 7)} per company-day), ${seed.statRows} device-days, ` +
        `${seed.detections} detections, ${seed.alerts} open alerts in ${seedSeconds.toFixed(1)} s`,
    );

    sink = new Sink({ names: new Map(companies.map((c) => [c.id!, c.name])), recipients: seed.recipients });
    const smtpUrl = await sink.listen();
    const cliEnv = { ...ds.env, OTASUKE_SMTP_URL: SMTP_POOL ? smtpUrl : `${smtpUrl}?pool=false` };

    // ---- 1. the full run
    console.log(`[${engine}] report send-weekly --week ${WEEK} (${COMPANIES} companies) → ${cliEnv.OTASUKE_SMTP_URL}…`);
    const cpu0 = process.cpuUsage();
    const machine0 = machineCpuMs();
    const progress = setInterval(() => {
      const n = sink!.count(WEEK);
      process.stdout.write(`[${engine}]   … ${n}/${COMPANIES} mails\n`);
    }, 30_000);
    let run: CliRun;
    try {
      run = await runCli({ week: WEEK, dataDir: ds.dir, env: cliEnv, sink, expected: COMPANIES, ...(pgdb ? { pgName: pgdb.name } : {}) });
    } finally {
      clearInterval(progress);
    }
    const sinkCpu = process.cpuUsage(cpu0);
    const sinkCpuMs = (sinkCpu.user + sinkCpu.system) / 1000;
    const machineBusyMs = machineCpuMs().busy - machine0.busy;
    const pgCpuMs = run.pgCpuMs;
    if (run.exitCode !== 0) throw new Error(`send-weekly exited with ${run.exitCode ?? run.signal}\n${run.stderr.slice(-4000)}`);
    const r1 = parseResult(run);
    const problems: string[] = [];
    if (r1.companies !== COMPANIES || r1.sent !== COMPANIES || r1.skipped || r1.failed || r1.uncertain || r1.noRecipient) problems.push(`first run answered ${JSON.stringify(r1)}`);
    const per1 = sink.perCompany(WEEK);
    const dup1 = [...per1.values()].filter((n) => n > 1).length;
    if (per1.size !== COMPANIES) problems.push(`${per1.size} companies got a mail for ${WEEK}, expected ${COMPANIES}`);
    const st1 = countBy((await sendStatuses(ds.dir, databaseUrl, WEEK)).values());
    if (st1.get('sent') !== COMPANIES || st1.size !== 1) problems.push(`weekly_report_sends for ${WEEK}: ${JSON.stringify(Object.fromEntries(st1))}`);
    const audit1 = await auditRows(ds.dir, databaseUrl);
    if (audit1 !== COMPANIES) problems.push(`${audit1} report.weekly_sent audit rows, expected ${COMPANIES}`);
    const mails1 = sink.count(WEEK);
    const bytes1 = sink.received.filter((r) => r.week === WEEK).reduce((a, r) => a + r.bytes, 0);
    const rss = run.samples.filter((s) => s.mails > 0).map((s) => s.rssMb);
    console.log(
      `[${engine}] ${mails1} mails in ${run.seconds.toFixed(1)} s (${fmt(COMPANIES / run.seconds)} reports/s, first mail after ${run.firstMailSeconds.toFixed(1)} s), ` +
        `CLI CPU ${fmt(run.cpuMs / COMPANIES)} ms per report, peak RSS ${fmt(run.peakRssMb)} MB` +
        `\n[${engine}]   RSS by progress: ${Object.entries(run.rssAt).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')} MB`,
    );

    // ---- 2. crash and resume, the next week
    const killAt = Math.max(1, Math.round(KILL_AT * COMPANIES));
    console.log(`[${engine}] crash: send-weekly --week ${CRASH_WEEK}, SIGKILL at ${killAt} mails, then again to the end…`);
    const before = sink.received.length;
    const killed = await runCli({ week: CRASH_WEEK, dataDir: ds.dir, env: cliEnv, sink, expected: COMPANIES, killWhen: () => sink!.count(CRASH_WEEK) >= killAt });
    if (killed.signal !== 'SIGKILL') throw new Error(`the CLI was not killed (exit ${killed.exitCode}; it finished before ${killAt} mails?)`);
    await new Promise((r) => setTimeout(r, 500)); // let the sink see the dropped connection
    const killedAtMails = sink.count(CRASH_WEEK);
    const afterKill = sink.received.length;
    const stKill = await sendStatuses(ds.dir, databaseUrl, CRASH_WEEK);
    const killCounts = countBy(stKill.values());
    const sentBeforeKill = killCounts.get('sent') ?? 0;
    const sendingAtKill = killCounts.get('sending') ?? 0;
    if (sentBeforeKill + sendingAtKill !== stKill.size) problems.push(`after the kill: ${JSON.stringify(Object.fromEntries(killCounts))}`);

    const resumed = await runCli({ week: CRASH_WEEK, dataDir: ds.dir, env: cliEnv, sink, expected: COMPANIES - stKill.size });
    if (resumed.exitCode !== 0) throw new Error(`the resumed send-weekly exited with ${resumed.exitCode ?? resumed.signal}\n${resumed.stderr.slice(-4000)}`);
    const r2 = parseResult(resumed);
    const stFinal = await sendStatuses(ds.dir, databaseUrl, CRASH_WEEK);
    const finalCounts = countBy(stFinal.values());
    const uncertain = [...stFinal].filter(([, s]) => s === 'uncertain').map(([id]) => id);
    // The second run marks what was in flight `uncertain`, skips it and everything already sent, sends the rest.
    if (r2.uncertain !== sendingAtKill) problems.push(`resume marked ${r2.uncertain} uncertain, ${sendingAtKill} were 'sending' at the kill`);
    if (r2.skipped !== stKill.size) problems.push(`resume skipped ${r2.skipped}, ${stKill.size} were claimed before the kill`);
    if (r2.sent !== COMPANIES - stKill.size || r2.failed || r2.noRecipient) problems.push(`resume answered ${JSON.stringify(r2)}`);
    if ((finalCounts.get('sent') ?? 0) + uncertain.length !== COMPANIES || stFinal.size !== COMPANIES) problems.push(`final weekly_report_sends for ${CRASH_WEEK}: ${JSON.stringify(Object.fromEntries(finalCounts))}`);
    const perCrash = sink.perCompany(CRASH_WEEK);
    const preKill = sink.perCompany(CRASH_WEEK, before, afterKill);
    const postKill = sink.perCompany(CRASH_WEEK, afterKill);
    const resentAfterKill = [...postKill.keys()].filter((id) => preKill.has(id) || stKill.has(id)).length;
    if (resentAfterKill) problems.push(`${resentAfterKill} companies reached before the kill got a mail again from the resumed run`);
    const uncertainSet = new Set(uncertain);
    let uncertainDelivered = 0;
    for (const [id, status] of stFinal) {
      const n = perCrash.get(id) ?? 0;
      if (status === 'sent' && n !== 1) problems.push(`${id} (sent) got ${n} mails for ${CRASH_WEEK}`);
      if (status === 'uncertain' && n > 1) problems.push(`${id} (uncertain) got ${n} mails`);
      if (uncertainSet.has(id) && n === 1) uncertainDelivered++;
    }
    const dupCrash = [...perCrash.values()].filter((n) => n > 1).length;
    const duplicates = dup1 + dupCrash;
    // The sink's own checks (recipients, PDF, Message-ID, full parses).
    if (sink.problemCount) problems.push(...sink.problems.map((p) => `mail: ${p}`), ...(sink.problemCount > sink.problems.length ? [`(+${sink.problemCount - sink.problems.length} more mail problems)`] : []));
    console.log(
      `[${engine}] killed after ${killed.seconds.toFixed(1)} s at ${killedAtMails} mails: ${sentBeforeKill} sent, ${sendingAtKill} in flight (→ uncertain, ${uncertainDelivered} of them had reached the sink); ` +
        `resumed in ${resumed.seconds.toFixed(1)} s: ${r2.sent} sent, ${r2.skipped} skipped; ${perCrash.size} companies have the mail for ${CRASH_WEEK}, duplicates ${dupCrash}`,
    );
    if (problems.length) throw new Error(`verification failed:\n  ${problems.slice(0, 20).join('\n  ')}`);
    console.log(`[${engine}] verified: ${sink.received.length} mails (recipients, Message-ID, complete PDF each; ${sink.fullyParsed} fully parsed, PDF text included), send table and ${audit1} audit rows agree, no duplicates; this process's peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);

    const pct = (ms: number) => (ms / (run.seconds * 1000)) * 100;
    return {
      bench: BENCH,
      engine,
      companies: COMPANIES,
      week: WEEK,
      seconds: run.seconds,
      firstMailSeconds: run.firstMailSeconds,
      reportsPerSec: COMPANIES / run.seconds,
      peakRssMb: run.peakRssMb,
      rssMbAt: run.rssAt,
      rssMbMin: rss.length ? Math.min(...rss) : NaN,
      rssMbMax: rss.length ? Math.max(...rss) : NaN,
      cliCpuPct: pct(run.cpuMs),
      cliCpuMsPerReport: run.cpuMs / COMPANIES,
      sinkCpuPct: pct(sinkCpuMs),
      ...(pgCpuMs !== undefined ? { pgBackendsCpuPct: pct(pgCpuMs) } : {}),
      otherCpuPct: Math.max(0, pct(machineBusyMs - run.cpuMs - sinkCpuMs - (pgCpuMs ?? 0))),
      mails: mails1,
      mbSent: bytes1 / 1_048_576,
      kbPerMail: bytes1 / mails1 / 1024,
      targetSeconds: TARGET_SECONDS,
      targetOk: run.seconds < TARGET_SECONDS,
      crash: {
        week: CRASH_WEEK,
        killedAtMails,
        killedAfterSeconds: killed.seconds,
        sentBeforeKill,
        uncertainAfterKill: sendingAtKill,
        uncertainDelivered,
        abortedMessages: sink.aborted,
        resumeSeconds: resumed.seconds,
        resumeSent: r2.sent,
        resumeSkipped: r2.skipped,
        resumePeakRssMb: resumed.peakRssMb,
        mails: sink.count(CRASH_WEEK),
      },
      duplicates,
      benchPeakRssMb: process.resourceUsage().maxRSS / 1024,
      checkedMails: sink.received.length,
      fullyParsedMails: sink.fullyParsed,
      seedSeconds,
      seed: { rollupRows: seed.rollupRows, statRows: seed.statRows, detections: seed.detections, alerts: seed.alerts },
    };
  } finally {
    await sink?.close();
    await ds.remove();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const m = machineInfo();
  console.log(
    `weekly reports — ${COMPANIES} active companies, week ${WEEK} (full run) and ${CRASH_WEEK} (SIGKILL at ${fmt(KILL_AT * 100, 0)} %, then resumed); ` +
      `the real CLI → an SMTP server on loopback\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryMb} MB, Node ${m.node}; engines: ${ENGINES.join(', ')}; load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const results: Result[] = [];
  const failures: string[] = [];
  for (const engine of ENGINES) {
    try {
      results.push(await benchEngine(engine));
    } catch (e) {
      failures.push(engine);
      console.error(`[${engine}] FAILED: ${(e as Error).message}`);
    }
  }
  if (results.length) {
    console.log(`\notasuke report send-weekly — ${COMPANIES} companies, one mail each (HTML + text + PDF) over SMTP to 127.0.0.1; target < ${TARGET_SECONDS} s`);
    console.log(
      table(
        ['engine', 'companies', 'seconds', 'reports/s', 'CLI CPU ms/report', 'peak RSS MB', 'RSS MB 10/50/90 %', 'mails', 'MB sent', 'uncertain after kill', 'duplicates', `<${TARGET_SECONDS} s`, 'CPU% cli/sink/pg/other'],
        results.map((r) => [
          r.engine,
          String(r.companies),
          r.seconds,
          r.reportsPerSec,
          r.cliCpuMsPerReport,
          r.peakRssMb,
          ['10%', '50%', '90%'].map((k) => fmt(r.rssMbAt[k] ?? NaN, 0)).join(' / '),
          String(r.mails),
          r.mbSent,
          String(r.crash.uncertainAfterKill),
          String(r.duplicates),
          r.targetOk ? 'yes' : 'NO',
          `${fmt(r.cliCpuPct, 0)}/${fmt(r.sinkCpuPct, 0)}/${r.pgBackendsCpuPct === undefined ? '-' : fmt(r.pgBackendsCpuPct, 0)}/${fmt(r.otherCpuPct, 0)}`,
        ]),
      ),
    );
    console.log('\ncrash and resume (the next week)');
    console.log(
      table(
        ['engine', 'killed at mails', 'after s', 'sent before kill', 'in flight → uncertain', 'of which delivered', 'resume s', 'resumed sent', 'resume skipped', 'resume peak RSS MB', 'mails for the week'],
        results.map((r) => [
          r.engine,
          String(r.crash.killedAtMails),
          r.crash.killedAfterSeconds,
          String(r.crash.sentBeforeKill),
          String(r.crash.uncertainAfterKill),
          String(r.crash.uncertainDelivered),
          r.crash.resumeSeconds,
          String(r.crash.resumeSent),
          String(r.crash.resumeSkipped),
          r.crash.resumePeakRssMb,
          String(r.crash.mails),
        ]),
      ),
    );
    console.log(`CPU% = share of one core during the full run (${os.cpus().length} cores = ${os.cpus().length * 100}%); "other" = the rest of the machine`);
    const noisy = results.filter((r) => r.otherCpuPct > 25);
    if (noisy.length) {
      console.log(
        `warning: other work was running on this machine (${noisy.map((r) => `${r.engine}: ${fmt(r.otherCpuPct, 0)}%`).join('; ')}); ` +
          'the figures are pessimistic — rerun on a quiet machine to compare with earlier results',
      );
    }
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
