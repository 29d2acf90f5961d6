/**
 * SonicWall SonicOS "Default" and "Enhanced" syslog (key=value), read from the shared slots.
 * Identity `sn`, time `time="YYYY-MM-DD hh:mm:ss[ UTC]"` in the device zone unless ` UTC`,
 * addresses from `src`/`dst` tuples `IP[:port[:iface[:host]]]` (parts may be empty; IPv6 in
 * `srcV6`/`dstV6`), classification by `m` (sonicwall-rules.ts).
 */
import type { FieldSlots } from './field-slots.ts';
import { parseDigits } from './field-slots.ts';
import { K } from './kv-fields.ts';
import { normalizeMac } from './net.ts';
import { NextIndex } from './kv-scanner.ts';
import { deadLetter, newRecord, protoName, reusedRecord } from './record.ts';
import { directionOf, INSIDE, OUTSIDE, sideAt, sideOf, UNKNOWN, type Side } from './sides.ts';
import { countryFrom, messageDetail, sonicwallCategory, sonicwallRule, type SonicwallRule } from './sonicwall-rules.ts';
import { civilEnd, inRange, parseCivil, zonedToUtc } from './time.ts';
import type { Envelope, LineContext, ParsedRecord, ParseResult } from './types.ts';

/** One side of the line, parsed from a `src`/`dst` tuple (reused; parsing is synchronous). */
class Endpoint {
  ip: string | null = null;
  port: number | null = null;
  hint: Side = UNKNOWN;
  hostname: string | null = null;

  /** Reads the tuple at s[start, end) (`start` -1: none); `lean` skips the port and host name. */
  read(s: string, start: number, end: number, v6: string | null, lean: boolean): void {
    this.ip = v6;
    this.port = null;
    this.hint = UNKNOWN;
    this.hostname = null;
    if (start < 0) return;
    const c1 = colonIn(s, start, end);
    if (c1 > start && v6 === null) this.ip = s.slice(start, c1);
    else if (c1 < 0 && end > start && v6 === null) this.ip = s.slice(start, end);
    if (c1 < 0) return;
    const c2 = colonIn(s, c1 + 1, end);
    if (!lean) {
      const port = parseDigits(s, c1 + 1, c2 < 0 ? end : c2);
      this.port = port >= 0 && port <= 65535 ? port : null;
    }
    if (c2 < 0) return;
    const c3 = colonIn(s, c2 + 1, end);
    this.hint = interfaceSide(s, c2 + 1, c3 < 0 ? end : c3);
    if (!lean && c3 >= 0 && end > c3 + 1) this.hostname = s.slice(c3 + 1, end);
  }
}

function indexIn(s: string, ch: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === ch) return i;
  return -1;
}

/** The tuples' separators, found with `indexOf` and shared by the lines of a chunk (see `NextIndex`). */
const colons = new NextIndex(':');

/** First `:` in s[from, end), or -1. */
function colonIn(s: string, from: number, end: number): number {
  const c = colons.find(s, from);
  return c >= 0 && c < end ? c : -1;
}

/** X0 (and its VLANs) is the LAN by default, X1 the WAN; named zones in the tuple also count. */
function interfaceSide(s: string, start: number, end: number): Side {
  const n = end - start;
  if (n >= 2 && s.charCodeAt(start) === 88 && (n === 2 || s.charCodeAt(start + 2) === 45)) {
    const d = s.charCodeAt(start + 1);
    if (d === 48) return INSIDE;
    if (d === 49) return OUTSIDE;
    return UNKNOWN;
  }
  return n > 0 && n <= 12 ? sideAt(s, start, end) : UNKNOWN;
}

const eventIds: string[] = [];
/** `m` as a string without allocating one per line. */
function eventIdOf(m: number): string {
  if (m >= 4096) return String(m);
  return (eventIds[m] ??= String(m));
}

const src = new Endpoint();
const dst = new Endpoint();

/** Device time in epoch ms: NaN when the value is impossible, undefined when there is none. */
function deviceTime(f: FieldSlots, zone: string): number | undefined {
  const vs = f.at(K.time);
  if (vs < 0) return undefined;
  const ve = f.endOf(K.time);
  const wall = parseCivil(f.s, vs, ve);
  if (Number.isNaN(wall)) return NaN;
  if (civilEnd === ve) return zonedToUtc(wall, zone);
  return ve - civilEnd === 4 && f.s.startsWith(' UTC', civilEnd) ? wall : NaN;
}

function nameOf(rule: SonicwallRule, f: FieldSlots): string | null {
  switch (rule.name) {
    case 'ipscat':
      return f.text(K.ipscat) ?? messageDetail(f.str(K.msg, true) ?? '');
    case 'detail':
      return messageDetail(f.str(K.msg, true) ?? '');
    case 'country':
      return countryFrom(f.str(K.msg) ?? '');
    case 'cfsCategory':
      return f.text(K.Category);
    case 'label':
      return rule.label;
    default:
      return null;
  }
}

