/**
 * Yamaha RTX/NVR syslog (reference §3): IP filter rejects and passes, MAC filter rejects,
 * `[INSPECT]` sessions, `[DHCPD]` leases, and other tagged system messages. No serial and no
 * event time in the line: identity falls back to the sender; time is the header's, the
 * `show log` prefix's, or the receive time. IPv6 endpoints write the port after a `.`.
 */
import { isYamahaStamp } from './envelope.ts';
import { isIp, normalizeMac } from './net.ts';
import { deadLetter, newRecord, protoName } from './record.ts';
import { directionOf, INSIDE, OUTSIDE, sideOf, UNKNOWN, type Side } from './sides.ts';
import { inRange, parseCivil, zonedToUtc } from './time.ts';
import type { Envelope, LineContext, Parser, ParsedRecord, ParseResult } from './types.ts';

/** Reads `ip:port` (IPv4), `ip.port` (IPv6) or a bare address; null when it is neither. */
function endpoint(tok: string, withPort: boolean): { ip: string; port: number | null } | null {
  const colons = tok.split(':').length - 1;
  let ip = tok;
  let portText: string | null = null;
  if (withPort && colons === 1) [ip, portText] = tok.split(':') as [string, string];
  else if (withPort && colons > 1) {
    const dot = tok.lastIndexOf('.');
    if (dot > tok.lastIndexOf(':')) {
      ip = tok.slice(0, dot);
      portText = tok.slice(dot + 1);
    }
  }
  if (!isIp(ip)) return null;
  if (portText === null) return { ip, port: null };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : -1;
  return port >= 0 && port <= 65535 ? { ip, port } : null;
}

/** Interfaces that face the ISP: PPPoE peers and WAN ports. */
function interfaceSide(iface: string): Side {
  return iface.startsWith('PP[') || iface.startsWith('WAN') ? OUTSIDE : UNKNOWN;
}

/** `PROTO src > dst …` into the record; false when the tuple is incomplete. */
function readFlow(rec: ParsedRecord, words: string[], at: number): boolean {
  const proto = words[at];
  if (!proto || words[at + 2] !== '>') return false;
  const withPort = proto === 'TCP' || proto === 'UDP';
  const a = endpoint(words[at + 1] ?? '', withPort);
  const b = endpoint(words[at + 3] ?? '', withPort);
  if (!a || !b) return false;
  rec.proto = protoName(proto, 0, proto.length);
  rec.srcIp = a.ip;
  rec.srcPort = a.port;
  rec.dstIp = b.ip;
  rec.dstPort = b.port;
  return true;
}

function filterLine(rec: ParsedRecord, words: string[], lc: LineContext): boolean {
  const iface = words[0]!;
  const verb = words[1];
  const where = words[3] ?? '';
  const isIn = where.startsWith('IN(');
  if (!isIn && !where.startsWith('OUT(')) return false;
  rec.eventId = where.slice(isIn ? 3 : 4, -1);
  if (words[4] !== 'filter:') return false;
  const macs = words[5] !== undefined && words[6] === '>' ? [normalizeMac(words[5]), normalizeMac(words[7] ?? '')] : [null, null];
  if (macs[0] && macs[1]) {
    rec.srcMac = macs[0];
    rec.dstMac = macs[1];
    if (verb === 'Rejected') rec.action = 'blocked';
    return true;
  }
  if (!readFlow(rec, words, 5)) return false;
  const srcSide = sideOf(rec.srcIp, isIn ? interfaceSide(iface) : UNKNOWN, lc.lan);
  const dstSide = sideOf(rec.dstIp, isIn ? UNKNOWN : interfaceSide(iface), lc.lan);
  rec.direction = directionOf(srcSide, dstSide);
  if (verb !== 'Rejected') return true;
  rec.action = 'blocked';
  if (!isIn) rec.category = 'block.outbound_nonweb';
  else if (srcSide !== INSIDE) rec.category = 'scan.inbound.possible';
  return true;
}

function taggedLine(rec: ParsedRecord, words: string[], lc: LineContext): boolean {
  const tag = words[0]!;
  if (tag === '[INSPECT]') {
    // `[INSPECT] PP[01][out][101] TCP a:p > b:p (YYYY/MM/DD hh:mm:ss)`: a session, not a detection.
    if (!readFlow(rec, words, 2)) return false;
    // On an ISP-facing interface, [out] leaves the company and [in] enters it.
    const at = words[1] ?? '';
    const wan = interfaceSide(at) === OUTSIDE;
    const out = at.includes('[out]');
    const srcHint = wan ? (out ? INSIDE : OUTSIDE) : UNKNOWN;
    const dstHint = wan ? (out ? OUTSIDE : INSIDE) : UNKNOWN;
    rec.direction = directionOf(sideOf(rec.srcIp, srcHint, lc.lan), sideOf(rec.dstIp, dstHint, lc.lan));
    return true;
  }
  if (tag === '[DHCPD]') {
    // `[DHCPD] LAN1(port2) Extends 192.168.100.155: 00:53:00:5a:d7:20`
    const ipTok = words[3];
    if (ipTok?.endsWith(':') && words[4]) {
      const ip = ipTok.slice(0, -1);
      const mac = normalizeMac(words[4]);
      if (!isIp(ip) || !mac) return false;
      rec.srcIp = ip;
      rec.srcMac = mac;
      if (!words[2]?.startsWith('Rel')) rec.binding = { ip, mac };
    }
  }
  return true;
}

function yamahaTime(s: string, start: number, env: Envelope, lc: LineContext): number {
  if (isYamahaStamp(s, start, start + 21)) return zonedToUtc(parseCivil(s, start, start + 19), lc.zone);
  if (!Number.isNaN(env.time)) return env.time;
  if (!Number.isNaN(lc.receivedAt)) return lc.receivedAt;
  return Date.now();
}

export const yamahaParser: Parser = {
  name: 'yamaha',
  parse(s: string, start: number, end: number, env: Envelope, lc: LineContext): ParseResult {
    const host = env.host ?? lc.senderIp;
    const time = yamahaTime(s, start, env, lc);
    if (!inRange(time)) return deadLetter('bad_time', 'yamaha', null, host);
    if (isYamahaStamp(s, start, end)) start += 21;
    const text = s.slice(start, end).trim();
    if (text === '') return deadLetter('truncated', 'yamaha', null, host);
    const words = text.split(/ +/);
    const rec = newRecord('yamaha', time, null, host);
    const first = words[0]!;
    let ok: boolean;
    if (first.startsWith('[')) ok = taggedLine(rec, words, lc);
    else if (words[1] === 'Rejected' || words[1] === 'Passed') ok = filterLine(rec, words, lc);
    else ok = lc.vendorHint === 'yamaha';
    if (!ok) return deadLetter(first.startsWith('[') || words[2] === 'at' ? 'truncated' : 'unknown_format', 'yamaha', null, host);
    return rec;
  },
};

/** The session start of an `[INSPECT]` line (router-local), for callers that want it; NaN if none. */
export function inspectSessionTime(line: string, zone: string): number {
  const open = line.lastIndexOf('(');
  if (open < 0 || !line.endsWith(')')) return NaN;
  const wall = parseCivil(line, open + 1, line.length - 1);
  return Number.isNaN(wall) ? NaN : zonedToUtc(wall, zone);
}
