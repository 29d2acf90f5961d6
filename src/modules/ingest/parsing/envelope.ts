/**
 * Finds the payload of a syslog line and what it looks like. Envelopes seen in the field
 * (reference §0, §1.1, §4): `<PRI>` or none, RFC 3164 headers added by relays (`Apr  8 10:41:35
 * 192.0.2.1 …`), an ISO time + host prefix, a bare sender address prefix (`10.0.0.1 id=…`),
 * RFC 5424 headers with structured data or `-` (also SonicWall's non-conforming `- - -` with double
 * spaces), a CEF payload after any of these, JSON lines, and a relay's RFC 5424 frame whose MSG is
 * the device's original line with its own `<PRI>` (syslog-ng forwarding unparsed device logs).
 */
import { isKeyChar } from './kv-scanner.ts';
import { civilEnd, parseOffset, parseCivil, parseRfc3164, parseRfc3339, monthAt, zonedToUtc } from './time.ts';
import type { Envelope, PayloadFormat } from './types.ts';

const SPACE = 32;

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== 9) break;
    i++;
  }
  return i;
}

function tokenEnd(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) !== SPACE) i++;
  return i;
}

let priEnd = 0;
/** `<N>` with 1–3 digits and N ≤ 191 at s[i]; sets `priEnd`. */
function readPri(s: string, i: number, end: number): number {
  let v = 0;
  let j = i + 1;
  while (j < end && j - i <= 4) {
    const c = s.charCodeAt(j);
    if (c === 62) break;
    const d = c - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
    j++;
  }
  if (j === i + 1 || j - i > 4 || j >= end || v > 191) return -1;
  priEnd = j + 1;
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Yamaha `show log` / mail copy prefix `YYYY/MM/DD hh:mm:ss: `. */
export function isYamahaStamp(s: string, i: number, end: number): boolean {
  return end - i >= 21 && s.charCodeAt(i + 4) === 47 && s.charCodeAt(i + 7) === 47 && s.charCodeAt(i + 19) === 58 && isDigit(s.charCodeAt(i));
}

/** A Yamaha interface token (`PP[01]`, `LAN1`, `LAN1(port3)`, `TUNNEL[1]`, `WAN1`) followed by a filter verb. */
function isYamahaFilter(s: string, i: number, end: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 65 || c > 90) return false;
  const t = tokenEnd(s, i, end);
  if (t - i > 24) return false;
  return s.startsWith(' Rejected at ', t) || s.startsWith(' Passed at ', t);
}

/** `[TAG]` of upper-case letters and digits (`[INSPECT]`, `[DHCPD]`, `[IKE1]`). */
function isBracketTag(s: string, i: number, end: number): boolean {
  let j = i + 1;
  while (j < end && j - i < 16) {
    const c = s.charCodeAt(j);
    if (c === 93) return j > i + 1;
    if (!((c >= 65 && c <= 90) || isDigit(c) || c === 95)) return false;
    j++;
  }
  return false;
}

/** What the payload at s[i] looks like; `strong` asks for an unmistakable vendor start only. */
export function payloadFormat(s: string, i: number, end: number, strong = false): PayloadFormat {
  if (i >= end) return 'unknown';
  const c = s.charCodeAt(i);
  if (c === 123) return 'json';
  if (c === 67 && s.startsWith('CEF:', i)) return 'cef';
  if (c === 91) return isBracketTag(s, i, end) ? 'yamaha' : 'unknown';
  if (isDigit(c) && isYamahaStamp(s, i, end)) return 'yamaha';
  if (isYamahaFilter(s, i, end)) return 'yamaha';
  let j = i;
  while (j < end && isKeyChar(s.charCodeAt(j))) j++;
  if (j === i || j >= end || s.charCodeAt(j) !== 61) return 'unknown';
  if (!strong) return 'kv';
  const n = j - i;
  if ((n === 2 && s.startsWith('id', i)) || (n === 4 && s.startsWith('date', i)) || (n === 6 && s.startsWith('logver', i)) || (n === 7 && s.startsWith('devname', i))) return 'kv';
  return 'unknown';
}

