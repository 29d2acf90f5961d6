/**
 * The log-parsing core: one syslog line in, one normalised record or a dead letter out.
 *
 *   parseLine('<129>id=firewall sn=0017C5A1B2C3 time="2019-04-08 10:41:33" … m=82 …', { timezone: 'Asia/Tokyo' })
 *   → { ok: true, vendor: 'sonicwall', deviceKey: '0017C5A1B2C3', category: 'scan.inbound.possible', … }
 *
 * Never throws: malformed input (truncated, binary, over-long, unbalanced quotes, impossible
 * dates, unknown formats) comes back as `{ ok: false, reason }` with a stable reason code.
 * Records may point into the line they came from; copy what you keep (`detach`).
 */
import { cefParser } from './cef-parser.ts';
import { resolveContext } from './context.ts';
import { readEnvelope } from './envelope.ts';
import { jsonParser } from './json-lines.ts';
import { kvParser } from './kv.ts';
import { deadLetter } from './record.ts';
import type { DeadLetter, LineContext, ParseContext, Parser, ParseResult, PayloadFormat } from './types.ts';
import { yamahaParser } from './yamaha.ts';

export * from './types.ts';
export { categories, categoryIndex, categoryLabels, alertCategories, isCategory } from './categories.ts';
export { detectEnvelope } from './envelope.ts';
export { collectKv, KvCursor } from './kv-scanner.ts';
export { CidrSet, isPrivateIp, normalizeMac } from './net.ts';
export { detach } from './record.ts';
export { DEFAULT_TIMEZONE, resolveContext } from './context.ts';

/** Lines longer than this (in UTF-16 units; a byte reader checks bytes) are dead letters. */
export const MAX_LINE_LENGTH = 65_536;

function hasControlChars(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 && c !== 9) return true;
  }
  return false;
}

function unknown(s: string, start: number, end: number, host: string | null): DeadLetter {
  return deadLetter(hasControlChars(s, start, end) ? 'binary' : 'unknown_format', null, null, host);
}

/** Parses s[start, end) (a line inside a larger buffer string: no need to cut it out first). */
export function parseRange(s: string, start: number, end: number, ctx: ParseContext): ParseResult {
  return parseWith(s, start, end, resolveContext(ctx));
}

/** `parseRange` with a context resolved once by the caller (`resolveContext`), for hot loops. */
export function parseWith(s: string, start: number, end: number, lc: LineContext): ParseResult {
  while (end > start) {
    const c = s.charCodeAt(end - 1);
    if (c !== 10 && c !== 13 && c !== 32 && c !== 9 && c !== 0) break;
    end--;
  }
  if (end - start > MAX_LINE_LENGTH) return deadLetter('too_long', null, null, lc.senderIp);
  let first = start;
  while (first < end && (s.charCodeAt(first) === 32 || s.charCodeAt(first) === 9)) first++;
  if (first === end) return deadLetter('empty', null, null, lc.senderIp);
  if (!lc.isZoneValid) return deadLetter('bad_timezone', null, null, lc.senderIp);
  const env = readEnvelope(s, start, end, lc.zone, lc.receivedAt);
  let format = env.format;
  if (format === 'unknown' && lc.vendorHint === 'yamaha') format = 'yamaha';
  if (format === 'unknown') return unknown(s, start, end, env.host ?? lc.senderIp);
  let result: ParseResult;
  try {
    result = parserFor(format).parse(s, env.payloadStart, end, env, lc);
  } catch {
    // A parser bug must not stop the stream; the fuzz tests assert this never happens.
    return deadLetter('parser_error', null, null, env.host ?? lc.senderIp);
  }
  if (!result.ok && result.reason === 'unknown_format' && hasControlChars(s, start, end)) result.reason = 'binary';
  return result;
}

function parserFor(format: Exclude<PayloadFormat, 'unknown'>): Parser {
  switch (format) {
    case 'kv':
      return kvParser;
    case 'cef':
      return cefParser;
    case 'yamaha':
      return yamahaParser;
    default:
      return jsonParser;
  }
}

/** Parses one log line (trailing CR/LF ignored). */
export function parseLine(line: string, ctx: ParseContext = {}): ParseResult {
  return parseRange(line, 0, line.length, ctx);
}
