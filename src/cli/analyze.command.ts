/**
 * `otasuke analyze [--json] FILE...`: counts and default alerts from log files, no database.
 * Imports nothing heavy (no server, no database driver), so it starts fast.
 */
import type { Command } from 'commander';
import { analyzeFiles, reportOf, type AnalyzeResult } from '../modules/ingest/analyze.ts';
import { CidrSet, categoryLabels, type Category } from '../modules/ingest/parsing/index.ts';
import { isValidZone } from '../modules/ingest/parsing/time.ts';

interface AnalyzeCliOptions {
  json?: boolean;
  timezone?: string;
  lan?: string;
  vendor?: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/** Readable summary: counts per device and category, alerts, dead-letter reasons. */
export function formatSummary(r: AnalyzeResult): string {
  const out: string[] = [];
  const pct = r.lines ? ((100 * r.deadLetter) / r.lines).toFixed(2) : '0.00';
  out.push(`otasuke analyze: ${n(r.lines)} lines — ${n(r.parsed)} parsed, ${n(r.deadLetter)} dead-letter (${pct} %)`);
  out.push('', `Devices / 機器 (${r.devices.length})`);
  for (const d of r.devices) {
    out.push(`  ${d.device}  ${d.vendor}  ${n(r.deviceLines[d.device] ?? 0)} lines`);
    const cats = Object.entries(d.categories) as [Category, number][];
    if (cats.length === 0) out.push('    (no detections / 検知なし)');
    const width = Math.max(0, ...cats.map(([c]) => c.length));
    for (const [c, count] of cats) out.push(`    ${c.padEnd(width)}  ${n(count).padStart(10)}  ${categoryLabels[c]}`);
  }
  out.push('', `Alerts / アラート (${r.alerts.length})`);
  if (r.alerts.length === 0) out.push('  none / なし');
  for (const a of r.alerts) {
    const who = [a.mac, a.vendor ? `(${a.vendor})` : null].filter(Boolean).join(' ');
    out.push(`  ${a.category}  device ${a.device}  host ${a.host}${who ? `  ${who}` : ''}`);
    out.push(`      ${n(a.count)} lines, ${a.first} → ${a.last}  ${categoryLabels[a.category]}`);
  }
  const reasons = Object.entries(r.deadLetterReasons);
  if (reasons.length) {
    out.push('', 'Dead-letter reasons / 解析できなかった行の理由');
    for (const [reason, count] of reasons) out.push(`  ${reason.padEnd(18)} ${n(count).padStart(10)}`);
    const byDevice = Object.entries(r.deadLetterByDevice).slice(0, 10);
    out.push('  by device / 機器別: ' + byDevice.map(([d, c]) => `${d} ${n(c)}`).join(', '));
  }
  for (const note of r.notes) out.push('', `note: ${note}`);
  return out.join('\n');
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('count detections and raise the default alerts from log files, without a database (plain, .gz, or - for stdin)')
    .argument('<files...>', 'log files; - reads standard input')
    .option('--json', 'print the machine-readable report')
    .option('--timezone <zone>', 'zone of device clocks that log local time (default Asia/Tokyo)')
    .option('--lan <cidrs>', 'the company LAN prefixes, comma-separated (decide inside/outside when a line does not)')
    .option('--vendor <vendor>', 'vendor of the device when lines are ambiguous alone (sonicwall, fortigate, yamaha, cef, json)')
    .action(async (files: string[], opts: AnalyzeCliOptions) => {
      const lanCidrs = opts.lan ? opts.lan.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
      if (opts.timezone && !isValidZone(opts.timezone)) throw new Error(`unknown time zone "${opts.timezone}" (use an IANA name such as Asia/Tokyo)`);
      const invalid = lanCidrs ? new CidrSet(lanCidrs).invalid : [];
      if (invalid.length) throw new Error(`not a CIDR prefix: ${invalid.join(', ')}`);
      const result = await analyzeFiles(files, { timezone: opts.timezone, lanCidrs, vendorHint: opts.vendor });
      process.stdout.write(opts.json ? `${JSON.stringify(reportOf(result), null, 2)}\n` : `${formatSummary(result)}\n`);
    });
}
