import cluster from 'node:cluster';
import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ZodError } from 'zod';
import { ConfigError } from '../platform/config/config.ts';
import { createDeps, closeDeps } from '../platform/context.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { verifyAuditChain } from '../platform/audit/audit.ts';
import { allRoles, systemActor, type Actor, type Role } from '../platform/auth/roles.ts';
import { AppError } from '../platform/http/app-error.ts';
import type { Deps } from '../platform/deps.ts';
import { serve, type Role as ProcessRole } from '../server/serve.ts';
import { webDist } from '../server/app.ts';
import { createUser } from '../modules/accounts/createUser.ts';
import { createCompany } from '../modules/companies/createCompany.ts';
import { listCompanies } from '../modules/companies/listCompanies.ts';
import { companyInput, companyListQuery } from '../modules/companies/companies.schemas.ts';
import { loadDemoCompanies } from '../modules/companies/demoData.ts';
import { loadHelpdeskDemo } from '../modules/helpdesk/demoData.ts';
import { loadDetectionDemo } from '../modules/ingest/demoData.ts';
import { loadAssessmentDemo } from '../modules/assessment/demoData.ts';
import { seedDispatchDemo } from '../modules/dispatch/demoData.ts';
import { seedPilotDispatches } from '../modules/dispatch/pilotDispatches.ts';
import { weeklyReportFor } from '../modules/reporting/weekly.ts';
import { renderWeeklyEml, renderWeeklyHtml, renderWeeklyPdf, renderWeeklyText } from '../modules/reporting/weekly-render.ts';
import { reportRecipients, sendWeeklyReports } from '../modules/reporting/weekly-send.ts';
import { previousWeekOf } from '../modules/reporting/weekly-data.ts';
import { programReportFile } from '../modules/reporting/programReport.ts';
import { employeeBands, industries } from '../modules/companies/reference-codes.ts';
import { listDevices, registerDevice } from '../modules/devices/registerDevice.ts';
import { vendors } from '../modules/devices/devices.schemas.ts';
import { registerAnalyze } from './analyze.command.ts';
import { importLogs } from '../modules/ingest/importLogs.ts';
import cliProgress from 'cli-progress';

interface CommonOpts {
  data?: string;
}

/** Opens config + database for a command; `--data` overrides OTASUKE_DATA_DIR. */
async function open(opts: CommonOpts, extra: { port?: number; quiet?: boolean } = {}): Promise<Deps> {
  return createDeps({
    overrides: { ...(opts.data ? { dataDir: opts.data } : {}), ...(extra.port !== undefined ? { port: extra.port } : {}) },
    generateSecret: true,
    ...(extra.quiet ? { logger: (await import('pino')).default({ level: 'warn' }) } : {}),
  });
}

async function withDeps<T>(opts: CommonOpts, fn: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await open(opts, { quiet: true });
  try {
    return await fn(deps);
  } finally {
    await closeDeps(deps);
  }
}

