import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineInfo, repoRoot } from './env.ts';

export const resultsDir = path.join(repoRoot, 'bench/results');
export const latestFile = path.join(resultsDir, 'latest.json');

/** Plain-text table with right-aligned numbers. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function fmt(n: number, digits = n >= 100 ? 0 : n >= 10 ? 1 : 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

/** Rounds every number in a JSON-able value (for compact result lines). */
export function rounded<T>(v: T, digits = 2): T {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toFixed(digits)) : x))) as T;
}

/** One machine-readable line per result: `BENCH_JSON {…}`. */
export function printJsonLine(result: object) {
  console.log(`BENCH_JSON ${JSON.stringify(rounded(result))}`);
}

/**
 * Stores a benchmark's results under its name in bench/results/latest.json (other benchmarks'
 * entries are kept, so a filtered run does not erase them).
 */
export function writeLatest(bench: string, results: object[]) {
  mkdirSync(resultsDir, { recursive: true });
  let all: Record<string, unknown> = {};
  if (existsSync(latestFile)) {
    try {
      all = JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>;
    } catch {
      all = {};
    }
  }
  all[bench] = rounded({ at: new Date().toISOString(), machine: machineInfo(), results });
  const tmp = `${latestFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n');
  renameSync(tmp, latestFile);
  return latestFile;
}