/** The hot path reuses one envelope (parsing is synchronous; parsers read it during the call). */
const scratch: Envelope = { payloadStart: 0, format: 'unknown', host: null, time: NaN, pri: -1 };

function envelope(payloadStart: number, format: PayloadFormat, host: string | null, time: number, pri: number): Envelope {
  scratch.payloadStart = payloadStart;
  scratch.format = format;
  scratch.host = host;
  scratch.time = time;
  scratch.pri = pri;
  return scratch;
}

/**
 * The envelope of s[start, end) as a new object. `zone` reads header times that carry no zone,
 * `refMs` (receive time) gives RFC 3164 stamps their year.
 */
export function detectEnvelope(s: string, start = 0, end = s.length, zone = 'Asia/Tokyo', refMs = NaN): Envelope {
  return { ...readEnvelope(s, start, end, zone, refMs) };
}

/** `detectEnvelope` into the shared scratch envelope (valid until the next call). */
export function readEnvelope(s: string, start: number, end: number, zone: string, refMs: number, depth = 0): Envelope {
  let i = start;
  if (i < end && s.charCodeAt(i) === 0xfeff) i++;
  i = skipSpaces(s, i, end);
  let pri = -1;
  if (i < end && s.charCodeAt(i) === 60) {
    pri = readPri(s, i, end);
    if (pri >= 0) i = skipSpaces(s, priEnd, end);
  }
  const direct = payloadFormat(s, i, end);
  if (direct !== 'unknown') return envelope(i, direct, null, NaN, pri);
  const c = s.charCodeAt(i);
  if (c === 49 && s.charCodeAt(i + 1) === SPACE && isDigit(s.charCodeAt(i + 2))) {
    const e = rfc5424(s, i + 2, end, zone, refMs, pri, depth);
    if (e) return e;
  }
  if (isDigit(c)) {
    // Relay header with an ISO time (`2024-05-13T10:10:44+09:00 host …`, `2024-05-13 10:10:44 host …`).
    const wall = parseCivil(s, i, end);
    if (!Number.isNaN(wall)) {
      let t = civilEnd;
      const te = tokenEnd(s, t, end);
      const off = te > t ? parseOffset(s, t, te) : NaN;
      const time = Number.isNaN(off) ? zonedToUtc(wall, zone) : wall - off * 60_000;
      if (!Number.isNaN(off)) t = te;
      return afterTimestamp(s, skipSpaces(s, t, end), end, time, pri);
    }
  }
  if (monthAt(s, i) > 0) {
    const time = parseRfc3164(s, i, end, zone, refMs);
    if (!Number.isNaN(time)) return afterTimestamp(s, skipSpaces(s, civilEnd, end), end, time, pri);
  }
  // A relay that prepends only the sender (`10.0.0.1 id=firewall …`).
  const te = tokenEnd(s, i, end);
  const next = skipSpaces(s, te, end);
  if (te > i && te - i <= 255 && next > te && payloadFormat(s, next, end, true) !== 'unknown') {
    return envelope(next, payloadFormat(s, next, end), s.slice(i, te), NaN, pri);
  }
  const later = markerWithin(s, next, end);
  if (later >= 0) return envelope(later, payloadFormat(s, later, end), null, NaN, pri);
  return envelope(i, cefAnywhere(s, i, end), null, NaN, pri);
}

/**
 * Start of an unmistakable payload (`id=`, `date=`, `devname=`, `logver=`, `CEF:`, …) among the
 * next few tokens, for relay prefixes we do not know (`2018 Apr 09 16:05:06 host->ip date=…`);
 * -1 when none. Looks at eight tokens at most.
 */
function markerWithin(s: string, i: number, end: number): number {
  for (let k = 0; k < 8 && i < end; k++) {
    if (payloadFormat(s, i, end, true) !== 'unknown') return i;
    i = skipSpaces(s, tokenEnd(s, i, end), end);
  }
  return -1;
}