function dataOption() {
  return new Option('--data <dir>', 'data directory for the embedded database (default ./data, or OTASUKE_DATA_DIR)');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const program = new Command();
program
  .name('otasuke')
  .description('otasuke — the system of a cyber-security help squad for small businesses (サイバーセキュリティお助け隊)')
  .showHelpAfterError();

program
  .command('serve')
  .description('start otasuke: API + web app + background jobs (one process on the embedded database by default)')
  .addOption(dataOption())
  .option('--port <port>', 'HTTP port (default 8080, or OTASUKE_PORT)', (v) => Number(v))
  .addOption(new Option('--role <role>', 'which parts to run in this process').choices(['api', 'ingest', 'worker', 'all']).default('all'))
  .option('--workers <n>', 'HTTP worker processes sharing the port (default 1, or OTASUKE_API_WORKERS)', (v) => Number(v))
  .option('--no-web', 'serve the API only (no web app; nothing is built)')
  .action(async (opts: CommonOpts & { port?: number; role: ProcessRole; workers?: number; web: boolean }) => {
    const servesHttp = opts.role === 'api' || opts.role === 'all';
    if (servesHttp && opts.web && cluster.isPrimary && !existsSync(path.join(webDist, 'index.html'))) {
      console.error('otasuke: building the web app (first run)…');
      const r = spawnSync(process.execPath, [path.join(webDist, '../../scripts/build-web.mjs')], { stdio: 'inherit' });
      if (r.status !== 0) console.error('otasuke: the web app could not be built; the API will still run.');
    }
    const deps = await open(opts, { port: opts.port });
    const workers = opts.workers ?? deps.config.apiWorkers;
    if (servesHttp && workers > 1 && cluster.isPrimary) {
      // The primary runs migrations (done by open) and the non-HTTP parts; workers share the port.
      const rest = opts.role === 'all' ? await serve(deps, 'worker', 0, deps.config.host) : undefined;
      cluster.setupPrimary({ args: ['serve', '--role', 'api', '--workers', '1', '--port', String(deps.config.port), ...(opts.data ? ['--data', opts.data] : []), ...(opts.web ? [] : ['--no-web'])] });
      for (let i = 0; i < workers; i++) cluster.fork();
      let stopping = false;
      cluster.on('exit', (w, code) => {
        if (stopping) return;
        console.error(`otasuke: HTTP worker ${w.process.pid} exited (${code}); starting another`);
        cluster.fork();
      });
      console.error(`otasuke is running (${opts.role}, ${workers} HTTP workers) on ${deps.db.location} — open http://localhost:${deps.config.port}`);
      const shutdown = async () => {
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
        await rest?.stop();
        await closeDeps(deps);
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      return;
    }
    const running = await serve(deps, opts.role, deps.config.port, deps.config.host, { web: opts.web });
    const shown = running.url ? `http://localhost:${deps.config.port}` : '(no HTTP in this role)';
    if (cluster.isPrimary) console.error(`otasuke is running (${opts.role}) on ${deps.db.location} — open ${shown}`);
    if (running.smtp) console.error(`help-desk mail: SMTP on port ${running.smtp.port} for ${deps.config.helpdesk.address}`);
    const shutdown = async () => {
      await running.stop();
      await closeDeps(deps);
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('apply database migrations (also done automatically at start)')
  .addOption(dataOption())
  .action(async (opts: CommonOpts) => {
    await withDeps(opts, async (deps) => {
      const { applied } = await migrateToLatest(deps.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : `database is up to date (${deps.db.location})`);
    });
  });

program
  .command('demo')
  .description('load a realistic demo program (the 2019 Aichi pilot: ~180 companies) and demo staff accounts')
  .addOption(dataOption())
  .option('--password <password>', 'password for the demo accounts (default: a random one, printed)')
  .action(async (opts: CommonOpts & { password?: string }) => {
    await withDeps(opts, async (deps) => {
      const existing = await deps.db.kysely.selectFrom('users').select('id').where('email', '=', 'admin@demo.otasuke.jp').executeTakeFirst();
      if (existing) {
        console.log('The demo data is already loaded (admin@demo.otasuke.jp exists). Use a new --data directory for a fresh demo.');
        return;
      }
      const password = opts.password ?? `demo-${randomBytes(6).toString('base64url')}`;
      const tty = process.stderr.isTTY;
      const summary = await loadDemoCompanies(deps, (done, total) => {
        if (tty) process.stderr.write(`\r  loading demo companies… ${done}/${total}`);
      });
      if (tty) process.stderr.write('\n');
      const ctx = { actor: systemActor };
      const staff: [string, Role, string][] = [
        ['admin@demo.otasuke.jp', 'program_admin', '事務局 太郎'],
        ['operator@demo.otasuke.jp', 'operator', 'ヘルプデスク 花子'],
        ['analyst@demo.otasuke.jp', 'analyst', '監視 一郎'],
        ['responder@demo.otasuke.jp', 'responder', '駆けつけ 次郎'],
        ['deployment@demo.otasuke.jp', 'deployment', '導入 三郎'],
        ['insurer@demo.otasuke.jp', 'insurer', '保険 四郎'],
      ];
      const made = new Map<string, { id: string; email: string }>();
      for (const [email, role, name] of staff) made.set(role, await createUser(deps, ctx, { email, role, name, password }));
      const first = await deps.db.kysely.selectFrom('companies').select(['id', 'name']).where('status', '=', 'active').orderBy('created_at').limit(1).executeTakeFirst();
      if (first) await createUser(deps, ctx, { email: 'company@demo.otasuke.jp', role: 'company_admin', name: '企業 管理者', companyId: first.id, password });
      const asActor = (role: Role): Actor => ({ userId: made.get(role)!.id, role, companyId: null, email: made.get(role)!.email, ip: null });
      const asm = await loadAssessmentDemo(deps);
      console.log(`Assessment: ${asm.presurveys} pre-surveys, ${asm.assessments} self-assessments, SECURITY ACTION ★ ${asm.oneStar} / ★★ ${asm.twoStar}`);
      const det = await loadDetectionDemo(deps);
      console.log(`Detections: ${det.devices} firewalls, ${det.detections.toLocaleString()} detections over 13 weeks`);
      const hd = await loadHelpdeskDemo(deps, { operator: asActor('operator'), analyst: asActor('analyst') });
      const dispatchDemo = await seedDispatchDemo(deps, { password });
      const dispatched = await seedPilotDispatches(deps, hd.dispatchCandidates, { analyst: asActor('analyst'), responder: asActor('responder') });
      console.log(`Help desk: ${hd.playbooks} playbooks, ${hd.inbound} inbound and ${hd.outbound} outbound cases; ${dispatchDemo.offices.length} dispatch offices, ${dispatched} dispatches`);
      console.log(`Demo program loaded: ${summary.applications} applications, ${summary.companies} companies`);
      console.log(`  by status: ${JSON.stringify(summary.byStatus)}  by group: ${JSON.stringify(summary.byGroup)}`);
      console.log(`Demo accounts (password: ${password}):`);
      for (const [email, role] of staff) console.log(`  ${email.padEnd(36)} ${role}`);
      if (first) console.log(`  ${'company@demo.otasuke.jp'.padEnd(36)} company_admin of ${first.name}`);
      for (const r of dispatchDemo.responders.filter((x) => x.created)) console.log(`  ${r.email.padEnd(36)} responder (${r.officeName})`);
    });
  });

const users = program.command('users').description('manage user accounts');
users
  .command('create')
  .description('create a user (staff, or a company user with --company)')
  .addOption(dataOption())
  .requiredOption('--email <email>', 'login e-mail address')
  .addOption(new Option('--role <role>', 'role').choices([...allRoles]).makeOptionMandatory())
  .option('--company <id>', 'company id (for company_admin / company_member)')
  .option('--name <name>', 'display name (default: the part of the e-mail before @)')
  .option('--password-stdin', 'read the password from standard input (otherwise an invitation mail is sent)')
  .option('--json', 'print the user as JSON')
  .action(async (opts: CommonOpts & { email: string; role: Role; company?: string; name?: string; passwordStdin?: boolean; json?: boolean }) => {
    const password = opts.passwordStdin ? await readStdin() : undefined;
    await withDeps(opts, async (deps) => {
      const user = await createUser(deps, { actor: systemActor }, {
        email: opts.email,
        role: opts.role,
        name: opts.name ?? opts.email.split('@')[0]!,
        companyId: opts.company ?? null,
        ...(password !== undefined ? { password } : {}),
      });
      if (opts.json) console.log(JSON.stringify(user));
      else console.log(`created ${user.role} ${user.email} (${user.id})${password === undefined ? ' — invitation mail sent' : ''}`);
    });
  });

const companies = program.command('companies').description('manage companies');
companies
  .command('create')
  .description('register a company directly (program office)')
  .addOption(dataOption())
  .requiredOption('--name <name>', 'company name')
  .addOption(new Option('--industry <code>', 'industry').choices([...industries]).makeOptionMandatory())
  .addOption(new Option('--employees <band>', 'employees band').choices([...employeeBands]).default('6-20'))
  .option('--pcs <n>', 'number of PCs', (v) => Number(v))
  .addOption(new Option('--group <g>', 'maturity group').choices(['A', 'B', 'C']))
  .option('--json', 'print the company as JSON')
  .action(async (opts: CommonOpts & { name: string; industry: string; employees: string; pcs?: number; group?: string; json?: boolean }) => {
    const input = companyInput.parse({ name: opts.name, industry: opts.industry, employeesBand: opts.employees, pcCount: opts.pcs, group: opts.group });
    await withDeps(opts, async (deps) => {
      const c = await createCompany(deps, { actor: systemActor }, input);
      if (opts.json) console.log(JSON.stringify(c));
      else console.log(`created company ${c.name} (${c.id})`);
    });
  });
companies
  .command('list')
  .description('list companies')
  .addOption(dataOption())
  .option('--json', 'print JSON (an array of companies)')
  .option('--status <status>', 'filter by status')
  .action(async (opts: CommonOpts & { json?: boolean; status?: string }) => {
    await withDeps(opts, async (deps) => {
      const all = [];
      for (let page = 1; ; page++) {
        const r = await listCompanies(deps, { actor: systemActor }, companyListQuery.parse({ page, pageSize: 200, status: opts.status }));
        all.push(...r.items);
        if (all.length >= r.total || r.items.length === 0) break;
      }
      if (opts.json) console.log(JSON.stringify(all));
      else for (const c of all) console.log(`${c.id}  ${c.status.padEnd(9)} ${c.group ?? '-'}  ${c.name}`);
    });
  });

const devices = program.command('devices').description('devices that send logs (UTMs, routers)');
devices
  .command('add')
  .description('register a device for a company')
  .addOption(dataOption())
  .requiredOption('--company <id>', 'company id')
  .addOption(new Option('--vendor <vendor>', 'log format').choices([...vendors]).makeOptionMandatory())
  .requiredOption('--identity <serial-or-ip>', 'serial number in the lines (sn=, devid=) or the sender IP address')
  .option('--timezone <tz>', 'time zone of the device clock', 'Asia/Tokyo')
  .option('--lan <cidrs>', 'comma-separated LAN prefixes, e.g. 192.168.1.0/24,10.0.0.0/8')
  .option('--name <name>', 'a name people recognise (e.g. 本社 UTM)')
  .option('--json', 'print the device (and its HTTP ingest token) as JSON')
  .action(async (opts: CommonOpts & { company: string; vendor: string; identity: string; timezone: string; lan?: string; name?: string; json?: boolean }) => {
    await withDeps(opts, async (deps) => {
      const lanCidrs = opts.lan ? opts.lan.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const r = await registerDevice(deps, { actor: systemActor }, opts.company, {
        vendor: opts.vendor as (typeof vendors)[number],
        identity: opts.identity,
        timezone: opts.timezone,
        lanCidrs,
        ...(opts.name ? { name: opts.name } : {}),
      });
      if (opts.json) console.log(JSON.stringify({ ...r.device, ingestToken: r.ingestToken }));
      else console.log(`registered ${r.device.vendor} device ${r.device.identity} (${r.device.id}) for ${r.device.companyId}\nHTTP ingest token (shown once): ${r.ingestToken}`);
    });
  });
devices
  .command('list')
  .description('list registered devices')
  .addOption(dataOption())
  .option('--company <id>', 'only this company')
  .option('--json', 'print JSON (an array of devices)')
  .action(async (opts: CommonOpts & { company?: string; json?: boolean }) => {
    await withDeps(opts, async (deps) => {
      const list = await listDevices(deps, { actor: systemActor }, opts.company);
      if (opts.json) console.log(JSON.stringify(list));
      else for (const d of list) console.log(`${d.id}  ${d.vendor.padEnd(9)} ${d.identity.padEnd(20)} ${d.companyId}  ${d.timezone}  ${d.lanCidrs.join(',')}`);
    });
  });

program
  .command('import-logs')
  .description('import log files (plain, .gz, or - for stdin) into the database for the registered devices; unknown devices go to the unassigned queue')
  .addOption(dataOption())
  .argument('<files...>', 'log files; - reads standard input')
  .option('--device <id>', 'attribute lines that name no device of their own to this device (e.g. a Yamaha router\'s export)')
  .option('--json', 'print the result as JSON')
  .action(async (files: string[], opts: CommonOpts & { device?: string; json?: boolean }) => {
    await withDeps(opts, async (deps) => {
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {percentage}% | {value}/{total}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
        : undefined;
      let phase = '';
      const r = await importLogs(deps, files, {
        ...(opts.device ? { deviceId: opts.device } : {}),
        onProgress: (p) => {
          if (!bar) return;
          const label = p.phase === 'reading' ? 'reading   ' : 'processing';
          if (phase !== p.phase) {
            if (phase) bar.stop();
            bar.start(Math.max(p.total, 1), p.done, { phase: label });
            phase = p.phase;
          } else bar.update(p.done, { phase: label });
        },
      });
      bar?.stop();
      if (opts.json) console.log(JSON.stringify(r));
      else console.log(`imported ${r.lines} lines from ${r.files} file(s): ${r.parsed} parsed, ${r.deadLetters} dead letters, ${r.unassigned} from unknown devices (unassigned queue), ${r.alertsRaised} new alerts`);
    });
  });

registerAnalyze(program);

const auditCmd = program.command('audit').description('audit log');
auditCmd
  .command('verify')
  .description('check the hash chain of the audit log')
  .addOption(dataOption())
  .action(async (opts: CommonOpts) => {
    await withDeps(opts, async (deps) => {
      const r = await verifyAuditChain(deps.db);
      if (r.ok) console.log(`audit log OK: ${r.rows} rows, chain intact`);
      else {
        console.error(`audit log BROKEN at row ${r.firstBadSeq}: ${r.reason} (${r.rows} rows verified before it)`);
        process.exitCode = 1;
      }
    });
  });

const reportCmd = program.command('report').description('reports');
reportCmd
  .command('weekly')
  .description("write a company's weekly report for the JST week starting on a Monday, without sending it (.html, .pdf, .txt or .eml by extension)")
  .addOption(dataOption())
  .requiredOption('--company <id>', 'company id')
  .requiredOption('--week <YYYY-MM-DD>', 'Monday of the week (Asia/Tokyo)')
  .requiredOption('--out <file>', 'output file: .html, .pdf, .txt or .eml')
  .option('--locale <ja|en>', 'language (default: the company admin\'s)')
  .action(async (opts: CommonOpts & { company: string; week: string; out: string; locale?: string }) => {
    const ext = path.extname(opts.out).toLowerCase();
    if (!['.html', '.pdf', '.txt', '.eml'].includes(ext)) {
      console.error(`otasuke: --out must end in .html, .pdf, .txt or .eml (got "${opts.out}")`);
      process.exitCode = 2;
      return;
    }
    await withDeps(opts, async (deps) => {
      const report = await weeklyReportFor(deps, { actor: systemActor }, opts.company, opts.week, opts.locale);
      let body: Buffer | string;
      if (ext === '.html') body = renderWeeklyHtml(report);
      else if (ext === '.txt') body = renderWeeklyText(report);
      else if (ext === '.pdf') body = await renderWeeklyPdf(report);
      else body = await renderWeeklyEml(report, { from: deps.config.mail.from, to: await reportRecipients(deps.db.kysely, opts.company) });
      writeFileSync(opts.out, body);
      const n = Object.values(report.totals).reduce((a, b) => a + b, 0);
      console.error(`wrote ${opts.out}: ${report.companyName}, ${report.week}–${report.to}, ${n.toLocaleString()} detections; ${report.verdict.text}`);
    });
  });
reportCmd
  .command('program')
  .description('write the program report (every table of the dashboard) for a period as .xlsx or .pdf')
  .addOption(dataOption())
  .option('--from <YYYY-MM-DD>', 'first day (JST; default: six months ago)')
  .option('--to <YYYY-MM-DD>', 'last day (JST; default: today)')
  .option('--group <A|B|C>', 'only this maturity group')
  .option('--locale <ja|en>', 'language', 'ja')
  .requiredOption('--out <file>', 'output file: .xlsx or .pdf')
  .action(async (opts: CommonOpts & { from?: string; to?: string; group?: string; locale: string; out: string }) => {
    const ext = path.extname(opts.out).toLowerCase();
    if (ext !== '.xlsx' && ext !== '.pdf') {
      console.error(`otasuke: --out must end in .xlsx or .pdf (got "${opts.out}")`);
      process.exitCode = 2;
      return;
    }
    await withDeps(opts, async (deps) => {
      const filters = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), ...(opts.group ? { group: opts.group } : {}) };
      const file = await programReportFile(deps, { actor: systemActor }, filters as Parameters<typeof programReportFile>[2], ext === '.xlsx' ? 'xlsx' : 'pdf', opts.locale === 'en' ? 'en' : 'ja');
      writeFileSync(opts.out, file);
      console.error(`wrote ${opts.out} (${file.length.toLocaleString()} bytes)`);
    });
  });
reportCmd
  .command('send-weekly')
  .description('send the weekly reports of a week to every active company (idempotent: a company already sent to is skipped)')
  .addOption(dataOption())
  .option('--week <YYYY-MM-DD>', 'Monday of the week (default: the last complete week)')
  .action(async (opts: CommonOpts & { week?: string }) => {
    await withDeps(opts, async (deps) => {
      const week = opts.week ?? previousWeekOf(deps.clock.now().getTime());
      const tty = process.stderr.isTTY;
      const r = await sendWeeklyReports(deps, week, { onProgress: (done, total) => tty && process.stderr.write(`\r  weekly reports ${week}: ${done}/${total}`) });
      if (tty) process.stderr.write('\n');
      console.log(JSON.stringify(r));
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError) console.error(e.message);
  else if (e instanceof AppError) {
    const fields = (e.details?.fields as { path: string; message: string }[] | undefined)?.map((f) => `${f.path}: ${f.message}`).join('; ');
    console.error(`otasuke: ${e.code}: ${e.message}${fields ? ` (${fields})` : ''}`);
  } else if (e instanceof ZodError) console.error(`otasuke: invalid input: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  else console.error(`otasuke: ${(e as Error).message}`);
  process.exitCode = 1;
}
