/**
 * JSON lines: one object per line, for sources that can write their own detections (scripts,
 * cloud UTMs, other collectors). Every field is optional:
 *
 * ```json
 * {"time":"2024-05-13T10:10:44+09:00","device":"FW-01","category":"scan.inbound.possible",
 *  "srcIp":"198.51.100.7","srcPort":51234,"dstIp":"203.0.113.2","dstPort":23,"proto":"tcp",
 *  "srcMac":"00:53:00:11:22:33","dstMac":null,"name":null,"action":"blocked","hostname":null,
 *  "direction":"inbound","eventId":"42"}
 * ```
 *
 * `time` is RFC 3339, a zone-less `YYYY-MM-DD hh:mm:ss` in the device zone, or an epoch number
 * (s or ms); without it the receive time is used. `category` is one of the taxonomy names or
 * null/absent for a non-detection. `direction`, when absent, comes from the LAN prefixes.
 * A wrong type or an unknown category is a `bad_field` dead letter, not a guess.
 */
import { isCategory } from './categories.ts';
import { isIp, normalizeMac } from './net.ts';
import { deadLetter, newRecord } from './record.ts';
import { directionOf, sideOf, UNKNOWN } from './sides.ts';
import { civilEnd, inRange, parseCivil, parseEpoch, parseRfc3339, zonedToUtc } from './time.ts';
import type { Action, Direction, Envelope, LineContext, Parser, ParseResult } from './types.ts';

type Obj = Record<string, unknown>;
const directions: readonly Direction[] = ['inbound', 'outbound', 'internal'];
const actions: readonly Action[] = ['blocked', 'detected'];

class BadField extends Error {}

function str(o: Obj, k: string): string | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new BadField(k);
  return v;
}

function portOf(o: Obj, k: string): number | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new BadField(k);
  return v;
}

function ipOf(o: Obj, k: string): string | null {
  const v = str(o, k);
  if (v !== null && !isIp(v)) throw new BadField(k);
  return v;
}

function macOf(o: Obj, k: string): string | null {
  const v = str(o, k);
  if (v === null) return null;
  const mac = normalizeMac(v);
  if (!mac) throw new BadField(k);
  return mac;
}

function oneOf<T extends string>(o: Obj, k: string, allowed: readonly T[]): T | null {
  const v = str(o, k);
  if (v !== null && !(allowed as readonly string[]).includes(v)) throw new BadField(k);
  return v as T | null;
}

function timeOf(v: unknown, env: Envelope, lc: LineContext): number {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? parseEpoch(String(v), 0, String(v).length) : NaN;
  if (typeof v === 'string') {
    const t = parseRfc3339(v, 0, v.length);
    if (!Number.isNaN(t)) return t;
    const wall = parseCivil(v, 0, v.length);
    return civilEnd === v.length ? zonedToUtc(wall, lc.zone) : NaN;
  }
  if (v !== undefined && v !== null) return NaN;
  return Number.isNaN(env.time) ? (Number.isNaN(lc.receivedAt) ? Date.now() : lc.receivedAt) : env.time;
}

export const jsonParser: Parser = {
  name: 'json',
  parse(s: string, start: number, end: number, env: Envelope, lc: LineContext): ParseResult {
    const host = env.host ?? lc.senderIp;
    let o: unknown;
    try {
      o = JSON.parse(s.slice(start, end));
    } catch {
      return deadLetter('bad_json', 'json', null, host);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return deadLetter('bad_json', 'json', null, host);
    const obj = o as Obj;
    const device = typeof obj.device === 'string' && obj.device !== '' ? obj.device : null;
    const time = timeOf(obj.time, env, lc);
    if (!inRange(time)) return deadLetter('bad_time', 'json', device, host);
    const category = obj.category;
    if (category !== undefined && category !== null && !isCategory(category)) return deadLetter('bad_field', 'json', device, host);
    try {
      const rec = newRecord('json', time, device, host);
      rec.category = category ?? null;
      rec.srcIp = ipOf(obj, 'srcIp');
      rec.dstIp = ipOf(obj, 'dstIp');
      rec.srcPort = portOf(obj, 'srcPort');
      rec.dstPort = portOf(obj, 'dstPort');
      rec.proto = str(obj, 'proto')?.toLowerCase() ?? null;
      rec.srcMac = macOf(obj, 'srcMac');
      rec.dstMac = macOf(obj, 'dstMac');
      rec.name = str(obj, 'name');
      rec.action = oneOf(obj, 'action', actions);
      rec.hostname = str(obj, 'hostname');
      rec.eventId = str(obj, 'eventId');
      rec.direction = oneOf(obj, 'direction', directions) ?? directionOf(sideOf(rec.srcIp, UNKNOWN, lc.lan), sideOf(rec.dstIp, UNKNOWN, lc.lan));
      return rec;
    } catch (e) {
      if (e instanceof BadField) return deadLetter('bad_field', 'json', device, host);
      throw e;
    }
  },
};
