/**
 * CEF lines into records: SonicWall "ArcSight" mode (signature id = `m`), FortiGate CEF output
 * (`FTNTFGT*` keys), and any other vendor (generic: a `cat` that names one of our categories is
 * taken as the category, otherwise the line is a non-detection).
 */
import { isCategory } from './categories.ts';
import { parseCef, unquote, type CefLine } from './cef.ts';
import { classifyFortigate, fortiAction, perfName, type FortiFields } from './fortigate-rules.ts';
import { normalizeMac } from './net.ts';
import { deadLetter, newRecord, protoName } from './record.ts';
import { directionOf, INSIDE, OUTSIDE, sideOf, sideOfName, UNKNOWN, type Side } from './sides.ts';
import { countryFrom, messageDetail, sonicwallCategory, sonicwallRule } from './sonicwall-rules.ts';
import { inRange, monthAt, parseClock, parseEpoch, zonedToUtc } from './time.ts';
import type { Envelope, LineContext, ParsedRecord, Parser, ParseResult, Vendor } from './types.ts';

function port(v: string | undefined): number | null {
  if (v === undefined || !/^\d{1,5}$/.test(v)) return null;
  const p = Number(v);
  return p <= 65535 ? p : null;
}

/** `rt`/`end`/`start`: epoch (s, ms, …) or `MMM dd yyyy HH:mm:ss[.SSS]` in the device zone. */
function cefTime(v: string | undefined, zone: string): number {
  if (!v) return NaN;
  if (/^\d+$/.test(v)) return parseEpoch(v, 0, v.length);
  const mo = monthAt(v, 0);
  const m = /^[A-Z][a-z]{2} (\d{1,2}) (\d{4}) /.exec(v);
  if (mo < 0 || !m) return NaN;
  return zonedToUtc(parseClock(v, m[0].length, v.length, Number(m[2]), mo, Number(m[1])), zone);
}

function interfaceSide(iface: string | undefined): Side {
  if (!iface) return UNKNOWN;
  if (iface === 'X0' || iface.startsWith('X0-')) return INSIDE;
  if (iface === 'X1' || iface.startsWith('X1-')) return OUTSIDE;
  return sideOfName(iface);
}

function baseRecord(vendor: Vendor, cef: CefLine, time: number, deviceKey: string | null, host: string | null, srcHint: Side, dstHint: Side, lc: LineContext): { rec: ParsedRecord; srcSide: Side } {
  const x = cef.ext;
  const rec = newRecord(vendor, time, deviceKey, host);
  rec.eventId = cef.signatureId || null;
  rec.srcIp = unquote(x.get('src')) ?? unquote(x.get('c6a2'));
  rec.dstIp = unquote(x.get('dst')) ?? unquote(x.get('c6a3'));
  rec.srcPort = port(x.get('spt'));
  rec.dstPort = port(x.get('dpt'));
  const proto = unquote(x.get('proto'));
  if (proto) {
    const slash = proto.indexOf('/');
    rec.proto = protoName(proto, 0, slash < 0 ? proto.length : slash);
  }
  const smac = unquote(x.get('smac'));
  const dmac = unquote(x.get('dmac'));
  if (smac) rec.srcMac = normalizeMac(smac);
  if (dmac) rec.dstMac = normalizeMac(dmac);
  const srcSide = sideOf(rec.srcIp, srcHint, lc.lan);
  rec.direction = directionOf(srcSide, sideOf(rec.dstIp, dstHint, lc.lan));
  if (srcSide === INSIDE) rec.hostname = unquote(x.get('shost'));
  return { rec, srcSide };
}

function sonicwall(cef: CefLine, time: number, host: string | null, lc: LineContext): ParseResult {
  const x = cef.ext;
  const m = /^\d{1,5}$/.test(cef.signatureId) ? Number(cef.signatureId) : -1;
  if (m < 0) return deadLetter('bad_field', 'sonicwall', null, host);
  const { rec, srcSide } = baseRecord('sonicwall', cef, time, unquote(x.get('deviceExternalId')), host, interfaceSide(x.get('deviceInboundInterface')), interfaceSide(x.get('deviceOutboundInterface')), lc);
  const rule = sonicwallRule(m);
  if (!rule) return rec;
  const msg = unquote(x.get('msg')) ?? cef.name;
  rec.category = sonicwallCategory(rule, srcSide);
  rec.action = rule.action;
  rec.name =
    rule.name === 'ipscat' ? (unquote(x.get('ipscat')) ?? messageDetail(msg)) : rule.name === 'detail' ? messageDetail(msg) : rule.name === 'country' ? countryFrom(msg) : rule.name === 'cfsCategory' ? unquote(x.get('Category')) : rule.label;
  return rec;
}