/** Flood lines may carry the addresses only in `msg` (`… - src: 1.2.3.4:60062 dst: 5.6.7.8:443`). */
function addressesFromMsg(f: FieldSlots, lean: boolean): void {
  const msg = f.str(K.msg);
  if (!msg) return;
  const a = msg.indexOf(' src: ');
  const b = msg.indexOf(' dst: ');
  if (a >= 0) src.read(msg, a + 6, b > a ? b : msg.length, null, lean);
  if (b >= 0) {
    const e = msg.indexOf(' ', b + 6);
    dst.read(msg, b + 6, e < 0 ? msg.length : e, null, lean);
  }
}

export function readSonicwall(f: FieldSlots, env: Envelope, lc: LineContext, host: string | null): ParseResult {
  const lean = lc.lean;
  const deviceKey = lean ? f.text(K.sn) : f.interned(K.sn);
  const m = f.int(K.m);
  // A few events carry no `m` (`Unhandled link-local or multicast IPv6 packet dropped`): they are
  // understood, not detections. A line with neither `m` nor `msg` is cut short.
  if (m < 0 && (f.has(K.m) || !f.has(K.msg))) return deadLetter(f.has(K.m) ? 'bad_field' : 'missing_field', 'sonicwall', deviceKey, host);
  let time = deviceTime(f, lc.zone);
  if (time === undefined) time = Number.isNaN(env.time) ? (Number.isNaN(lc.receivedAt) ? Date.now() : lc.receivedAt) : env.time;
  if (!inRange(time)) return deadLetter('bad_time', 'sonicwall', deviceKey, host);

  const s = f.s;
  src.read(s, f.at(K.src), f.endOf(K.src), f.text(K.srcV6), lean);
  dst.read(s, f.at(K.dst), f.endOf(K.dst), f.text(K.dstV6), lean);
  const rule = sonicwallRule(m);
  if (rule && src.ip === null && dst.ip === null) addressesFromMsg(f, lean);
  const srcZone = f.has(K.srcZone) ? sideAt(s, f.at(K.srcZone), f.endOf(K.srcZone)) : UNKNOWN;
  const dstZone = f.has(K.dstZone) ? sideAt(s, f.at(K.dstZone), f.endOf(K.dstZone)) : UNKNOWN;
  const srcSide = sideOf(src.ip, srcZone !== UNKNOWN ? srcZone : src.hint, lc.lan);
  const dstSide = sideOf(dst.ip, dstZone !== UNKNOWN ? dstZone : dst.hint, lc.lan);

  if (lean) {
    // Only what `ParseContext.lean` promises.
    const rec = reusedRecord('sonicwall', time, deviceKey, host);
    rec.direction = directionOf(srcSide, dstSide);
    rec.srcIp = src.ip;
    rec.dstIp = dst.ip;
    rec.srcMac = f.mac(K.srcMac);
    rec.dstMac = f.mac(K.dstMac);
    if (rule) rec.category = sonicwallCategory(rule, srcSide);
    return rec;
  }
  const rec: ParsedRecord = newRecord('sonicwall', time, deviceKey, host);
  rec.eventId = m >= 0 ? eventIdOf(m) : null;
  rec.direction = directionOf(srcSide, dstSide);
  rec.srcIp = src.ip;
  rec.srcPort = src.port;
  rec.dstIp = dst.ip;
  rec.dstPort = dst.port;
  const pv = f.at(K.proto);
  if (pv >= 0) {
    const pe = f.endOf(K.proto);
    const slash = indexIn(s, 47, pv, pe);
    rec.proto = protoName(s, pv, slash < 0 ? pe : slash);
  }
  if (f.has(K.srcMac)) rec.srcMac = normalizeMac(f.str(K.srcMac)!);
  if (f.has(K.dstMac)) rec.dstMac = normalizeMac(f.str(K.dstMac)!);
  rec.hostname = srcSide === INSIDE ? src.hostname : dstSide === INSIDE ? dst.hostname : null;
  if (rule) {
    rec.category = sonicwallCategory(rule, srcSide);
    rec.action = rule.action;
    rec.name = nameOf(rule, f);
    if (rec.dstPort === null && rule.fromInside !== null) rec.dstPort = lastScannedPort(f);
  }
  return rec;
}

/** Scan notes list ports (`TCP scanned port list, 7002, 8080`); the last one is the dst port. */
function lastScannedPort(f: FieldSlots): number | null {
  const vs = f.at(K.note);
  if (vs < 0) return null;
  let ve = f.endOf(K.note);
  while (ve > vs && f.s.charCodeAt(ve - 1) === 32) ve--;
  let i = ve;
  while (i > vs && f.s.charCodeAt(i - 1) >= 48 && f.s.charCodeAt(i - 1) <= 57) i--;
  const p = parseDigits(f.s, i, ve);
  return p >= 0 && p <= 65535 ? p : null;
}