/** `CEF:` within the first KiB: decoders ignore whatever precedes it. */
function cefAnywhere(s: string, i: number, end: number): PayloadFormat {
  const at = s.indexOf('CEF:', i);
  return at >= 0 && at < end && at - i < 1024 ? 'cef' : 'unknown';
}

/** After an RFC 3164 or ISO stamp: HOST, then the payload (possibly behind a `tag:`). */
function afterTimestamp(s: string, i: number, end: number, time: number, pri: number): Envelope {
  const direct = payloadFormat(s, i, end);
  if (direct !== 'unknown') return envelope(i, direct, null, time, pri);
  const he = tokenEnd(s, i, end);
  const host = he > i ? s.slice(i, he) : null;
  let p = skipSpaces(s, he, end);
  let format = payloadFormat(s, p, end);
  if (format === 'unknown') {
    const tagEnd = tokenEnd(s, p, end);
    if (tagEnd > p && s.charCodeAt(tagEnd - 1) === 58) {
      const q = skipSpaces(s, tagEnd, end);
      const f = payloadFormat(s, q, end);
      if (f !== 'unknown') {
        p = q;
        format = f;
      }
    }
  }
  if (format === 'unknown') {
    const at = s.indexOf('CEF:', p);
    if (at >= 0 && at < end && at - p < 1024) {
      p = at;
      format = 'cef';
    }
  }
  return envelope(p, format, host, time, pri);
}

/** RFC 5424 after `<PRI>1 `: TIMESTAMP HOST APP PROCID MSGID SD [MSG]; null when it is not one. */
function rfc5424(s: string, i: number, end: number, zone: string, refMs: number, pri: number, depth: number): Envelope | null {
  const tsEnd = tokenEnd(s, i, end);
  const time = parseRfc3339(s, i, tsEnd);
  if (Number.isNaN(time) && !(tsEnd === i + 1 && s.charCodeAt(i) === 45)) return null;
  let j = tsEnd + 1;
  const hostEnd = tokenEnd(s, j, end);
  const hostText = s.slice(j, hostEnd);
  const host = hostText === '' || hostText === '-' ? null : hostText;
  j = hostEnd;
  for (let k = 0; k < 3 && j < end; k++) j = tokenEnd(s, j + 1, end);
  j++;
  if (j < end && s.charCodeAt(j) === 45) j++;
  else if (j < end && s.charCodeAt(j) === 91) j = skipStructuredData(s, j, end);
  let msg = skipSpaces(s, j, end);
  if (msg < end && s.charCodeAt(msg) === 0xfeff) msg = skipSpaces(s, msg + 1, end);
  if (msg < end && s.charCodeAt(msg) === 60 && depth < 2 && readPri(s, msg, end) >= 0) {
    const inner = readEnvelope(s, msg, end, zone, Number.isNaN(time) ? refMs : time, depth + 1);
    // `inner` is the scratch envelope: its fields are read into the arguments before it is rewritten.
    return envelope(inner.payloadStart, inner.format, inner.host ?? host, Number.isNaN(inner.time) ? time : inner.time, inner.pri);
  }
  let format = payloadFormat(s, msg, end);
  if (format === 'unknown') {
    // Non-conforming headers: look for the payload one token further.
    const te = tokenEnd(s, msg, end);
    const next = skipSpaces(s, te, end);
    const f = payloadFormat(s, next, end, true);
    if (f !== 'unknown') {
      msg = next;
      format = f;
    } else format = cefAnywhere(s, msg, end);
    if (format === 'cef') msg = s.indexOf('CEF:', msg);
  }
  return envelope(msg, format, host, time, pri);
}

/** Index after `[id k="v" …][…]`, honouring `\"`, `\\`, `\]` inside values; `end` if it never closes. */
function skipStructuredData(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) === 91) {
    let inQuote = false;
    i++;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 92) i += 2;
      else {
        if (c === 34) inQuote = !inQuote;
        else if (c === 93 && !inQuote) break;
        i++;
      }
    }
    i++;
  }
  return Math.min(i, end);
}
