/** Helpers for the parser tests (not used by production code). */
import assert from 'node:assert/strict';
import { parseLine } from './index.ts';
import type { DeadLetter, ParseContext, ParsedRecord } from './types.ts';

export function ok(line: string, ctx: ParseContext = {}): ParsedRecord {
  const r = parseLine(line, ctx);
  assert.ok(r.ok, `expected a record, got dead letter ${r.ok ? '' : r.reason} for ${line}`);
  return r;
}

export function dead(line: string, ctx: ParseContext = {}): DeadLetter {
  const r = parseLine(line, ctx);
  assert.ok(!r.ok, `expected a dead letter for ${line}`);
  return r;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** The fields most tests assert on, in one object for deepEqual. */
export function brief(r: ParsedRecord) {
  return { category: r.category, direction: r.direction, srcIp: r.srcIp, srcPort: r.srcPort, dstIp: r.dstIp, dstPort: r.dstPort, name: r.name, action: r.action, time: iso(r.time) };
}