function fortigate(cef: CefLine, time: number, host: string | null, lc: LineContext): ParseResult {
  const x = cef.ext;
  const g = (k: string) => unquote(x.get(`FTNTFGT${k}`));
  const cat = unquote(x.get('cat')) ?? '';
  const colon = cat.indexOf(':');
  const cpu = g('cpu');
  const mem = g('mem');
  const f: FortiFields = {
    type: g('type') ?? (colon > 0 ? cat.slice(0, colon) : cat || null),
    subtype: g('subtype'),
    eventtype: g('eventtype'),
    action: unquote(x.get('act')) ?? g('action'),
    attack: g('attack'),
    logid: g('logid'),
    cpu: cpu && /^\d+$/.test(cpu) ? Number(cpu) : -1,
    mem: mem && /^\d+$/.test(mem) ? Number(mem) : -1,
  };
  const deviceKey = unquote(x.get('deviceExternalId'));
  if (!f.type) return deadLetter('missing_field', 'fortigate', deviceKey, host);
  const { rec, srcSide } = baseRecord('fortigate', cef, time, deviceKey, host, sideOfName(g('srcintfrole')), sideOfName(g('dstintfrole')), lc);
  rec.eventId = f.logid ?? rec.eventId;
  const v = classifyFortigate(f, srcSide);
  if (v.category === null) return rec;
  rec.category = v.category;
  rec.action = fortiAction(f.action) ?? (v.category === 'health.cpu_mem' ? null : 'detected');
  rec.name = v.name === 'attack' ? f.attack : v.name === 'virus' ? g('virus') : v.name === 'catdesc' ? (g('catdesc') ?? unquote(x.get('requestContext'))) : v.name === 'perf' ? perfName(f.cpu, f.mem) : null;
  return rec;
}

function generic(cef: CefLine, time: number, host: string | null, lc: LineContext): ParseResult {
  const x = cef.ext;
  const { rec } = baseRecord('cef', cef, time, unquote(x.get('deviceExternalId')), host, UNKNOWN, UNKNOWN, lc);
  const cat = unquote(x.get('cat'));
  if (cat !== null && isCategory(cat)) {
    rec.category = cat;
    rec.name = cef.name || null;
    rec.action = fortiAction(unquote(x.get('act'))) ?? 'detected';
  }
  return rec;
}

function fortiTime(cef: CefLine): number {
  const t = cef.ext.get('FTNTFGTeventtime');
  return t && /^\d+$/.test(t) ? parseEpoch(t, 0, t.length) : NaN;
}

export const cefParser: Parser = {
  name: 'cef',
  parse(s: string, start: number, end: number, env: Envelope, lc: LineContext): ParseResult {
    const host = env.host ?? lc.senderIp;
    const cef = parseCef(s, start, end);
    if (!cef) return deadLetter('truncated', null, null, host);
    const vendorText = cef.vendor.toLowerCase();
    const kind = vendorText.includes('sonicwall') ? 'sonicwall' : vendorText.includes('fortinet') ? 'fortigate' : 'cef';
    let time = kind === 'fortigate' ? fortiTime(cef) : NaN;
    if (Number.isNaN(time)) {
      const own = cef.ext.get('rt') ?? cef.ext.get('end') ?? cef.ext.get('start');
      time = cefTime(unquote(own) ?? undefined, lc.zone);
      if (own !== undefined && Number.isNaN(time)) return deadLetter('bad_time', kind, null, host);
    }
    if (Number.isNaN(time)) time = Number.isNaN(env.time) ? (Number.isNaN(lc.receivedAt) ? Date.now() : lc.receivedAt) : env.time;
    if (!inRange(time)) return deadLetter('bad_time', kind, null, host);
    if (kind === 'sonicwall') return sonicwall(cef, time, host, lc);
    if (kind === 'fortigate') return fortigate(cef, time, host, lc);
    return generic(cef, time, host, lc);
  },
};
